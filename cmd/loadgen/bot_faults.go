package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"partnerdesk/bot/telegram/fakeapi"
)

// botFault is one entry of -bot-faults: at this time into the load window
// the next n Bot API calls meet the fault.
type botFault struct {
	at    time.Duration
	n     int
	fault fakeapi.Fault
}

// botHang is how long a "timeout" fault holds a call before dropping it:
// longer than the TELEGRAM_TIMEOUT that make load sets (5 s), so that the
// sender gives up first as it would with a Bot API that does not answer.
const botHang = 10 * time.Second

// parseBotFaults reads KIND@AT:COUNT[:METHOD] entries separated by commas.
// KIND is an error code of 400–599 or "timeout" (the call hangs for botHang,
// or "timeout=DUR" for DUR, 0 until the caller gives up, and the connection
// is dropped unanswered). METHOD is sendMessage unless given ("*" for every
// method): a fault is counted in calls, and the poller, which waits seconds
// after each failed getUpdates, would turn a few dozen into minutes without
// updates while the sender, the part with retries to check, saw none.
func parseBotFaults(s string) ([]botFault, error) {
	var out []botFault
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		kind, rest, ok := strings.Cut(item, "@")
		parts := strings.Split(rest, ":")
		if !ok || len(parts) < 2 || len(parts) > 3 {
			return nil, fmt.Errorf("-bot-faults: %q: want KIND@AT:COUNT[:METHOD], e.g. 429@20s:30", item)
		}
		var f botFault
		var err error
		if f.at, err = time.ParseDuration(parts[0]); err != nil || f.at < 0 {
			return nil, fmt.Errorf("-bot-faults: %q: AT is a duration into the load such as 20s", item)
		}
		if f.n, err = strconv.Atoi(parts[1]); err != nil || f.n < 1 {
			return nil, fmt.Errorf("-bot-faults: %q: COUNT is how many calls fail, at least 1", item)
		}
		switch {
		case len(parts) < 3 || parts[2] == "":
			f.fault.Method = "sendMessage"
		case parts[2] != "*":
			f.fault.Method = parts[2]
		}
		switch hang, isTimeout := strings.CutPrefix(kind, "timeout"); {
		case isTimeout && hang == "":
			f.fault.Hang = botHang
		case isTimeout && strings.HasPrefix(hang, "="):
			if f.fault.Hang, err = time.ParseDuration(hang[1:]); err != nil || f.fault.Hang < 0 {
				return nil, fmt.Errorf("-bot-faults: %q: timeout=DUR wants a duration such as 8s", item)
			}
		default:
			if f.fault.Code, err = strconv.Atoi(kind); err != nil || f.fault.Code < 400 || f.fault.Code > 599 {
				return nil, fmt.Errorf("-bot-faults: %q: KIND is an error code 400–599 or timeout[=DUR]", item)
			}
		}
		out = append(out, f)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].at < out[j].at })
	return out, nil
}

func (f botFault) String() string {
	method := f.fault.Method
	if method == "" {
		method = "any call"
	}
	return fmt.Sprintf("%s×%d at %s (%s)", f.fault.Kind(), f.n, f.at, method)
}

// botChatBase: the load's synthetic Telegram chat ids are this plus the
// customer's number, so a customer keeps its chat from one run to the next.
const (
	botChatBase = 880_000_000_000
	botChatSpan = 1_000_000
)
