// Package orders is the order service's shared code.
package orders
