// Package fakeapi is a fake Telegram Bot API for tests and for the load
// generator: getMe, getUpdates, sendMessage, answerCallbackQuery, getFile and
// file downloads, with Telegram's limits on texts, callback data and sending
// rates enforced. Faults (error answers, calls that hang and are dropped) can
// be injected while it runs, and it counts what a load test needs to compare
// with the database.
package fakeapi

import (
	"encoding/json"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Token is the only bot token the fake accepts.
const Token = "123456:TEST"

// Button is a sent inline button.
type Button struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data"`
}

// SentMessage is a message the fake accepted.
type SentMessage struct {
	MessageID int64
	ChatID    int64
	Text      string // as sent (HTML)
	ParseMode string
	Buttons   [][]Button
	At        time.Time
}

// Refusal is a call the fake answered with an error, or dropped.
type Refusal struct {
	Method string
	ChatID int64
	Code   int // 0 for a call that hung and was dropped
	Reason string
	// Injected: the refusal was a fault injected with Inject, FailNext or
	// HangNext, not one of the fake's own rules (a rate limit, a bad request).
	Injected bool
}

// Server is a running fake. Set PerChat and Global before sending.
type Server struct {
	PerChat    time.Duration // minimum spacing per chat; default 1s
	Global     int           // messages per second overall; default 30
	RetryAfter int           // retry_after of FailNext's 429s; default 3

	srv  *httptest.Server // New's server
	hs   *http.Server     // Listen's server
	url  string
	done chan struct{} // closed by Close: calls that hang give up

	mu         sync.Mutex
	updates    []json.RawMessage
	updateIDs  []int64
	nextUpdate int64
	nextMsg    int64
	sent       []SentMessage
	refused    []Refusal
	answered   []string
	lastByChat map[int64]time.Time
	window     []time.Time
	faults     []pendingFault
	calls      map[string]int
	files      map[string][]byte // file_id → content, for getFile and downloads

	sentByChat map[int64][]int         // chat → indexes into sent
	arrival    map[int64]chan struct{} // chat → closed at its next accepted message
	handedOut  map[int64]int           // update id → getUpdates answers that carried it
	pushed     int
}

// AddFile makes a file (a photo a user "sent") available under fileID for
// getFile and the download URL.
func (s *Server) AddFile(fileID string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.files == nil {
		s.files = map[string][]byte{}
	}
	s.files[fileID] = data
}

func newServer() *Server {
	return &Server{nextUpdate: 1000, lastByChat: map[int64]time.Time{}, calls: map[string]int{}, done: make(chan struct{}),
		sentByChat: map[int64][]int{}, arrival: map[int64]chan struct{}{}, handedOut: map[int64]int{}}
}

// New starts a fake on a free local port; it is closed with Close.
func New() *Server {
	s := newServer()
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.url = s.srv.URL
	return s
}

// Listen starts a fake on addr (host:port), for another process to use as
// its Bot API at http://addr; it is closed with Close.
func Listen(addr string) (*Server, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("fakeapi: %w", err)
	}
	s := newServer()
	s.hs = &http.Server{Handler: http.HandlerFunc(s.serve), ReadHeaderTimeout: 10 * time.Second}
	s.url = "http://" + l.Addr().String()
	go s.hs.Serve(l) //nolint:errcheck // Serve ends with ErrServerClosed at Close
	return s, nil
}

// URL is the API URL (use with Token).
func (s *Server) URL() string { return s.url }

// Close stops the server. Calls hanging on an injected fault are dropped.
func (s *Server) Close() {
	s.mu.Lock()
	select {
	case <-s.done:
	default:
		close(s.done)
	}
	s.mu.Unlock()
	if s.srv != nil {
		s.srv.Close()
	}
	if s.hs != nil {
		s.hs.Close()
	}
}

// Sent returns the accepted messages in order.
func (s *Server) Sent() []SentMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]SentMessage(nil), s.sent...)
}

// Refused returns the refused calls in order.
func (s *Server) Refused() []Refusal {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Refusal(nil), s.refused...)
}

// Answered returns the ids of answered callback queries.
func (s *Server) Answered() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.answered...)
}

// Calls counts calls of a method (failed ones included).
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[method]
}

// Push queues an update as given (a map or struct with update_id; if
// update_id is missing or 0, one is assigned). It returns the update_id. An
// update can be pushed again with the same id to simulate redelivery.
func (s *Server) Push(update any) int64 {
	raw, err := json.Marshal(update)
	if err != nil {
		panic(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		panic(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var id int64
	if v, ok := m["update_id"].(float64); ok && v != 0 {
		id = int64(v)
	} else {
		s.nextUpdate++
		id = s.nextUpdate
		m["update_id"] = id
	}
	raw, _ = json.Marshal(m)
	s.updates = append(s.updates, raw)
	s.updateIDs = append(s.updateIDs, id)
	s.pushed++
	return id
}

// PushText queues a text message from user in chat.
func (s *Server) PushText(chatID, userID int64, text string) int64 {
	s.mu.Lock()
	s.nextMsg++
	mid := s.nextMsg
	s.mu.Unlock()
	return s.Push(map[string]any{"message": map[string]any{
		"message_id": mid, "date": time.Now().Unix(), "text": text,
		"chat": map[string]any{"id": chatID, "type": "private"},
		"from": map[string]any{"id": userID, "is_bot": false, "first_name": "Test"},
	}})
}

// PushPhoto queues a photo (two sizes) with a caption.
func (s *Server) PushPhoto(chatID, userID int64, fileID, caption string) int64 {
	return s.Push(map[string]any{"message": map[string]any{
		"message_id": 1, "date": time.Now().Unix(), "caption": caption,
		"chat": map[string]any{"id": chatID, "type": "private"},
		"from": map[string]any{"id": userID, "is_bot": false, "first_name": "Test"},
		"photo": []map[string]any{
			{"file_id": fileID + "-small", "file_unique_id": "s", "width": 90, "height": 60},
			{"file_id": fileID, "file_unique_id": "l", "width": 1280, "height": 960},
		},
	}})
}

// PushCallback queues a pressed button with data in chat.
func (s *Server) PushCallback(chatID, userID int64, data string) int64 {
	s.mu.Lock()
	s.nextMsg++
	qid := fmt.Sprintf("cq%d", s.nextMsg)
	s.mu.Unlock()
	return s.Push(map[string]any{"callback_query": map[string]any{
		"id": qid, "data": data,
		"from":    map[string]any{"id": userID, "is_bot": false, "first_name": "Test"},
		"message": map[string]any{"message_id": 1, "date": 0, "chat": map[string]any{"id": chatID, "type": "private"}},
	}})
}

type answer struct {
	OK          bool           `json:"ok"`
	Result      any            `json:"result,omitempty"`
	ErrorCode   int            `json:"error_code,omitempty"`
	Description string         `json:"description,omitempty"`
	Parameters  map[string]int `json:"parameters,omitempty"`
}

func reply(w http.ResponseWriter, a answer) {
	w.Header().Set("Content-Type", "application/json")
	if !a.OK {
		w.WriteHeader(a.ErrorCode)
	}
	json.NewEncoder(w).Encode(a) //nolint:errcheck
}

func fail(code int, desc string) answer {
	a := answer{ErrorCode: code, Description: desc}
	return a
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if rest, ok := strings.CutPrefix(r.URL.Path, "/file/bot"+Token+"/files/"); ok && r.Method == http.MethodGet {
		s.mu.Lock()
		data, found := s.files[rest]
		s.mu.Unlock()
		if !found {
			http.NotFound(w, r)
			return
		}
		w.Write(data) //nolint:errcheck
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 || r.Method != http.MethodPost {
		reply(w, fail(404, "Not Found"))
		return
	}
	if token != Token {
		reply(w, fail(401, "Unauthorized"))
		return
	}
	var params map[string]json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&params); err != nil {
		reply(w, fail(400, "Bad Request: invalid JSON"))
		return
	}
	s.mu.Lock()
	s.calls[method]++
	f, faulty := s.takeFault(method, params)
	s.mu.Unlock()
	if faulty {
		s.injure(w, r, f)
		return
	}

	switch method {
	case "getMe":
		reply(w, answer{OK: true, Result: map[string]any{"id": 123456, "is_bot": true, "first_name": "Fake", "username": "fake_bot"}})
	case "getUpdates":
		reply(w, s.getUpdates(r, params))
	case "sendMessage":
		reply(w, s.sendMessage(params))
	case "getFile":
		var id string
		json.Unmarshal(params["file_id"], &id) //nolint:errcheck
		s.mu.Lock()
		data, found := s.files[id]
		s.mu.Unlock()
		if !found {
			reply(w, fail(400, "Bad Request: invalid file_id"))
			return
		}
		reply(w, answer{OK: true, Result: map[string]any{"file_id": id, "file_size": len(data), "file_path": "files/" + id}})
	case "answerCallbackQuery":
		var id string
		json.Unmarshal(params["callback_query_id"], &id) //nolint:errcheck
		if id == "" {
			reply(w, fail(400, "Bad Request: query id is empty"))
			return
		}
		s.mu.Lock()
		s.answered = append(s.answered, id)
		s.mu.Unlock()
		reply(w, answer{OK: true, Result: true})
	default:
		reply(w, fail(404, "Not Found: method not found"))
	}
}

func (s *Server) getUpdates(r *http.Request, params map[string]json.RawMessage) answer {
	var offset, timeout int64
	json.Unmarshal(params["offset"], &offset)   //nolint:errcheck
	json.Unmarshal(params["timeout"], &timeout) //nolint:errcheck
	wait := min(time.Duration(timeout)*time.Second, time.Second)
	deadline := time.Now().Add(wait)
	for {
		s.mu.Lock()
		var out []json.RawMessage
		keepU, keepI := s.updates[:0:0], s.updateIDs[:0:0]
		for i, u := range s.updates {
			id := s.updateIDs[i]
			if offset != 0 && id < offset {
				continue // confirmed: forgotten, as Telegram does
			}
			keepU, keepI = append(keepU, u), append(keepI, id)
			if len(out) < 100 {
				out = append(out, u)
				s.handedOut[id]++
			}
		}
		s.updates, s.updateIDs = keepU, keepI
		s.mu.Unlock()
		if len(out) > 0 || time.Now().After(deadline) || r.Context().Err() != nil {
			if out == nil {
				out = []json.RawMessage{}
			}
			return answer{OK: true, Result: out}
		}
		time.Sleep(10 * time.Millisecond)
	}
}

var allowedTag = regexp.MustCompile(`^</?(b|strong|i|em|u|ins|s|strike|del|code|pre|tg-spoiler|blockquote|a( href="[^"]*")?)>`)
var anyTag = regexp.MustCompile(`<[^>]*>`)

// visibleText checks HTML like Telegram does (roughly) and returns the text
// after entity parsing.
func visibleText(text, parseMode string) (string, error) {
	if !strings.EqualFold(parseMode, "HTML") {
		return text, nil
	}
	for i := 0; i < len(text); i++ {
		if text[i] == '<' && allowedTag.FindString(text[i:]) == "" {
			return "", fmt.Errorf("Bad Request: can't parse entities: unsupported start tag at byte offset %d", i)
		}
	}
	return html.UnescapeString(anyTag.ReplaceAllString(text, "")), nil
}

func (s *Server) sendMessage(params map[string]json.RawMessage) answer {
	var p struct {
		ChatID      int64  `json:"chat_id"`
		Text        string `json:"text"`
		ParseMode   string `json:"parse_mode"`
		ReplyMarkup *struct {
			InlineKeyboard [][]Button `json:"inline_keyboard"`
		} `json:"reply_markup"`
	}
	raw, _ := json.Marshal(params)
	if err := json.Unmarshal(raw, &p); err != nil || p.ChatID == 0 {
		return s.refuse("sendMessage", p.ChatID, fail(400, "Bad Request: chat_id is empty"))
	}
	visible, err := visibleText(p.Text, p.ParseMode)
	if err != nil {
		return s.refuse("sendMessage", p.ChatID, fail(400, err.Error()))
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(visible)); n == 0 {
		return s.refuse("sendMessage", p.ChatID, fail(400, "Bad Request: message text is empty"))
	} else if utf8.RuneCountInString(visible) > 4096 {
		return s.refuse("sendMessage", p.ChatID, fail(400, "Bad Request: message is too long"))
	}
	var buttons [][]Button
	if p.ReplyMarkup != nil {
		buttons = p.ReplyMarkup.InlineKeyboard
		for _, row := range buttons {
			for _, b := range row {
				if b.Text == "" {
					return s.refuse("sendMessage", p.ChatID, fail(400, "Bad Request: text buttons are unallowed in the inline keyboard"))
				}
				if len(b.CallbackData) < 1 || len(b.CallbackData) > 64 {
					return s.refuse("sendMessage", p.ChatID, fail(400, "Bad Request: BUTTON_DATA_INVALID"))
				}
			}
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	perChat := s.PerChat
	if perChat <= 0 {
		perChat = time.Second
	}
	global := s.Global
	if global <= 0 {
		global = 30
	}
	if last, ok := s.lastByChat[p.ChatID]; ok && now.Sub(last) < perChat {
		return s.refuseLocked("sendMessage", p.ChatID, tooMany(perChat-now.Sub(last)))
	}
	i := 0
	for i < len(s.window) && now.Sub(s.window[i]) >= time.Second {
		i++
	}
	s.window = s.window[i:]
	if len(s.window) >= global {
		return s.refuseLocked("sendMessage", p.ChatID, tooMany(time.Second-now.Sub(s.window[0])))
	}
	s.window = append(s.window, now)
	s.lastByChat[p.ChatID] = now
	s.nextMsg++
	m := SentMessage{MessageID: s.nextMsg, ChatID: p.ChatID, Text: p.Text, ParseMode: p.ParseMode, Buttons: buttons, At: now}
	s.sent = append(s.sent, m)
	s.sentByChat[p.ChatID] = append(s.sentByChat[p.ChatID], len(s.sent)-1)
	if ch, ok := s.arrival[p.ChatID]; ok {
		close(ch)
		delete(s.arrival, p.ChatID)
	}
	return answer{OK: true, Result: map[string]any{
		"message_id": m.MessageID, "date": now.Unix(), "text": visible,
		"chat": map[string]any{"id": p.ChatID, "type": "private"},
	}}
}

func tooMany(wait time.Duration) answer {
	secs := int((wait + time.Second - 1) / time.Second)
	secs = max(secs, 1)
	a := fail(http.StatusTooManyRequests, fmt.Sprintf("Too Many Requests: retry after %d", secs))
	a.Parameters = map[string]int{"retry_after": secs}
	return a
}

func (s *Server) refuse(method string, chatID int64, a answer) answer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refuseLocked(method, chatID, a)
}

func (s *Server) refuseLocked(method string, chatID int64, a answer) answer {
	s.refused = append(s.refused, Refusal{Method: method, ChatID: chatID, Code: a.ErrorCode, Reason: a.Description})
	return a
}
