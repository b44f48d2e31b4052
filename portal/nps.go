package portal

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"partnerdesk/domain/company"
	"partnerdesk/domain/nps"
)

// The NPS survey in the portal: a card on the dashboard (the quarterly
// relationship survey or the latest delivery, see nps.Next) and on a
// delivered order's page. Each of the eleven scores is a submit button of one
// form (POST /nps); the answer is stored once per survey (nps.Record), and the
// page comes back with a thank-you in place of the question (?nps=<id>),
// where an optional comment can follow (POST /nps/comment), as in the bot.
// A detractor's answer reaches the account manager's desk as a handoff.

// npsCard is what the survey partial shows: a question, or the thanks for
// an answer just given.
type npsCard struct {
	Pending *nps.Pending
	Thanks  *nps.Response
	Manager *company.User // named in a detractor's thank-you
	Back    string        // the page the forms return to
	CSRF    string
	Scores  []int
}

var npsScores = []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}

// npsNow is the time surveys are judged by: quarters begin at midnight in
// the portal's time zone.
func (s *Server) npsNow() time.Time { return time.Now().In(s.cfg.Location) }

// dashboardSurvey returns the dashboard's survey card, or nil. manager is the
// company's account manager (the dashboard has loaded it already).
func (s *Server) dashboardSurvey(r *http.Request, manager *company.User) (*npsCard, error) {
	return s.surveyCard(r, "/", manager, func(companyID, userID int64) (*nps.Pending, error) {
		return nps.Next(r.Context(), s.db, companyID, userID, s.npsNow())
	})
}

// orderSurvey returns the survey card of a delivered order's page, or nil.
func (s *Server) orderSurvey(r *http.Request, orderNumber int64) (*npsCard, error) {
	return s.surveyCard(r, "/orders/"+itoa64(orderNumber), nil, func(companyID, userID int64) (*nps.Pending, error) {
		return nps.OrderSurvey(r.Context(), s.db, companyID, userID, orderNumber, s.npsNow())
	})
}

func (s *Server) surveyCard(r *http.Request, back string, manager *company.User, pending func(companyID, userID int64) (*nps.Pending, error)) (*npsCard, error) {
	rc := reqCtx(r)
	if rc.company == nil || !rc.user.CanOrder() {
		return nil, nil // accountants are not asked
	}
	card := &npsCard{Back: back, CSRF: rc.csrf, Scores: npsScores, Manager: manager}
	thanks, err := s.justAnswered(r, back)
	if err != nil || thanks != nil {
		card.Thanks = thanks
		if thanks != nil && thanks.Category() == nps.Detractor && manager == nil {
			card.Manager, _, err = s.managers(r)
		}
		return card, err
	}
	if card.Pending, err = pending(rc.company.ID, rc.user.ID); err != nil || card.Pending == nil {
		return nil, err
	}
	return card, nil
}

// justAnswered returns the response named by ?nps= if it is the user's own,
// answered on this page moments ago; nil otherwise.
func (s *Server) justAnswered(r *http.Request, back string) (*nps.Response, error) {
	id, ok := formInt64(r.URL.Query().Get("nps"))
	if !ok {
		return nil, nil
	}
	rc := reqCtx(r)
	resp, err := nps.Get(r.Context(), s.db, rc.company.ID, rc.user.ID, id)
	if errors.Is(err, nps.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if time.Since(resp.CreatedAt) > nps.CommentWindow || back != "/" && surveyBack(resp) != back {
		return nil, nil // old, or another order's: an order page thanks for its own
	}
	return resp, nil
}

// surveyBack is the order page a response belongs to, or "/".
func surveyBack(resp *nps.Response) string {
	if resp.Trigger == nps.TriggerAfterDelivery {
		return "/orders/" + resp.TriggerRef
	}
	return "/"
}

// answerSurvey stores a score from the survey card.
func (s *Server) answerSurvey(w http.ResponseWriter, r *http.Request) {
	rc := reqCtx(r)
	back := surveyReturn(r)
	score, ok := formInt(r.PostFormValue("score"))
	if !ok {
		s.setFlash(w, "error", "nps_invalid")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	id, created, err := nps.Record(r.Context(), s.db, nps.Answer{CompanyID: rc.company.ID, UserID: rc.user.ID,
		Trigger: r.PostFormValue("trigger"), Ref: r.PostFormValue("ref"), Channel: nps.ChannelPortal, Score: score, Now: s.npsNow()})
	switch {
	case errors.Is(err, nps.ErrInvalid):
		s.setFlash(w, "error", "nps_invalid")
	case errors.Is(err, nps.ErrNotEligible):
		s.setFlash(w, "info", "nps_closed")
	case err != nil:
		s.serverError(w, r, err)
		return
	case !created:
		s.setFlash(w, "info", "nps_already")
	default:
		back += "?nps=" + strconv.FormatInt(id, 10) + "#nps"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// commentSurvey adds the optional comment after a score.
func (s *Server) commentSurvey(w http.ResponseWriter, r *http.Request) {
	rc := reqCtx(r)
	back := surveyReturn(r)
	id, _ := formInt64(r.PostFormValue("response"))
	comment := strings.TrimSpace(r.PostFormValue("comment"))
	if comment == "" {
		http.Redirect(w, r, back, http.StatusSeeOther) // nothing to add
		return
	}
	err := nps.AddComment(r.Context(), s.db, rc.company.ID, rc.user.ID, id, comment, time.Now())
	switch {
	case errors.Is(err, nps.ErrNotFound):
		s.setFlash(w, "info", "nps_comment_closed")
	case err != nil:
		s.serverError(w, r, err)
		return
	default:
		s.setFlash(w, "ok", "nps_comment_saved")
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// surveyReturn is the local page a survey form came from, without its query.
func surveyReturn(r *http.Request) string {
	u, err := url.Parse(localPath(r.PostFormValue("back")))
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}
