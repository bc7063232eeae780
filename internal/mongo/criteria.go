package mongo

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Criteria sets are few per tenant and rarely change: one small collection.
const colCriteriaSets = "criteria_sets"

type criterionDoc struct {
	Key         string `bson:"key"`
	Label       string `bson:"label"`
	Description string `bson:"description,omitempty"`
	Weight      int    `bson:"weight"`
}

type criteriaSetDoc struct {
	ID          string         `bson:"_id"`
	TenantID    string         `bson:"tenantId"`
	Name        string         `bson:"name"`
	Description string         `bson:"description,omitempty"`
	Criteria    []criterionDoc `bson:"criteria"`
	InUse       bool           `bson:"inUse"`
	Version     int64          `bson:"version"`
	CreatedAt   time.Time      `bson:"createdAt"`
	UpdatedAt   time.Time      `bson:"updatedAt"`
}

func (d *criteriaSetDoc) tenant() string { return d.TenantID }

func (d *criteriaSetDoc) toDomain() *domain.CriteriaSet {
	cs := &domain.CriteriaSet{ID: d.ID, TenantID: d.TenantID, Name: d.Name, Description: d.Description, InUse: d.InUse,
		Version: d.Version, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt}
	for _, c := range d.Criteria {
		cs.Criteria = append(cs.Criteria, domain.Criterion(c))
	}
	return cs
}

func criteriaSetToDoc(cs *domain.CriteriaSet) *criteriaSetDoc {
	d := &criteriaSetDoc{ID: cs.ID, TenantID: cs.TenantID, Name: cs.Name, Description: cs.Description, InUse: cs.InUse,
		Version: cs.Version, CreatedAt: cs.CreatedAt, UpdatedAt: cs.UpdatedAt, Criteria: []criterionDoc{}}
	for _, c := range cs.Criteria {
		d.Criteria = append(d.Criteria, criterionDoc(c))
	}
	return d
}

var _ domain.CriteriaStore = (*DB)(nil)

// defaultCriteriaSetID is the ID of a tenant's seeded default set; a fixed ID makes seeding
// idempotent even when two instances start at once.
func defaultCriteriaSetID(tenantID string) string { return "criteria-default-" + tenantID }

// CreateCriteriaSet implements domain.CriteriaStore.
func (db *DB) CreateCriteriaSet(ctx context.Context, cs *domain.CriteriaSet) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	if cs.ID == "" {
		cs.ID = db.NewID()
	}
	now := db.now()
	cs.TenantID, cs.Version, cs.CreatedAt, cs.UpdatedAt = tid, 1, now, now
	_, err = db.c(colCriteriaSets).InsertOne(ctx, criteriaSetToDoc(cs))
	db.criteria.reset()
	return mapErr(err, "criteria set")
}

// FindCriteriaSetByID implements domain.CriteriaStore. An exclusive DB answers from its
// cache (docCache): every review reads its idea's set twice.
func (db *DB) FindCriteriaSetByID(ctx context.Context, id string) (*domain.CriteriaSet, error) {
	d, err := findCached(ctx, db, &db.criteria, db.c(colCriteriaSets), id, "criteria set")
	if err != nil {
		return nil, err
	}
	return d.toDomain(), nil
}

// FindCriteriaSets implements domain.CriteriaStore.
func (db *DB) FindCriteriaSets(ctx context.Context) ([]*domain.CriteriaSet, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return nil, err
	}
	cur, err := db.c(colCriteriaSets).Find(ctx, bson.D{{Key: "tenantId", Value: tid}},
		options.Find().SetSort(bson.D{{Key: "name", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, mapErr(err, "criteria sets")
	}
	var docs []criteriaSetDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, mapErr(err, "criteria sets")
	}
	out := make([]*domain.CriteriaSet, len(docs))
	for i := range docs {
		out[i] = docs[i].toDomain()
	}
	return out, nil
}

// UpdateCriteriaSet implements domain.CriteriaStore. The in-use check and the write are one
// conditional update: a set marked in use in between makes the filter miss, and the
// reloaded set then refuses the key change.
func (db *DB) UpdateCriteriaSet(ctx context.Context, cs *domain.CriteriaSet) error {
	defer lockFunnel("criteria:" + cs.ID)()
	old, err := db.FindCriteriaSetByID(ctx, cs.ID)
	if err != nil {
		return err
	}
	if old.Version != cs.Version {
		return domain.Errorf(domain.EPRECONDITIONFAILED, "the criteria set was changed by someone else; reload and try again")
	}
	if err := domain.CheckCriteriaChange(old, cs); err != nil {
		return err
	}
	d := criteriaSetToDoc(cs)
	d.TenantID, d.CreatedAt, d.UpdatedAt, d.Version, d.InUse = old.TenantID, old.CreatedAt, db.now(), cs.Version+1, old.InUse
	res, err := db.c(colCriteriaSets).ReplaceOne(ctx,
		bson.D{{Key: "_id", Value: cs.ID}, {Key: "version", Value: cs.Version}, {Key: "inUse", Value: old.InUse}}, d)
	db.criteria.reset()
	if err != nil {
		return mapErr(err, "criteria set")
	}
	if res.MatchedCount == 0 {
		if cur, err := db.FindCriteriaSetByID(ctx, cs.ID); err == nil && cur.Version == cs.Version {
			return domain.CheckCriteriaChange(cur, cs)
		}
		return domain.Errorf(domain.EPRECONDITIONFAILED, "the criteria set was changed by someone else; reload and try again")
	}
	*cs = *d.toDomain()
	return nil
}

// MarkCriteriaSetInUse implements domain.CriteriaStore. It does not bump the version: an
// open edit of labels or weights stays valid.
func (db *DB) MarkCriteriaSetInUse(ctx context.Context, id string) error {
	if _, err := db.FindCriteriaSetByID(ctx, id); err != nil {
		return err
	}
	defer lockFunnel("criteria:" + id)()
	_, err := db.c(colCriteriaSets).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "inUse", Value: true}}}})
	db.criteria.reset()
	return mapErr(err, "criteria set")
}

// EnsureDefaultCriteriaSet implements domain.CriteriaStore. The default is the set named by
// the tenant's funnel settings, else the seeded set of PRODUCT.md (created on first use).
func (db *DB) EnsureDefaultCriteriaSet(ctx context.Context) (*domain.CriteriaSet, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return nil, err
	}
	s, err := db.FindFunnelSettings(ctx)
	if err != nil {
		return nil, err
	}
	if s.DefaultCriteriaSetID != "" {
		if cs, err := db.FindCriteriaSetByID(ctx, s.DefaultCriteriaSetID); err == nil {
			return cs, nil
		}
	}
	id := defaultCriteriaSetID(tid)
	cs, err := db.FindCriteriaSetByID(ctx, id)
	if domain.ErrorCode(err) != domain.ENOTFOUND {
		return cs, err
	}
	cs = &domain.CriteriaSet{ID: id, Name: domain.DefaultCriteriaSetName,
		Description: "Die Standardkriterien des Innovationsmanagements (Gewichte in Prozent).", Criteria: domain.DefaultCriteria()}
	if err := db.CreateCriteriaSet(ctx, cs); err != nil {
		if domain.ErrorCode(err) == domain.ECONFLICT {
			return db.FindCriteriaSetByID(ctx, id)
		}
		return nil, err
	}
	return cs, nil
}
