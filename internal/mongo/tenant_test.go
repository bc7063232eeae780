package mongo_test

import (
	"context"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
)

// A tenant's settings are written only at the version they were read at; a tenant stored
// before versions existed counts as version 0.
func TestUpdateTenantVersion(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx := context.Background()
	_, created := mongotest.MustCreateTenant(t, db, "versioniert")
	// As stored by an earlier release: no version field.
	if _, err := db.Collection("tenants").UpdateOne(ctx, bson.D{{Key: "_id", Value: created.ID}}, bson.D{{Key: "$unset", Value: bson.D{{Key: "version", Value: ""}}}}); err != nil {
		t.Fatal(err)
	}
	a, err := db.FindTenantBySlug(ctx, "versioniert")
	if err != nil {
		t.Fatal(err)
	}
	b := *a
	if a.Version != 0 {
		t.Fatalf("version %d, want 0", a.Version)
	}
	a.Name = "Stadt Eins"
	if err := db.UpdateTenant(ctx, a); err != nil {
		t.Fatal(err)
	}
	b.Name = "Stadt Zwei"
	if err := db.UpdateTenant(ctx, &b); domain.ErrorCode(err) != domain.EPRECONDITIONFAILED {
		t.Fatalf("stale write: %v", err)
	}
	got, err := db.FindTenantBySlug(ctx, "versioniert")
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Stadt Eins" || got.Version != 1 {
		t.Fatalf("stored %q v%d", got.Name, got.Version)
	}
	got.Name = "Stadt Drei"
	if err := db.UpdateTenant(ctx, got); err != nil || got.Version != 2 {
		t.Fatalf("second write: %v, v%d", err, got.Version)
	}
}
