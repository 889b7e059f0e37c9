package graph_test

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGeneratedCodeMatchesSources regenerates ent/ and graph/ from their
// sources (ent/schema, graph/schema, gqlgen.yml) in a copy of the module
// and fails when the committed generated code differs: generated code is
// never edited by hand, and never left stale.
func TestGeneratedCodeMatchesSources(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	skip := map[string]bool{".git": true, "node_modules": true, "bin": true, "data": true, "artifacts": true}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if skip[d.Name()] {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "generate", "./ent", "./graph")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go generate: %v\n%s", err, out)
	}
	for _, sub := range []string{"ent", "graph"} {
		compareTrees(t, filepath.Join(root, sub), filepath.Join(dir, sub))
	}
}

// compareTrees reports generated files that differ, are missing, or are new.
func compareTrees(t *testing.T, committed, regenerated string) {
	t.Helper()
	files := func(base string) map[string][]byte {
		out := map[string][]byte{}
		_ = filepath.WalkDir(base, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && !strings.HasSuffix(path, "_test.go") {
				rel, _ := filepath.Rel(base, path)
				out[rel], _ = os.ReadFile(path)
			}
			return nil
		})
		return out
	}
	have, want := files(committed), files(regenerated)
	for name, w := range want {
		h, ok := have[name]
		switch {
		case !ok:
			t.Errorf("%s: generated but not committed; run go generate ./...", filepath.Join(filepath.Base(committed), name))
		case !bytes.Equal(h, w):
			t.Errorf("%s: differs from what its sources generate; run go generate ./...", filepath.Join(filepath.Base(committed), name))
		}
	}
	for name := range have {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: committed but no longer generated", filepath.Join(filepath.Base(committed), name))
		}
	}
}
