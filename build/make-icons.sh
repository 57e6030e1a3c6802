#!/usr/bin/env bash
# Draws Hum's app icon (build/appicon.png, 1024x1024) and the Windows icon
# (build/windows/icon.ico) with ImageMagick. The design lives here, as
# drawing commands, so the icon can be changed by editing numbers rather than
# pixels. The outputs are committed; run this only to change the design:
#   build/make-icons.sh
# Linux hicolor sizes are not committed: scripts/package.sh derives them from
# appicon.png at package time. macOS's .icns is made by `wails build`.
set -euo pipefail
cd "$(dirname "$0")"

size=1024
accent='#5b5bd6' # Hum's accent colour
light='#7a7ae6'  # top of the gradient, a lighter accent
dark='#4646b8'   # bottom of the gradient, a darker accent

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The tile: a rounded square with a 64 px transparent margin (as platform
# icons have), filled with a vertical gradient around the accent colour.
convert -size 896x896 gradient:"$light-$dark" "$tmp/gradient.png"
convert -size 896x896 xc:none -fill white -draw 'roundrectangle 0,0 895,895 200,200' "$tmp/mask.png"
convert "$tmp/gradient.png" "$tmp/mask.png" -alpha off -compose CopyOpacity -composite "$tmp/tile.png"

# The glyph: seven rounded bars of a sound wave, tallest in the middle and
# uneven like a voice humming, in white. Bars rather than a thin curve, so
# the glyph still reads at 16 px.
bar_w=72 gap=40
heights=(150 330 520 640 470 300 170)
n=${#heights[@]}
total=$((n * bar_w + (n - 1) * gap))
x=$(((size - total) / 2))
draw=()
for h in "${heights[@]}"; do
	y0=$(((size - h) / 2))
	draw+=(-draw "roundrectangle $x,$y0 $((x + bar_w - 1)),$((y0 + h - 1)) 36,36")
	x=$((x + bar_w + gap))
done

convert -size ${size}x${size} xc:none \
	"$tmp/tile.png" -geometry +64+64 -composite \
	-fill white "${draw[@]}" \
	-depth 8 -define png:color-type=6 appicon.png

# Windows wants one .ico holding each size Explorer and the taskbar ask for.
convert appicon.png -depth 8 -define icon:auto-resize=256,128,64,48,32,24,16 windows/icon.ico

echo "accent $accent: wrote build/appicon.png and build/windows/icon.ico"
