//go:build !linux

package metrics

// newTreeFinder walks trees with gopsutil's Children where there is no
// /proc to scan by process group.
func newTreeFinder() treeFinder { return newChildrenFinder(treeTTL) }
