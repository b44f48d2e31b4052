package bot

import (
	"encoding/json"
	"errors"
	"strings"

	"partnerdesk/domain/chat"
	"partnerdesk/domain/order"
)

// NPS after delivery: the question comes with 0–10 buttons (sent by the
// Telegram notifier when an order is delivered); the answer is stored once
// per order, an optional comment may follow, and a detractor (0–6) hands the
// conversation to the account manager.
const stateNPSComment = "nps_comment"

type npsState struct {
	Response int64 `json:"response"`
}

func (t *turn) npsAnswer(number int64, score int) ([]Reply, error) {
	o, err := order.Get(t.ctx, t.tx, t.comp.ID, number)
	if errors.Is(err, order.ErrNotFound) || err == nil && o.Status != order.StatusDelivered {
		return []Reply{{Text: t.loc.T("bot_order_unknown", map[string]any{"Number": number})}}, nil
	}
	if err != nil {
		return nil, err
	}
	channel := "bot"
	if t.conv.Channel == chat.ChannelPortal {
		channel = "portal"
	}
	id, err := chat.RecordNPS(t.ctx, t.tx, t.comp.ID, t.user.ID, number, score, channel)
	if err != nil {
		return nil, err
	}
	if id == 0 {
		return []Reply{{Text: t.loc.T("bot_nps_already", map[string]any{"Number": number})}}, nil
	}
	state, _ := json.Marshal(npsState{Response: id})
	t.conv.State, t.conv.StateData = stateNPSComment, state
	replies := []Reply{{Text: t.loc.T("bot_nps_thanks"), Buttons: []chat.Button{{Label: t.loc.T("bot_button_no_comment"), Data: chat.NPSSkipData()}}}}
	if score <= 6 {
		if _, err := chat.RequestHandoff(t.ctx, t.tx, t.conv, chat.ReasonDetractor, t.pickupSLA(), t.e.now()); err != nil {
			return nil, err
		}
		// The comment still goes to the response; the manager reads it in the handoff.
		t.conv.Mode = chat.ModeBot
		if err := chat.AttachToHandoff(t.ctx, t.tx, t.conv.ID, chat.Attachment{NPSResponseID: id}); err != nil {
			return nil, err
		}
		replies = append(replies, Reply{Text: t.loc.T("bot_nps_detractor")})
	}
	return replies, nil
}

// npsComment takes the text after a score as its comment.
func (t *turn) npsComment(in Input) ([]Reply, bool, error) {
	if t.conv.State != stateNPSComment {
		return nil, false, nil
	}
	var st npsState
	json.Unmarshal(t.conv.StateData, &st)
	t.conv.State, t.conv.StateData = "", nil
	if in.Data == chat.NPSSkipData() {
		return []Reply{{Text: t.loc.T("bot_thanks")}}, true, nil
	}
	text := strings.TrimSpace(in.Text)
	if text == "" || strings.HasPrefix(text, "/") || in.Data != "" {
		return nil, false, nil // something else: answer it normally
	}
	if err := chat.CommentNPS(t.ctx, t.tx, st.Response, text); err != nil {
		return nil, true, err
	}
	if t.conv.Mode == chat.ModeBot {
		waiting, err := chat.AwaitsManager(t.ctx, t.tx, t.conv.ID)
		if err != nil {
			return nil, true, err
		}
		if waiting {
			t.conv.Mode = chat.ModeHuman
		}
	}
	return []Reply{{Text: t.loc.T("bot_nps_comment_saved")}}, true, nil
}
