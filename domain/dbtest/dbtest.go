// Package dbtest gives each test package a throwaway PostgreSQL database,
// migrated to the current schema. TEST_DATABASE_URL points at a server where
// the tests may create databases (make test starts a private one).
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"testing"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
)

var shared *bun.DB

// Main creates the package's database, runs the tests and drops it. Call it
// from TestMain.
func Main(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		fmt.Fprintln(os.Stderr, "dbtest: TEST_DATABASE_URL is not set; run the tests with `make test`")
		return 1
	}
	ctx := context.Background()
	admin, err := domain.Open(base)
	if err != nil {
		fmt.Fprintln(os.Stderr, "dbtest:", err)
		return 1
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	name := "pdtest_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		fmt.Fprintln(os.Stderr, "dbtest: create database:", err)
		return 1
	}
	defer admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") //nolint:errcheck

	u, err := url.Parse(base)
	if err != nil {
		fmt.Fprintln(os.Stderr, "dbtest: TEST_DATABASE_URL:", err)
		return 1
	}
	u.Path = "/" + name
	shared, err = domain.Open(u.String())
	if err != nil {
		fmt.Fprintln(os.Stderr, "dbtest:", err)
		return 1
	}
	defer shared.Close()
	if err := domain.MigrateUp(ctx, shared, io.Discard); err != nil {
		fmt.Fprintln(os.Stderr, "dbtest:", err)
		return 1
	}
	return m.Run()
}

// URL returns the connection string of the package's database.
func URL(t testing.TB) string {
	t.Helper()
	u, _ := url.Parse(os.Getenv("TEST_DATABASE_URL"))
	var name string
	if err := DB(t).NewRaw("SELECT current_database()").Scan(context.Background(), &name); err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// DB returns the package's database.
func DB(t testing.TB) *bun.DB {
	t.Helper()
	if shared == nil {
		t.Fatal("dbtest: call dbtest.Main from TestMain")
	}
	return shared
}
