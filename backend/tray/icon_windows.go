package tray

// platformIcon gives systray an .ico, the only format it loads on Windows.
// The embedded PNGs always convert (TestIcons checks both); were one not
// to, systray would log that it cannot load the icon and the tray would
// still work without one.
func platformIcon(p []byte) []byte {
	ico, err := icoFromPNG(p)
	if err != nil {
		return p
	}
	return ico
}
