// Command snwatcher runs a StatusNotifierWatcher on the session bus until it
// is killed, for tests of the tray under dbus-run-session. It prints "ready"
// once it owns the name, and "registered <item>" for each tray that
// registers.
package main

import (
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/godbus/dbus/v5"

	"hum/backend/tray/internal/snwatcher"
)

func main() {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	w, err := snwatcher.Serve(conn)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("ready")
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	// Report registrations as they arrive; polling keeps Watcher free of
	// callbacks it would need only here.
	seen := 0
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
			items := w.Items()
			for _, it := range items[seen:] {
				fmt.Println("registered", it)
			}
			seen = len(items)
		}
	}
}
