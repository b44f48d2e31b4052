package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// progress prints the orders placed per second in every interval of every
// while the load runs, and at the end the lowest and highest of them: a
// long run shows whether the rate holds as the order history grows.
func (r *runner) progress(ctx context.Context, out io.Writer, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	start := time.Now()
	last, lastAt := r.ordersPlaced.Load(), start
	var rates []float64
	for {
		select {
		case <-ctx.Done():
			if len(rates) > 0 {
				fmt.Fprintf(out, "orders/s per %s: %s (lowest %.1f, highest %.1f)\n", every, joinRates(rates),
					slices.Min(rates), slices.Max(rates))
			}
			return
		case now := <-t.C:
			n := r.ordersPlaced.Load()
			rate := float64(n-last) / now.Sub(lastAt).Seconds()
			rates = append(rates, rate)
			fmt.Fprintf(out, "  %5s: %6.1f orders/s\n", now.Sub(start).Round(time.Second), rate)
			last, lastAt = n, now
		}
	}
}

func joinRates(rates []float64) string {
	s := make([]string, len(rates))
	for i, v := range rates {
		s[i] = fmt.Sprintf("%.0f", v)
	}
	return strings.Join(s, " ")
}
