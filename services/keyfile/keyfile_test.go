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
