package event

import (
	"context"
	"log/slog"
	"sync"

	"github.com/uptrace/bun"
)

// Channel is the PostgreSQL notification channel that wakes dispatchers.
const Channel = "partnerdesk_events"

// Notifier wakes event dispatchers after a transaction with events commits:
// those of this process at once, those of other instances by a NOTIFY sent
// outside the business transaction and coalesced (at most one in flight), so
// that notifying never serialises the commits themselves.
type Notifier struct {
	db      *bun.DB
	pending chan struct{}

	mu    sync.Mutex
	local []chan struct{}
}

// NewNotifier returns a notifier; call Run to have it send NOTIFYs.
func NewNotifier(db *bun.DB) *Notifier {
	return &Notifier{db: db, pending: make(chan struct{}, 1)}
}

// Wake says that events were committed. It never blocks. Safe on a nil Notifier.
func (n *Notifier) Wake() {
	if n == nil {
		return
	}
	n.wakeLocal()
	select {
	case n.pending <- struct{}{}:
	default:
	}
}

func (n *Notifier) wakeLocal() {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, ch := range n.local {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// subscribe returns a channel that receives a value after each local Wake.
func (n *Notifier) subscribe() chan struct{} {
	ch := make(chan struct{}, 1)
	if n == nil {
		return ch
	}
	n.mu.Lock()
	n.local = append(n.local, ch)
	n.mu.Unlock()
	return ch
}

// Run sends the NOTIFYs until ctx ends.
func (n *Notifier) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-n.pending:
			if _, err := n.db.ExecContext(ctx, "SELECT pg_notify(?, '')", Channel); err != nil && ctx.Err() == nil {
				// Other instances still catch up by polling.
				slog.Warn("event: notify failed", "err", err)
			}
		}
	}
}
