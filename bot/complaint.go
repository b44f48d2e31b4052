package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"unicode/utf8"

	"partnerdesk/bot/intent"
	"partnerdesk/domain/chat"
	"partnerdesk/domain/complaint"
	"partnerdesk/locales"
)

// Complaints are filed step by step: order → line → reason → quantity →
// photos (Telegram only; optional) → description → confirm. The draft lives
// in the conversation's state, so a restart or another instance carries on
// where the customer is. The complaint is created by complaint.Create, the
// same function the portal uses, and the answer names its number and SLA
// deadlines.

// FileFetcher downloads a file a customer sent (Telegram's getFile).
type FileFetcher interface {
	FetchFile(ctx context.Context, fileID string, max int64) ([]byte, error)
}

const (
	stateComplaint = "complaint"
	// Button data, all far below 64 bytes.
	dataComplaint     = "cp:start"
	dataComplaintPfx  = "cp:"
	dataComplaintSkip = "cp:skip"
	dataComplaintOK   = "cp:ok"
	dataComplaintNo   = "cp:no"
	complaintOrders   = 5
	complaintNameMax  = 48
	complaintTextMin  = 5
	complaintTextMax  = 2000
)

// Steps of the draft.
const (
	stepOrder   = "order"
	stepLine    = "line"
	stepReason  = "reason"
	stepQty     = "qty"
	stepPhoto   = "photo"
	stepText    = "text"
	stepConfirm = "confirm"
	stepDone    = "done"
)

type complaintDraft struct {
	Step      string                  `json:"step"`
	Order     int64                   `json:"order,omitempty"`
	Line      int64                   `json:"line,omitempty"`
	LineName  string                  `json:"line_name,omitempty"`
	Claimable int                     `json:"claimable,omitempty"`
	Reason    string                  `json:"reason,omitempty"`
	Qty       int                     `json:"qty,omitempty"`
	Photos    []complaint.StoredPhoto `json:"photos,omitempty"`
	Text      string                  `json:"text,omitempty"`
	Number    int64                   `json:"number,omitempty"` // once filed
}

func (t *turn) saveDraft(d *complaintDraft) {
	t.conv.State = stateComplaint
	t.conv.StateData, _ = json.Marshal(d)
}

func (t *turn) draft() (*complaintDraft, bool) {
	if t.conv.State != stateComplaint {
		return nil, false
	}
	d := new(complaintDraft)
	if json.Unmarshal(t.conv.StateData, d) != nil || d.Step == "" {
		return nil, false
	}
	return d, true
}

func (t *turn) cancelButton() chat.Button {
	return chat.Button{Label: t.loc.T("bot_button_cancel"), Data: dataComplaintNo}
}

// complaintStart asks which order the complaint is about.
func (t *turn) complaintStart() ([]Reply, error) {
	if !t.user.CanOrder() {
		return []Reply{{Text: t.loc.T("bot_no_order_access")}}, nil
	}
	orders, err := complaint.ComplainableOrders(t.ctx, t.tx, t.comp.ID, complaintOrders)
	if err != nil {
		return nil, err
	}
	if len(orders) == 0 {
		t.conv.State, t.conv.StateData = "", nil
		return []Reply{{Text: t.loc.T("bot_complaint_no_orders"), Buttons: []chat.Button{t.humanButton()}}}, nil
	}
	buttons := make([]chat.Button, 0, len(orders)+1)
	for _, o := range orders {
		buttons = append(buttons, chat.Button{
			Label: t.loc.T("bot_complaint_order_button", map[string]any{"Number": o.Number, "Date": locales.FormatDate(t.local(o.CreatedAt)),
				"Status": t.loc.T("status_" + o.Status)}),
			Data: fmt.Sprintf("cp:o:%d", o.Number)})
	}
	buttons = append(buttons, t.cancelButton())
	t.saveDraft(&complaintDraft{Step: stepOrder})
	return []Reply{{Text: t.loc.T("bot_complaint_pick_order"), Buttons: buttons}}, nil
}

// complaintInput takes the next answer of a draft in progress. handled is
// false when the input is not for the draft (the customer asked something
// else: the draft waits).
func (t *turn) complaintInput(in Input) (replies []Reply, handled bool, err error) {
	d, ok := t.draft()
	if !ok {
		if strings.HasPrefix(in.Data, dataComplaintPfx) && in.Data != dataComplaint {
			return []Reply{{Text: t.loc.T("bot_complaint_expired"), Buttons: t.menu()}}, true, nil
		}
		return nil, false, nil
	}
	if d.Step == stepDone {
		if in.Data == dataComplaintOK {
			return []Reply{{Text: t.loc.T("bot_complaint_already", map[string]any{"Number": d.Number})}}, true, nil
		}
		if strings.HasPrefix(in.Data, "cp:h:") {
			return nil, false, nil
		}
		t.conv.State, t.conv.StateData = "", nil
		return nil, false, nil
	}
	if in.Data == dataComplaintNo {
		t.conv.State, t.conv.StateData = "", nil
		return []Reply{{Text: t.loc.T("bot_complaint_cancelled"), Buttons: t.menu()}}, true, nil
	}
	if in.Data == dataHuman || in.Data == dataHelp {
		return nil, false, nil
	}
	text := strings.TrimSpace(in.Text)
	if text != "" && utf8.RuneCountInString(text) <= 20 {
		switch intent.Detect(text, string(t.conv.Language)).Kind {
		case intent.Cancel:
			t.conv.State, t.conv.StateData = "", nil
			return []Reply{{Text: t.loc.T("bot_complaint_cancelled"), Buttons: t.menu()}}, true, nil
		case intent.Human:
			return nil, false, nil
		}
	}
	if text != "" && in.PhotoFileID == "" && !t.draftTakesText(d, text) {
		// A question about something else while the draft waits for a
		// choice: the draft is dropped and the question answered.
		t.conv.State, t.conv.StateData = "", nil
		return nil, false, nil
	}
	var step func(*complaintDraft, string, string, string) ([]Reply, error)
	switch d.Step {
	case stepOrder:
		step = t.complaintOrder
	case stepLine:
		step = t.complaintLine
	case stepReason:
		step = t.complaintReason
	case stepQty:
		step = t.complaintQty
	case stepPhoto:
		step = t.complaintPhoto
	case stepText:
		step = t.complaintText
	case stepConfirm:
		step = t.complaintConfirm
	default:
		return nil, false, nil
	}
	value, _ := strings.CutPrefix(in.Data, dataComplaintPfx)
	replies, err = step(d, value, text, in.PhotoFileID)
	return replies, true, err
}

// draftTakesText tells whether typed text answers the step: a number where
// one is asked (an order number, a quantity), the description, or a caption
// of a photo. Other steps are answered with buttons.
func (t *turn) draftTakesText(d *complaintDraft, text string) bool {
	switch d.Step {
	case stepText:
		return true
	case stepOrder, stepQty:
		_, err := strconv.Atoi(strings.TrimLeft(strings.Fields(text)[0], "#№"))
		return err == nil
	}
	return false
}

func (t *turn) complaintAgain(key string, d *complaintDraft, data map[string]any, buttons ...chat.Button) []Reply {
	t.saveDraft(d)
	return []Reply{{Text: t.loc.T(key, data), Buttons: append(buttons, t.cancelButton())}}
}

func (t *turn) complaintOrder(d *complaintDraft, value, text, _ string) ([]Reply, error) {
	var number int64
	if n, ok := strings.CutPrefix(value, "o:"); ok {
		number, _ = strconv.ParseInt(n, 10, 64)
	} else if n, err := strconv.ParseInt(strings.TrimLeft(text, "#№ "), 10, 64); err == nil {
		number = n
	}
	if number <= 0 {
		return t.complaintStart()
	}
	lines, err := complaint.ComplainableLines(t.ctx, t.tx, t.comp.ID, number)
	if errors.Is(err, complaint.ErrNotFound) {
		replies, err := t.complaintStart()
		if err != nil {
			return nil, err
		}
		return append([]Reply{{Text: t.loc.T("bot_order_unknown", map[string]any{"Number": number})}}, replies...), nil
	}
	if err != nil {
		return nil, err
	}
	var buttons []chat.Button
	for _, l := range lines {
		if l.Claimable <= 0 {
			continue
		}
		buttons = append(buttons, chat.Button{Label: locales.Clip(fmt.Sprintf("%s × %s", l.Name(t.conv.Language), locales.FormatInt(int64(l.Qty))), complaintNameMax),
			Data: fmt.Sprintf("cp:l:%d", l.ID)})
	}
	if len(buttons) == 0 {
		return t.complaintAgain("bot_complaint_no_lines", &complaintDraft{Step: stepOrder}, map[string]any{"Number": number}), nil
	}
	d.Order = number
	d.Step = stepLine
	return t.complaintAgain("bot_complaint_pick_line", d, map[string]any{"Number": number}, buttons...), nil
}

func (t *turn) complaintLine(d *complaintDraft, value, _, _ string) ([]Reply, error) {
	id, _ := strconv.ParseInt(strings.TrimPrefix(value, "l:"), 10, 64)
	if !strings.HasPrefix(value, "l:") || id <= 0 {
		return t.complaintOrder(d, fmt.Sprintf("o:%d", d.Order), "", "")
	}
	lines, err := complaint.ComplainableLines(t.ctx, t.tx, t.comp.ID, d.Order)
	if err != nil {
		return nil, err
	}
	for _, l := range lines {
		if l.ID == id && l.Claimable > 0 {
			d.Line, d.LineName, d.Claimable, d.Step = l.ID, l.Name(t.conv.Language), l.Claimable, stepReason
			return t.complaintAgain("bot_complaint_pick_reason", d, map[string]any{"Name": d.LineName}, t.reasonButtons()...), nil
		}
	}
	return t.complaintOrder(d, fmt.Sprintf("o:%d", d.Order), "", "")
}

func (t *turn) reasonButtons() []chat.Button {
	bs := make([]chat.Button, len(complaint.Reasons))
	for i, r := range complaint.Reasons {
		bs[i] = chat.Button{Label: t.loc.T("complaint_reason_" + r), Data: "cp:r:" + r}
	}
	return bs
}

func (t *turn) complaintReason(d *complaintDraft, value, _, _ string) ([]Reply, error) {
	reason, _ := strings.CutPrefix(value, "r:")
	for _, r := range complaint.Reasons {
		if r == reason {
			d.Reason, d.Step = r, stepQty
			return t.askQty(d), nil
		}
	}
	return t.complaintAgain("bot_complaint_pick_reason", d, map[string]any{"Name": d.LineName}, t.reasonButtons()...), nil
}

func (t *turn) askQty(d *complaintDraft) []Reply {
	var buttons []chat.Button
	for _, q := range []int{1, 2, 5, d.Claimable} {
		if q <= d.Claimable && (len(buttons) == 0 || q > qtyOf(buttons[len(buttons)-1])) {
			buttons = append(buttons, chat.Button{Label: locales.FormatInt(int64(q)), Data: fmt.Sprintf("cp:q:%d", q)})
		}
	}
	return t.complaintAgain("bot_complaint_qty", d, map[string]any{"Max": locales.FormatInt(int64(d.Claimable))}, buttons...)
}

func qtyOf(b chat.Button) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(b.Data, "cp:q:"))
	return n
}

func (t *turn) complaintQty(d *complaintDraft, value, text, _ string) ([]Reply, error) {
	raw := strings.TrimPrefix(value, "q:")
	if value == "" {
		raw = strings.TrimSpace(strings.Fields(text + " x")[0])
	}
	q, err := strconv.Atoi(raw)
	if err != nil || q < 1 || q > d.Claimable {
		replies := t.askQty(d)
		replies[0].Text = t.loc.T("bot_complaint_qty_invalid", map[string]any{"Max": locales.FormatInt(int64(d.Claimable))})
		return replies, nil
	}
	d.Qty = q
	if t.e.Files == nil || t.e.Photos == nil || t.conv.Channel != chat.ChannelTelegram {
		d.Step = stepText // the portal panel takes photos on the complaint's page
		return t.complaintAgain("bot_complaint_text", d, nil), nil
	}
	d.Step = stepPhoto
	return t.complaintAgain("bot_complaint_photo", d, map[string]any{"Max": complaint.MaxPhotos}, t.skipButton()), nil
}

func (t *turn) skipButton() chat.Button {
	return chat.Button{Label: t.loc.T("bot_button_skip"), Data: dataComplaintSkip}
}

func (t *turn) complaintPhoto(d *complaintDraft, value, _, photo string) ([]Reply, error) {
	if value == "skip" || value == "next" {
		d.Step = stepText
		return t.complaintAgain("bot_complaint_text", d, nil), nil
	}
	if photo == "" {
		return t.complaintAgain("bot_complaint_photo_expected", d, nil, t.skipButton()), nil
	}
	next := chat.Button{Label: t.loc.T("bot_button_next"), Data: "cp:next"}
	data, err := t.e.Files.FetchFile(t.ctx, photo, photoLimit(t.e.Photos))
	if err != nil {
		slog.Warn("bot: complaint photo download", "err", err)
		return t.complaintAgain("bot_complaint_photo_failed", d, nil, next), nil
	}
	stored, err := t.e.Photos.Save(data)
	var fe *complaint.FieldError
	if errors.As(err, &fe) {
		return t.complaintAgain("bot_complaint_photo_refused", d, map[string]any{"Reason": t.loc.T("complaint_error_" + fe.Code)}, next), nil
	}
	if err != nil {
		return nil, err
	}
	stored.TelegramFileID = photo
	d.Photos = append(d.Photos, stored)
	if len(d.Photos) >= complaint.MaxPhotos {
		d.Step = stepText
		return t.complaintAgain("bot_complaint_text", d, nil), nil
	}
	return t.complaintAgain("bot_complaint_photo_saved", d, map[string]any{"N": len(d.Photos), "Max": complaint.MaxPhotos}, next), nil
}

func (t *turn) complaintText(d *complaintDraft, value, text, _ string) ([]Reply, error) {
	if value != "" || utf8.RuneCountInString(text) < complaintTextMin {
		return t.complaintAgain("bot_complaint_text_short", d, nil), nil
	}
	d.Text, d.Step = locales.Truncate(text, complaintTextMax), stepConfirm
	t.saveDraft(d)
	return []Reply{{Text: t.complaintSummary(d), Buttons: []chat.Button{
		{Label: t.loc.T("bot_button_file_complaint"), Data: dataComplaintOK}, t.cancelButton()}}}, nil
}

func (t *turn) complaintSummary(d *complaintDraft) string {
	return t.loc.T("bot_complaint_confirm", map[string]any{"Order": d.Order, "Name": d.LineName,
		"Reason": t.loc.T("complaint_reason_" + d.Reason), "Qty": locales.FormatInt(int64(d.Qty)),
		"Photos": t.loc.TN("bot_complaint_photos", len(d.Photos)), "Text": d.Text})
}

// complaintConfirm files the complaint through the domain.
func (t *turn) complaintConfirm(d *complaintDraft, value, _, _ string) ([]Reply, error) {
	if value != "ok" {
		t.saveDraft(d)
		return []Reply{{Text: t.complaintSummary(d), Buttons: []chat.Button{
			{Label: t.loc.T("bot_button_file_complaint"), Data: dataComplaintOK}, t.cancelButton()}}}, nil
	}
	c, err := complaint.Create(t.ctx, t.tx, complaint.Draft{CompanyID: t.comp.ID, UserID: t.user.ID, Channel: complaint.ChannelBot,
		OrderNumber: d.Order, LineID: d.Line, Qty: d.Qty, Reason: d.Reason, Description: d.Text, Photos: d.Photos}, t.e.now())
	var fe *complaint.FieldError
	if errors.As(err, &fe) {
		// The order changed meanwhile (another complaint took the quantity): start again.
		t.conv.State, t.conv.StateData = "", nil
		return []Reply{{Text: t.loc.T("complaint_error_"+fe.Code, map[string]any{"Max": locales.FormatInt(int64(fe.Max))}),
			Buttons: []chat.Button{{Label: t.loc.T("bot_button_complaint"), Data: dataComplaint}, t.humanButton()}}}, nil
	}
	if err != nil {
		return nil, err
	}
	d.Step, d.Number = stepDone, c.Number
	t.saveDraft(d)
	return []Reply{{Text: t.loc.T("bot_complaint_created", map[string]any{"Number": c.Number,
		"Ack": locales.FormatDateTime(t.local(c.AckDueAt)), "Decision": locales.FormatDateTime(t.local(c.DecisionDueAt))}),
		Buttons: []chat.Button{{Label: t.loc.T("bot_button_discuss"), Data: fmt.Sprintf("cp:h:%d", c.Number)}}}}, nil
}

// complaintHandoff passes a filed complaint's conversation to the manager.
func (t *turn) complaintHandoff(data string) ([]Reply, error) {
	number, _ := strconv.ParseInt(strings.TrimPrefix(data, "cp:h:"), 10, 64)
	c, err := complaint.Get(t.ctx, t.tx, t.comp.ID, number)
	if errors.Is(err, complaint.ErrNotFound) {
		return []Reply{{Text: t.loc.T("bot_complaint_expired"), Buttons: t.menu()}}, nil
	}
	if err != nil {
		return nil, err
	}
	t.conv.State, t.conv.StateData = "", nil
	replies, err := t.handoff(chat.ReasonComplaint)
	if err != nil {
		return nil, err
	}
	return replies, chat.AttachToHandoff(t.ctx, t.tx, t.conv.ID, chat.Attachment{ComplaintID: c.ID})
}

// photoLimit is the most bytes worth downloading for the store.
func photoLimit(s *complaint.PhotoStore) int64 {
	if s.MaxBytes > 0 {
		return s.MaxBytes
	}
	return 8 << 20
}
