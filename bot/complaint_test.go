package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"partnerdesk/bot"
	"partnerdesk/domain/chat"
	"partnerdesk/domain/dbtest"
)

func dataWith(t *testing.T, buttons []chat.Button, prefix string) string {
	t.Helper()
	for _, b := range buttons {
		if strings.HasPrefix(b.Data, prefix) {
			return b.Data
		}
	}
	t.Fatalf("no button %s… among %+v", prefix, buttons)
	return ""
}

// The guided complaint in the portal panel, in each language: order → line →
// reason → quantity → description → confirm, filed through the complaint
// domain with its SLA deadlines; a second tap on Confirm files nothing more;
// "discuss" hands the conversation to the manager with the complaint.
func TestComplaintFlowInEachLanguage(t *testing.T) {
	cases := []struct {
		email, start, text string
		want               [8]string
	}{
		{"karolina.wisniewska@elektro-mont.example", "chcę złożyć reklamację", "Karton był zgnieciony, obudowa pęknięta",
			[8]string{"Której dostawy", "którego produktu", "Co jest nie tak", "Ilu sztuk", "Opisz krótko", "Sprawdź reklamację", "Uszkodzenie", "została przyjęta"}},
		{"irina.volkova@elmontservis.example", "хочу подать рекламацию", "Коробка смята, корпус треснул",
			[8]string{"К какой поставке", "с каким товаром", "Что не так", "Сколько единиц", "Коротко опишите", "Проверьте рекламацию", "овреж", "принята"}},
		{"sanna.heikkinen@sahkovirta.example", "haluan tehdä reklamaation", "Laatikko oli litistynyt ja kuori haljennut",
			[8]string{"Mitä toimitusta", "mitä tuotetta", "on vialla", "Montako kappaletta", "Kuvaile ongelma", "Tarkista reklamaatio", "Vaurio", "vastaanotettu"}},
	}
	for _, tc := range cases {
		t.Run(tc.email, func(t *testing.T) {
			tk := newTalker(t, tc.email)
			db := dbtest.DB(t)
			got, buttons := tk.say(tc.start)
			mustSay(t, got, tc.want[0])
			got, buttons = tk.press(dataWith(t, buttons, "cp:o:"))
			mustSay(t, got, tc.want[1])
			got, buttons = tk.press(dataWith(t, buttons, "cp:l:"))
			mustSay(t, got, tc.want[2])
			got, _ = tk.press("cp:r:damaged")
			mustSay(t, got, tc.want[3])
			got, _ = tk.say("0") // out of range: asked again
			mustSay(t, got, "1")
			got, _ = tk.say("1")
			mustSay(t, got, tc.want[4]) // the portal panel skips photos (the complaint page takes them)
			got, buttons = tk.say(tc.text)
			mustSay(t, got, tc.want[5], tc.want[6], tc.text)
			got, buttons = tk.press(dataWith(t, buttons, "cp:ok"))
			mustSay(t, got, tc.want[7])
			done := buttons
			var number int64
			var channel, reason string
			var qty int
			dbtest.Scan(t, db, &number, "SELECT number FROM complaints WHERE user_id = ? AND description = ?", tk.user.ID, tc.text)
			dbtest.Scan(t, db, &channel, "SELECT channel FROM complaints WHERE number = ?", number)
			dbtest.Scan(t, db, &reason, "SELECT reason FROM complaints WHERE number = ?", number)
			dbtest.Scan(t, db, &qty, "SELECT qty FROM complaints WHERE number = ?", number)
			if channel != "bot" || reason != "damaged" || qty != 1 {
				t.Fatalf("complaint %d: %s %s %d", number, channel, reason, qty)
			}
			mustSay(t, got, fmt.Sprint(number))
			// A double tap on Confirm files nothing more.
			got, _ = tk.press("cp:ok")
			mustSay(t, got, fmt.Sprint(number))
			var n int
			dbtest.Scan(t, db, &n, "SELECT count(*) FROM complaints WHERE user_id = ? AND description = ?", tk.user.ID, tc.text)
			if n != 1 {
				t.Fatalf("%d complaints filed", n)
			}
			// Discuss it with the manager: a handoff carrying the complaint.
			tk.press(dataWith(t, done, "cp:h:"))
			var reasonH string
			var complaintID *int64
			dbtest.Scan(t, db, &reasonH, "SELECT reason FROM handoffs WHERE conversation_id = ? AND status <> 'closed'", tk.conv.ID)
			dbtest.Scan(t, db, &complaintID, "SELECT complaint_id FROM handoffs WHERE conversation_id = ? AND status <> 'closed'", tk.conv.ID)
			if reasonH != chat.ReasonComplaint || complaintID == nil {
				t.Fatalf("handoff %s %v", reasonH, complaintID)
			}
		})
	}
}

// A flow survives a restart: the draft is in the conversation's state, so a
// new engine (another instance, or after a crash) carries on; Cancel files
// nothing.
func TestComplaintFlowSurvivesRestartAndCancels(t *testing.T) {
	tk := newTalker(t, "tomasz.nowak@elektro-mont.example")
	_, buttons := tk.press("cp:start")
	_, buttons = tk.press(dataWith(t, buttons, "cp:o:"))
	_, _ = tk.press(dataWith(t, buttons, "cp:l:"))
	tk.press("cp:r:missing")

	// "Restart": a fresh engine and the conversation loaded again from the database.
	conv, err := chat.ForPortalUser(context.Background(), dbtest.DB(t), tk.user.ID, *tk.user.CompanyID, tk.user.Language)
	if err != nil {
		t.Fatal(err)
	}
	fresh := &talker{t: t, e: &bot.Engine{DB: tk.e.DB, Bundle: tk.e.Bundle, Credit: tk.e.Credit}, user: tk.user, conv: conv}
	got, _ := fresh.say("2")
	mustSay(t, got, "Opisz krótko")
	got, _ = fresh.say("anuluj")
	mustSay(t, got, "Anulowano")
	var n int
	dbtest.Scan(t, dbtest.DB(t), &n, "SELECT count(*) FROM complaints WHERE user_id = ? AND created_at > now() - interval '1 minute'", fresh.user.ID)
	if n != 0 {
		t.Fatalf("%d complaints after cancel", n)
	}
	// The bot answers normally afterwards.
	got, _ = fresh.say("macie kabel HDMI 2m?")
	mustSay(t, got, "Kabel HDMI 2 m")
}

// Another company's order number typed in the flow is unknown.
func TestComplaintFlowRefusesOtherCompanysOrder(t *testing.T) {
	tk := newTalker(t, "tomasz.nowak@elektro-mont.example")
	var foreign int64
	dbtest.Scan(t, dbtest.DB(t), &foreign, "SELECT number FROM orders WHERE company_id <> ? AND status = 'delivered' LIMIT 1", *tk.user.CompanyID)
	tk.press("cp:start")
	got, _ := tk.say(fmt.Sprint(foreign))
	mustSay(t, got, fmt.Sprintf("%d", foreign), "Której dostawy")
	if strings.Contains(got, "którego produktu") {
		t.Fatalf("another company's order was offered: %s", got)
	}
}

// A question about something else while the flow waits for a choice is
// answered, and the unfinished complaint dropped.
func TestComplaintFlowGivesWayToAnotherQuestion(t *testing.T) {
	tk := newTalker(t, "sanna.heikkinen@sahkovirta.example")
	got, _ := tk.say("haluan tehdä reklamaation")
	mustSay(t, got, "Mitä toimitusta")
	got, _ = tk.say("onko johtoa varastossa?")
	mustSay(t, got, "Löysin")
	got, _ = tk.say("milloin toimitus tulee?")
	if strings.Contains(got, "Mitä toimitusta") {
		t.Fatalf("still in the complaint: %s", got)
	}
}
