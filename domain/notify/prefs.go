package notify

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
)

// Prefs are what a user wants to be told and when: each kind on or off (a
// kind without a stored choice is on), and quiet hours [QuietFrom, QuietTo)
// in the business time zone during which Telegram messages wait; nil = none.
type Prefs struct {
	Enabled   map[string]bool
	QuietFrom *int
	QuietTo   *int
}

// FieldError says which preference is wrong. The UI shows the message
// "notify_error_<Code>" under the field.
type FieldError struct {
	Field string // quiet_from, quiet_to
	Code  string // hour, quiet_both, quiet_same
}

func (e *FieldError) Error() string { return "notify: " + e.Field + ": " + e.Code }

// GetPrefs loads a user's preferences; every kind is in Enabled.
func GetPrefs(ctx context.Context, db bun.IDB, userID int64) (Prefs, error) {
	p := Prefs{Enabled: make(map[string]bool, len(Kinds))}
	for _, k := range Kinds {
		p.Enabled[k] = true
	}
	var quiet struct {
		From *int `bun:"quiet_from"`
		To   *int `bun:"quiet_to"`
	}
	if err := db.NewRaw("SELECT quiet_from, quiet_to FROM users WHERE id = ?", userID).Scan(ctx, &quiet); err != nil {
		return p, fmt.Errorf("notify: preferences of user %d: %w", userID, err)
	}
	p.QuietFrom, p.QuietTo = quiet.From, quiet.To
	var rows []struct {
		Kind    string `bun:"kind"`
		Enabled bool   `bun:"enabled"`
	}
	if err := db.NewRaw("SELECT kind, enabled FROM notification_preferences WHERE user_id = ?", userID).Scan(ctx, &rows); err != nil {
		return p, fmt.Errorf("notify: preferences of user %d: %w", userID, err)
	}
	for _, r := range rows {
		p.Enabled[r.Kind] = r.Enabled
	}
	return p, nil
}

// Validate checks the quiet hours: each 0–23, both or neither, and not the
// same hour (which would mean no quiet time at all).
func (p Prefs) Validate() error {
	for _, h := range []struct {
		field string
		v     *int
	}{{"quiet_from", p.QuietFrom}, {"quiet_to", p.QuietTo}} {
		if h.v != nil && (*h.v < 0 || *h.v > 23) {
			return &FieldError{Field: h.field, Code: "hour"}
		}
	}
	switch {
	case p.QuietFrom == nil && p.QuietTo != nil:
		return &FieldError{Field: "quiet_from", Code: "quiet_both"}
	case p.QuietFrom != nil && p.QuietTo == nil:
		return &FieldError{Field: "quiet_to", Code: "quiet_both"}
	case p.QuietFrom != nil && *p.QuietFrom == *p.QuietTo:
		return &FieldError{Field: "quiet_to", Code: "quiet_same"}
	}
	for k := range p.Enabled {
		if !ValidKind(k) {
			return fmt.Errorf("notify: unknown kind %q", k)
		}
	}
	return nil
}

// SetPrefs stores a user's preferences after Validate; a kind missing from
// Enabled is stored as on.
func SetPrefs(ctx context.Context, db bun.IDB, userID int64, p Prefs) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return domain.RunInTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE users SET quiet_from = ?, quiet_to = ? WHERE id = ?", p.QuietFrom, p.QuietTo, userID)
		if err != nil {
			return fmt.Errorf("notify: quiet hours of user %d: %w", userID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("notify: preferences: no user %d", userID)
		}
		for _, k := range Kinds {
			on, ok := p.Enabled[k]
			if !ok {
				on = true
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO notification_preferences (user_id, kind, enabled) VALUES (?, ?, ?)
				ON CONFLICT (user_id, kind) DO UPDATE SET enabled = EXCLUDED.enabled`, userID, k, on); err != nil {
				return fmt.Errorf("notify: preference %s of user %d: %w", k, userID, err)
			}
		}
		return nil
	})
}

// Enabled tells whether the user wants notifications of kind.
func Enabled(ctx context.Context, db bun.IDB, userID int64, kind string) (bool, error) {
	var on bool
	err := db.NewRaw(`SELECT coalesce((SELECT enabled FROM notification_preferences WHERE user_id = ? AND kind = ?), true)`,
		userID, kind).Scan(ctx, &on)
	if err != nil {
		return false, fmt.Errorf("notify: preference %s of user %d: %w", kind, userID, err)
	}
	return on, nil
}
