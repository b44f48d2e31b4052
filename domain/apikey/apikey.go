// Package apikey authenticates programs (the distributor's ERP) that call the
// integration API. A key is shown once when created; only its SHA-256 is kept.
package apikey

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
)

// Scopes a key may hold.
const (
	ScopeCatalog   = "catalog"   // products, stock, prices
	ScopeCompanies = "companies" // customer companies
	ScopeOrders    = "orders"    // order feed, acknowledgements, statuses, shipments
	ScopeFinance   = "finance"   // invoices and payments
)

// AllScopes lists every scope.
var AllScopes = []string{ScopeCatalog, ScopeCompanies, ScopeOrders, ScopeFinance}

// ErrInvalid: the key is malformed, unknown or revoked.
var ErrInvalid = errors.New("apikey: invalid or revoked key")

// Key is a stored API key.
type Key struct {
	bun.BaseModel `bun:"table:api_keys"`

	ID         int64      `bun:"id,pk,autoincrement"`
	Name       string     `bun:"name"`
	Prefix     string     `bun:"prefix"`
	SecretHash []byte     `bun:"secret_hash"`
	Scopes     []string   `bun:"scopes,array"`
	CreatedAt  time.Time  `bun:"created_at,nullzero,default:now()"`
	RevokedAt  *time.Time `bun:"revoked_at"`
	LastUsedAt *time.Time `bun:"last_used_at"`
}

// Has tells whether the key holds a scope.
func (k *Key) Has(scope string) bool { return slices.Contains(k.Scopes, scope) }

var enc = base32.StdEncoding.WithPadding(base32.NoPadding)

func random(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand: " + err.Error())
	}
	return strings.ToLower(enc.EncodeToString(b))
}

func hash(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// Create makes a key and returns it with the full token, "pd_<prefix>_<secret>",
// which is never shown again.
func Create(ctx context.Context, db bun.IDB, name string, scopes []string) (*Key, string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return nil, "", fmt.Errorf("apikey: name must be 1 to 100 characters")
	}
	if len(scopes) == 0 {
		scopes = AllScopes
	}
	for _, s := range scopes {
		if !slices.Contains(AllScopes, s) {
			return nil, "", fmt.Errorf("apikey: unknown scope %q (known: %s)", s, strings.Join(AllScopes, ", "))
		}
	}
	prefix, secret := random(5), random(20) // 40 bits to find the row, 160 bits of secret
	k := &Key{Name: name, Prefix: prefix, SecretHash: hash(secret), Scopes: scopes}
	if _, err := db.NewInsert().Model(k).ExcludeColumn("id", "created_at", "revoked_at", "last_used_at").Returning("id, created_at").Exec(ctx); err != nil {
		return nil, "", fmt.Errorf("apikey: create: %w", err)
	}
	return k, "pd_" + prefix + "_" + secret, nil
}

// Authenticate checks a token and returns its key.
func Authenticate(ctx context.Context, db bun.IDB, token string) (*Key, error) {
	parts := strings.Split(token, "_")
	if len(parts) != 3 || parts[0] != "pd" || len(parts[1]) != 8 || len(parts[2]) != 32 {
		return nil, ErrInvalid
	}
	k := new(Key)
	err := db.NewSelect().Model(k).Where("prefix = ?", parts[1]).Scan(ctx)
	if errors.Is(err, domain.ErrNoRows) {
		return nil, ErrInvalid
	}
	if err != nil {
		return nil, fmt.Errorf("apikey: lookup: %w", err)
	}
	if subtle.ConstantTimeCompare(k.SecretHash, hash(parts[2])) != 1 || k.RevokedAt != nil {
		return nil, ErrInvalid
	}
	if k.LastUsedAt == nil || time.Since(*k.LastUsedAt) > time.Minute {
		if _, err := db.NewUpdate().Model(k).Set("last_used_at = now()").WherePK().Exec(ctx); err != nil {
			return nil, fmt.Errorf("apikey: touch: %w", err)
		}
	}
	return k, nil
}

// Revoke disables a key by its prefix (or full token).
func Revoke(ctx context.Context, db bun.IDB, prefixOrToken string) error {
	prefix := prefixOrToken
	if parts := strings.Split(prefixOrToken, "_"); len(parts) == 3 {
		prefix = parts[1]
	}
	res, err := db.NewUpdate().Model((*Key)(nil)).Set("revoked_at = now()").Where("prefix = ? AND revoked_at IS NULL", prefix).Exec(ctx)
	if err != nil {
		return fmt.Errorf("apikey: revoke: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("apikey: no active key with prefix %q", prefix)
	}
	return nil
}

// List returns every key, newest first.
func List(ctx context.Context, db bun.IDB) ([]*Key, error) {
	var ks []*Key
	if err := db.NewSelect().Model(&ks).Order("created_at DESC").Scan(ctx); err != nil {
		return nil, fmt.Errorf("apikey: list: %w", err)
	}
	return ks, nil
}
