package notice

import (
	"go/build"
	"strings"
	"testing"
)

// TestStandardLibraryOnly keeps the package pure: the caller's store and
// handlers import it, it imports nothing outside the standard library
// (whose import paths have no dot in their first element) and no package
// of the service.
func TestStandardLibraryOnly(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkg.Imports {
		first, _, _ := strings.Cut(p, "/")
		if first == "foi" || strings.Contains(first, ".") {
			t.Errorf("imports %s: package notice uses the standard library only", p)
		}
	}
}
