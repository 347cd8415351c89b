// Package migrations embeds the numbered SQL migrations of foi's schema
// (NNNNNN_name.up.sql and .down.sql pairs), applied by package pg.
package migrations

import "embed"

// FS holds the migration files.
//
//go:embed *.sql
var FS embed.FS
