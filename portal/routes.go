package portal

import (
	"context"
	"net/http"
	"strings"

	"github.com/uptrace/bun"

	"partnerdesk/domain/order"
)

// route is one entry of the route table. The tenant isolation test walks this
// table, so a company-scoped page cannot be forgotten.
type route struct {
	pattern string
	handler http.HandlerFunc
	access  string // one of the access* levels
}

func (s *Server) routeTable() []route {
	return []route{
		{"GET /healthz", s.healthz, accessPublic},
		{"GET /readyz", s.readyz, accessPublic},
		{"GET /static/{file}", s.static.serve, accessPublic},
		{"GET /favicon.ico", s.favicon, accessPublic},

		{"GET /{$}", s.showHome, accessPublic},
		{"GET /signin", s.showSignInPage, accessPublic},
		{"POST /signin", s.signIn, accessPublic},
		{"POST /signout", s.signOut, accessSignedIn},
		{"POST /language", s.switchLanguage, accessPublic},
		{"GET /invite/{token}", s.showInvitationPage, accessPublic},
		{"POST /invite/{token}", s.acceptInvitation, accessPublic},
		{"GET /register", s.showRegisterPage, accessPublic},
		{"POST /register", s.registerCompany, accessPublic},
		{"GET /register/thanks", s.showRegisterThanks, accessPublic},
		{"GET /account", s.showAccountPage, accessSignedIn},
		{"GET /live", s.serveLive, accessSignedIn},
		{"POST /account/password", s.changePassword, accessSignedIn},
		{"POST /account/telegram", s.connectTelegram, accessSignedIn},
		{"POST /account/notifications", s.saveNotificationPrefs, accessCustomer},
		{"GET /notifications", s.showNotificationsPage, accessCustomer},
		{"GET /notifications/{id}", s.openNotification, accessCustomer},
		{"POST /notifications/read", s.markNotificationsRead, accessCustomer},
		{"POST /notifications/subscribe", s.subscribeStock, accessCustomer},
		{"POST /notifications/unsubscribe", s.unsubscribeStock, accessCustomer},

		{"GET /catalog", s.showCatalogPage, accessCustomer},
		{"GET /products/{sku}", s.showProductPage, accessCustomer},
		{"POST /favourites", s.toggleFavourite, accessOrder},
		{"GET /favourites", s.showFavouritesPage, accessCustomer},
		{"GET /quick-order", s.showQuickOrderPage, accessOrder},
		{"POST /quick-order", s.addQuickOrder, accessOrder},
		{"GET /lookup", s.lookupProduct, accessCustomer},
		{"GET /upload", s.showUploadPage, accessOrder},
		{"POST /upload", s.uploadOrderFile, accessOrder},
		{"GET /cart", s.showCartPage, accessOrder},
		{"POST /cart/add", s.addToCart, accessOrder},
		{"POST /cart/add-many", s.addManyToCart, accessOrder},
		{"POST /cart/update", s.updateCart, accessOrder},
		{"GET /checkout", s.showCheckoutPage, accessOrder},
		{"POST /checkout", s.placeOrder, accessOrder},
		{"GET /orders", s.showOrdersPage, accessCustomer},
		{"GET /orders/{number}", s.showOrderPage, accessCustomer},
		{"POST /orders/{number}/reorder", s.reorder, accessOrder},
		{"GET /invoices", s.showInvoicesPage, accessFinance},
		{"GET /complaints", s.showComplaintsPage, accessCustomer},
		{"GET /complaints/new", s.showNewComplaintPage, accessOrder},
		{"POST /complaints", s.fileComplaint, accessOrder},
		{"GET /complaints/{number}", s.showComplaintPage, accessCustomer},
		{"POST /complaints/{number}/messages", s.addComplaintMessage, accessCustomer},
		{"GET /complaints/{number}/photos/{file}", s.serveComplaintPhoto, accessCustomer},
		{"GET /loyalty", s.showLoyaltyPage, accessCustomer},
		{"GET /chat", s.showChatPage, accessCustomer},
		{"POST /chat", s.sendChat, accessCustomer},
		{"GET /users", s.showUsersPage, accessOwner},
		{"POST /users/invite", s.inviteUser, accessOwner},
		{"POST /users/{id}", s.changeUser, accessOwner},
		{"POST /nps", s.answerSurvey, accessOrder},
		{"POST /nps/comment", s.commentSurvey, accessOrder},

		{"GET /desk/companies/{id}", s.showCustomerPage, accessStaff},
		{"POST /desk/companies/{id}/notes", s.addCustomerNote, accessStaff},
		{"POST /desk/companies/{id}/next-contact", s.setCustomerNextContact, accessStaff},
		{"POST /desk/companies/{id}/invite", s.inviteCompanyUser, accessStaff},
		{"GET /desk/registrations", s.showRegistrationsPage, accessStaff},
		{"GET /desk/registrations/{id}", s.showRegistrationPage, accessStaff},
		{"POST /desk/registrations/{id}/approve", s.approveRegistration, accessStaff},
		{"POST /desk/registrations/{id}/reject", s.rejectRegistration, accessStaff},
		{"GET /desk/loyalty", s.showLoyaltyProgramPage, accessAdmin},
		{"POST /desk/loyalty", s.saveLoyaltyProgram, accessAdmin},
		{"POST /desk/loyalty/recompute", s.recomputeLoyaltyTiers, accessAdmin},
		{"GET /desk/handoffs", s.showHandoffsPage, accessStaff},
		{"GET /desk/handoffs/{id}", s.showHandoffPage, accessStaff},
		{"POST /desk/handoffs/{id}/take", s.takeHandoff, accessStaff},
		{"POST /desk/handoffs/{id}/reply", s.replyHandoff, accessStaff},
		{"POST /desk/handoffs/{id}/close", s.closeHandoff, accessStaff},
		{"GET /desk/complaints", s.showComplaintQueuePage, accessStaff},
		{"GET /desk/complaints/{id}", s.showDeskComplaintPage, accessStaff},
		{"POST /desk/complaints/{id}/acknowledge", s.acknowledgeComplaint, accessStaff},
		{"POST /desk/complaints/{id}/review", s.reviewComplaint, accessStaff},
		{"POST /desk/complaints/{id}/resolve", s.resolveComplaint, accessStaff},
		{"POST /desk/complaints/{id}/messages", s.answerComplaint, accessStaff},
		{"GET /desk/complaints/{id}/photos/{file}", s.serveDeskComplaintPhoto, accessStaff},
		{"GET /desk/nps", s.showNPSReportPage, accessStaff},

		{"GET /desk/admin", s.showAdminHome, accessAdmin},
		{"GET /desk/admin/staff", s.showAdminStaffPage, accessAdmin},
		{"POST /desk/admin/staff/invite", s.inviteStaff, accessAdmin},
		{"POST /desk/admin/staff/reassign", s.reassignCompanies, accessAdmin},
		{"POST /desk/admin/staff/{id}/role", s.changeStaffRole, accessAdmin},
		{"POST /desk/admin/staff/{id}/active", s.setStaffActive, accessAdmin},
		{"GET /desk/admin/companies", s.showAdminCompaniesPage, accessAdmin},
		{"POST /desk/admin/companies/{id}", s.assignCompany, accessAdmin},
		{"GET /desk/admin/price-groups", s.showPriceGroupsPage, accessAdmin},
		{"POST /desk/admin/price-groups", s.createPriceGroup, accessAdmin},
		{"GET /desk/admin/price-groups/{id}", s.showPriceGroupPage, accessAdmin},
		{"POST /desk/admin/price-groups/{id}", s.updatePriceGroup, accessAdmin},
		{"POST /desk/admin/price-groups/{id}/delete", s.deletePriceGroup, accessAdmin},
		{"GET /desk/admin/sla", s.showSLAPage, accessAdmin},
		{"POST /desk/admin/sla", s.saveSLACalendar, accessAdmin},
		{"POST /desk/admin/sla/holidays", s.addHoliday, accessAdmin},
		{"POST /desk/admin/sla/holidays/delete", s.deleteHoliday, accessAdmin},
	}
}

func (s *Server) routes(mux *http.ServeMux) {
	for _, rt := range s.routeTable() {
		h := rt.handler
		if !strings.HasPrefix(rt.pattern, "GET ") && !keepsVisitors(rt.pattern) {
			h = s.forgetVisitorsAfter(h)
		}
		if orderPages[rt.pattern] && s.orderTurns != nil {
			h = s.inTurn(h)
		}
		if orderPages[rt.pattern] && s.orderDB != s.db {
			h = onOrderPool(h)
		}
		mux.HandleFunc(rt.pattern, s.guard(rt.access, h))
	}
	mux.HandleFunc("/", s.notFound)
}

// keepsVisitors: the forms that change no session, user or company — the
// order pages' (posted many times per order) and the favourite star. After
// any other form, the sessions kept in memory are dropped before the answer
// goes out, so the page it leads to (a new language, a signed-out browser,
// a deactivated colleague) never shows the old state; changes made
// elsewhere arrive as notifications (account.Visitors).
func keepsVisitors(pattern string) bool {
	return orderPages[pattern] || pattern == "POST /favourites"
}

// orderPages are the pages of the order flow: each prices a cart or writes
// an order, the heaviest work a page does. With Config.OrderPagesAtOnce set,
// at most that many of them run at once and the others wait their turn
// (first come, first served), so that when checkouts pile up the
// processors are not shared among all of them: catalogue pages, searches,
// the live sockets and the API never wait behind them. It costs order
// throughput (README, Performance), so it is off unless set.
var orderPages = map[string]bool{
	"POST /cart/add": true, "POST /cart/add-many": true, "POST /cart/update": true, "GET /cart": true,
	"GET /checkout": true, "POST /checkout": true, "GET /orders/{number}": true, "POST /orders/{number}/reorder": true,
	"POST /quick-order": true, "POST /upload": true,
}

// inTurn runs h when an order page's turn comes; a browser that gives up
// meanwhile leaves the queue.
func (s *Server) inTurn(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		select {
		case s.orderTurns <- struct{}{}:
		case <-r.Context().Done():
			return
		}
		defer func() { <-s.orderTurns }()
		h(w, r)
	}
}

type orderPoolKey struct{}

// onOrderPool marks the request as an order page's: dbFor gives it the
// order flow's pool (Config.OrderDB).
func onOrderPool(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h(w, r.WithContext(context.WithValue(r.Context(), orderPoolKey{}, true)))
	}
}

// dbFor is the pool a request's reads and writes go to: the order flow's
// for its pages (onOrderPool), the main one for every other.
func (s *Server) dbFor(r *http.Request) *bun.DB {
	if r.Context().Value(orderPoolKey{}) != nil {
		return s.orderDB
	}
	return s.db
}

// ordering is the order service on the request's pool (dbFor).
func (s *Server) ordering(r *http.Request) *order.Service {
	if s.placing != nil && s.dbFor(r) == s.orderDB {
		return s.placing
	}
	return s.orders
}

func (s *Server) forgetVisitorsAfter(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		defer s.sessions.Cache.Forget()
		h(w, r)
	}
}
