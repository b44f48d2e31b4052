package main

import (
	"fmt"
	"strconv"
	"strings"
)

// botReport is what the bot traffic did and what the Bot API saw; the
// answers' latencies are the bot:* actions.
type botReport struct {
	Chats    int     `json:"chats"`
	Rate     float64 `json:"rate_per_sec"`
	Updates  int64   `json:"updates_pushed"`
	Answered int64   `json:"answered"`
	NoReply  int64   `json:"no_reply"`
	// TicksMissed: turns of -bot-rate that found every chat waiting for an
	// answer (the rate was not reached).
	TicksMissed int64          `json:"ticks_missed"`
	Calls       map[string]int `json:"api_calls"`
	Accepted    int            `json:"messages_accepted"`
	// RateLimited: calls the fake refused with 429 by Telegram's limits
	// (a chat a second, 30 a second overall); RefusedOther: other refusals
	// by code (400: a message Telegram would not take).
	RateLimited  int            `json:"refused_rate_limit"`
	RefusedOther map[string]int `json:"refused_other,omitempty"`
	// Faults: the -bot-faults entries that fired; FaultHits: the calls that
	// met them by kind; FaultsLeft: calls they still had to fail at the end.
	Faults     []string       `json:"faults_fired"`
	FaultHits  map[string]int `json:"fault_hits"`
	FaultsLeft int            `json:"faults_left"`
	// RowsRetried: outbox rows sent during the run after more than one
	// attempt (5xx and timeouts count as attempts; a 429 only delays).
	RowsRetried int64 `json:"outbox_rows_sent_after_retries"`
	// HandedOut: updates in getUpdates answers; Redelivered: update ids
	// handed out more than once (the offset did not move past them).
	HandedOut   int     `json:"updates_handed_out"`
	Redelivered int     `json:"updates_redelivered"`
	DrainSec    float64 `json:"drain_sec"`
	// Leftovers: messages to the load's chats still queued from an earlier
	// run, dropped at setup.
	Leftovers int64 `json:"leftovers_dropped"`
}

func (b *botRun) report() *botReport {
	if b == nil {
		return nil
	}
	c := b.fake.Counts()
	b.mu.Lock()
	fired := append([]string{}, b.fired...)
	b.mu.Unlock()
	rep := &botReport{Chats: len(b.chats), Rate: b.cfg.rate, Updates: b.pushed.Load(), Answered: b.answered.Load(),
		NoReply: b.noReply.Load(), TicksMissed: b.tickMissed.Load(), Calls: c.Calls, RateLimited: c.Refused[429],
		Faults: fired, FaultHits: c.Injected, FaultsLeft: c.FaultsLeft, RowsRetried: b.rowsRetried,
		HandedOut: c.HandedOut, Redelivered: c.Redelivered, DrainSec: round2(b.drainTook.Seconds()), Leftovers: b.leftovers}
	for _, n := range c.Accepted {
		rep.Accepted += n
	}
	for code, n := range c.Refused {
		if code != 429 {
			if rep.RefusedOther == nil {
				rep.RefusedOther = map[string]int{}
			}
			rep.RefusedOther[strconv.Itoa(code)] = n
		}
	}
	return rep
}

func (r *botReport) String() string {
	var s strings.Builder
	fmt.Fprintf(&s, "bot: %d chats at %.1f messages/s: %d updates pushed, %d answered, %d without an answer in time; %d turns found every chat waiting\n",
		r.Chats, r.Rate, r.Updates, r.Answered, r.NoReply, r.TicksMissed)
	fmt.Fprintf(&s, "  Bot API: %s; %d messages accepted\n", formatCounts(r.Calls), r.Accepted)
	fmt.Fprintf(&s, "  refused by Telegram's limits: 429×%d", r.RateLimited)
	if len(r.RefusedOther) > 0 {
		fmt.Fprintf(&s, ", other: %s", formatCounts(r.RefusedOther))
	}
	s.WriteString("\n")
	if len(r.Faults) > 0 || r.FaultsLeft > 0 {
		fmt.Fprintf(&s, "  faults injected: %s; calls that met them: %s; %d left unused\n",
			strings.Join(r.Faults, ", "), formatCounts(r.FaultHits), r.FaultsLeft)
	}
	fmt.Fprintf(&s, "  outbox rows sent after more than one attempt: %d; updates handed out %d times, %d of them more than once; drained in %.1f s",
		r.RowsRetried, r.HandedOut, r.Redelivered, r.DrainSec)
	if r.Leftovers > 0 {
		fmt.Fprintf(&s, "; %d messages queued by an earlier run dropped", r.Leftovers)
	}
	return s.String()
}

// formatCounts prints a map as "key n, key n" by key.
func formatCounts(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	return joinCounts(m, "%s %d", ", ")
}
