package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"syscall"
	"time"

	"github.com/gorilla/websocket"
)

// slowClients are the -slow misbehaving clients: tabs whose websocket is
// never read (a frozen laptop, a phone on a dying link), and requests whose
// headers arrive a byte a second (slowloris). Neither may slow anyone else
// down or hold the server's memory; the report says what the server did
// with them.
type slowClients struct {
	sockets   []*websocket.Conn
	trickles  sync.WaitGroup
	trickleN  int
	trickleMu sync.Mutex
	// trickleClosed: requests the server gave up on, and after how long.
	trickleClosed []time.Duration
}

// slowReport is what became of the slow clients.
type slowReport struct {
	Sockets int `json:"sockets"`
	// SocketsClosed: sockets the server closed because they did not keep up
	// (their queue filled; the close code asks the page to resync).
	SocketsClosed int   `json:"sockets_closed_by_server"`
	SocketsFrames int64 `json:"sockets_frames_buffered"`
	Trickles      int   `json:"trickled_requests"`
	// TrickleClosed: trickled requests the server dropped; TrickleMaxSec the
	// longest one held a connection.
	TrickleClosed int     `json:"trickled_closed_by_server"`
	TrickleMaxSec float64 `json:"trickled_longest_sec"`
}

// startSlow opens n never-read sockets (with a small receive buffer, so the
// server's writes back up soon) and n trickling requests, running until ctx
// ends.
func (r *runner) startSlow(ctx context.Context, browsers []*browser, n int) *slowClients {
	s := &slowClients{trickleN: n}
	for i := range n {
		b := browsers[i%len(browsers)]
		lc := &liveClient{b: b}
		d := websocket.Dialer{Jar: b.jar, HandshakeTimeout: 10 * time.Second,
			NetDialContext: (&net.Dialer{Control: smallReceiveBuffer}).DialContext}
		ws, err := lc.dialWith(ctx, d)
		if err == nil {
			s.sockets = append(s.sockets, ws)
		}
	}
	addr := r.base.Host
	if r.base.Port() == "" {
		port := "80"
		if r.base.Scheme == "https" {
			port = "443"
		}
		addr = net.JoinHostPort(r.base.Hostname(), port)
	}
	for range n {
		s.trickles.Go(func() { s.trickle(ctx, addr, r.base.Host) })
	}
	return s
}

func smallReceiveBuffer(_, _ string, c syscall.RawConn) error {
	var serr error
	err := c.Control(func(fd uintptr) {
		serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096)
	})
	return errors.Join(err, serr)
}

// trickle sends a request's headers one byte a second, never finishing,
// until the server closes the connection or ctx ends.
func (s *slowClients) trickle(ctx context.Context, addr, host string) {
	conn, err := (&net.Dialer{Timeout: 10 * time.Second}).DialContext(ctx, "tcp", addr)
	if err != nil {
		return
	}
	defer conn.Close()
	start := time.Now()
	closed := make(chan struct{})
	go func() {
		io.Copy(io.Discard, conn) // returns when the server closes
		close(closed)
	}()
	head := []byte("GET /signin HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: partnerdesk-loadgen-slow\r\nX-Filler: ")
send:
	for i := 0; ; i++ {
		b := byte('a' + i%26)
		if i < len(head) {
			b = head[i]
		}
		if _, err := conn.Write([]byte{b}); err != nil {
			break
		}
		select {
		case <-ctx.Done():
			return // still open when the run ended
		case <-closed:
			break send
		case <-time.After(time.Second):
		}
	}
	s.trickleMu.Lock()
	s.trickleClosed = append(s.trickleClosed, time.Since(start))
	s.trickleMu.Unlock()
}

// finish stops the slow clients and reports: each socket is read now with a
// short deadline to learn whether the server closed it.
func (s *slowClients) finish() slowReport {
	s.trickles.Wait()
	rep := slowReport{Sockets: len(s.sockets), Trickles: s.trickleN}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, ws := range s.sockets {
		wg.Go(func() {
			defer ws.Close()
			ws.SetReadDeadline(time.Now().Add(2 * time.Second))
			var frames int64
			for {
				_, _, err := ws.ReadMessage()
				if err == nil {
					frames++
					continue
				}
				var ne net.Error
				mu.Lock()
				rep.SocketsFrames += frames
				if !errors.As(err, &ne) || !ne.Timeout() {
					rep.SocketsClosed++
				}
				mu.Unlock()
				return
			}
		})
	}
	wg.Wait()
	s.trickleMu.Lock()
	rep.TrickleClosed = len(s.trickleClosed)
	for _, d := range s.trickleClosed {
		rep.TrickleMaxSec = max(rep.TrickleMaxSec, round2(d.Seconds()))
	}
	s.trickleMu.Unlock()
	return rep
}

func (rep slowReport) String() string {
	return fmt.Sprintf("slow clients: %d never-read sockets (%d closed by the server, %d frames were waiting); "+
		"%d trickled requests (%d closed by the server, the longest held %.1f s)",
		rep.Sockets, rep.SocketsClosed, rep.SocketsFrames, rep.Trickles, rep.TrickleClosed, rep.TrickleMaxSec)
}
