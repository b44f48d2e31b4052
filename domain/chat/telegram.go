package chat

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/account"
	"partnerdesk/domain/company"
)

// LinkTTL is how long a "Connect Telegram" link works.
const LinkTTL = 10 * time.Minute

// ErrLinkInvalid: the link token is unknown, used or expired.
var ErrLinkInvalid = errors.New("chat: telegram link invalid or expired")

// NewLinkToken makes a one-time token (192 bits, URL-safe, 32 characters:
// within Telegram's 64 allowed in a deep link) that links a Telegram chat to
// the user. Only its hash is stored.
func NewLinkToken(ctx context.Context, db bun.IDB, userID int64, now time.Time) (string, error) {
	token := account.NewToken(24)
	if _, err := db.ExecContext(ctx, "INSERT INTO telegram_link_tokens (token_hash, user_id, expires_at) VALUES (?, ?, ?)",
		account.HashToken(token), userID, now.Add(LinkTTL)); err != nil {
		return "", fmt.Errorf("chat: link token: %w", err)
	}
	return token, nil
}

// Link ties a Telegram chat to the token's user (taking it from whoever had
// it before) and returns the user's id.
func Link(ctx context.Context, tx bun.Tx, token string, chatID, telegramUserID int64, now time.Time) (int64, error) {
	var userID int64
	err := tx.NewRaw(`UPDATE telegram_link_tokens t SET used_at = ? FROM users u
		WHERE t.token_hash = ? AND t.used_at IS NULL AND t.expires_at > ? AND u.id = t.user_id AND u.active
		RETURNING t.user_id`, now, account.HashToken(token), now).Scan(ctx, &userID)
	if errors.Is(err, domain.ErrNoRows) {
		return 0, ErrLinkInvalid
	}
	if err != nil {
		return 0, fmt.Errorf("chat: link: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "UPDATE users SET telegram_chat_id = NULL, telegram_user_id = NULL WHERE (telegram_chat_id = ? OR telegram_user_id = ?) AND id <> ?",
		chatID, telegramUserID, userID); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE users SET telegram_chat_id = ?, telegram_user_id = ? WHERE id = ?", chatID, telegramUserID, userID); err != nil {
		return 0, fmt.Errorf("chat: link user: %w", err)
	}
	_, err = tx.ExecContext(ctx, `UPDATE conversations c SET user_id = u.id, company_id = u.company_id, language = u.language, mode = 'bot',
		state = '', misunderstood = 0, version = c.version + 1 FROM users u WHERE u.id = ? AND c.channel = 'telegram' AND c.telegram_chat_id = ?`,
		userID, chatID)
	return userID, err
}

// Unlink detaches a Telegram chat from its user.
func Unlink(ctx context.Context, tx bun.IDB, chatID int64) error {
	if _, err := tx.ExecContext(ctx, "UPDATE users SET telegram_chat_id = NULL, telegram_user_id = NULL WHERE telegram_chat_id = ?", chatID); err != nil {
		return fmt.Errorf("chat: unlink: %w", err)
	}
	_, err := tx.ExecContext(ctx, "UPDATE conversations SET user_id = NULL, company_id = NULL WHERE channel = 'telegram' AND telegram_chat_id = ?", chatID)
	return err
}

// ForTelegramChat returns the chat's conversation, creating it once.
func ForTelegramChat(ctx context.Context, db bun.IDB, chatID int64, lang domain.Language) (*Conversation, error) {
	if _, err := db.ExecContext(ctx, `INSERT INTO conversations (channel, telegram_chat_id, language) VALUES ('telegram', ?, ?)
		ON CONFLICT (telegram_chat_id) WHERE channel = 'telegram' DO NOTHING`, chatID, lang); err != nil {
		return nil, fmt.Errorf("chat: telegram conversation: %w", err)
	}
	c := new(Conversation)
	if err := db.NewSelect().Model(c).Where("channel = 'telegram' AND telegram_chat_id = ?", chatID).Scan(ctx); err != nil {
		return nil, fmt.Errorf("chat: telegram conversation: %w", err)
	}
	return c, nil
}

// Bind ties a Telegram conversation to the user (after linking).
func Bind(ctx context.Context, tx bun.IDB, chatID int64, user *company.User) error {
	_, err := tx.ExecContext(ctx, `UPDATE conversations SET user_id = ?, company_id = ?, language = ?, version = version + 1
		WHERE channel = 'telegram' AND telegram_chat_id = ?`, user.ID, user.CompanyID, user.Language, chatID)
	return err
}
