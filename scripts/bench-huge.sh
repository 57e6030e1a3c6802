#!/usr/bin/env bash
# The hostile-file scan benchmark with its baseline in the same run: the code
# before the fix (BASE, default ffcdf72) in a temporary git worktree with
# huge_bench_test.go copied in, then the current tree. Raw output goes to
# docs/bench/discover-huge.txt. The baseline's package.json case takes minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${BASE:-ffcdf72}
wt=$(mktemp -d)
trap 'git worktree remove --force "$wt" >/dev/null 2>&1 || true' EXIT
git worktree add --detach "$wt" "$base" >/dev/null
cp backend/discover/huge_bench_test.go "$wt/backend/discover/"
out=docs/bench/discover-huge.txt
{
  echo "# baseline: $base (before the fix), then the fix, one after the other"
  echo "go test -run '^\$' -bench BenchmarkScanHuge -benchmem -benchtime 1x -count 1 -timeout 60m ./backend/discover  # $base"
  (cd "$wt" && go test -run '^$' -bench BenchmarkScanHuge -benchmem -benchtime 1x -count 1 -timeout 60m ./backend/discover)
  echo "go test -run '^\$' -bench BenchmarkScanHuge -benchmem -benchtime 5x -count 3 ./backend/discover  # the fix"
  go test -run '^$' -bench BenchmarkScanHuge -benchmem -benchtime 5x -count 3 ./backend/discover
} 2>&1 | tee "$out"
