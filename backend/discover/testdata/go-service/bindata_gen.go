// Copyright 2024 Acme.

//go:build ignore

// gen writes the SQL schema; run with go generate.
package main

func main() {}
