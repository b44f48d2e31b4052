// Package nps records Net Promoter Score answers — after a delivery and once a
// quarter about the whole relationship — decides which survey a portal user
// is shown, and computes the staff report (by month, segment and manager).
//
// One answer per trigger: an order is rated once, by whoever of the company
// answers first (on the portal or in the bot); a quarter is rated once by
// each owner and buyer. The schema enforces both (nps_responses' unique
// keys); a second answer is reported as "already answered", not as an error.
//
// A detractor (0–6) is handed to the account manager at once: a handoff on
// the user's portal conversation, with the response attached, just as the
// bot does for an answer given in a chat.
package nps

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/chat"
)

// Triggers: what a survey asks about.
const (
	TriggerAfterDelivery = "after_delivery"
	TriggerQuarterly     = "quarterly"
)

// Channels an answer comes through.
const (
	ChannelPortal = "portal"
	ChannelBot    = "bot"
)

// Settings; cmd sets them from the configuration at start.
var (
	// AfterDeliveryWindow is how long after its delivery an order may be rated.
	AfterDeliveryWindow = 30 * 24 * time.Hour
	// QuarterlyFromMonth is the month of the quarter (1–3) from which the
	// quarterly survey is offered: the relationship is judged on more than a
	// few days of it.
	QuarterlyFromMonth = 2
	// HandoffPickup is how long the manager has to take a detractor's handoff
	// (HANDOFF_PICKUP, as for the bot's handoffs).
	HandoffPickup = 30 * time.Minute
	// CommentWindow is how long after answering a comment may still be added.
	CommentWindow = 24 * time.Hour
)

// MaxComment is the longest comment kept, in characters (the schema's limit).
const MaxComment = 2000

// Errors of Record and AddComment.
var (
	// ErrInvalid: a score outside 0–10, an unknown trigger or channel, or a
	// reference that cannot be read.
	ErrInvalid = errors.New("nps: invalid answer")
	// ErrNotEligible: this user may not answer this survey (another
	// company's or an undelivered order, too long after delivery, a past
	// quarter, an accountant asked about the relationship).
	ErrNotEligible = errors.New("nps: survey not open to this user")
	// ErrNotFound: no such response of this user (or too late to comment).
	ErrNotFound = errors.New("nps: response not found")
)

// Response is one stored answer.
type Response struct {
	bun.BaseModel `bun:"table:nps_responses"`

	ID         int64     `bun:"id,pk,autoincrement"`
	CompanyID  int64     `bun:"company_id"`
	UserID     int64     `bun:"user_id"`
	OrderID    *int64    `bun:"order_id"`
	Trigger    string    `bun:"trigger"`
	TriggerRef string    `bun:"trigger_ref"`
	Channel    string    `bun:"channel"`
	Score      int       `bun:"score"`
	Comment    string    `bun:"comment"`
	CreatedAt  time.Time `bun:"created_at"`
}

// Category is the response's NPS group.
func (r *Response) Category() string { return Category(r.Score) }

// Answer is a score given by a customer user.
type Answer struct {
	CompanyID int64
	UserID    int64
	Trigger   string // TriggerAfterDelivery or TriggerQuarterly
	// Ref is the order number (after delivery) or the quarter, "2026Q4".
	// For after delivery OrderNumber may be given instead.
	Ref         string
	OrderNumber int64
	Channel     string // ChannelPortal or ChannelBot
	Score       int    // 0–10
	Comment     string // optional
	Now         time.Time
}

// Record stores an answer, once per trigger. It returns the response's id
// and whether this call created it; when the survey was answered already
// (by a colleague, for an order) it returns that response's id and false.
// A new answer resets the user's NPS interval (users.nps_asked_at), so the
// bot does not ask again soon after, and a new detractor's answer opens a
// handoff to the account manager.
func Record(ctx context.Context, db bun.IDB, a Answer) (id int64, created bool, err error) {
	if a.Score < 0 || a.Score > 10 || (a.Channel != ChannelPortal && a.Channel != ChannelBot) {
		return 0, false, ErrInvalid
	}
	if a.Now.IsZero() {
		a.Now = time.Now()
	}
	comment := cleanComment(a.Comment)
	err = domain.RunInTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
		var role string
		err := tx.NewRaw("SELECT role FROM users WHERE id = ? AND company_id = ? AND active", a.UserID, a.CompanyID).Scan(ctx, &role)
		if errors.Is(err, domain.ErrNoRows) {
			return ErrNotEligible
		}
		if err != nil {
			return fmt.Errorf("nps: user: %w", err)
		}
		switch a.Trigger {
		case TriggerAfterDelivery:
			id, created, err = recordAfterDelivery(ctx, tx, a)
		case TriggerQuarterly:
			id, created, err = recordQuarterly(ctx, tx, a, role)
		default:
			return ErrInvalid
		}
		if err != nil || !created {
			return err
		}
		if comment != "" {
			if _, err := tx.ExecContext(ctx, "UPDATE nps_responses SET comment = ? WHERE id = ?", comment, id); err != nil {
				return fmt.Errorf("nps: comment: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE users SET nps_asked_at = ? WHERE id = ? AND (nps_asked_at IS NULL OR nps_asked_at < ?)",
			a.Now, a.UserID, a.Now); err != nil {
			return fmt.Errorf("nps: asked at: %w", err)
		}
		if Category(a.Score) == Detractor {
			return handOver(ctx, tx, a, id)
		}
		return nil
	})
	if err != nil {
		return 0, false, err
	}
	return id, created, nil
}

// recordAfterDelivery rates a delivered order of the company through the
// bot's own rule (chat.RecordNPS), after checking the portal's: delivered
// within AfterDeliveryWindow.
func recordAfterDelivery(ctx context.Context, tx bun.Tx, a Answer) (int64, bool, error) {
	number := a.OrderNumber
	if number == 0 {
		n, err := strconv.ParseInt(strings.TrimSpace(a.Ref), 10, 64)
		if err != nil || n <= 0 {
			return 0, false, ErrInvalid
		}
		number = n
	}
	var o struct {
		ID          int64     `bun:"id"`
		Status      string    `bun:"status"`
		DeliveredAt time.Time `bun:"delivered_at"`
	}
	err := tx.NewRaw(`SELECT o.id, o.status, `+deliveredAt+` AS delivered_at FROM orders o WHERE o.company_id = ? AND o.number = ?`,
		a.CompanyID, number).Scan(ctx, &o)
	if errors.Is(err, domain.ErrNoRows) {
		return 0, false, ErrNotEligible
	}
	if err != nil {
		return 0, false, fmt.Errorf("nps: order: %w", err)
	}
	if o.Status != "delivered" || o.DeliveredAt.Before(a.Now.Add(-AfterDeliveryWindow)) {
		return 0, false, ErrNotEligible
	}
	id, err := chat.RecordNPS(ctx, tx, a.CompanyID, a.UserID, number, a.Score, a.Channel)
	if err != nil || id != 0 {
		return id, id != 0, err
	}
	if err := tx.NewRaw("SELECT id FROM nps_responses WHERE order_id = ?", o.ID).Scan(ctx, &id); err != nil {
		return 0, false, fmt.Errorf("nps: earlier answer: %w", err)
	}
	return id, false, nil
}

func recordQuarterly(ctx context.Context, tx bun.Tx, a Answer, role string) (int64, bool, error) {
	q, ok := ParseQuarter(a.Ref)
	if !ok {
		return 0, false, ErrInvalid
	}
	if q != QuarterOf(a.Now) || (role != "owner" && role != "buyer") {
		return 0, false, ErrNotEligible
	}
	var id int64
	err := tx.NewRaw(`INSERT INTO nps_responses (company_id, user_id, trigger, trigger_ref, channel, score)
		VALUES (?, ?, 'quarterly', ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
		a.CompanyID, a.UserID, q.String(), a.Channel, a.Score).Scan(ctx, &id)
	if err == nil {
		return id, true, nil
	}
	if !errors.Is(err, domain.ErrNoRows) {
		return 0, false, fmt.Errorf("nps: quarterly: %w", err)
	}
	err = tx.NewRaw(`SELECT id FROM nps_responses WHERE company_id = ? AND trigger = 'quarterly' AND trigger_ref = ? AND user_id = ?`,
		a.CompanyID, q.String(), a.UserID).Scan(ctx, &id)
	if err != nil {
		return 0, false, fmt.Errorf("nps: earlier answer: %w", err)
	}
	return id, false, nil
}

// handOver tells the account manager about a detractor: a handoff on the
// user's portal conversation (the one the manager answers in, and the
// customer reads in the chat panel), with the response on it so the desk
// shows the score and the comment. The conversation goes to human mode, so
// what the customer writes next reaches the manager.
func handOver(ctx context.Context, tx bun.Tx, a Answer, responseID int64) error {
	var lang domain.Language
	if err := tx.NewRaw("SELECT language FROM users WHERE id = ?", a.UserID).Scan(ctx, &lang); err != nil {
		return fmt.Errorf("nps: user language: %w", err)
	}
	conv, err := chat.ForPortalUser(ctx, tx, a.UserID, a.CompanyID, lang)
	if err != nil {
		return err
	}
	handoff, err := chat.RequestHandoff(ctx, tx, conv, chat.ReasonDetractor, HandoffPickup, a.Now)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE handoffs SET nps_response_id = ? WHERE id = ?", responseID, handoff); err != nil {
		return fmt.Errorf("nps: handoff response: %w", err)
	}
	for range 3 {
		err = chat.Save(ctx, tx, conv)
		if !errors.Is(err, chat.ErrConflict) {
			return err
		}
		// The bot handled a message meanwhile: take the fresh state.
		if conv, err = chat.ForPortalUser(ctx, tx, a.UserID, a.CompanyID, lang); err != nil {
			return err
		}
		conv.Mode = chat.ModeHuman
	}
	return err
}

// AddComment adds the user's comment to their own response, once, within
// CommentWindow of answering. An empty comment changes nothing.
func AddComment(ctx context.Context, db bun.IDB, companyID, userID, responseID int64, comment string, now time.Time) error {
	comment = cleanComment(comment)
	if comment == "" {
		return nil
	}
	res, err := db.ExecContext(ctx, `UPDATE nps_responses SET comment = ?
		WHERE id = ? AND company_id = ? AND user_id = ? AND comment = '' AND created_at > ?`,
		comment, responseID, companyID, userID, now.Add(-CommentWindow))
	if err != nil {
		return fmt.Errorf("nps: add comment: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// Get returns one of the user's own responses.
func Get(ctx context.Context, db bun.IDB, companyID, userID, id int64) (*Response, error) {
	r := new(Response)
	err := db.NewSelect().Model(r).Where("id = ? AND company_id = ? AND user_id = ?", id, companyID, userID).Scan(ctx)
	if errors.Is(err, domain.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("nps: get: %w", err)
	}
	return r, nil
}

// cleanComment trims a comment and cuts it to MaxComment characters (never
// inside a character).
func cleanComment(s string) string {
	s = strings.TrimSpace(strings.ToValidUTF8(s, ""))
	if utf8.RuneCountInString(s) <= MaxComment {
		return s
	}
	return strings.TrimSpace(string([]rune(s)[:MaxComment]))
}
