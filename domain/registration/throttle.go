package registration

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
)

// Throttling of the public form per client address, over a sliding window.
// Every submission counts, valid or not: the limit keeps a script from
// creating companies in bulk and from probing which tax IDs are customers.
const (
	ThrottleWindow   = time.Hour
	MaxAttemptsPerIP = 10
)

// ThrottledError says that the form is refused from this address for a while.
type ThrottledError struct{ RetryAfter time.Duration }

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("registration: too many submissions; retry in %s", e.RetryAfter.Round(time.Second))
}

// Minutes is the wait rounded up to whole minutes, for the message.
func (e *ThrottledError) Minutes() int { return int((e.RetryAfter + time.Minute - 1) / time.Minute) }

// throttle counts a submission from ip, or refuses it when the address used
// up its submissions in the window. The count is kept in the database, so it
// holds across instances; an advisory lock per address makes the check and
// the insert one step, so a burst of parallel posts cannot slip past it. It
// commits on its own: a submission that fails validation still counts.
func throttle(ctx context.Context, db bun.IDB, ip string, now time.Time) error {
	return domain.RunInTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", "registration:"+ip); err != nil {
			return fmt.Errorf("registration: throttle lock: %w", err)
		}
		var recent []time.Time
		err := tx.NewRaw(`SELECT attempted_at FROM registration_attempts WHERE ip = ? AND attempted_at > ?
			ORDER BY attempted_at DESC LIMIT ?`, ip, now.Add(-ThrottleWindow), MaxAttemptsPerIP).Scan(ctx, &recent)
		if err != nil {
			return fmt.Errorf("registration: throttle: %w", err)
		}
		if len(recent) >= MaxAttemptsPerIP {
			oldest := recent[len(recent)-1]
			return &ThrottledError{RetryAfter: oldest.Add(ThrottleWindow).Sub(now)}
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO registration_attempts (ip, attempted_at) VALUES (?, ?)", ip, now); err != nil {
			return fmt.Errorf("registration: count attempt: %w", err)
		}
		// Old rows are of no use; whoever passes by sweeps them.
		if _, err := tx.ExecContext(ctx, "DELETE FROM registration_attempts WHERE attempted_at < ?", now.Add(-24*time.Hour)); err != nil {
			return fmt.Errorf("registration: sweep attempts: %w", err)
		}
		return nil
	})
}
