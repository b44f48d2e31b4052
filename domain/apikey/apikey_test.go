package apikey_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"partnerdesk/domain/apikey"
	"partnerdesk/domain/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func TestKeyLifecycle(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	k, token, err := apikey.Create(ctx, db, "ERP", []string{apikey.ScopeOrders})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(token, "pd_"+k.Prefix+"_") {
		t.Fatalf("token %q", token)
	}
	var stored []byte
	dbtest.Scan(t, db, &stored, "SELECT secret_hash FROM api_keys WHERE id = ?", k.ID)
	if strings.Contains(string(stored), strings.Split(token, "_")[2]) {
		t.Fatal("secret stored in clear")
	}
	got, err := apikey.Authenticate(ctx, db, token)
	if err != nil || got.ID != k.ID || !got.Has(apikey.ScopeOrders) || got.Has(apikey.ScopeCatalog) {
		t.Fatalf("authenticate: %+v, %v", got, err)
	}
	forged := token[:len(token)-1] + "a"
	if forged == token {
		forged = token[:len(token)-1] + "b"
	}
	for _, bad := range []string{"", "pd_x_y", forged, "Bearer " + token} {
		if _, err := apikey.Authenticate(ctx, db, bad); !errors.Is(err, apikey.ErrInvalid) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if err := apikey.Revoke(ctx, db, k.Prefix); err != nil {
		t.Fatal(err)
	}
	if _, err := apikey.Authenticate(ctx, db, token); !errors.Is(err, apikey.ErrInvalid) {
		t.Fatalf("revoked key works: %v", err)
	}
	if _, _, err := apikey.Create(ctx, db, "x", []string{"everything"}); err == nil {
		t.Fatal("unknown scope accepted")
	}
}
