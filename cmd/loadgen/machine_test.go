package main

import "testing"

// The machine's busy share counts user, system, interrupts and steal as busy,
// idle and iowait as idle, and guest time not twice.
func TestBusyBetween(t *testing.T) {
	a := parseCPULine("cpu  1000 0 500 8000 100 0 0 0 0 0")
	b := parseCPULine("cpu  1600 0 800 8400 200 50 50 0 30 0")
	got, ok := busyBetween(a, b)
	if !ok || got.BusyPct != 66.67 { // busy 600+300+50+50 = 1000 of 1000+400+100 = 1500
		t.Fatalf("%+v %v", got, ok)
	}
	if _, ok := busyBetween(a, parseCPULine("intr 1 2 3")); ok {
		t.Fatal("a line that is not the cpu line")
	}
}
