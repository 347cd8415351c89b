package pg_test

import (
	"context"
	"testing"

	"foi/migrations"
	"foi/services/pg"
	"foi/services/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestMigrationsUpDownUp applies every migration, removes them all, and
// applies them again: each down must undo its up exactly enough for the
// next up to succeed.
func TestMigrationsUpDownUp(t *testing.T) {
	ctx := context.Background()
	db := pgtest.NewEmptyDB(t)
	migs, err := pg.LoadMigrations(migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	latest := len(migs)
	for _, target := range []int{latest, 0, latest} {
		if _, err := pg.Migrate(ctx, db, migs, target); err != nil {
			t.Fatalf("migrate to %d: %v", target, err)
		}
		v, err := pg.SchemaVersion(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if v != target {
			t.Fatalf("after migrating to %d the schema is at %d", target, v)
		}
	}
	var tables int
	if err := db.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`).Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if tables == 0 {
		t.Error("no tables after migrating up")
	}
	if _, err := pg.Migrate(ctx, db, migs, 0); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`).Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if tables != 0 {
		t.Errorf("%d tables left after migrating down to 0", tables)
	}
}

// TestMigrateTwiceIsNoop checks that applying the newest schema again does
// nothing, which is what a second replica starting sees.
func TestMigrateTwiceIsNoop(t *testing.T) {
	ctx := context.Background()
	db := pgtest.NewDB(t)
	migs, err := pg.LoadMigrations(migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	done, err := pg.Migrate(ctx, db, migs, len(migs))
	if err != nil {
		t.Fatal(err)
	}
	if len(done) != 0 {
		t.Errorf("second migration applied %v, want nothing", done)
	}
}
