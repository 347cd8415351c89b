package keyfile

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadCreatesOnceAndKeeps(t *testing.T) {
	dir := t.TempDir()
	if _, err := Load(dir, "history.key", false); err == nil {
		t.Fatal("a missing key file without create: no error")
	}
	first, err := Load(dir, "history.key", true)
	if err != nil || len(first) != MinBytes {
		t.Fatalf("create: %d bytes, %v", len(first), err)
	}
	again, err := Load(dir, "history.key", false)
	if err != nil || !bytes.Equal(first, again) {
		t.Fatalf("the second load differs: %v", err)
	}
	st, err := os.Stat(filepath.Join(dir, "history.key"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v (%v), want 0600", st.Mode().Perm(), err)
	}
}

func TestDecode(t *testing.T) {
	good := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))
	if k, err := Decode("FOI_HISTORY_KEY", " "+good+"\n"); err != nil || len(k) != 32 {
		t.Errorf("a good key: %d bytes, %v", len(k), err)
	}
	for _, bad := range []string{"", "not base64!", base64.StdEncoding.EncodeToString(make([]byte, 31))} {
		if _, err := Decode("FOI_HISTORY_KEY", bad); err == nil || !strings.Contains(err.Error(), "FOI_HISTORY_KEY") {
			t.Errorf("Decode(%q): %v, want an error naming the variable", bad, err)
		}
	}
}

// TestExportImport: the keys travel with a backup into a new data
// directory, and never over another installation's.
func TestExportImport(t *testing.T) {
	from, to, other := t.TempDir(), filepath.Join(t.TempDir(), "new"), t.TempDir()
	tok, _ := Load(from, "token.key", true)
	hist, _ := Load(from, "history.key", true)
	dest := filepath.Join(t.TempDir(), "foi.dump.keys")
	if err := Export(from, dest, "token.key", "history.key", "absent.key"); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(dest); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("keys file: %v %v", st, err)
	}
	names, err := Import(dest, to)
	if err != nil || len(names) != 2 {
		t.Fatalf("import into a new directory: %v %v", names, err)
	}
	for name, want := range map[string][]byte{"token.key": tok, "history.key": hist} {
		if got, err := Load(to, name, false); err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s after import: %v", name, err)
		}
	}
	if _, err := Import(dest, to); err != nil {
		t.Errorf("importing the same keys again: %v", err)
	}
	Load(other, "history.key", true)
	if _, err := Import(dest, other); err == nil || !strings.Contains(err.Error(), "another installation") {
		t.Errorf("importing over another installation's key: %v", err)
	}
	if names, err := Import(filepath.Join(t.TempDir(), "none"), to); err != nil || names != nil {
		t.Errorf("a missing keys file: %v %v", names, err)
	}
}
