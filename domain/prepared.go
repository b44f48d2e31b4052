package domain

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/uptrace/bun"
)

// Prepared is a statement for the hottest queries (those of every page
// view, and the outbox poll). bun writes each query's values into its text,
// so PostgreSQL parses and plans every run afresh; for these queries the
// planning cost more than the running. A prepared statement is parsed once
// per connection and, after a few runs, PostgreSQL keeps a generic plan when
// it costs no more than the custom ones. Parameters are $1, $2, ...; a list
// goes in as one array parameter ($1::bigint[]).
//
// It works on a *bun.DB and in a bun.Tx (prepared on the transaction's
// connection); on anything else it runs as an ordinary query.
type Prepared struct {
	build   func(db *bun.DB) string
	mu      sync.Mutex
	query   string
	stmts   map[*sql.DB]*sql.Stmt
	warming map[*sql.DB]bool // the pool's statement is being made in the background
}

// NewPrepared returns a statement that is prepared on first use.
func NewPrepared(query string) *Prepared {
	return PrepareWith(func(*bun.DB) string { return query })
}

// PrepareWith is NewPrepared for a query written with bun's builder (so a
// model's column list stays bun's), built once on first use:
//
//	domain.PrepareWith(func(db *bun.DB) string { return db.NewSelect().Model((*User)(nil)).Where("id = $1").String() })
func PrepareWith(build func(db *bun.DB) string) *Prepared {
	return &Prepared{build: build, stmts: map[*sql.DB]*sql.Stmt{}, warming: map[*sql.DB]bool{}}
}

// Query runs the statement and returns its rows, and the bun.DB to scan
// them with.
func (p *Prepared) Query(ctx context.Context, db bun.IDB, args ...any) (*sql.Rows, *bun.DB, error) {
	if d, ok := db.(*bun.DB); ok {
		st, err := p.on(ctx, d)
		if err != nil {
			return nil, d, err
		}
		rows, err := st.QueryContext(ctx, args...)
		return rows, d, err
	}
	bdb := db.NewRaw("").DB()
	var rows *sql.Rows
	var err error
	switch d := db.(type) {
	case bun.Tx:
		rows, err = p.inTx(ctx, bdb, d.Tx, args)
	case *bun.Tx:
		rows, err = p.inTx(ctx, bdb, d.Tx, args)
	default:
		rows, err = db.QueryContext(ctx, p.text(bdb), args...)
	}
	return rows, bdb, err
}

// inTx runs the statement on the transaction's connection. Preparing it for
// the pool would need a second connection while the transaction holds one:
// with every connection held by a transaction doing the same, none would
// ever come (it happened: a burst of "add to cart" stood still). So until
// the pool's statement exists the transaction prepares its own copy, and the
// pool's is made in the background.
func (p *Prepared) inTx(ctx context.Context, bdb *bun.DB, tx *sql.Tx, args []any) (*sql.Rows, error) {
	p.mu.Lock()
	st, ok := p.stmts[bdb.DB]
	warm := !ok && !p.warming[bdb.DB]
	if warm {
		p.warming[bdb.DB] = true
	}
	p.mu.Unlock()
	if warm {
		go func() {
			p.on(context.WithoutCancel(ctx), bdb) //nolint:errcheck // a failure shows on the next use
			p.mu.Lock()
			delete(p.warming, bdb.DB)
			p.mu.Unlock()
		}()
	}
	if !ok {
		own, err := tx.PrepareContext(ctx, p.text(bdb))
		if err != nil {
			return nil, fmt.Errorf("prepare: %w", err)
		}
		return own.QueryContext(ctx, args...) // closed with the transaction
	}
	return tx.StmtContext(ctx, st).QueryContext(ctx, args...)
}

func (p *Prepared) text(db *bun.DB) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.query == "" {
		p.query = p.build(db)
	}
	return p.query
}

// on returns the statement prepared for db's pool; database/sql prepares it
// again on each connection it runs on. The lock is not held while preparing,
// which waits for a free connection.
func (p *Prepared) on(ctx context.Context, db *bun.DB) (*sql.Stmt, error) {
	q := p.text(db)
	p.mu.Lock()
	st, ok := p.stmts[db.DB]
	p.mu.Unlock()
	if ok {
		return st, nil
	}
	st, err := db.DB.PrepareContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if first, ok := p.stmts[db.DB]; ok {
		st.Close() // another caller was first
		return first, nil
	}
	p.stmts[db.DB] = st
	return st, nil
}

// Get reads the first row into dest: a pointer to a struct (columns matched
// to its bun tags, as bun's Scan does) or pointers to plain values. With no
// row it returns ErrNoRows.
func (p *Prepared) Get(ctx context.Context, db bun.IDB, dest []any, args ...any) error {
	rows, bdb, err := p.Query(ctx, db, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return ErrNoRows
	}
	if len(dest) == 1 && isStructPointer(dest[0]) {
		err = bdb.ScanRow(ctx, rows, dest[0])
	} else {
		err = rows.Scan(dest...)
	}
	if err != nil {
		return err
	}
	return rows.Close()
}

// Select reads every row into dest, a pointer to a slice (of structs or
// plain values), as bun's Scan does.
func (p *Prepared) Select(ctx context.Context, db bun.IDB, dest any, args ...any) error {
	rows, bdb, err := p.Query(ctx, db, args...)
	if err != nil {
		return err
	}
	return bdb.ScanRows(ctx, rows, dest)
}

// isStructPointer tells a row struct from a value that scans itself (a
// time, a sql.Null*).
func isStructPointer(v any) bool {
	if _, ok := v.(sql.Scanner); ok {
		return false
	}
	if _, ok := v.(*time.Time); ok {
		return false
	}
	t := reflect.TypeOf(v)
	return t != nil && t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct
}

// Columns lists the columns of model (a pointer to a bun model) read from
// the table aliased alias, each named prefix + column, for a struct field
// tagged bun:"embed:<prefix>": a prepared statement that joins tables reads
// each model whole, and a column added to a model is read too.
func Columns(db *bun.DB, model any, alias, prefix string) string {
	var parts []string
	for _, f := range db.Table(reflect.TypeOf(model).Elem()).Fields {
		parts = append(parts, alias+"."+string(f.SQLName)+" AS "+prefix+f.Name)
	}
	return strings.Join(parts, ", ")
}

var placeholder = regexp.MustCompile(`\?([0-9])`)

// Renumber turns a query fragment written with bun's ?0, ?1, ... into the
// text of a prepared statement: ?N becomes to[N] ("$3::bigint", or a column
// of the enclosing query such as "c.id"). Fragments shared by several
// queries are written once and numbered for each.
func Renumber(fragment string, to ...string) string {
	return placeholder.ReplaceAllStringFunc(fragment, func(m string) string {
		n := int(m[1] - '0')
		if n >= len(to) {
			panic(fmt.Sprintf("domain.Renumber: %s has no replacement", m))
		}
		return to[n]
	})
}

// Int64Array is ids as a PostgreSQL array literal, for one bigint[]
// parameter of a prepared statement ("{}" when empty).
func Int64Array(ids []int64) string {
	b := make([]byte, 0, 2+len(ids)*8)
	b = append(b, '{')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(append(b, '}'))
}

// TextArray is strings as a PostgreSQL array literal, for one text[]
// argument of a prepared statement.
func TextArray(ss []string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		for _, r := range s {
			if r == '"' || r == '\\' {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		}
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String()
}
