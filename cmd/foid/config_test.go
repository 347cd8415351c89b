package main

import (
	"testing"
)

func TestParseConfig(t *testing.T) {
	t.Setenv("FOI_GRPC_ADDR", "0.0.0.0:19090")
	t.Setenv("FOI_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8")
	c, err := parseConfig("foid", []string{"-http-addr", "127.0.0.1:18080"})
	if err != nil {
		t.Fatal(err)
	}
	if c.GRPCAddr != "0.0.0.0:19090" || c.HTTPAddr != "127.0.0.1:18080" {
		t.Errorf("addresses: %s %s (the variable and the flag should both apply)", c.GRPCAddr, c.HTTPAddr)
	}
	if len(c.TrustedProxies) != 2 || c.TrustedProxies[0].String() != "127.0.0.1/32" || c.TrustedProxies[1].String() != "10.0.0.0/8" {
		t.Errorf("trusted proxies: %v", c.TrustedProxies)
	}
	for _, bad := range [][]string{
		{"-token-key", "c2hvcnQ="},
		{"-sweep-interval", "soon"},
		{"-trusted-proxies", "a proxy"},
		{"-smtp-addr", "relay:25"},
		{"-oidc-issuer", "https://id.example"},
		{"stray"},
	} {
		if _, err := parseConfig("foid", bad); err == nil {
			t.Errorf("%v was accepted", bad)
		}
	}
}

func TestRedactURL(t *testing.T) {
	if got := redactURL("postgres://foi:s3cret@db:5432/foi"); got != "postgres://foi:xxxxx@db:5432/foi" {
		t.Errorf("redactURL: %s", got)
	}
}
