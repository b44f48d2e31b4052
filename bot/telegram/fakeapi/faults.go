package fakeapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Fault is what the fake does to a call instead of serving it: answer with
// an error code, or hold the call and then drop the connection unanswered,
// as a Bot API that times out does. A dropped sendMessage was not accepted:
// a client that sends it again causes no duplicate.
type Fault struct {
	Method string        // only calls of this method; "" for any
	Code   int           // the error code to answer (429 comes with retry_after = RetryAfter)
	Hang   time.Duration // when Code is 0: how long to hold the call; 0 until the caller gives up
}

// Kind names the fault in counts: its code, or "timeout".
func (f Fault) Kind() string {
	if f.Code == 0 {
		return "timeout"
	}
	return strconv.Itoa(f.Code)
}

type pendingFault struct {
	Fault
	left int
}

// Inject makes the next n calls that f matches fail with f. Faults queue up:
// a call meets the oldest injected fault that matches it and has calls left.
func (s *Server) Inject(f Fault, n int) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, pendingFault{Fault: f, left: n})
}

// FailNext makes the next n calls (any method) answer with code (429 comes
// with retry_after = RetryAfter).
func (s *Server) FailNext(n, code int) { s.Inject(Fault{Code: code}, n) }

// HangNext makes the next n calls (any method) hang for d, or until the
// caller gives up when d is 0, and then drops their connections unanswered.
func (s *Server) HangNext(n int, d time.Duration) { s.Inject(Fault{Hang: d}, n) }

// takeFault finds the fault a call meets, if any, and records the refusal.
// The caller holds s.mu.
func (s *Server) takeFault(method string, params map[string]json.RawMessage) (Fault, bool) {
	for i := range s.faults {
		pf := &s.faults[i]
		if pf.Method != "" && pf.Method != method {
			continue
		}
		f := pf.Fault
		if pf.left--; pf.left == 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		var chatID int64
		json.Unmarshal(params["chat_id"], &chatID) //nolint:errcheck // absent for most methods
		reason := "injected"
		if f.Code == 0 {
			reason = "injected timeout"
		}
		s.refused = append(s.refused, Refusal{Method: method, ChatID: chatID, Code: f.Code, Reason: reason, Injected: true})
		return f, true
	}
	return Fault{}, false
}

// injure answers a call with its fault.
func (s *Server) injure(w http.ResponseWriter, r *http.Request, f Fault) {
	if f.Code != 0 {
		a := fail(f.Code, "Injected failure")
		if f.Code == http.StatusTooManyRequests {
			ra := s.RetryAfter
			if ra <= 0 {
				ra = 3
			}
			a = fail(f.Code, fmt.Sprintf("Too Many Requests: retry after %d", ra))
			a.Parameters = map[string]int{"retry_after": ra}
		}
		reply(w, a)
		return
	}
	var expired <-chan time.Time
	if f.Hang > 0 {
		t := time.NewTimer(f.Hang)
		defer t.Stop()
		expired = t.C
	}
	select {
	case <-expired:
	case <-r.Context().Done():
	case <-s.done:
	}
	// Aborting the handler closes the connection before any byte of an
	// answer: the client sees the call fail as after a network timeout.
	panic(http.ErrAbortHandler)
}
