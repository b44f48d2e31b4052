// Package telegram talks to the Telegram Bot API with net/http and
// encoding/json: a small Client, an outbound queue in telegram_outbox sent at
// the rates Telegram allows (Sender), and a getUpdates loop that handles each
// update once (Poller).
package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"partnerdesk/locales"
)

// DefaultAPIURL is the public Bot API endpoint.
const DefaultAPIURL = "https://api.telegram.org"

// Client calls Bot API methods: POST {APIURL}/bot{Token}/{method} with a JSON
// body. HTTP may be nil (http.DefaultClient); deadlines come from ctx.
type Client struct {
	APIURL string
	Token  string
	HTTP   *http.Client
}

// APIError is an answer with "ok": false.
type APIError struct {
	Code        int
	RetryAfter  time.Duration // from parameters.retry_after on 429
	Description string
}

func (e *APIError) Error() string {
	if e.RetryAfter > 0 {
		return fmt.Sprintf("telegram: %d %s (retry after %s)", e.Code, e.Description, e.RetryAfter)
	}
	return fmt.Sprintf("telegram: %d %s", e.Code, e.Description)
}

type apiResponse struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  *struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

// Call posts params (marshalled to JSON; nil for none) to method and decodes
// the result into result (may be nil). An "ok": false answer is an *APIError;
// transport errors are returned with the token removed from the message.
func (c *Client) Call(ctx context.Context, method string, params any, result any) error {
	body := []byte("{}")
	if params != nil {
		var err error
		if body, err = json.Marshal(params); err != nil {
			return fmt.Errorf("telegram: %s: encode params: %w", method, err)
		}
	}
	base := c.APIURL
	if base == "" {
		base = DefaultAPIURL
	}
	endpoint := strings.TrimRight(base, "/") + "/bot" + c.Token + "/" + method
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return c.redact(fmt.Errorf("telegram: %s: %w", method, err))
	}
	req.Header.Set("Content-Type", "application/json")
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("telegram: %s: %w", method, c.redact(err))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	if err != nil {
		return c.redact(fmt.Errorf("telegram: %s: read answer: %w", method, err))
	}
	var ar apiResponse
	if err := json.Unmarshal(raw, &ar); err != nil {
		// Not the Bot API's JSON (a proxy's error page, say).
		return &APIError{Code: resp.StatusCode, Description: "unexpected answer: " + http.StatusText(resp.StatusCode)}
	}
	if !ar.OK {
		e := &APIError{Code: ar.ErrorCode, Description: ar.Description}
		if e.Code == 0 {
			e.Code = resp.StatusCode
		}
		if ar.Parameters != nil && ar.Parameters.RetryAfter > 0 {
			e.RetryAfter = time.Duration(ar.Parameters.RetryAfter) * time.Second
		}
		return e
	}
	if result != nil && len(ar.Result) > 0 {
		if err := json.Unmarshal(ar.Result, result); err != nil {
			return fmt.Errorf("telegram: %s: decode result: %w", method, err)
		}
	}
	return nil
}

// redact removes the bot token from an error message (*url.Error includes
// the whole URL, and the token is in the path).
func (c *Client) redact(err error) error {
	if c.Token == "" {
		return err
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = strings.ReplaceAll(ue.URL, c.Token, "<token>")
	}
	if strings.Contains(err.Error(), c.Token) {
		return errors.New(strings.ReplaceAll(err.Error(), c.Token, "<token>"))
	}
	return err // keeps its type (Temporary looks at it)
}

// Temporary reports whether a call may succeed if repeated: 429, 5xx, and
// transport errors (timeouts, refused connections). Cancellation of the
// caller's context is not temporary.
func Temporary(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Code == http.StatusTooManyRequests || ae.Code >= 500
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	var ue *url.Error
	return errors.As(err, &ue)
}

// BotUser is the answer of getMe.
type BotUser struct {
	ID        int64  `json:"id"`
	IsBot     bool   `json:"is_bot"`
	FirstName string `json:"first_name"`
	Username  string `json:"username"`
}

// GetMe checks the token.
func (c *Client) GetMe(ctx context.Context) (*BotUser, error) {
	u := new(BotUser)
	if err := c.Call(ctx, "getMe", nil, u); err != nil {
		return nil, err
	}
	return u, nil
}

// AnswerCallbackQuery stops the button's spinner; text (0–200 characters) is
// shown as a toast. Always answer a callback query.
func (c *Client) AnswerCallbackQuery(ctx context.Context, id, text string) error {
	p := map[string]any{"callback_query_id": id}
	if text != "" {
		p["text"] = locales.Truncate(text, 200)
	}
	return c.Call(ctx, "answerCallbackQuery", p, nil)
}

// MaxFileSize is what the public Bot API lets a bot download (20 MB).
const MaxFileSize = 20 << 20

// File is the answer of getFile.
type File struct {
	FileID   string `json:"file_id"`
	FileSize int64  `json:"file_size"`
	FilePath string `json:"file_path"`
}

// FetchFile downloads a file a user sent: getFile for its path, then GET
// {APIURL}/file/bot{Token}/{file_path} — built from the configured endpoint
// (a self-hosted Bot API server serves files too), never from a link the
// library would make. At most max bytes (MaxFileSize when 0) are read.
func (c *Client) FetchFile(ctx context.Context, fileID string, max int64) ([]byte, error) {
	if max <= 0 || max > MaxFileSize {
		max = MaxFileSize
	}
	var f File
	if err := c.Call(ctx, "getFile", map[string]any{"file_id": fileID}, &f); err != nil {
		return nil, err
	}
	if f.FilePath == "" || strings.Contains(f.FilePath, "..") {
		return nil, fmt.Errorf("telegram: getFile: no usable file_path")
	}
	if f.FileSize > max {
		return nil, fmt.Errorf("telegram: file of %d bytes is over %d: %w", f.FileSize, max, ErrFileTooBig)
	}
	base := c.APIURL
	if base == "" {
		base = DefaultAPIURL
	}
	endpoint := strings.TrimRight(base, "/") + "/file/bot" + c.Token + "/" + f.FilePath
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
	if err != nil {
		return nil, c.redact(fmt.Errorf("telegram: download: %w", err))
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("telegram: download: %w", c.redact(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, &APIError{Code: resp.StatusCode, Description: "download: " + http.StatusText(resp.StatusCode)}
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return nil, c.redact(fmt.Errorf("telegram: download: %w", err))
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("telegram: file is over %d bytes: %w", max, ErrFileTooBig)
	}
	return data, nil
}

// ErrFileTooBig: a file is larger than allowed.
var ErrFileTooBig = errors.New("telegram: file too big")
