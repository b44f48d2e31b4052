package portal

import "net/http"

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
		{"GET /chat", s.showChatPage, accessCustomer},
		{"POST /chat", s.sendChat, accessCustomer},
		{"GET /users", s.showUsersPage, accessOwner},
		{"POST /users/invite", s.inviteUser, accessOwner},
		{"POST /users/{id}", s.changeUser, accessOwner},

		{"POST /desk/companies/{id}/invite", s.inviteCompanyUser, accessStaff},
		{"GET /desk/registrations", s.showRegistrationsPage, accessStaff},
		{"GET /desk/registrations/{id}", s.showRegistrationPage, accessStaff},
		{"POST /desk/registrations/{id}/approve", s.approveRegistration, accessStaff},
		{"POST /desk/registrations/{id}/reject", s.rejectRegistration, accessStaff},
		{"GET /desk/handoffs", s.showHandoffsPage, accessStaff},
		{"GET /desk/handoffs/{id}", s.showHandoffPage, accessStaff},
		{"POST /desk/handoffs/{id}/take", s.takeHandoff, accessStaff},
		{"POST /desk/handoffs/{id}/reply", s.replyHandoff, accessStaff},
		{"POST /desk/handoffs/{id}/close", s.closeHandoff, accessStaff},
	}
}

func (s *Server) routes(mux *http.ServeMux) {
	for _, rt := range s.routeTable() {
		mux.HandleFunc(rt.pattern, s.guard(rt.access, rt.handler))
	}
	mux.HandleFunc("/", s.notFound)
}
