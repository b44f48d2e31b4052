package telegram

import "partnerdesk/domain/chat"

// Update is one incoming update (only the kinds the bot asks for: message
// and callback_query).
type Update struct {
	UpdateID      int64          `json:"update_id"`
	Message       *Message       `json:"message,omitempty"`
	CallbackQuery *CallbackQuery `json:"callback_query,omitempty"`
}

// User is a Telegram user.
type User struct {
	ID           int64  `json:"id"`
	IsBot        bool   `json:"is_bot"`
	FirstName    string `json:"first_name"`
	LastName     string `json:"last_name,omitempty"`
	Username     string `json:"username,omitempty"`
	LanguageCode string `json:"language_code,omitempty"`
}

// Chat is the chat a message belongs to.
type Chat struct {
	ID   int64  `json:"id"`
	Type string `json:"type"`
}

// PhotoSize is one size of a sent photo; keep FileID and download it through
// getFile (up to 20 MB).
type PhotoSize struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
	FileSize     int64  `json:"file_size,omitempty"`
}

// Message is an incoming (or, as callback_query.message, an earlier bot)
// message.
type Message struct {
	MessageID int64       `json:"message_id"`
	From      *User       `json:"from,omitempty"`
	Chat      Chat        `json:"chat"`
	Date      int64       `json:"date"`
	Text      string      `json:"text,omitempty"`
	Caption   string      `json:"caption,omitempty"`
	Photo     []PhotoSize `json:"photo,omitempty"`
}

// CallbackQuery is a pressed inline button.
type CallbackQuery struct {
	ID      string   `json:"id"`
	From    User     `json:"from"`
	Message *Message `json:"message,omitempty"`
	Data    string   `json:"data,omitempty"`
}

// ChatID is the chat the update came from (0 if none).
func (u Update) ChatID() int64 {
	switch {
	case u.Message != nil:
		return u.Message.Chat.ID
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil:
		return u.CallbackQuery.Message.Chat.ID
	}
	return 0
}

// UserID is the Telegram user who sent the update (0 if unknown).
func (u Update) UserID() int64 {
	switch {
	case u.Message != nil && u.Message.From != nil:
		return u.Message.From.ID
	case u.CallbackQuery != nil:
		return u.CallbackQuery.From.ID
	}
	return 0
}

// Input is the update as the conversation engine's input: the text (or a
// photo's caption) of a message, or the data of a pressed button.
func (u Update) Input() chat.Input {
	switch {
	case u.Message != nil:
		if u.Message.Text != "" {
			return chat.Input{Text: u.Message.Text}
		}
		return chat.Input{Text: u.Message.Caption, PhotoFileID: u.PhotoFileID()}
	case u.CallbackQuery != nil:
		return chat.Input{Data: u.CallbackQuery.Data}
	}
	return chat.Input{}
}

// PhotoFileID is the file_id of the largest size of the message's photo, or
// "" when there is none.
func (u Update) PhotoFileID() string {
	if u.Message == nil || len(u.Message.Photo) == 0 {
		return ""
	}
	best := u.Message.Photo[0]
	for _, p := range u.Message.Photo[1:] {
		if p.Width*p.Height > best.Width*best.Height {
			best = p
		}
	}
	return best.FileID
}
