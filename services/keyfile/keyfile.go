// Package keyfile keeps the secrets foid holds outside its database: the
// key signing access tokens and the key of the history chain. Each is 32+
// random bytes, given in base64 by a flag or variable, or kept in a file of
// the data directory readable by its owner only.
package keyfile

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// MinBytes is the shortest key accepted.
const MinBytes = 32

// Decode reads a base64 key given by flag or variable; name says which in
// the error.
func Decode(name, b64 string) ([]byte, error) {
	k, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
	if err != nil || len(k) < MinBytes {
		return nil, fmt.Errorf("%s must be base64 of at least %d bytes", name, MinBytes)
	}
	return k, nil
}

// Load returns the key kept in dataDir/name. With create, a missing file is
// made with a new random key (on first start); without, it is an error
// naming the file.
func Load(dataDir, name string, create bool) ([]byte, error) {
	path := filepath.Join(dataDir, name)
	b, err := os.ReadFile(path)
	if err == nil {
		return Decode(path, string(b))
	}
	if !errors.Is(err, os.ErrNotExist) || !create {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	k := make([]byte, MinBytes)
	rand.Read(k)
	if err := os.WriteFile(path, []byte(base64.StdEncoding.EncodeToString(k)+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return k, nil
}
