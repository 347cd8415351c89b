package legalbasis

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"foi/services/errs"
	"foi/services/pgtest"
	"foi/services/review"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestSeededFromTheShippedList: the migration seeds exactly the shipped
// list, in its order.
func TestSeededFromTheShippedList(t *testing.T) {
	t.Parallel()
	db := pgtest.NewDB(t)
	got, err := All(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(review.Bases, got); diff != "" {
		t.Errorf("seeded list (-shipped +table):\n%s", diff)
	}
}

// TestRetiredNeverDeleted: a retired basis stays in the full list, leaves
// the active one, and the table refuses a delete.
func TestRetiredNeverDeleted(t *testing.T) {
	t.Parallel()
	db := pgtest.NewDB(t)
	s := NewStore(db)
	ctx := t.Context()
	if _, err := s.Create(ctx, "REG_X", "abc", "admin"); !errors.Is(err, errs.InvalidArgument) {
		t.Errorf("a citation without Chinese: %v", err)
	}
	if _, err := s.Create(ctx, "REG_X", "《示例条例》第一条", "admin"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Create(ctx, "REG_X", "《示例条例》第二条", "admin"); !errors.Is(err, errs.InvalidArgument) {
		t.Errorf("a duplicate code: %v", err)
	}
	if _, err := s.Retire(ctx, "REG_X", "admin"); err != nil {
		t.Fatal(err)
	}
	active, _ := s.List(ctx, false)
	if _, ok := review.Find(active, "REG_X"); ok {
		t.Error("a retired basis is active")
	}
	all, _ := s.List(ctx, true)
	if b, ok := review.Find(all, "REG_X"); !ok || !b.Retired || b.Text != "《示例条例》第一条" {
		t.Errorf("the full list: %+v %v", b, ok)
	}
	if _, err := db.Exec(ctx, `DELETE FROM legal_bases WHERE code = 'REG_X'`); err == nil {
		t.Error("the table deleted a basis")
	}
}
