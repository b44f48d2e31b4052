package domain_test

import (
	"context"
	"reflect"
	"sync"
	"testing"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// Transactions that each hold one of the pool's connections and use a
// statement not yet prepared must all finish: preparing it for the pool
// needs a free connection, which none of them would give back.
func TestPreparedInManyTransactionsAtOnceOnASmallPool(t *testing.T) {
	db, err := domain.Open(dbtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.DB.SetMaxOpenConns(2)
	stmt := domain.NewPrepared(`SELECT $1::bigint * 2 AS doubled`)
	ctx := context.Background()
	var wg sync.WaitGroup
	results := make([]int64, 8)
	errs := make([]error, 8)
	for i := range 8 {
		wg.Go(func() {
			errs[i] = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
				return stmt.Get(ctx, tx, []any{&results[i]}, int64(i))
			})
		})
	}
	wg.Wait()
	for i := range 8 {
		if errs[i] != nil || results[i] != int64(2*i) {
			t.Fatalf("transaction %d: %d, %v", i, results[i], errs[i])
		}
	}
	// Outside transactions and once prepared for the pool, the same answers.
	var n int64
	if err := stmt.Get(ctx, db, []any{&n}, int64(21)); err != nil || n != 42 {
		t.Fatalf("on the pool: %d, %v", n, err)
	}
	var ns []int64
	if err := domain.NewPrepared(`SELECT unnest($1::bigint[])`).Select(ctx, db, &ns, domain.Int64Array([]int64{3, 1, 2})); err != nil || len(ns) != 3 || ns[0] != 3 {
		t.Fatalf("a list parameter: %v, %v", ns, err)
	}
}

func TestRenumberAndInt64Array(t *testing.T) {
	if got := domain.Renumber("a = ?0 AND b = ?1 OR c = ?0", "$2::bigint", "x.y"); got != "a = $2::bigint AND b = x.y OR c = $2::bigint" {
		t.Fatalf("Renumber = %q", got)
	}
	if got := domain.Int64Array(nil); got != "{}" {
		t.Fatalf("empty array = %q", got)
	}
	if got := domain.Int64Array([]int64{5, -1, 70}); got != "{5,-1,70}" {
		t.Fatalf("array = %q", got)
	}
}

// TextArray's literal reads back as the same strings, whatever they hold.
func TestTextArrayRoundTrip(t *testing.T) {
	db := dbtest.DB(t)
	want := []string{"", `Kabel "YDY" 3x2,5`, `C:\kat\plik`, "{a,b}", "ВВГ 3х2,5 мм²", "Sähkö, johto; NULL", "null"}
	stmt := domain.NewPrepared(`SELECT x FROM unnest($1::text[]) WITH ORDINALITY AS u (x, n) ORDER BY n`)
	var got []string
	if err := stmt.Select(context.Background(), db, &got, domain.TextArray(want)); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}
