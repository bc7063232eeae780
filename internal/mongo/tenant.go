package mongo

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

type brandingDoc struct {
	PrimaryColor string `bson:"primaryColor,omitempty"`
	LogoURL      string `bson:"logoUrl,omitempty"`
	ContactEmail string `bson:"contactEmail,omitempty"`
	ImprintURL   string `bson:"imprintUrl,omitempty"`
	PrivacyURL   string `bson:"privacyUrl,omitempty"`
}

type tenantDoc struct {
	ID        string      `bson:"_id"`
	Slug      string      `bson:"slug"`
	Name      string      `bson:"name"`
	Hosts     []string    `bson:"hosts"`
	Branding  brandingDoc `bson:"branding"`
	CreatedAt time.Time   `bson:"createdAt"`
	UpdatedAt time.Time   `bson:"updatedAt"`
	Version   int64       `bson:"version"`
}

func (d *tenantDoc) toDomain() *domain.Tenant {
	return &domain.Tenant{
		ID: d.ID, Slug: d.Slug, Name: d.Name, Hosts: d.Hosts,
		Branding:  domain.Branding(d.Branding),
		CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt, Version: d.Version,
	}
}

func tenantToDoc(t *domain.Tenant) *tenantDoc {
	hosts := t.Hosts
	if hosts == nil {
		hosts = []string{}
	}
	return &tenantDoc{
		ID: t.ID, Slug: t.Slug, Name: t.Name, Hosts: hosts,
		Branding:  brandingDoc(t.Branding),
		CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt, Version: t.Version,
	}
}

var _ domain.TenantStore = (*DB)(nil)

// CreateTenant implements domain.TenantStore. Slug and hosts are claimed as keys first, so
// two tenants can never share one.
func (db *DB) CreateTenant(ctx context.Context, t *domain.Tenant) error {
	if err := t.Validate(); err != nil {
		return err
	}
	now := db.now()
	if t.ID == "" {
		t.ID = db.NewID()
	}
	t.CreatedAt, t.UpdatedAt = now, now
	claims := []string{"tenant-slug:" + t.Slug}
	for _, h := range t.Hosts {
		claims = append(claims, "host:"+h)
	}
	if err := db.claimKeys(ctx, t.ID, claims); err != nil {
		return err
	}
	if _, err := db.c(colTenants).InsertOne(ctx, tenantToDoc(t)); err != nil {
		db.releaseKeys(ctx, t.ID, claims)
		return mapErr(err, "tenant")
	}
	return nil
}

// UpdateTenant implements domain.TenantStore.
func (db *DB) UpdateTenant(ctx context.Context, t *domain.Tenant) error {
	if err := t.Validate(); err != nil {
		return err
	}
	var old tenantDoc
	if err := db.c(colTenants).FindOne(ctx, bson.D{{Key: "_id", Value: t.ID}}).Decode(&old); err != nil {
		return mapErr(err, "tenant")
	}
	var added, removed []string
	for _, h := range t.Hosts {
		if !contains(old.Hosts, h) {
			added = append(added, "host:"+h)
		}
	}
	for _, h := range old.Hosts {
		if !contains(t.Hosts, h) {
			removed = append(removed, "host:"+h)
		}
	}
	if err := db.claimKeys(ctx, t.ID, added); err != nil {
		return err
	}
	if t.Version != old.Version {
		db.releaseKeys(ctx, t.ID, added)
		return domain.Errorf(domain.EPRECONDITIONFAILED, "the municipality's settings were changed in the meantime; reload and try again")
	}
	t.Slug, t.CreatedAt, t.UpdatedAt, t.Version = old.Slug, old.CreatedAt, db.now(), old.Version+1
	// Replaced only at the version read (a tenant document without one has 0).
	filter := bson.D{{Key: "_id", Value: t.ID}}
	if old.Version == 0 {
		filter = append(filter, bson.E{Key: "version", Value: bson.D{{Key: "$in", Value: bson.A{nil, int64(0)}}}})
	} else {
		filter = append(filter, bson.E{Key: "version", Value: old.Version})
	}
	res, err := db.c(colTenants).ReplaceOne(ctx, filter, tenantToDoc(t))
	if err == nil && res.MatchedCount == 0 {
		err = domain.Errorf(domain.EPRECONDITIONFAILED, "the municipality's settings were changed in the meantime; reload and try again")
	}
	if err != nil {
		t.Version = old.Version
		db.releaseKeys(ctx, t.ID, added)
		if domain.ErrorCode(err) == domain.EPRECONDITIONFAILED {
			return err
		}
		return mapErr(err, "tenant")
	}
	db.releaseKeys(ctx, t.ID, removed)
	return nil
}

// FindTenants implements domain.TenantStore.
func (db *DB) FindTenants(ctx context.Context) ([]*domain.Tenant, error) {
	cur, err := db.c(colTenants).Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "createdAt", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, mapErr(err, "tenants")
	}
	var docs []tenantDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, mapErr(err, "tenants")
	}
	out := make([]*domain.Tenant, len(docs))
	for i := range docs {
		out[i] = docs[i].toDomain()
	}
	return out, nil
}

// FindTenantBySlug implements domain.TenantStore.
func (db *DB) FindTenantBySlug(ctx context.Context, slug string) (*domain.Tenant, error) {
	id, err := db.lookupKey(ctx, "tenant-slug:"+slug)
	if err != nil {
		return nil, err
	}
	var d tenantDoc
	if err := db.c(colTenants).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&d); err != nil {
		return nil, mapErr(err, "tenant")
	}
	return d.toDomain(), nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
