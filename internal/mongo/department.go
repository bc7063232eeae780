package mongo

import (
	"context"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"golang.org/x/text/unicode/norm"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

type departmentDoc struct {
	ID        string    `bson:"_id"`
	TenantID  string    `bson:"tenantId"`
	Code      string    `bson:"code"`
	Name      string    `bson:"name"`
	Active    bool      `bson:"active"`
	Version   int64     `bson:"version"`
	CreatedAt time.Time `bson:"createdAt"`
	UpdatedAt time.Time `bson:"updatedAt"`
}

func (d *departmentDoc) tenant() string { return d.TenantID }

func (d *departmentDoc) toDomain() *domain.Department {
	v := domain.Department(*d)
	return &v
}

// departmentKey claims a code per tenant regardless of case and of full-width forms: "x1"
// is taken when "X1" or "Ｘ１" is. (Codes with letters claimed before were claimed as
// written; all-digit codes are the same.)
func departmentKey(tid, code string) string {
	return "department-code:" + tid + ":" + strings.ToLower(norm.NFKC.String(code))
}

var _ domain.DepartmentStore = (*DB)(nil)

// CreateDepartment implements domain.DepartmentStore.
func (db *DB) CreateDepartment(ctx context.Context, d *domain.Department) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	if d.ID == "" {
		d.ID = db.NewID()
	}
	now := db.now()
	d.TenantID, d.Version, d.CreatedAt, d.UpdatedAt = tid, 1, now, now
	if err := db.claimKeys(ctx, d.ID, []string{departmentKey(tid, d.Code)}); err != nil {
		return err
	}
	doc := departmentDoc(*d)
	if _, err := db.c(colDepartments).InsertOne(ctx, doc); err != nil {
		db.releaseKeys(ctx, d.ID, []string{departmentKey(tid, d.Code)})
		return mapErr(err, "department")
	}
	if db.exclusive {
		db.departments.wrote(tid+"\x00"+d.ID, &doc)
	}
	return nil
}

// FindDepartmentByID implements domain.DepartmentStore.
func (db *DB) FindDepartmentByID(ctx context.Context, id string) (*domain.Department, error) {
	d, err := findCached(ctx, db, &db.departments, db.c(colDepartments), id, "department")
	if err != nil {
		return nil, err
	}
	return d.toDomain(), nil
}

// FindDepartments implements domain.DepartmentStore.
func (db *DB) FindDepartments(ctx context.Context) ([]*domain.Department, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return nil, err
	}
	cur, err := db.c(colDepartments).Find(ctx, bson.D{{Key: "tenantId", Value: tid}},
		options.Find().SetSort(bson.D{{Key: "code", Value: 1}}))
	if err != nil {
		return nil, mapErr(err, "departments")
	}
	var docs []departmentDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, mapErr(err, "departments")
	}
	out := make([]*domain.Department, len(docs))
	for i := range docs {
		out[i] = docs[i].toDomain()
	}
	return out, nil
}

// UpdateDepartment implements domain.DepartmentStore.
func (db *DB) UpdateDepartment(ctx context.Context, d *domain.Department) error {
	old, err := db.FindDepartmentByID(ctx, d.ID)
	if err != nil {
		return err
	}
	if old.Version != d.Version {
		return domain.Errorf(domain.EPRECONDITIONFAILED, "the department was changed by someone else; reload and try again")
	}
	// A code changed only in case keeps its claim.
	recode := departmentKey(old.TenantID, old.Code) != departmentKey(old.TenantID, d.Code)
	if recode {
		if err := db.claimKeys(ctx, d.ID, []string{departmentKey(old.TenantID, d.Code)}); err != nil {
			return err
		}
	}
	nd := departmentDoc(*d)
	nd.TenantID, nd.CreatedAt, nd.UpdatedAt, nd.Version = old.TenantID, old.CreatedAt, db.now(), d.Version+1
	res, err := db.c(colDepartments).ReplaceOne(ctx, bson.D{{Key: "_id", Value: d.ID}, {Key: "version", Value: d.Version}}, nd)
	if db.exclusive {
		// Replaced, or maybe (an error after the store applied it): nothing known then.
		var known *departmentDoc
		if err == nil && res.MatchedCount == 1 {
			known = &nd
		}
		db.departments.wrote(old.TenantID+"\x00"+d.ID, known)
	}
	if err != nil {
		return mapErr(err, "department")
	}
	if res.MatchedCount == 0 {
		return domain.Errorf(domain.EPRECONDITIONFAILED, "the department was changed by someone else; reload and try again")
	}
	if recode {
		db.releaseKeys(ctx, d.ID, []string{departmentKey(old.TenantID, old.Code)})
	}
	*d = *nd.toDomain()
	return nil
}
