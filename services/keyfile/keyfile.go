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

// Export writes the named key files of dataDir that exist to dest (mode
// 0600), one "name base64" line each, so that a backup of the database
// carries the keys it cannot be used without.
func Export(dataDir, dest string, names ...string) error {
	var b strings.Builder
	for _, name := range names {
		k, err := Load(dataDir, name, false)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %s\n", name, base64.StdEncoding.EncodeToString(k))
	}
	tmp := dest + ".partial"
	if err := os.WriteFile(tmp, []byte(b.String()), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, dest)
}

// Import writes the keys of a file Export made into dataDir, and returns
// their names. A key already there is left alone if it is the same, and is
// an error if it differs (the data directory belongs to another
// installation). A missing src imports nothing.
func Import(src, dataDir string) ([]string, error) {
	b, err := os.ReadFile(src)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dataDir, 0o711); err != nil {
		return nil, err
	}
	var names []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		name, b64, ok := strings.Cut(line, " ")
		if !ok || name != filepath.Base(name) || strings.HasPrefix(name, ".") {
			return nil, fmt.Errorf("%s: not a keys file", src)
		}
		k, err := Decode(src, b64)
		if err != nil {
			return nil, err
		}
		have, err := Load(dataDir, name, false)
		switch {
		case err == nil && string(have) != string(k):
			return nil, fmt.Errorf("%s in %s differs from the backup's: it belongs to another installation", name, dataDir)
		case err == nil:
		case errors.Is(err, os.ErrNotExist):
			if err := os.WriteFile(filepath.Join(dataDir, name), []byte(b64+"\n"), 0o600); err != nil {
				return nil, err
			}
		default:
			return nil, err
		}
		names = append(names, name)
	}
	return names, nil
}
