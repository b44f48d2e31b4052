package fakeapi

import (
	"context"
	"strconv"
)

// Counts are the fake's tallies since it started, for a load test to
// compare with what the bot's database says.
type Counts struct {
	Calls    map[string]int // calls per method, refused and dropped ones included
	Accepted map[int64]int  // accepted sendMessage calls per chat
	// Refused: calls refused by the fake's own rules, by error code (429 is
	// a rate limit: 1 message a second per chat, Global a second overall).
	Refused map[int]int
	// Injected: calls that met an injected fault, by Fault.Kind.
	Injected map[string]int
	// FaultsLeft: injected faults that no call has met yet.
	FaultsLeft int
	// Pushed: updates queued; Unconfirmed: those no getUpdates offset has
	// confirmed yet (Telegram forgets an update once a later call asks for
	// an offset past it).
	Pushed, Unconfirmed int
	// HandedOut: updates in getUpdates answers, repeats included;
	// Redelivered: update ids handed out more than once.
	HandedOut, Redelivered int
}

// Counts returns the tallies.
func (s *Server) Counts() Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := Counts{Calls: map[string]int{}, Accepted: map[int64]int{}, Refused: map[int]int{}, Injected: map[string]int{},
		Pushed: s.pushed, Unconfirmed: len(s.updates)}
	for m, n := range s.calls {
		c.Calls[m] = n
	}
	for chat, idx := range s.sentByChat {
		c.Accepted[chat] = len(idx)
	}
	for _, r := range s.refused {
		switch {
		case r.Injected && r.Code == 0:
			c.Injected["timeout"]++
		case r.Injected:
			c.Injected[strconv.Itoa(r.Code)]++
		default:
			c.Refused[r.Code]++
		}
	}
	for _, f := range s.faults {
		c.FaultsLeft += f.left
	}
	for _, n := range s.handedOut {
		c.HandedOut += n
		if n > 1 {
			c.Redelivered++
		}
	}
	return c
}

// Deliveries returns how many getUpdates answers carried each update id.
func (s *Server) Deliveries() map[int64]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[int64]int, len(s.handedOut))
	for id, n := range s.handedOut {
		out[id] = n
	}
	return out
}

// SentCount is how many messages to chatID the fake has accepted.
func (s *Server) SentCount(chatID int64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sentByChat[chatID])
}

// WaitSent waits until the fake has accepted the i-th message (from 0) to
// chatID and returns it; SentMessage.At is when it was accepted. Waiting
// costs nothing while other chats get messages.
func (s *Server) WaitSent(ctx context.Context, chatID int64, i int) (SentMessage, error) {
	for {
		s.mu.Lock()
		if idx := s.sentByChat[chatID]; i < len(idx) {
			m := s.sent[idx[i]]
			s.mu.Unlock()
			return m, nil
		}
		ch, ok := s.arrival[chatID]
		if !ok {
			ch = make(chan struct{})
			s.arrival[chatID] = ch
		}
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return SentMessage{}, ctx.Err()
		}
	}
}

// ContinueUpdateIDs makes the next pushed update's id greater than last, as
// Telegram's ids keep growing: a bot whose database remembers handled ids
// (or an offset) from an earlier fake then sees the new updates as new.
func (s *Server) ContinueUpdateIDs(last int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextUpdate = max(s.nextUpdate, last)
}
