package discover

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hugeSize is the size of the hostile files: the largest a scan reads
// (MaxFileSize), so the parsers, not the size check, are what is measured.
const hugeSize = 4 << 20

// hugePackageJSON is a package.json of about size bytes whose scripts are
// half strings and half numbers: every number is a Problem with a line, which
// is what made the line lookup quadratic. One script per line.
func hugePackageJSON(size int) []byte {
	var b strings.Builder
	b.WriteString("{\n  \"scripts\": {\n")
	for i := 0; b.Len() < size-64; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		if i%2 == 0 {
			fmt.Fprintf(&b, "    \"s%d\": \"echo %d\"", i, i)
		} else {
			fmt.Fprintf(&b, "    \"s%d\": %d", i, i)
		}
	}
	b.WriteString("\n  }\n}\n")
	return []byte(b.String())
}

// hugeMakefile is a makefile of about size bytes, all lines "x": each one
// is a "missing separator" Problem (2.1 million of them at 4 MiB).
func hugeMakefile(size int) []byte {
	return []byte(strings.Repeat("x\n", size/2))
}

// hugeTargets is a makefile of about size bytes of distinct targets.
func hugeTargets(size int) []byte {
	var b strings.Builder
	for i := 0; b.Len() < size-32; i++ {
		fmt.Fprintf(&b, "t%d:\n\techo %d\n", i, i)
	}
	return []byte(b.String())
}

func writeHuge(tb testing.TB, name string, data []byte) string {
	tb.Helper()
	dir := tb.TempDir()
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// BenchmarkScanHuge scans one 4 MiB hostile file per case. It reports the
// scripts and problems the scan returns, so a run shows the caps too.
func BenchmarkScanHuge(b *testing.B) {
	cases := []struct {
		name, file string
		data       []byte
	}{
		{"package.json", "package.json", hugePackageJSON(hugeSize)},
		{"Makefile/problems", "Makefile", hugeMakefile(hugeSize)},
		{"Makefile/targets", "Makefile", hugeTargets(hugeSize)},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			dir := writeHuge(b, c.file, c.data)
			b.ReportAllocs()
			var p Project
			for b.Loop() {
				var err error
				if p, err = Scan(context.Background(), dir); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(p.Scripts)), "scripts")
			b.ReportMetric(float64(len(p.Problems)), "problems")
		})
	}
}
