package environ

// Under Wine (make test-windows) this makes t.TempDir's cleanup work; see
// hum/backend/wine. It does nothing on Windows itself.
import _ "hum/backend/wine"
