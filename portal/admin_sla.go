package portal

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"partnerdesk/domain/admin"
)

// The SLA calendars: per country the office hours, working days and the
// hours to acknowledge and decide on a complaint, and the public holidays on
// which the clocks stop. Changes apply to complaints filed afterwards.

// weekdays are ISO weekdays, Monday first, for the working-day checkboxes.
var weekdays = []int{1, 2, 3, 4, 5, 6, 7}

// timeZoneHints are offered while typing a time zone (any IANA name is accepted).
var timeZoneHints = []string{"Europe/Warsaw", "Europe/Helsinki", "Europe/Moscow", "Europe/Kaliningrad", "Europe/Samara",
	"Europe/Volgograd", "Asia/Yekaterinburg", "Asia/Omsk", "Asia/Novosibirsk", "Asia/Krasnoyarsk", "Asia/Irkutsk",
	"Asia/Yakutsk", "Asia/Vladivostok", "Asia/Magadan", "Asia/Kamchatka", "UTC"}

// calendarForm is a country's calendar as typed.
type calendarForm struct {
	TimeZone, DayStart, DayEnd string
	Days                       map[int]bool
	AckHours, DecideHours      string
	Errors                     map[string]string
}

// holidayForm is the form adding a public holiday.
type holidayForm struct {
	Day, Name string
	Errors    map[string]string
}

// slaPage is what the page shows besides the stored data.
type slaPage struct {
	status   int
	country  string
	year     int
	calendar *calendarForm // nil: as stored
	holiday  holidayForm
}

func (s *Server) thisYear() int { return time.Now().In(s.cfg.Location).Year() }

func (s *Server) showSLAPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	country := q.Get("country")
	if country == "" {
		country = admin.Countries[0]
	}
	if !slices.Contains(admin.Countries, country) {
		s.notFound(w, r)
		return
	}
	year, ok := formInt(q.Get("year"))
	if !ok || year < admin.FirstYear || year > admin.LastYear {
		year = s.thisYear()
	}
	s.renderSLA(w, r, slaPage{status: http.StatusOK, country: country, year: year})
}

func (s *Server) renderSLA(w http.ResponseWriter, r *http.Request, p slaPage) {
	ctx := r.Context()
	cal, err := admin.GetCalendar(ctx, s.db, p.country)
	if s.adminFailed(w, r, err) {
		return
	}
	form := p.calendar
	if form == nil {
		form = &calendarForm{TimeZone: cal.TimeZone, DayStart: cal.DayStart, DayEnd: cal.DayEnd, Days: map[int]bool{},
			AckHours: strconv.Itoa(cal.AckHours), DecideHours: strconv.Itoa(cal.DecideHours), Errors: map[string]string{}}
		for _, d := range cal.WorkingDays {
			form.Days[d] = true
		}
	}
	if p.holiday.Errors == nil {
		p.holiday.Errors = map[string]string{}
	}
	this := s.thisYear()
	years, err := admin.HolidayYears(ctx, s.db, p.country, this, this+1, p.year)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	holidays, err := admin.Holidays(ctx, s.db, p.country, p.year)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.renderAdmin(w, r, p.status, "admin_sla", "sla", map[string]any{"Countries": admin.Countries, "Country": p.country,
		"Calendar": form, "Weekdays": weekdays, "Zones": timeZoneHints, "MaxHours": admin.MaxSLAHours,
		"Years": years, "Year": p.year, "Holidays": holidays, "Holiday": p.holiday})
}

// slaCountry reads the form's country; false when it answered 404.
func (s *Server) slaCountry(w http.ResponseWriter, r *http.Request) (string, bool) {
	country := r.PostFormValue("country")
	if !slices.Contains(admin.Countries, country) {
		s.notFound(w, r)
		return "", false
	}
	return country, true
}

func slaURL(country string, year int) string {
	v := url.Values{"country": {country}}
	if year != 0 {
		v.Set("year", strconv.Itoa(year))
	}
	return "/desk/admin/sla?" + v.Encode()
}

// saveSLACalendar replaces a country's business hours.
func (s *Server) saveSLACalendar(w http.ResponseWriter, r *http.Request) {
	country, ok := s.slaCountry(w, r)
	if !ok {
		return
	}
	form := &calendarForm{TimeZone: r.PostFormValue("time_zone"), DayStart: r.PostFormValue("day_start"), DayEnd: r.PostFormValue("day_end"),
		Days: map[int]bool{}, AckHours: r.PostFormValue("ack_hours"), DecideHours: r.PostFormValue("decide_hours"), Errors: map[string]string{}}
	cal := admin.Calendar{Country: country, TimeZone: form.TimeZone, DayStart: form.DayStart, DayEnd: form.DayEnd}
	for _, v := range r.PostForm["days"] { // parsed by slaCountry
		d, ok := formInt(v)
		if !ok {
			d = 0 // refused as not a weekday
		}
		cal.WorkingDays = append(cal.WorkingDays, d)
		form.Days[d] = true
	}
	// Not a number is 0 here, which the domain refuses as out of range.
	cal.AckHours, _ = formInt(form.AckHours)
	cal.DecideHours, _ = formInt(form.DecideHours)
	err := admin.SaveCalendar(r.Context(), s.db, reqCtx(r).user.ID, cal)
	var fe admin.FieldErrors
	if errors.As(err, &fe) {
		form.Errors = adminMessages(fe)
		s.renderSLA(w, r, slaPage{status: http.StatusUnprocessableEntity, country: country, year: s.thisYear(), calendar: form})
		return
	}
	if s.adminFailed(w, r, err) {
		return
	}
	s.zones.Forget() // the customers' pages show the new clock at once
	s.setFlash(w, "ok", "admin_sla_saved")
	http.Redirect(w, r, slaURL(country, 0), http.StatusSeeOther)
}

// addHoliday adds a public holiday and shows its year.
func (s *Server) addHoliday(w http.ResponseWriter, r *http.Request) {
	country, ok := s.slaCountry(w, r)
	if !ok {
		return
	}
	form := holidayForm{Day: r.PostFormValue("day"), Name: r.PostFormValue("name"), Errors: map[string]string{}}
	day, err := admin.AddHoliday(r.Context(), s.db, reqCtx(r).user.ID, country, form.Day, form.Name)
	var fe admin.FieldErrors
	if errors.As(err, &fe) {
		form.Errors = adminMessages(fe)
		year, ok := formInt(r.PostFormValue("year"))
		if !ok || year < admin.FirstYear || year > admin.LastYear {
			year = s.thisYear()
		}
		s.renderSLA(w, r, slaPage{status: http.StatusUnprocessableEntity, country: country, year: year, holiday: form})
		return
	}
	if s.adminFailed(w, r, err) {
		return
	}
	s.setFlash(w, "ok", "admin_holiday_added")
	http.Redirect(w, r, slaURL(country, day.Year())+"#holidays", http.StatusSeeOther)
}

// deleteHoliday removes a public holiday.
func (s *Server) deleteHoliday(w http.ResponseWriter, r *http.Request) {
	country, ok := s.slaCountry(w, r)
	if !ok {
		return
	}
	day, ok := parseDate(r.PostFormValue("day"))
	if !ok || day == nil {
		s.notFound(w, r)
		return
	}
	if s.adminFailed(w, r, admin.DeleteHoliday(r.Context(), s.db, reqCtx(r).user.ID, country, *day)) {
		return
	}
	s.setFlash(w, "ok", "admin_holiday_deleted")
	http.Redirect(w, r, slaURL(country, day.Year())+"#holidays", http.StatusSeeOther)
}
