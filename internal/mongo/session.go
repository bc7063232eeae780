package mongo

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

type familyDoc struct {
	ID          string    `bson:"_id"`
	TenantID    string    `bson:"tenantId"`
	UserID      string    `bson:"userId"`
	CurrentHash string    `bson:"currentHash"`
	ExpiresAt   time.Time `bson:"expiresAt"`
	RevokedAt   time.Time `bson:"revokedAt,omitempty"`
	CreatedAt   time.Time `bson:"createdAt"`
	RotatedAt   time.Time `bson:"rotatedAt,omitempty"`
}

func (d *familyDoc) tenant() string { return d.TenantID }

type tokenDoc struct {
	ID        string    `bson:"_id"` // SHA-256 of the token
	TenantID  string    `bson:"tenantId"`
	UserID    string    `bson:"userId"`
	Purpose   string    `bson:"purpose"`
	ExpiresAt time.Time `bson:"expiresAt"`
	UsedAt    time.Time `bson:"usedAt,omitempty"`
	CreatedAt time.Time `bson:"createdAt"`
}

func (d *tokenDoc) tenant() string { return d.TenantID }

var _ domain.SessionStore = (*DB)(nil)

// CreateFamily implements domain.SessionStore.
func (db *DB) CreateFamily(ctx context.Context, f *domain.RefreshFamily) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	if f.ID == "" {
		f.ID = db.NewID()
	}
	f.TenantID, f.CreatedAt = tid, db.now()
	_, err = db.c(colSessions).InsertOne(ctx, familyDoc{
		ID: f.ID, TenantID: tid, UserID: f.UserID, CurrentHash: f.CurrentHash,
		ExpiresAt: f.ExpiresAt, CreatedAt: f.CreatedAt,
	})
	return mapErr(err, "session")
}

// FindFamilyByID implements domain.SessionStore.
func (db *DB) FindFamilyByID(ctx context.Context, id string) (*domain.RefreshFamily, error) {
	var d familyDoc
	if err := findOwned(ctx, db.c(colSessions), id, "session", &d); err != nil {
		return nil, err
	}
	return &domain.RefreshFamily{
		ID: d.ID, TenantID: d.TenantID, UserID: d.UserID, CurrentHash: d.CurrentHash,
		ExpiresAt: d.ExpiresAt, RevokedAt: d.RevokedAt, CreatedAt: d.CreatedAt, RotatedAt: d.RotatedAt,
	}, nil
}

// RotateFamily implements domain.SessionStore: a compare-and-set on the current hash, so of
// two refreshes racing with the same token exactly one wins. The embedded store's conditional
// updates are not atomic, so the race is decided by inserting the unique rotation record
// {_id: oldHash}; only the winner then moves the family on.
func (db *DB) RotateFamily(ctx context.Context, id, oldHash, newHash string, now time.Time) error {
	f, err := db.FindFamilyByID(ctx, id)
	if err != nil {
		return err
	}
	used := domain.Errorf(domain.ECONFLICT, "refresh token already used")
	if f.CurrentHash != oldHash {
		return used
	}
	if _, err := db.c(colRotations).InsertOne(ctx, bson.D{{Key: "_id", Value: oldHash}, {Key: "family", Value: id}, {Key: "at", Value: now}}); err != nil {
		if e := mapErr(err, "rotation"); domain.ErrorCode(e) == domain.ECONFLICT {
			return used
		}
		return mapErr(err, "rotation")
	}
	_, err = db.c(colSessions).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "currentHash", Value: newHash}, {Key: "rotatedAt", Value: now}}}})
	return mapErr(err, "session")
}

// RotatedAt implements domain.SessionStore.
func (db *DB) RotatedAt(ctx context.Context, hash string) (time.Time, error) {
	var d struct {
		At time.Time `bson:"at"`
	}
	if err := db.c(colRotations).FindOne(ctx, bson.D{{Key: "_id", Value: hash}}).Decode(&d); err != nil {
		return time.Time{}, mapErr(err, "rotation")
	}
	return d.At, nil
}

// RevokeFamily implements domain.SessionStore.
func (db *DB) RevokeFamily(ctx context.Context, id string, now time.Time) error {
	if _, err := db.FindFamilyByID(ctx, id); err != nil {
		return err
	}
	_, err := db.c(colSessions).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "revokedAt", Value: now}}}})
	return mapErr(err, "session")
}

// RevokeUserFamilies implements domain.SessionStore.
func (db *DB) RevokeUserFamilies(ctx context.Context, userID string, now time.Time) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	_, err = db.c(colSessions).UpdateMany(ctx,
		bson.D{{Key: "tenantId", Value: tid}, {Key: "userId", Value: userID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "revokedAt", Value: now}}}})
	return mapErr(err, "sessions")
}

// CreateOneTimeToken implements domain.SessionStore.
func (db *DB) CreateOneTimeToken(ctx context.Context, t *domain.OneTimeToken) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	t.TenantID, t.CreatedAt = tid, db.now()
	_, err = db.c(colTokens).InsertOne(ctx, tokenDoc{
		ID: t.Hash, TenantID: tid, UserID: t.UserID, Purpose: string(t.Purpose),
		ExpiresAt: t.ExpiresAt, CreatedAt: t.CreatedAt,
	})
	return mapErr(err, "token")
}

// validToken reads a token that is unused, unexpired and of the purpose; ENOTFOUND else.
func (db *DB) validToken(ctx context.Context, hash string, purpose domain.TokenPurpose, now time.Time) (*tokenDoc, error) {
	var d tokenDoc
	if err := findOwned(ctx, db.c(colTokens), hash, "token", &d); err != nil || d.Purpose != string(purpose) || now.After(d.ExpiresAt) {
		return nil, domain.Errorf(domain.ENOTFOUND, "the link is invalid or has expired")
	}
	return &d, nil
}

// FindOneTimeToken implements domain.SessionStore.
func (db *DB) FindOneTimeToken(ctx context.Context, hash string, purpose domain.TokenPurpose, now time.Time) (*domain.OneTimeToken, error) {
	d, err := db.validToken(ctx, hash, purpose, now)
	if err != nil {
		return nil, err
	}
	return &domain.OneTimeToken{Hash: d.ID, TenantID: d.TenantID, UserID: d.UserID, Purpose: purpose, ExpiresAt: d.ExpiresAt, CreatedAt: d.CreatedAt}, nil
}

// ConsumeOneTimeToken implements domain.SessionStore. Deleting the token document is the
// atomic "use": of two concurrent uses only one deletes it.
func (db *DB) ConsumeOneTimeToken(ctx context.Context, hash string, purpose domain.TokenPurpose, now time.Time) (*domain.OneTimeToken, error) {
	notFound := domain.Errorf(domain.ENOTFOUND, "the link is invalid or has expired")
	d, err := db.validToken(ctx, hash, purpose, now)
	if err != nil {
		return nil, err
	}
	res, err := db.c(colTokens).DeleteOne(ctx, bson.D{{Key: "_id", Value: hash}})
	if err != nil {
		return nil, mapErr(err, "token")
	}
	if res.DeletedCount == 0 {
		return nil, notFound
	}
	return &domain.OneTimeToken{Hash: d.ID, TenantID: d.TenantID, UserID: d.UserID, Purpose: purpose,
		ExpiresAt: d.ExpiresAt, UsedAt: now, CreatedAt: d.CreatedAt}, nil
}
