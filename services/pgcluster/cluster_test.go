package pgcluster

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestMissingBinariesNameThePackage: without the server binaries the error
// says what to install.
func TestMissingBinariesNameThePackage(t *testing.T) {
	_, err := Start(context.Background(), Options{Dir: t.TempDir(), BinDir: t.TempDir()})
	if !errors.Is(err, ErrNoBinaries) || !strings.Contains(err.Error(), "apt-get install -y postgresql-15") {
		t.Errorf("Start with an empty bin directory: %v", err)
	}
}

func TestDefaultDataDir(t *testing.T) {
	if d := DefaultDataDir(); d == "" || !strings.HasSuffix(d, "foi") {
		t.Errorf("DefaultDataDir() = %q", d)
	}
}
