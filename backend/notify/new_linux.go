package notify

// New connects to the freedesktop notification server (NewDBus).
func New(onClick func(Target)) (Sender, error) {
	d, err := NewDBus(onClick)
	if err != nil {
		return nil, err
	}
	return d, nil
}
