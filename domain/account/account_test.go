package account_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"partnerdesk/domain"
	"partnerdesk/domain/account"
	"partnerdesk/domain/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func withPassword(t *testing.T, userID int64, pw string) {
	h, err := account.HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	dbtest.Exec(t, dbtest.DB(t), "UPDATE users SET password_hash = ? WHERE id = ?", h, userID)
}

func emailOf(t *testing.T, id int64) string {
	var e string
	dbtest.Scan(t, dbtest.DB(t), &e, "SELECT email FROM users WHERE id = ?", id)
	return e
}

func TestSessionLifetime(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	s := &account.Sessions{DB: db, Idle: 30 * time.Minute, Max: 8 * time.Hour, Now: func() time.Time { return now }}
	comp := dbtest.Company(t, db, dbtest.CompanyOpts{})
	uid := dbtest.User(t, db, comp, "buyer")

	tok, err := s.Create(ctx, uid, "10.0.0.1", "test")
	if err != nil || len(tok) < 40 {
		t.Fatalf("token %q, %v", tok, err)
	}
	var stored []byte
	dbtest.Scan(t, db, &stored, "SELECT token_hash FROM sessions WHERE user_id = ?", uid)
	if string(stored) == tok {
		t.Fatal("token stored in clear")
	}
	if u, _, err := s.Lookup(ctx, tok); err != nil || u.ID != uid {
		t.Fatalf("lookup: %v", err)
	}
	// Active use keeps it alive past the idle limit, but not past the maximum age.
	for range 20 {
		now = now.Add(25 * time.Minute)
		if _, _, err := s.Lookup(ctx, tok); err != nil && now.Before(time.Date(2026, 11, 22, 17, 0, 0, 0, time.UTC)) {
			t.Fatalf("session ended early at %s: %v", now, err)
		}
	}
	if _, _, err := s.Lookup(ctx, tok); !errors.Is(err, account.ErrNoSession) {
		t.Fatalf("session alive after max age: %v", err)
	}

	tok2, _ := s.Create(ctx, uid, "", "")
	now = now.Add(31 * time.Minute)
	if _, _, err := s.Lookup(ctx, tok2); !errors.Is(err, account.ErrNoSession) {
		t.Fatalf("idle session still alive: %v", err)
	}
	tok3, _ := s.Create(ctx, uid, "", "")
	if err := s.Revoke(ctx, tok3); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Lookup(ctx, tok3); !errors.Is(err, account.ErrNoSession) {
		t.Fatalf("revoked session alive: %v", err)
	}
	if _, _, err := s.Lookup(ctx, "forged"); !errors.Is(err, account.ErrNoSession) {
		t.Fatalf("forged token: %v", err)
	}
}

func TestSignInAndThrottling(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	comp := dbtest.Company(t, db, dbtest.CompanyOpts{})
	uid := dbtest.User(t, db, comp, "owner")
	withPassword(t, uid, "poprawne hasło 123")
	email := emailOf(t, uid)

	if u, err := account.SignIn(ctx, db, " "+email+" ", "poprawne hasło 123", "192.0.2.1", now); err != nil || u.ID != uid {
		t.Fatalf("good sign-in: %v", err)
	}
	if _, err := account.SignIn(ctx, db, "nobody@example.test", "x", "192.0.2.1", now); !errors.Is(err, account.ErrBadCredentials) {
		t.Fatalf("unknown e-mail: %v", err)
	}
	for i := range account.MaxFailsPerAccount {
		if _, err := account.SignIn(ctx, db, email, fmt.Sprint("wrong", i), "192.0.2.2", now.Add(time.Duration(i)*time.Minute)); !errors.Is(err, account.ErrBadCredentials) {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	_, err := account.SignIn(ctx, db, email, "poprawne hasło 123", "192.0.2.3", now.Add(5*time.Minute))
	var th *account.ThrottledError
	if !errors.As(err, &th) || th.Minutes() != 10 {
		t.Fatalf("after 5 failures even the right password is refused for 10 minutes: %v", err)
	}
	if _, err := account.SignIn(ctx, db, email, "poprawne hasło 123", "192.0.2.3", now.Add(16*time.Minute)); err != nil {
		t.Fatalf("after the window: %v", err)
	}

	dbtest.Exec(t, db, "UPDATE users SET active = false WHERE id = ?", uid)
	if _, err := account.SignIn(ctx, db, email, "poprawne hasło 123", "192.0.2.4", now.Add(20*time.Minute)); !errors.Is(err, account.ErrBadCredentials) {
		t.Fatalf("inactive user signed in: %v", err)
	}
}

func TestThrottlingPerAddress(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	for i := range account.MaxFailsPerIP {
		account.SignIn(ctx, db, fmt.Sprintf("spray%d@example.test", i), "x", "198.51.100.7", now)
	}
	_, err := account.SignIn(ctx, db, "another@example.test", "x", "198.51.100.7", now)
	var th *account.ThrottledError
	if !errors.As(err, &th) {
		t.Fatalf("password spraying from one address not throttled: %v", err)
	}
}

func TestInvitationOnceAndExpiring(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	now := time.Now()
	comp := dbtest.Company(t, db, dbtest.CompanyOpts{})
	owner := dbtest.User(t, db, comp, "owner")
	email := fmt.Sprintf("new%d@example.test", dbtest.Unique())
	tok, err := account.Invite(ctx, db, account.InviteRequest{CompanyID: comp, Email: email, Role: "buyer", Language: domain.Russian, InvitedBy: owner}, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := account.Invite(ctx, db, account.InviteRequest{CompanyID: comp, Email: emailOf(t, owner), Role: "buyer"}, now); !errors.Is(err, account.ErrEmailTaken) {
		t.Fatalf("inviting an existing user: %v", err)
	}
	if _, err := account.Invite(ctx, db, account.InviteRequest{CompanyID: comp, Email: "x@y.test", Role: "admin"}, now); !errors.Is(err, account.ErrBadRole) {
		t.Fatalf("owner inviting an admin: %v", err)
	}
	if _, err := account.AcceptInvitation(ctx, db, tok, "Иван", "short", now); !errors.Is(err, account.ErrPasswordShort) {
		t.Fatalf("short password: %v", err)
	}
	u, err := account.AcceptInvitation(ctx, db, tok, "Иван Петров", "длинный пароль", now)
	if err != nil || u.Role != "buyer" || u.Language != domain.Russian || *u.CompanyID != comp {
		t.Fatalf("accept: %+v, %v", u, err)
	}
	if _, err := account.AcceptInvitation(ctx, db, tok, "Again", "длинный пароль", now); !errors.Is(err, account.ErrInvitationInvalid) {
		t.Fatalf("second use: %v", err)
	}
	old, _ := account.Invite(ctx, db, account.InviteRequest{CompanyID: comp, Email: "late@example.test", Role: "accountant"}, now.Add(-8*24*time.Hour))
	if _, err := account.AcceptInvitation(ctx, db, old, "Late", "długie hasło 1", now); !errors.Is(err, account.ErrInvitationInvalid) {
		t.Fatalf("expired invitation: %v", err)
	}
}

func TestChangeUserKeepsAnOwnerAndEndsSessions(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	comp := dbtest.Company(t, db, dbtest.CompanyOpts{})
	owner := dbtest.User(t, db, comp, "owner")
	owner2 := dbtest.User(t, db, comp, "owner")
	buyer := dbtest.User(t, db, comp, "buyer")
	other := dbtest.User(t, db, dbtest.Company(t, db, dbtest.CompanyOpts{}), "buyer")
	s := &account.Sessions{DB: db, Idle: time.Hour, Max: time.Hour}
	tok, _ := s.Create(ctx, buyer, "", "")

	if err := account.ChangeUser(ctx, db, account.UserChange{CompanyID: comp, ActorID: owner, UserID: buyer, Role: "buyer", Active: false}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Lookup(ctx, tok); !errors.Is(err, account.ErrNoSession) {
		t.Fatalf("deactivated user's session alive: %v", err)
	}
	if err := account.ChangeUser(ctx, db, account.UserChange{CompanyID: comp, ActorID: owner, UserID: other, Role: "buyer", Active: false}); err == nil {
		t.Fatal("changed another company's user")
	}
	if err := account.ChangeUser(ctx, db, account.UserChange{CompanyID: comp, ActorID: owner, UserID: owner, Role: "buyer", Active: true}); !errors.Is(err, account.ErrSelf) {
		t.Fatalf("self-demotion: %v", err)
	}
	if err := account.ChangeUser(ctx, db, account.UserChange{CompanyID: comp, ActorID: owner, UserID: owner2, Role: "accountant", Active: true}); err != nil {
		t.Fatalf("demoting the second owner: %v", err)
	}
	if err := account.ChangeUser(ctx, db, account.UserChange{CompanyID: comp, ActorID: owner2, UserID: owner, Role: "buyer", Active: true}); !errors.Is(err, account.ErrLastOwner) {
		t.Fatalf("demoting the last owner: %v", err)
	}
}
