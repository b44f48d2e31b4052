// Package migrations holds the database schema as SQL files, embedded so the
// binary carries its own schema. Run them with domain/database.Migrate.
package migrations

import "embed"

// FS holds every *.up.sql and *.down.sql file of this folder.
//
//go:embed *.sql
var FS embed.FS
