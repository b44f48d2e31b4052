// Package chat keeps bot conversations (Telegram and the portal panel), their
// messages and the handoffs of a conversation to the account manager.
package chat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/event"
)

// Channels of a conversation.
const (
	ChannelTelegram = "telegram"
	ChannelPortal   = "portal"
)

// Modes: the bot answers, or a human has taken over.
const (
	ModeBot   = "bot"
	ModeHuman = "human"
)

// ErrConflict: the conversation changed since it was loaded (another
// instance handled a message at the same time); load it again and retry.
var ErrConflict = errors.New("chat: conversation changed meanwhile")

// Conversation is one chat with one customer user.
type Conversation struct {
	bun.BaseModel `bun:"table:conversations"`

	ID             int64           `bun:"id,pk,autoincrement"`
	Channel        string          `bun:"channel"`
	TelegramChatID *int64          `bun:"telegram_chat_id"`
	UserID         *int64          `bun:"user_id"`
	CompanyID      *int64          `bun:"company_id"`
	Language       domain.Language `bun:"language"`
	Mode           string          `bun:"mode"`
	State          string          `bun:"state"`
	StateData      json.RawMessage `bun:"state_data,type:jsonb"`
	Misunderstood  int             `bun:"misunderstood"`
	Version        int             `bun:"version"`
	CreatedAt      time.Time       `bun:"created_at,nullzero,default:now()"`
	UpdatedAt      time.Time       `bun:"updated_at,nullzero,default:now()"`
}

// ForPortalUser returns the user's portal conversation, creating it once.
func ForPortalUser(ctx context.Context, db bun.IDB, userID, companyID int64, lang domain.Language) (*Conversation, error) {
	_, err := db.ExecContext(ctx, `INSERT INTO conversations (channel, user_id, company_id, language) VALUES ('portal', ?, ?, ?)
		ON CONFLICT (user_id) WHERE channel = 'portal' DO NOTHING`, userID, companyID, lang)
	if err != nil {
		return nil, fmt.Errorf("chat: create conversation: %w", err)
	}
	c := new(Conversation)
	if err := db.NewSelect().Model(c).Where("channel = 'portal' AND user_id = ?", userID).Scan(ctx); err != nil {
		return nil, fmt.Errorf("chat: conversation: %w", err)
	}
	return c, nil
}

// Save stores the conversation's state if nobody changed it meanwhile.
func Save(ctx context.Context, db bun.IDB, c *Conversation) error {
	if len(c.StateData) == 0 {
		c.StateData = json.RawMessage("{}")
	}
	res, err := db.NewUpdate().Model(c).Column("language", "mode", "state", "state_data", "misunderstood").
		Set("version = version + 1").Set("updated_at = now()").
		WherePK().Where("version = ?", c.Version).Exec(ctx)
	if err != nil {
		return fmt.Errorf("chat: save: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrConflict
	}
	c.Version++
	return nil
}

// Button is a choice offered with a message; Data is what comes back when
// it is pressed (at most 64 bytes, Telegram's limit).
type Button struct {
	Label string `json:"label"`
	Data  string `json:"data"`
}

// Input is what a customer sent: text, or the data of a pressed button.
type Input struct {
	Text string `json:"text"`
	Data string `json:"data"`
	// PhotoFileID is a photo the customer sent (Telegram's file id); the
	// transport fetches it when a flow keeps it.
	PhotoFileID string `json:"-"`
}

// Reply is one message of the bot (or of a manager) to the customer.
type Reply struct {
	Text    string   `json:"text"`
	Buttons []Button `json:"buttons"`
}

// Message is one line of a conversation.
type Message struct {
	bun.BaseModel `bun:"table:chat_messages"`

	ID             int64     `bun:"id,pk,autoincrement"`
	ConversationID int64     `bun:"conversation_id"`
	Direction      string    `bun:"direction"` // in, out
	Author         string    `bun:"author"`    // customer, bot, manager
	AuthorID       *int64    `bun:"author_id"`
	Body           string    `bun:"body"`
	Buttons        []Button  `bun:"buttons,type:jsonb"`
	PhotoFileID    *string   `bun:"photo_file_id"`
	CreatedAt      time.Time `bun:"created_at,nullzero,default:now()"`
}

// Append records a message.
func Append(ctx context.Context, db bun.IDB, m *Message) error {
	if m.Buttons == nil {
		m.Buttons = []Button{}
	}
	if _, err := db.NewInsert().Model(m).ExcludeColumn("id", "created_at").Returning("id, created_at").Exec(ctx); err != nil {
		return fmt.Errorf("chat: append: %w", err)
	}
	return nil
}

// History returns the last messages of a conversation, oldest first.
func History(ctx context.Context, db bun.IDB, conversationID int64, limit int) ([]Message, error) {
	var ms []Message
	err := db.NewSelect().Model(&ms).Where("conversation_id = ?", conversationID).Order("id DESC").Limit(limit).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("chat: history: %w", err)
	}
	for i, j := 0, len(ms)-1; i < j; i, j = i+1, j-1 {
		ms[i], ms[j] = ms[j], ms[i]
	}
	return ms, nil
}

// Handoff reasons.
const (
	ReasonAsked         = "asked"
	ReasonNotUnderstood = "not_understood"
	ReasonDetractor     = "detractor"
	ReasonComplaint     = "complaint"
)

// RequestHandoff passes the conversation to a human: a waiting handoff with
// a pickup deadline, the conversation in human mode, and an event for the
// manager's desk (and the manager's Telegram). A conversation that already
// has an open handoff keeps it, and nobody is told twice.
func RequestHandoff(ctx context.Context, tx bun.IDB, c *Conversation, reason string, pickup time.Duration, now time.Time) (int64, error) {
	var row struct {
		ID       int64 `bun:"id"`
		Inserted bool  `bun:"inserted"`
	}
	err := tx.NewRaw(`INSERT INTO handoffs (conversation_id, company_id, reason, pickup_due_at, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (conversation_id) WHERE status <> 'closed' DO UPDATE SET reason = handoffs.reason
		RETURNING id, (xmax = 0) AS inserted`, c.ID, c.CompanyID, reason, now.Add(pickup), now).Scan(ctx, &row)
	if err != nil {
		return 0, fmt.Errorf("chat: handoff: %w", err)
	}
	c.Mode = ModeHuman
	if !row.Inserted {
		return row.ID, nil
	}
	var company int64
	if c.CompanyID != nil {
		company = *c.CompanyID
	}
	return row.ID, event.Emit(ctx, tx, company, event.HandoffChanged, map[string]any{"handoff": row.ID, "status": HandoffWaiting, "reason": reason})
}

// PressedLabel returns the label of the button with this data among the
// bot's last messages of the conversation, so that history reads "Confirm"
// rather than the button's data; "" when none is found.
func PressedLabel(ctx context.Context, db bun.IDB, conversationID int64, data string) (string, error) {
	var label string
	err := db.NewRaw(`SELECT b->>'label' FROM (SELECT buttons FROM chat_messages WHERE conversation_id = ? AND direction = 'out'
		ORDER BY id DESC LIMIT 5) m, jsonb_array_elements(m.buttons) b WHERE b->>'data' = ? LIMIT 1`, conversationID, data).Scan(ctx, &label)
	if errors.Is(err, domain.ErrNoRows) {
		return "", nil
	}
	return label, err
}
