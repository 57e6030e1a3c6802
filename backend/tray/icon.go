package tray

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"image/png"
)

// The tray icons, drawn by icons/gen.go.
var (
	//go:embed icons/normal.png
	normalPNG []byte
	//go:embed icons/failed.png
	failedPNG []byte
)

//go:generate sh -c "cd icons && go run gen.go"

func iconNormal() []byte { return platformIcon(normalPNG) }
func iconFailed() []byte { return platformIcon(failedPNG) }

// icoFromPNG wraps a PNG in an ICO container with one image, which Windows
// (Vista and later) reads as is; systray on Windows loads .ico files only.
func icoFromPNG(p []byte) ([]byte, error) {
	cfg, err := png.DecodeConfig(bytes.NewReader(p))
	if err != nil {
		return nil, err
	}
	dim := func(n int) byte {
		if n >= 256 {
			return 0 // 0 means 256 in an ICO directory entry
		}
		return byte(n)
	}
	var b bytes.Buffer
	le := binary.LittleEndian
	// ICONDIR: reserved, type 1 (icon), one image.
	b.Write(le.AppendUint16(nil, 0))
	b.Write(le.AppendUint16(nil, 1))
	b.Write(le.AppendUint16(nil, 1))
	// ICONDIRENTRY: width, height, palette size, reserved, colour planes,
	// bits per pixel, size of the image data, offset of the image data.
	b.Write([]byte{dim(cfg.Width), dim(cfg.Height), 0, 0})
	b.Write(le.AppendUint16(nil, 1))
	b.Write(le.AppendUint16(nil, 32))
	b.Write(le.AppendUint32(nil, uint32(len(p))))
	b.Write(le.AppendUint32(nil, 6+16))
	b.Write(p)
	return b.Bytes(), nil
}
