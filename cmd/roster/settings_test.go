package main

import (
	"errors"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rosterhq/roster/server"
)

// notSettings are the ROSTER_ variables the README may name that are not
// settings of roster serve: the test harness's.
var notSettings = []string{"ROSTER_TEST_DATABASE_URL", "ROSTER_BENCH_DATABASE_URL", "ROSTER_BIN", "ROSTER_PG_DIR"}

var envName = regexp.MustCompile(`ROSTER_[A-Z0-9_]*[A-Z0-9]`)

// TestEverySettingIsParsedAndDocumented: the environment variables serve
// reads, the flags of serve (each naming its variable in its usage), and
// the list that opens the README's Configuration section are the same
// settings; and every ROSTER_ variable the README names anywhere is one of
// them. So a setting cannot be parsed without being documented, nor
// documented without being parsed. (TestEveryConfigFieldIsRead checks that
// what is parsed is also used.)
func TestEverySettingIsParsedAndDocumented(t *testing.T) {
	read := map[string]bool{}
	if _, err := parseConfig("serve", nil, func(k string) string { read[k] = true; return "" }, io.Discard); err != nil {
		t.Fatal(err)
	}
	if len(read) < 10 {
		t.Fatalf("parseConfig read only %v", sorted(read))
	}

	// Each flag's usage ends with its variable in parentheses (then
	// possibly its default): "  -addr string\n    \tlisten address
	// (ROSTER_ADDR) (default …)".
	var help strings.Builder
	if _, err := parseConfig("serve", []string{"-h"}, func(string) string { return "" }, &help); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("serve -h: %v", err)
	}
	flagged := map[string]bool{}
	for _, block := range regexp.MustCompile(`(?m)^  -`).Split(help.String(), -1)[1:] {
		name, _, _ := strings.Cut(block, " ")
		name = strings.TrimSpace(strings.SplitN(name, "\n", 2)[0])
		names := regexp.MustCompile(`\((ROSTER_[A-Z0-9_]+)\)`).FindAllStringSubmatch(block, -1)
		if len(names) != 1 {
			t.Errorf("flag -%s: its usage names %d variables in parentheses, want 1: %q", name, len(names), block)
			continue
		}
		env := names[0][1]
		if flagged[env] {
			t.Errorf("two flags name %s", env)
		}
		flagged[env] = true
		if !read[env] {
			t.Errorf("flag -%s names %s, which serve does not read", name, env)
		}
	}
	for env := range read {
		if !flagged[env] {
			t.Errorf("serve reads %s, but no flag names it", env)
		}
	}

	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Configuration\n")
	if !ok {
		t.Fatal("the README has no Configuration section")
	}
	list, _, _ := strings.Cut(section, "\n#") // the paragraph before the first subsection
	listed := map[string]bool{}
	for _, env := range envName.FindAllString(list, -1) {
		listed[env] = true
	}
	for env := range read {
		if !listed[env] {
			t.Errorf("%s is a setting, but the list in the README's Configuration section does not name it", env)
		}
	}
	for _, env := range envName.FindAllString(string(readme), -1) {
		if !read[env] && !slices.Contains(notSettings, env) {
			t.Errorf("the README names %s, which serve does not read", env)
			read[env] = true // once is enough
		}
	}
}

func sorted(set map[string]bool) []string {
	var keys []string
	for k := range set {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// TestEveryConfigFieldIsRead: every field of server.Config is read by the
// server or by cmd/roster somewhere other than where it is parsed
// (parseConfig) or defaulted (server.Defaults), as cfg.Field or a.cfg.Field:
// a setting whose feature has not landed is not parsed until it does.
func TestEveryConfigFieldIsRead(t *testing.T) {
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range []string{"main.go", "../../server/server.go"} {
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	used := map[string]bool{}
	for _, f := range files {
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Name.Name == "parseConfig" || fn.Name.Name == "Defaults" {
				continue
			}
			ast.Inspect(fn, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				switch x := sel.X.(type) {
				case *ast.Ident:
					used[sel.Sel.Name] = used[sel.Sel.Name] || x.Name == "cfg"
				case *ast.SelectorExpr:
					used[sel.Sel.Name] = used[sel.Sel.Name] || x.Sel.Name == "cfg"
				}
				return true
			})
		}
	}
	fields := reflect.VisibleFields(reflect.TypeFor[server.Config]())
	if len(fields) < 10 {
		t.Fatalf("server.Config has %d fields", len(fields))
	}
	for _, field := range fields {
		if !used[field.Name] {
			t.Errorf("server.Config.%s is never read outside parseConfig and Defaults", field.Name)
		}
	}
}
