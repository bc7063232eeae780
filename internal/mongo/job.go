package mongo

import (
	"context"
	"crypto/rand"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Background jobs record what they did under unique _ids: "once" keys ({_id: key}) make a
// reminder or a keyed event happen at most once, and job runs ({_id: "job:<name>:<period>"})
// make a scheduled job run once per period whichever instance holds the scheduler lease.
// An insert of a unique _id costs the same at any collection size on the embedded store,
// and its duplicate-key error is the answer "already done".
const (
	colOnce    = "once"
	colJobRuns = "job_runs"
	colSecrets = "secrets"
)

type onceDoc struct {
	ID string    `bson:"_id"`
	At time.Time `bson:"at"`
}

var _ domain.JobStore = (*DB)(nil)

// ClaimOnce implements domain.JobStore.
func (db *DB) ClaimOnce(ctx context.Context, key string, now time.Time) (bool, error) {
	_, err := db.c(colOnce).InsertOne(ctx, onceDoc{ID: key, At: now.UTC()})
	if mongo.IsDuplicateKeyError(err) {
		return false, nil
	}
	return err == nil, mapErr(err, "once key")
}

// ReleaseOnce implements domain.JobStore.
func (db *DB) ReleaseOnce(ctx context.Context, key string) error {
	_, err := db.c(colOnce).DeleteOne(ctx, bson.D{{Key: "_id", Value: key}})
	return mapErr(err, "once key")
}

type jobRunDoc struct {
	ID         string    `bson:"_id"`
	State      string    `bson:"state"` // running, done
	Owner      string    `bson:"owner"`
	StartedAt  time.Time `bson:"startedAt"`
	FinishedAt time.Time `bson:"finishedAt,omitempty"`
	Result     string    `bson:"result,omitempty"`
}

// StartJobRun implements domain.JobStore.
func (db *DB) StartJobRun(ctx context.Context, id, owner string, now time.Time, staleAfter time.Duration) (bool, error) {
	now = now.UTC()
	_, err := db.c(colJobRuns).InsertOne(ctx, jobRunDoc{ID: id, State: "running", Owner: owner, StartedAt: now})
	if err == nil {
		return true, nil
	}
	if !mongo.IsDuplicateKeyError(err) {
		return false, mapErr(err, "job run")
	}
	// Take over a run whose owner stopped before finishing it; the jobs are idempotent.
	res, err := db.c(colJobRuns).UpdateOne(ctx, bson.D{
		{Key: "_id", Value: id}, {Key: "state", Value: "running"},
		{Key: "startedAt", Value: bson.D{{Key: "$lt", Value: now.Add(-staleAfter)}}},
	}, bson.D{{Key: "$set", Value: bson.D{{Key: "owner", Value: owner}, {Key: "startedAt", Value: now}}}})
	if err != nil {
		return false, mapErr(err, "job run")
	}
	return res.ModifiedCount == 1, nil
}

// FinishJobRun implements domain.JobStore.
func (db *DB) FinishJobRun(ctx context.Context, id string, now time.Time, result string) error {
	_, err := db.c(colJobRuns).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "state", Value: "done"}, {Key: "finishedAt", Value: now.UTC()}, {Key: "result", Value: result}}}})
	return mapErr(err, "job run")
}

// PruneJobRecords deletes job runs and once keys recorded before before (a daily job; the
// keys it removes guard reminders whose moment has long passed).
func (db *DB) PruneJobRecords(ctx context.Context, before time.Time) error {
	if _, err := db.c(colJobRuns).DeleteMany(ctx, bson.D{{Key: "startedAt", Value: bson.D{{Key: "$lt", Value: before}}}}); err != nil {
		return mapErr(err, "job runs")
	}
	_, err := db.c(colOnce).DeleteMany(ctx, bson.D{{Key: "at", Value: bson.D{{Key: "$lt", Value: before}}}})
	return mapErr(err, "once keys")
}

type secretDoc struct {
	ID    string `bson:"_id"`
	Value []byte `bson:"value"`
}

// Secret returns the deployment-wide random secret named name, creating it on first use.
// Every instance reads the same value, so what one signs another verifies (unsubscribe
// links), without sharing a key file.
func (db *DB) Secret(ctx context.Context, name string) ([]byte, error) {
	var d secretDoc
	err := db.c(colSecrets).FindOne(ctx, bson.D{{Key: "_id", Value: name}}).Decode(&d)
	if err == nil {
		return d.Value, nil
	}
	if !errors.Is(err, mongo.ErrNoDocuments) {
		return nil, mapErr(err, "secret")
	}
	v := make([]byte, 32)
	_, _ = rand.Read(v)
	_, err = db.c(colSecrets).InsertOne(ctx, secretDoc{ID: name, Value: v})
	if mongo.IsDuplicateKeyError(err) {
		// Another instance created it first; use theirs.
		return db.Secret(ctx, name)
	}
	if err != nil {
		return nil, mapErr(err, "secret")
	}
	return v, nil
}
