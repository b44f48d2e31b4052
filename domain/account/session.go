package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/company"
)

// ErrNoSession: the token is unknown, revoked, expired or idle too long, or
// its user was deactivated.
var ErrNoSession = errors.New("account: no valid session")

// Sessions are server-side: the cookie holds a random token (256 bits), the
// database its SHA-256, so a stolen database does not yield live cookies.
type Sessions struct {
	DB   bun.IDB
	Idle time.Duration // ends after this long without a request
	Max  time.Duration // ends this long after sign-in
	Now  func() time.Time
	// Cache, when set (and running), spares signed-in requests the
	// session's round trip; nil reads the database every time.
	Cache *Visitors
}

func (s *Sessions) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Session is a signed-in browser.
type Session struct {
	bun.BaseModel `bun:"table:sessions"`

	TokenHash  []byte     `bun:"token_hash,pk"`
	UserID     int64      `bun:"user_id"`
	CSRFToken  string     `bun:"csrf_token"`
	CreatedAt  time.Time  `bun:"created_at"`
	LastSeenAt time.Time  `bun:"last_seen_at"`
	ExpiresAt  time.Time  `bun:"expires_at"`
	RevokedAt  *time.Time `bun:"revoked_at"`
	IP         string     `bun:"ip"`
	UserAgent  string     `bun:"user_agent"`
}

// NewToken returns n random bytes, URL-safe encoded.
func NewToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is how tokens are stored: never the token itself.
func HashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// Create starts a session for a user and returns the cookie's token. A new
// token at every sign-in: a token planted before sign-in is worthless.
func (s *Sessions) Create(ctx context.Context, userID int64, ip, userAgent string) (string, error) {
	token := NewToken(32)
	now := s.now()
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	sess := &Session{TokenHash: HashToken(token), UserID: userID, CSRFToken: NewToken(24), CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(s.Max), IP: ip, UserAgent: userAgent}
	if _, err := s.DB.NewInsert().Model(sess).Exec(ctx); err != nil {
		return "", fmt.Errorf("account: create session: %w", err)
	}
	if _, err := s.DB.NewUpdate().Table("users").Set("last_sign_in_at = ?", now).Where("id = ?", userID).Exec(ctx); err != nil {
		return "", fmt.Errorf("account: mark sign-in: %w", err)
	}
	return token, nil
}

// Lookup returns the user of a live session and notes the activity. The idle
// clock is moved at most once a minute, so page loads do not all write.
func (s *Sessions) Lookup(ctx context.Context, token string) (*company.User, *Session, error) {
	u, _, sess, err := s.LookupVisitor(ctx, token)
	return u, sess, err
}

// LookupVisitor is Lookup with the user's company (nil for staff), read in
// the same statement: every signed-in request needs all three.
func (s *Sessions) LookupVisitor(ctx context.Context, token string) (*company.User, *company.Company, *Session, error) {
	if token == "" || len(token) > 100 {
		return nil, nil, nil, ErrNoSession
	}
	key := string(HashToken(token))
	now := s.now()
	row, cached := s.Cache.get(key, now)
	if !cached {
		gen := s.Cache.begin()
		err := visitorStmt.Get(ctx, s.DB, []any{&row}, []byte(key))
		if errors.Is(err, domain.ErrNoRows) {
			return nil, nil, nil, ErrNoSession
		}
		if err != nil {
			return nil, nil, nil, fmt.Errorf("account: session: %w", err)
		}
		s.Cache.put(key, row, gen, now)
	}
	// row is a copy: what the caller changes stays out of the cache (the
	// few pointer fields are shared and only read).
	sess, u := &row.Session, &row.User
	if sess.RevokedAt != nil || !now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) > s.Idle || !u.Active {
		return nil, nil, nil, ErrNoSession
	}
	if now.Sub(sess.LastSeenAt) > time.Minute {
		if _, err := s.DB.NewUpdate().Model(sess).Set("last_seen_at = ?", now).WherePK().Exec(ctx); err != nil {
			return nil, nil, nil, fmt.Errorf("account: touch session: %w", err)
		}
		s.Cache.drop(key) // the next request reads the new time
	}
	var comp *company.Company
	if u.CompanyID != nil {
		comp = &row.Company
	}
	return u, comp, sess, nil
}

// visitorRow is a session with its user and the user's company, each under
// its own column prefix.
type visitorRow struct {
	Session Session         `bun:"embed:s__"`
	User    company.User    `bun:"embed:u__"`
	Company company.Company `bun:"embed:c__"`
}

// visitorStmt is prepared: every signed-in request runs it. Its columns are
// those of the three models, so a column added to a model is read too.
var visitorStmt = domain.PrepareWith(func(db *bun.DB) string {
	return "SELECT " + domain.Columns(db, (*Session)(nil), "s", "s__") + ", " + domain.Columns(db, (*company.User)(nil), "u", "u__") + ", " +
		domain.Columns(db, (*company.Company)(nil), "c", "c__") +
		" FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN companies c ON c.id = u.company_id WHERE s.token_hash = $1"
})

// Revoke ends one session (sign-out).
func (s *Sessions) Revoke(ctx context.Context, token string) error {
	_, err := s.DB.NewUpdate().Model((*Session)(nil)).Set("revoked_at = ?", s.now()).
		Where("token_hash = ? AND revoked_at IS NULL", HashToken(token)).Exec(ctx)
	s.Cache.Forget()
	if err != nil {
		return fmt.Errorf("account: revoke session: %w", err)
	}
	return nil
}

// RevokeAll ends every session of a user, except the one given (may be "").
func RevokeAll(ctx context.Context, db bun.IDB, userID int64, except string) error {
	q := db.NewUpdate().Model((*Session)(nil)).Set("revoked_at = now()").Where("user_id = ? AND revoked_at IS NULL", userID)
	if except != "" {
		q = q.Where("token_hash <> ?", HashToken(except))
	}
	if _, err := q.Exec(ctx); err != nil {
		return fmt.Errorf("account: revoke sessions: %w", err)
	}
	return nil
}
