package domain

import "time"

// Day is the calendar day of t on the clock of loc, as midnight UTC of that
// date: days compare and subtract exactly, and print as the same date
// anywhere (how they are held beside due dates and delivery dates).
func Day(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
