// Command codegen generates the GraphQL layer (go generate ./graph): gqlgen,
// configured by gqlgen.yml, with one change to what it generates, made
// through gqlgen's plugin interface rather than by editing its output.
//
// gqlgen resolves every field that has a resolver, or a method taking a
// context, on a goroutine of its own. Below the root that buys nothing here:
// a page's rows and their edges are loaded before their fields are
// resolved (entgql's field collection), so those fields are reads of
// memory, and a goroutine each (its start, its stack growing, the wait for
// it) cost more than the read. The root fields (the queries, mutations and
// subscriptions of an operation) keep gqlgen's concurrency.
package main

import (
	"fmt"
	"os"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen"
	"github.com/99designs/gqlgen/codegen/config"
)

// serialBelowRoot resolves the fields of every object but the roots on the
// goroutine of the object itself.
type serialBelowRoot struct{}

func (serialBelowRoot) Name() string { return "serial-below-root" }

func (serialBelowRoot) GenerateCode(data *codegen.Data) error {
	for _, o := range data.Objects {
		if !o.Root {
			o.DisableConcurrency = true
		}
	}
	return nil
}

func main() {
	cfg, err := config.LoadConfigFromDefaultLocations()
	if err != nil {
		fmt.Fprintln(os.Stderr, "codegen: load gqlgen.yml:", err)
		os.Exit(2)
	}
	if err := api.Generate(cfg, api.AddPlugin(serialBelowRoot{})); err != nil {
		fmt.Fprintln(os.Stderr, "codegen:", err)
		os.Exit(3)
	}
}
