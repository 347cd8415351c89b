package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// tokenPrefix marks foi access tokens and their format version.
const tokenPrefix = "foi1."

// claims are what an access token says. It carries no role or agencies:
// those are read fresh on every call, so a disabled account or a changed
// role takes effect at once.
type claims struct {
	Session string `json:"sid"`
	Account string `json:"sub"`
	Expires int64  `json:"exp"`
}

var errBadToken = errors.New("invalid access token")

// signer makes and checks HMAC-SHA256 access tokens.
type signer struct {
	key []byte
}

func (s signer) sign(c claims) string {
	payload, _ := json.Marshal(c)
	body := tokenPrefix + base64.RawURLEncoding.EncodeToString(payload)
	mac := hmac.New(sha256.New, s.key)
	mac.Write([]byte(body))
	return body + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// plausible is the cheap first look at a token, before it is hashed or
// verified: the prefix, and a bounded length.
func plausible(token string) bool {
	return strings.HasPrefix(token, tokenPrefix) && len(token) <= 1024
}

// verify checks the signature (in constant time) and the expiry.
func (s signer) verify(token string, now time.Time) (claims, error) {
	if !plausible(token) {
		return claims{}, errBadToken
	}
	dot := strings.LastIndexByte(token, '.')
	if dot <= len(tokenPrefix) {
		return claims{}, errBadToken
	}
	body, sig := token[:dot], token[dot+1:]
	mac := hmac.New(sha256.New, s.key)
	mac.Write([]byte(body))
	// Compare the encoded text, not decoded bytes: the decoder ignores
	// trailing pad bits and line breaks, which would let one token have
	// several spellings.
	if !hmac.Equal([]byte(sig), []byte(base64.RawURLEncoding.EncodeToString(mac.Sum(nil)))) {
		return claims{}, errBadToken
	}
	payload, err := base64.RawURLEncoding.DecodeString(body[len(tokenPrefix):])
	if err != nil {
		return claims{}, errBadToken
	}
	var c claims
	if err := json.Unmarshal(payload, &c); err != nil || c.Session == "" || c.Account == "" {
		return claims{}, errBadToken
	}
	if now.Unix() >= c.Expires {
		return claims{}, errBadToken
	}
	return c, nil
}

// hashRefresh is how refresh tokens are stored: only their SHA-256.
func hashRefresh(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}
