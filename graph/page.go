package graph

import (
	"github.com/rosterhq/roster/server/errcode"
)

// Page sizes of connections.
const (
	defaultPageSize = 50
	maxPageSize     = 100
)

// pageSize checks first and last, and sets first to the default page size
// when neither is given.
func pageSize(first, last *int) (*int, error) {
	for name, n := range map[string]*int{"first": first, "last": last} {
		if n != nil && (*n < 0 || *n > maxPageSize) {
			return nil, errcode.Invalid(name, "%s must be between 0 and %d.", name, maxPageSize)
		}
	}
	if first == nil && last == nil {
		n := defaultPageSize
		return &n, nil
	}
	return first, nil
}
