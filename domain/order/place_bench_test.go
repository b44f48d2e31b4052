package order_test

import (
	"context"
	"testing"

	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/order"
)

// BenchmarkPlaceOrder places 5-line orders from many companies in parallel:
// one transaction each with company lock, pricing, credit, stock reservation,
// history and outbox events.
func BenchmarkPlaceOrder(b *testing.B) {
	ctx := context.Background()
	db := dbtest.DB(b)
	s := &order.Service{DB: db}
	wh := dbtest.Warehouse(b, db, "WAW", "PL")
	var products []int64
	for range 50 {
		p := dbtest.Product(b, db, dbtest.ProductOpts{ListPLN: 1999})
		dbtest.Stock(b, db, p, wh, 1_000_000_000)
		products = append(products, p)
	}
	companies := make(chan int64, 64)
	for range 64 {
		companies <- dbtest.Company(b, db, dbtest.CompanyOpts{CreditLimit: 1 << 50})
	}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		comp := <-companies
		i := 0
		for pb.Next() {
			i++
			lines := make([]order.LineRequest, 5)
			for k := range lines {
				lines[k] = order.LineRequest{ProductID: products[(i*7+k*11)%len(products)], Qty: 1 + k}
			}
			if _, err := s.Place(ctx, order.PlaceRequest{CompanyID: comp, Channel: order.ChannelAPI, IdempotencyKey: key(), Lines: lines}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "orders/s")
}
