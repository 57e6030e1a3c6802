//go:build ignore

// gen draws Hum's tray icons: a disc with three sound bars (a hum), in the
// app's teal when all is well and with a red badge when something failed.
// Run `go generate ./backend/tray/` after changing it; the PNGs are committed
// so builds need nothing but the embed.
package main

import (
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
)

const (
	size = 64 // pixels; trays scale down, and 64 stays sharp at 2x
	ss   = 4  // supersampling per axis, for smooth edges
)

var (
	teal  = color.NRGBA{R: 0x2b, G: 0xb3, B: 0x9a, A: 0xff}
	white = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	red   = color.NRGBA{R: 0xe5, G: 0x3e, B: 0x3e, A: 0xff}
)

// shape reports the colour at a point of the unit square, or false outside.
type shape func(x, y float64) (color.NRGBA, bool)

func icon(failed bool) shape {
	return func(x, y float64) (color.NRGBA, bool) {
		if failed && math.Hypot(x-0.78, y-0.22) <= 0.2 {
			return red, true
		}
		if failed && math.Hypot(x-0.78, y-0.22) <= 0.26 {
			return color.NRGBA{}, false // a transparent ring sets the badge apart
		}
		if math.Hypot(x-0.5, y-0.5) > 0.47 {
			return color.NRGBA{}, false
		}
		// Three rounded bars, the middle one tallest.
		for _, b := range []struct{ cx, h float64 }{{0.32, 0.34}, {0.5, 0.54}, {0.68, 0.34}} {
			const w = 0.11
			top, bot := 0.5-b.h/2, 0.5+b.h/2
			dx := math.Abs(x - b.cx)
			if dx <= w/2 && y >= top+w/2 && y <= bot-w/2 {
				return white, true
			}
			if math.Hypot(dx, math.Max(top+w/2-y, y-(bot-w/2))) <= w/2 && (y < top+w/2 || y > bot-w/2) {
				return white, true
			}
		}
		return teal, true
	}
}

func render(s shape) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var r, g, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/ss) / size
					y := (float64(py) + (float64(sy)+0.5)/ss) / size
					if c, ok := s(x, y); ok {
						r += float64(c.R)
						g += float64(c.G)
						b += float64(c.B)
						a++
					}
				}
			}
			if a == 0 {
				continue
			}
			img.SetNRGBA(px, py, color.NRGBA{
				R: uint8(r / a), G: uint8(g / a), B: uint8(b / a),
				A: uint8(math.Round(255 * a / (ss * ss))),
			})
		}
	}
	return img
}

func main() {
	for name, failed := range map[string]bool{"normal.png": false, "failed.png": true} {
		f, err := os.Create(name)
		if err != nil {
			log.Fatal(err)
		}
		enc := png.Encoder{CompressionLevel: png.BestCompression}
		if err := enc.Encode(f, render(icon(failed))); err != nil {
			log.Fatal(err)
		}
		if err := f.Close(); err != nil {
			log.Fatal(err)
		}
	}
}
