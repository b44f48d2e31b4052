package main

import (
	"bufio"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// cpuTimes is the machine's processor time so far (/proc/stat, in clock
// ticks): busy in any process or the kernel, and idle.
type cpuTimes struct {
	busy, idle uint64
	ok         bool
}

// readCPU reads /proc/stat's first line; ok is false where there is none.
func readCPU() cpuTimes {
	f, err := os.Open("/proc/stat")
	if err != nil {
		return cpuTimes{}
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	if !sc.Scan() {
		return cpuTimes{}
	}
	return parseCPULine(sc.Text())
}

// parseCPULine reads "cpu user nice system idle iowait irq softirq steal ...":
// idle and iowait are idle, the rest busy.
func parseCPULine(line string) cpuTimes {
	f := strings.Fields(line)
	if len(f) < 5 || f[0] != "cpu" {
		return cpuTimes{}
	}
	var t cpuTimes
	for i, s := range f[1:] {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return cpuTimes{}
		}
		switch {
		case i == 3 || i == 4: // idle, iowait
			t.idle += v
		case i >= 8: // guest time, already counted in user
		default:
			t.busy += v
		}
	}
	t.ok = true
	return t
}

// machineReport is how busy the whole machine was during the load (the
// instance, its database and the generator itself, when on one machine).
type machineReport struct {
	Cores   int     `json:"cores"`
	BusyPct float64 `json:"busy_pct"`
}

// busyBetween is the share of processor time spent busy from a to b.
func busyBetween(a, b cpuTimes) (machineReport, bool) {
	if !a.ok || !b.ok || b.busy+b.idle <= a.busy+a.idle {
		return machineReport{}, false
	}
	busy, total := b.busy-a.busy, b.busy+b.idle-a.busy-a.idle
	return machineReport{Cores: runtime.NumCPU(), BusyPct: round2(100 * float64(busy) / float64(total))}, true
}
