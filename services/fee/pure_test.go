package fee

import (
	"go/build"
	"strings"
	"testing"
)

// TestStandardLibraryOnly keeps the package pure: other packages of the
// service import it, it imports none of them and nothing outside the
// standard library (whose packages import only each other).
func TestStandardLibraryOnly(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkg.Imports {
		first, _, _ := strings.Cut(p, "/")
		if first == "foi" || strings.Contains(first, ".") {
			t.Errorf("imports %s: the package must use the standard library only", p)
		}
	}
}
