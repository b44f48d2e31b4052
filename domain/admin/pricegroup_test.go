package admin_test

import (
	"errors"
	"strings"
	"testing"

	"partnerdesk/domain"
	"partnerdesk/domain/admin"
	"partnerdesk/domain/company"
	"partnerdesk/domain/dbtest"
)

func TestPriceGroupLifecycle(t *testing.T) {
	db := dbtest.DB(t)
	boss := staff(t, "admin")
	id, err := admin.CreatePriceGroup(ctx, db, boss, admin.PriceGroupInput{Code: " Install-2 ", Names: domain.Texts{PL: "Instalatorzy", FI: "Asentajat"}})
	if err != nil {
		t.Fatal(err)
	}
	g, err := admin.GetPriceGroup(ctx, db, id)
	if err != nil || g.Code != "install-2" || g.Names.In(domain.Russian) != "Instalatorzy" || g.Companies != 0 {
		t.Fatalf("created %+v %v", g, err)
	}
	for _, tc := range []struct {
		in          admin.PriceGroupInput
		field, code string
	}{
		{admin.PriceGroupInput{Code: "install-2", Names: domain.Texts{PL: "x"}}, "code", "code_taken"},
		{admin.PriceGroupInput{Code: "z spacją", Names: domain.Texts{PL: "x"}}, "code", "code_format"},
		{admin.PriceGroupInput{Code: "", Names: domain.Texts{PL: "x"}}, "code", "required"},
		{admin.PriceGroupInput{Code: "ok", Names: domain.Texts{PL: " "}}, "names", "name_required"},
		{admin.PriceGroupInput{Code: "ok", Names: domain.Texts{RU: strings.Repeat("я", admin.MaxGroupName+1)}}, "name_ru", "too_long"},
	} {
		_, err := admin.CreatePriceGroup(ctx, db, boss, tc.in)
		var fe admin.FieldErrors
		if !errors.As(err, &fe) || fe[tc.field] != tc.code {
			t.Errorf("%+v: %v, want %s: %s", tc.in, err, tc.field, tc.code)
		}
	}
	if err := admin.UpdatePriceGroup(ctx, db, boss, id, admin.PriceGroupInput{Code: "installers", Names: domain.Texts{PL: "Instalatorzy", RU: "Монтажники", FI: "Asentajat"}}); err != nil {
		t.Fatal(err)
	}
	if g, _ := admin.GetPriceGroup(ctx, db, id); g.Code != "installers" || g.Names.RU != "Монтажники" {
		t.Fatalf("renamed %+v", g)
	}
	if err := admin.UpdatePriceGroup(ctx, db, boss, id+1000, admin.PriceGroupInput{Code: "nope", Names: domain.Texts{PL: "x"}}); !errors.Is(err, company.ErrNotFound) {
		t.Fatalf("rename an unknown group: %v", err)
	}

	c := dbtest.Company(t, db, dbtest.CompanyOpts{PriceGroupID: id})
	err = admin.DeletePriceGroup(ctx, db, boss, id)
	var inUse *admin.InUseError
	if !errors.As(err, &inUse) || inUse.Companies != 1 {
		t.Fatalf("delete a used group: %v", err)
	}
	dbtest.Exec(t, db, "UPDATE companies SET price_group_id = NULL WHERE id = ?", c)
	if err := admin.DeletePriceGroup(ctx, db, boss, id); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.GetPriceGroup(ctx, db, id); !errors.Is(err, company.ErrNotFound) {
		t.Fatalf("deleted group still there: %v", err)
	}
}
