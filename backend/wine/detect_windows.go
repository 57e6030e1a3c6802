package wine

import "golang.org/x/sys/windows/registry"

// Wine creates HKLM\Software\Wine in every prefix; Windows has no such key.
// (ntdll's wine_get_version export would do too, but is not in every
// build of Wine.)
var running = func() bool {
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, `Software\Wine`, registry.QUERY_VALUE)
	if err != nil {
		return false
	}
	k.Close()
	return true
}()
