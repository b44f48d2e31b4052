package portal

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/chat"
	"partnerdesk/domain/dbtest"
	"partnerdesk/locales"
)

// handoffFor passes a customer user's portal conversation to a human, as the
// bot does when asked.
func requestHandoff(t *testing.T, userID, companyID int64, lang domain.Language, reason string) (*chat.Conversation, int64) {
	t.Helper()
	db := dbtest.DB(t)
	ctx := context.Background()
	conv, err := chat.ForPortalUser(ctx, db, userID, companyID, lang)
	if err != nil {
		t.Fatal(err)
	}
	if err := chat.Append(ctx, db, &chat.Message{ConversationID: conv.ID, Direction: "in", Author: "customer", AuthorID: &userID,
		Body: "Potrzebuję pomocy z fakturą " + fmt.Sprint(dbtest.Unique())}); err != nil {
		t.Fatal(err)
	}
	id, err := chat.RequestHandoff(ctx, db, conv, reason, 30*time.Minute, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := chat.Save(ctx, db, conv); err != nil {
		t.Fatal(err)
	}
	return conv, id
}

// A manager takes a handoff from the inbox, answers, and closes it; the
// customer's panel gets the manager's words live, other users of the same
// company do not; after closing, the conversation is the bot's again.
func TestManagerTakesRepliesAndClosesHandoff(t *testing.T) {
	tn := newTenant(t, "ru")
	db := dbtest.DB(t)
	manager, email := newStaff(t, "manager")
	dbtest.Exec(t, db, "UPDATE companies SET manager_id = ? WHERE id = ?", manager, tn.CompanyID)
	inst := startInstance(t)
	buyerWS, _, err := dialLive(t, inst, signedInSession(t, tn.BuyerEmail), testOrigin, "")
	if err != nil {
		t.Fatal(err)
	}
	defer buyerWS.Close()
	ownerWS, _, err := dialLive(t, inst, signedInSession(t, tn.OwnerEmail), testOrigin, "")
	if err != nil {
		t.Fatal(err)
	}
	defer ownerWS.Close()
	staff := newTestPortal(t)
	staff.signIn(email)
	staffWS, _, err := dialLive(t, inst, staff.cookie(sessionCookie), testOrigin, "")
	if err != nil {
		t.Fatal(err)
	}
	defer staffWS.Close()

	conv, id := requestHandoff(t, tn.Buyer, tn.CompanyID, domain.Russian, chat.ReasonAsked)
	// The manager's desk hears of it live.
	waitFor(t, staffWS, func(m received) bool {
		return m.Kind == "handoff.changed" && m.Toast == "Nowa rozmowa czeka na opiekuna"
	})
	inbox := staff.get("/desk/handoffs", "")
	mustContain(t, inbox.Body, tn.Name, "buyer "+tn.Marker, "prosi o człowieka", "czeka", fmt.Sprintf("/desk/handoffs/%d", id))
	page := staff.get(fmt.Sprintf("/desk/handoffs/%d", id), "")
	mustContain(t, page.Body, "Potrzebuję pomocy z fakturą", "Przejmij rozmowę", fmt.Sprint(tn.OrderNumber), "Русский",
		"Godziny według czasu klienta (UTC&#43;3)") // Moscow's clock, the server's here UTC

	path := fmt.Sprintf("/desk/handoffs/%d", id)
	if res := staff.post(path+"/take", url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("take: %d %s", res.Status, res.Body)
	}
	if res := staff.post(path+"/reply", url.Values{"text": {"Здравствуйте! Сейчас проверю счёт."}}); res.Status != http.StatusSeeOther {
		t.Fatalf("reply: %d", res.Status)
	}
	// The buyer's panel shows it (with a toast in Russian); the owner of the same company gets nothing of it.
	got := waitFor(t, buyerWS, func(m received) bool {
		return m.Kind == "chat.message" && strings.Contains(m.Toast, "Здравствуйте! Сейчас проверю счёт.")
	})
	if got.Toast != "Сообщение от менеджера: Здравствуйте! Сейчас проверю счёт." {
		t.Fatalf("toast %q", got.Toast)
	}
	// The owner sees the next company-wide event, but never the private chat message before it.
	dbtest.Exec(t, db, "SELECT 1")
	if err := emitCompanyEvent(t, tn.CompanyID); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ownerWS, func(m received) bool {
		if m.Kind == "chat.message" {
			t.Fatalf("another user of the company got a private chat message: %+v", m)
		}
		return m.Kind == "balance.changed"
	})
	hist, err := chat.History(context.Background(), db, conv.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	var bodies []string
	for _, m := range hist {
		bodies = append(bodies, m.Author+": "+m.Body)
	}
	joined := strings.Join(bodies, "\n")
	if !strings.Contains(joined, "bot: Staff "+email+" подключается к разговору.") || !strings.Contains(joined, "manager: Здравствуйте! Сейчас проверю счёт.") {
		t.Fatalf("history:\n%s", joined)
	}

	if res := staff.post(path+"/close", url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("close: %d", res.Status)
	}
	var mode string
	dbtest.Scan(t, db, &mode, "SELECT mode FROM conversations WHERE id = ?", conv.ID)
	if mode != chat.ModeBot {
		t.Fatalf("mode after close: %s", mode)
	}
	waitFor(t, buyerWS, func(m received) bool {
		return m.Kind == "chat.message" && strings.Contains(m.Toast, "Разговор с менеджером завершён")
	})
	// A closed handoff takes no more replies: a clear message, not a 500.
	res := staff.post(path+"/reply", url.Values{"text": {"ещё"}})
	if res.Status != http.StatusConflict {
		t.Fatalf("reply to closed: %d", res.Status)
	}
	mustContain(t, res.Body, "Ta rozmowa jest już zakończona.")
	if n := locales.MissingMessages(); n != 0 {
		t.Fatalf("%d missing messages", n)
	}
}

func emitCompanyEvent(t *testing.T, companyID int64) error {
	t.Helper()
	_, err := dbtest.DB(t).ExecContext(context.Background(), "INSERT INTO events (company_id, kind, payload) VALUES (?, 'balance.changed', '{}')", companyID)
	return err
}

// A manager sees only handoffs of companies assigned to them (or as backup):
// another company's handoff is not listed and does not exist (404), also for
// actions; a second manager cannot take one already taken.
func TestHandoffDeskIsScopedToAssignedCompanies(t *testing.T) {
	mine, other := newTenant(t, "pl"), newTenant(t, "fi")
	db := dbtest.DB(t)
	manager, email := newStaff(t, "manager")
	backup, backupEmail := newStaff(t, "manager")
	dbtest.Exec(t, db, "UPDATE companies SET manager_id = ?, backup_manager_id = ? WHERE id = ?", manager, backup, mine.CompanyID)
	_, mineID := requestHandoff(t, mine.Buyer, mine.CompanyID, domain.Polish, chat.ReasonNotUnderstood)
	_, otherID := requestHandoff(t, other.Buyer, other.CompanyID, domain.Finnish, chat.ReasonAsked)

	p := newTestPortal(t)
	p.signIn(email)
	inbox := p.get("/desk/handoffs", "")
	mustContain(t, inbox.Body, mine.Name, "bot nie zrozumiał")
	if strings.Contains(inbox.Body, other.Name) {
		t.Fatal("another manager's customer is listed")
	}
	for _, try := range []struct{ method, path string }{
		{"GET", fmt.Sprintf("/desk/handoffs/%d", otherID)},
		{"POST", fmt.Sprintf("/desk/handoffs/%d/take", otherID)},
		{"POST", fmt.Sprintf("/desk/handoffs/%d/reply", otherID)},
		{"POST", fmt.Sprintf("/desk/handoffs/%d/close", otherID)},
	} {
		var res response
		if try.method == "GET" {
			res = p.get(try.path, "")
		} else {
			res = p.post(try.path, url.Values{"text": {"hej"}})
		}
		if res.Status != http.StatusNotFound {
			t.Errorf("%s %s: %d, want 404", try.method, try.path, res.Status)
		}
	}
	var status string
	dbtest.Scan(t, db, &status, "SELECT status FROM handoffs WHERE id = ?", otherID)
	if status != chat.HandoffWaiting {
		t.Fatalf("the other company's handoff changed: %s", status)
	}
	// The backup manager sees it too, but cannot take it once the manager has.
	if res := p.post(fmt.Sprintf("/desk/handoffs/%d/take", mineID), url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("take: %d", res.Status)
	}
	b := newTestPortal(t)
	b.signIn(backupEmail)
	res := b.post(fmt.Sprintf("/desk/handoffs/%d/take", mineID), url.Values{})
	if res.Status != http.StatusConflict {
		t.Fatalf("second take: %d", res.Status)
	}
	mustContain(t, res.Body, "Tę rozmowę przejął już ktoś inny.")
	// Customers have no desk.
	c := newTestPortal(t)
	c.signIn(mine.OwnerEmail)
	if res := c.get("/desk/handoffs", ""); res.Status != http.StatusNotFound {
		t.Fatalf("customer on the desk: %d", res.Status)
	}
}

// A waiting handoff past its pickup time is escalated once, with an event
// for the backup manager.
func TestOverdueHandoffIsEscalatedOnce(t *testing.T) {
	tn := newTenant(t, "pl")
	db := dbtest.DB(t)
	_, id := requestHandoff(t, tn.Buyer, tn.CompanyID, domain.Polish, chat.ReasonAsked)
	ctx := context.Background()
	later := time.Now().Add(31 * time.Minute)
	for range 2 {
		err := domain.RunInTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
			_, err := chat.EscalateOverdue(ctx, tx, later)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	var n int
	dbtest.Scan(t, db, &n, "SELECT count(*) FROM events WHERE kind = 'handoff.changed' AND payload->>'status' = 'escalated' AND (payload->>'handoff')::bigint = ?", id)
	if n != 1 {
		t.Fatalf("escalated %d times", n)
	}
	var payload string
	dbtest.Scan(t, db, &payload, "SELECT payload::text FROM events WHERE kind = 'handoff.changed' AND (payload->>'handoff')::bigint = ? ORDER BY id DESC LIMIT 1", id)
	if !strings.Contains(payload, `"escalated"`) {
		t.Fatalf("payload %s", payload)
	}
}
