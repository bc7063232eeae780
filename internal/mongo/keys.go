package mongo

import (
	"context"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// The keys collection makes uniqueness checks and lookups by natural key (an e-mail, a
// host, a slug) into _id lookups, the one query the embedded store answers without a scan:
// {_id: "email:<tenant>:<address>", ref: "<user id>"}. Without transactions a key is claimed
// before the document it points to is written; a key whose document never appeared is
// stale and may be reclaimed (see claimKeys).
type keyDoc struct {
	ID  string    `bson:"_id"`
	Ref string    `bson:"ref"`
	At  time.Time `bson:"at"`
}

// staleKeyAge is how old a key pointing at nothing must be before it may be reclaimed; a
// younger one may belong to an insert still in flight.
const staleKeyAge = time.Minute

// claimKeys inserts each key pointing at ref; on a conflict it releases what it claimed
// and returns ECONFLICT naming the key's kind.
func (db *DB) claimKeys(ctx context.Context, ref string, keys []string) error {
	for i, k := range keys {
		_, err := db.c(colKeys).InsertOne(ctx, keyDoc{ID: k, Ref: ref, At: db.now()})
		if err != nil {
			db.releaseKeys(ctx, ref, keys[:i])
			if e := mapErr(err, "key"); domain.ErrorCode(e) == domain.ECONFLICT {
				kind, _, _ := strings.Cut(k, ":")
				return conflictFor(kind)
			}
			return mapErr(err, "key")
		}
	}
	return nil
}

func conflictFor(kind string) error {
	switch kind {
	case "email":
		return &domain.Error{Code: domain.ECONFLICT, Reason: domain.REmailTaken, Message: "an account with this e-mail address already exists",
			Fields: []domain.FieldError{{Field: "email", Message: "already registered", Reason: domain.REmailTaken}}}
	case "host":
		return domain.Conflict(domain.RHostTaken, "a host is already mapped to another tenant")
	case "tenant-slug":
		return domain.Conflict(domain.RTenantSlugTaken, "a tenant with this slug already exists")
	case "department-code":
		return &domain.Error{Code: domain.ECONFLICT, Reason: domain.RDepartmentCodeTaken, Message: "a department with this code already exists",
			Fields: []domain.FieldError{{Field: "code", Message: "already exists", Reason: domain.RDepartmentCodeTaken}}}
	}
	return domain.Conflict(domain.RDuplicate, "%s already exists", kind)
}

// releaseKeys deletes the keys that still point at ref (any ref when ref is ""); errors are
// ignored because a stale key is reclaimed later.
func (db *DB) releaseKeys(ctx context.Context, ref string, keys []string) {
	ctx, stop := domain.Detach(ctx)
	defer stop()
	for _, k := range keys {
		filter := bson.D{{Key: "_id", Value: k}}
		if ref != "" {
			filter = append(filter, bson.E{Key: "ref", Value: ref})
		}
		_, _ = db.c(colKeys).DeleteOne(ctx, filter)
	}
}

// lookupKey returns the ref of a key; ENOTFOUND.
func (db *DB) lookupKey(ctx context.Context, key string) (string, error) {
	d, err := db.findKey(ctx, key)
	return d.Ref, err
}

func (db *DB) findKey(ctx context.Context, key string) (keyDoc, error) {
	var d keyDoc
	if err := db.c(colKeys).FindOne(ctx, bson.D{{Key: "_id", Value: key}}).Decode(&d); err != nil {
		return d, mapErr(err, "key")
	}
	return d, nil
}

// repointKey replaces a key's ref only if it still points at old (used to reclaim stale keys).
func (db *DB) repointKey(ctx context.Context, key, old, ref string) (bool, error) {
	res, err := db.c(colKeys).UpdateOne(ctx, bson.D{{Key: "_id", Value: key}, {Key: "ref", Value: old}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "ref", Value: ref}}}})
	if err != nil {
		return false, mapErr(err, "key")
	}
	return res.ModifiedCount == 1, nil
}
