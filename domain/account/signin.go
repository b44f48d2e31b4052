package account

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain/company"
)

// Throttling of failed sign-ins: per account and per client address, counted
// over a sliding window.
const (
	ThrottleWindow     = 15 * time.Minute
	MaxFailsPerAccount = 5
	MaxFailsPerIP      = 30
)

// ErrBadCredentials: unknown e-mail, wrong password or inactive user (the
// message never says which).
var ErrBadCredentials = errors.New("account: wrong e-mail or password")

// ThrottledError says that sign-in is refused for a while.
type ThrottledError struct{ RetryAfter time.Duration }

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("account: too many failed sign-ins; retry in %s", e.RetryAfter.Round(time.Second))
}

// Minutes is the wait rounded up to whole minutes, for the message.
func (e *ThrottledError) Minutes() int { return int((e.RetryAfter + time.Minute - 1) / time.Minute) }

// SignIn checks an e-mail and password. It refuses with *ThrottledError when
// the account or the address failed too often recently, and records failures.
//
// The check, the password comparison and the record of a failure run under
// advisory locks on the account and on the address (taken in that order, so
// two attempts never wait on each other in a circle): attempts on one
// account, or from one address, are decided one after the other, so parallel
// guesses cannot slip in before the failures before them are counted.
func SignIn(ctx context.Context, db *bun.DB, email, password, ip string, now time.Time) (*company.User, error) {
	email = company.NormalizeEmail(email)
	subjects := []struct {
		key   string
		limit int
	}{{"email:" + email, MaxFailsPerAccount}, {"ip:" + ip, MaxFailsPerIP}}
	var user *company.User
	var refused error
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		user, refused = nil, nil
		for _, s := range subjects {
			if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", "signin:"+s.key); err != nil {
				return fmt.Errorf("account: throttle lock: %w", err)
			}
		}
		for _, s := range subjects {
			var fails []time.Time
			err := tx.NewRaw(`SELECT failed_at FROM sign_in_failures WHERE subject = ? AND failed_at > ? ORDER BY failed_at DESC LIMIT ?`,
				s.key, now.Add(-ThrottleWindow), s.limit).Scan(ctx, &fails)
			if err != nil {
				return fmt.Errorf("account: throttle: %w", err)
			}
			if len(fails) >= s.limit {
				oldest := fails[len(fails)-1]
				refused = &ThrottledError{RetryAfter: oldest.Add(ThrottleWindow).Sub(now)}
				return nil
			}
		}
		u, err := company.GetUserByEmail(ctx, tx, email)
		ok := false
		switch {
		case err == nil:
			ok = u.PasswordHash != "" && VerifyPassword(u.PasswordHash, password) && u.Active
		case errors.Is(err, company.ErrNotFound):
			VerifyPassword(dummyHash, password) // same time as a wrong password
		default:
			return err
		}
		if !ok {
			for _, s := range subjects {
				if _, err := tx.ExecContext(ctx, "INSERT INTO sign_in_failures (subject, failed_at) VALUES (?, ?)", s.key, now); err != nil {
					return fmt.Errorf("account: record failure: %w", err)
				}
			}
			refused = ErrBadCredentials
			return nil // the failure is committed
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM sign_in_failures WHERE subject = ? OR failed_at < ?",
			"email:"+email, now.Add(-24*time.Hour)); err != nil {
			return fmt.Errorf("account: clear failures: %w", err)
		}
		user = u
		return nil
	})
	if err != nil {
		return nil, err
	}
	if refused != nil {
		return nil, refused
	}
	return user, nil
}

// ErrWrongPassword: the current password given to a change was wrong.
var ErrWrongPassword = errors.New("account: current password is wrong")

// ChangePassword sets a new password after checking the current one, and ends
// the user's other sessions.
func ChangePassword(ctx context.Context, db bun.IDB, userID int64, current, next, keepSession string) error {
	u, err := company.GetUser(ctx, db, userID)
	if err != nil {
		return err
	}
	if !VerifyPassword(u.PasswordHash, current) {
		return ErrWrongPassword
	}
	if err := CheckNewPassword(next); err != nil {
		return err
	}
	return setPassword(ctx, db, userID, next, keepSession)
}

func setPassword(ctx context.Context, db bun.IDB, userID int64, pw, keepSession string) error {
	hash, err := HashPassword(pw)
	if err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, "UPDATE users SET password_hash = ? WHERE id = ?", hash, userID); err != nil {
		return fmt.Errorf("account: set password: %w", err)
	}
	return RevokeAll(ctx, db, userID, keepSession)
}
