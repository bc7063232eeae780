// Package mongo implements the domain's store interfaces on MongoDB (or FerretDB) with the
// official v2 driver, creates the indexes, maps driver errors to domain errors and starts the
// embedded FerretDB store.
//
// Every tenant-scoped method takes the tenant from the context (domain.TenantID) and
// either filters by it or, for lookups by _id (the only filter the embedded store pushes
// down), checks it on the loaded document, so no caller can read across tenants.
package mongo

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	lru "github.com/hashicorp/golang-lru/v2"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/topology"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Collection names.
const (
	colTenants     = "tenants"
	colUsers       = "users"
	colKeys        = "keys"
	colDepartments = "departments"
	colSessions    = "sessions"
	colTokens      = "tokens"
	colOutbox      = "outbox"
	colLeases      = "leases"
	colRotations   = "rotations"
)

// DB is a connection to one database. It implements the domain's store interfaces.
type DB struct {
	Client *mongo.Client
	DB     *mongo.Database
	// Now and NewID are injectable for tests.
	Now   func() time.Time
	NewID func() string
	// ferret is set when the server is FerretDB (see versionGuard).
	ferret bool
	// families are the databases of the partitioned families on the embedded store
	// (layout.go); nil on MongoDB, where everything is in DB.
	families map[string]*mongo.Database
	// revHints are the ideas' revisions as this process last saw them (ideaclaim.go).
	revHints *lru.Cache[string, revHint]
	// hintMu makes noteRevision's compare-and-add one step (ideaclaim.go).
	hintMu sync.Mutex
	// feed is the group commit of this DB's idea change feed entries (ideafeed.go).
	feed feedWriter
	// auditInserts and eventInserts are the group commits of audit entries and notification
	// events (groupinsert.go).
	auditInserts, eventInserts groupInsert
	// outboxSynced is when DueMessages last checked every pending message (outbox.go).
	outboxMu     sync.Mutex
	outboxSynced time.Time
	// exclusive: this process is the only writer of ideas (SetExclusive).
	exclusive bool
	// ideaDocs are the idea documents of an exclusive DB (ideacache.go).
	ideaDocs *lru.Cache[string, ideaRaw]
	// criteria, reviews and reviewers are small documents an exclusive DB read or wrote
	// (doccache.go).
	criteria  docCache[criteriaSetDoc]
	reviews   docCache[reviewDoc]
	reviewers docCache[ideaReviewersDoc]
	// stats are the ideas' stats documents an exclusive DB read or wrote (ideastats.go).
	stats docCache[ideaStatsDoc]
	// departments and campaigns an exclusive DB read or wrote: every new idea names them.
	// Missing ones are not kept (ideenwerk tenant may create some beside the server).
	departments docCache[departmentDoc]
	campaigns   docCache[campaignDoc]
	// listed are the (user, idea) pairs whose follow an exclusive DB recorded and whose
	// follow list it knows to hold the idea (follow.go).
	listed *lru.Cache[string, struct{}]
	// followers are ideas' followers an exclusive DB read or changed (followers.go).
	followers *followerCache
}

// SetExclusive declares this DB the only writer of ideas in the store — a server on an
// embedded store of its own, whose directory lock (LockStore) keeps every other writer
// out. Idea writes then rely on this process's per-idea locks and revision hints alone:
// no revision claims (ideaclaim.go), and no change feed, which only other instances read.
// Call it before the first write.
func (db *DB) SetExclusive() {
	db.exclusive = true
	db.ideaDocs, _ = lru.New[string, ideaRaw](ideaDocsSize)
	db.listed, _ = lru.New[string, struct{}](listedSize)
	db.followers = newFollowerCache()
	db.criteria.max, db.reviews.max, db.reviewers.max, db.stats.max = 1_000, 20_000, 20_000, 100_000
	db.departments.max, db.campaigns.max = 10_000, 10_000
}

// Open connects to uri, selects database name and pings it.
func Open(ctx context.Context, uri, name string) (*DB, error) {
	opts := options.Client().ApplyURI(uri).
		SetServerSelectionTimeout(3 * time.Second).
		SetConnectTimeout(5 * time.Second).
		SetTimeout(15 * time.Second)
	client, err := mongo.Connect(opts)
	if err != nil {
		return nil, fmt.Errorf("connect to MongoDB: %w", err)
	}
	db, err := OpenClient(ctx, client, name)
	if err != nil {
		_ = client.Disconnect(context.Background())
		return nil, err
	}
	return db, nil
}

// OpenClient is Open on a client connected by the caller (with other timeouts, say); the
// caller disconnects it if OpenClient fails.
func OpenClient(ctx context.Context, client *mongo.Client, name string) (*DB, error) {
	db := &DB{
		Client: client,
		DB:     client.Database(name),
		Now:    func() time.Time { return time.Now().UTC() },
		NewID:  NewID,
	}
	db.revHints, _ = lru.New[string, revHint](revHintsSize)
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := client.Ping(pctx, readpref.Primary()); err != nil {
		return nil, fmt.Errorf("ping MongoDB: %w", err)
	}
	var info bson.M
	if err := db.DB.RunCommand(pctx, bson.D{{Key: "buildInfo", Value: 1}}).Decode(&info); err == nil {
		_, db.ferret = info["ferretdbVersion"]
	}
	if db.ferret {
		if err := db.splitDatabases(); err != nil {
			return nil, err
		}
	}
	return db, nil
}

// versionGuard returns the filter of a write to document id that must only succeed while
// the document is at version. On MongoDB that is {_id, version}: atomic and indexed. On
// FerretDB (v1, SQLite) an update is a read-modify-write without a transaction — the
// version in the filter guards nothing against another process — and any filter but the
// bare {_id} scans the whole collection, decoding every document (an inbox update scanned
// the inboxes of a sixty-fourth of all users). There the caller holds the document's
// process lock and has read its version under it, so the filter is {_id} alone.
func (db *DB) versionGuard(id any, version int64) bson.D {
	if db.ferret {
		return bson.D{{Key: "_id", Value: id}}
	}
	return bson.D{{Key: "_id", Value: id}, {Key: "version", Value: version}}
}

// checkVersion reads the version of document id when versionGuard does not carry it
// (FerretDB) and reports whether it is version; on MongoDB the filter decides.
func (db *DB) checkVersion(ctx context.Context, c *mongo.Collection, id any, version int64) (bool, error) {
	if !db.ferret {
		return true, nil
	}
	var d struct {
		Version int64 `bson:"version"`
	}
	err := c.FindOne(ctx, bson.D{{Key: "_id", Value: id}}, options.FindOne().SetProjection(bson.D{{Key: "version", Value: 1}})).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return d.Version == version, nil
}

// NewID returns a new opaque, time-ordered identifier (UUIDv7).
func NewID() string {
	return uuid.Must(uuid.NewV7()).String()
}

// Ping checks that the store answers. When the server cannot even be dialled (refused,
// unreachable) or closed the connection, it returns EUNAVAILABLE; a store that is merely
// slow, or a caller that gave up, gives the context's error.
func (db *DB) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	err := db.Client.Ping(ctx, readpref.Primary())
	var sse topology.ServerSelectionError
	if errors.As(err, &sse) {
		for _, sv := range sse.Desc.Servers {
			if sv.LastError != nil {
				return &domain.Error{Code: domain.EUNAVAILABLE, Message: "the database cannot be reached: " + sv.LastError.Error()}
			}
		}
	}
	// A connection the store closed, or a pool cleared after that, is the store going away
	// as much as a refused dial; a timeout is not (a slow answer under load), nor a caller
	// that went away (a readiness probe that gave up: the driver reports the connection it
	// then closed as a network error).
	var pce driver.RetryablePoolError
	if err != nil && ctx.Err() == nil && !mongo.IsTimeout(err) && !errors.Is(err, context.DeadlineExceeded) &&
		!errors.Is(err, context.Canceled) && (mongo.IsNetworkError(err) || errors.As(err, &pce) && pce.Retryable()) {
		return &domain.Error{Code: domain.EUNAVAILABLE, Message: "the database connection was lost: " + err.Error()}
	}
	return err
}

// Close disconnects.
func (db *DB) Close(ctx context.Context) error {
	return db.Client.Disconnect(ctx)
}

func (db *DB) c(name string) *mongo.Collection { return db.Collection(name) }

func (db *DB) now() time.Time { return db.Now().UTC().Truncate(time.Millisecond) }

// EnsureIndexes creates the indexes that serve the list queries (idempotent). On the
// embedded store they cost nothing and help nothing; on MongoDB they matter.
func (db *DB) EnsureIndexes(ctx context.Context) error {
	idx := map[string][]mongo.IndexModel{
		colTenants: {
			{Keys: bson.D{{Key: "slug", Value: 1}}, Options: options.Index().SetUnique(true)},
		},
		colUsers: {
			{Keys: bson.D{{Key: "tenantId", Value: 1}, {Key: "email", Value: 1}}, Options: options.Index().SetUnique(true)},
			{Keys: bson.D{{Key: "tenantId", Value: 1}, {Key: "roles", Value: 1}}},
		},
		colDepartments: {
			{Keys: bson.D{{Key: "tenantId", Value: 1}, {Key: "code", Value: 1}}, Options: options.Index().SetUnique(true)},
		},
		colSessions: {
			{Keys: bson.D{{Key: "tenantId", Value: 1}, {Key: "userId", Value: 1}}},
		},
		colOutbox: {
			{Keys: bson.D{{Key: "state", Value: 1}, {Key: "nextAttempt", Value: 1}}},
		},
		colNotifyEvents: {
			{Keys: bson.D{{Key: "at", Value: 1}, {Key: "_id", Value: 1}}},
		},
	}
	for _, ex := range extraIndexes {
		idx[ex.collection] = append(idx[ex.collection], ex.models...)
	}
	for coll, models := range idx {
		if err := db.ensureCollectionIndexes(ctx, coll, models); err != nil {
			return err
		}
	}
	return nil
}

// ensureCollectionIndexes creates the indexes that do not exist yet. FerretDB v1.24 panics
// on createIndexes for an index that already exists, so existing ones are skipped by name.
func (db *DB) ensureCollectionIndexes(ctx context.Context, coll string, models []mongo.IndexModel) error {
	specs, err := db.c(coll).Indexes().ListSpecifications(ctx)
	if err != nil {
		return fmt.Errorf("list indexes of %s: %w", coll, err)
	}
	have := map[string]bool{}
	for _, s := range specs {
		have[s.Name] = true
	}
	var missing []mongo.IndexModel
	for _, m := range models {
		name := indexName(m.Keys.(bson.D))
		if have[name] {
			continue
		}
		if m.Options == nil {
			m.Options = options.Index()
		}
		m.Options.SetName(name)
		missing = append(missing, m)
	}
	if len(missing) == 0 {
		return nil
	}
	if _, err := db.c(coll).Indexes().CreateMany(ctx, missing); err != nil {
		return fmt.Errorf("create indexes on %s: %w", coll, err)
	}
	return nil
}

// indexName is MongoDB's default name for an index: "field_1_other_-1".
func indexName(keys bson.D) string {
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('_')
		}
		fmt.Fprintf(&b, "%s_%v", k.Key, k.Value)
	}
	return b.String()
}

// extraIndexes lets store files of later capabilities register their indexes next to
// their queries.
var extraIndexes []struct {
	collection string
	models     []mongo.IndexModel
}

// mapErr translates driver errors into domain errors; what is not recognised is returned
// wrapped, and ends up as EINTERNAL.
func mapErr(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, mongo.ErrNoDocuments):
		return domain.Errorf(domain.ENOTFOUND, "%s not found", what)
	case mongo.IsDuplicateKeyError(err):
		return domain.Conflict(domain.RDuplicate, "%s already exists", what)
	case errors.Is(err, context.Canceled):
		// The client went away (or the server is shutting down): not a server fault.
		return &domain.Error{Code: domain.EUNAVAILABLE, Message: "The request was cancelled.", RetryAfter: 1}
	case isUnavailable(err):
		return &domain.Error{Code: domain.EUNAVAILABLE, Message: "The database is not reachable; try again shortly.", RetryAfter: 2}
	}
	return fmt.Errorf("%s: %w", what, err)
}

func isUnavailable(err error) bool {
	var ne net.Error
	var sse topology.ServerSelectionError
	// A connection pool cleared after another operation's network error: the store went
	// away while this operation waited for a connection.
	var pce driver.RetryablePoolError
	return mongo.IsNetworkError(err) || mongo.IsTimeout(err) || errors.As(err, &ne) ||
		errors.As(err, &sse) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, mongo.ErrClientDisconnected) || errors.As(err, &pce) && pce.Retryable()
}

// findOwned loads the document with _id id into out and checks that it belongs to the
// context's tenant; a document of another tenant is reported as not found.
func findOwned[T interface{ tenant() string }](ctx context.Context, c *mongo.Collection, id, what string, out T) error {
	_, err := findOwnedRaw(ctx, c, id, what, out)
	return err
}

// findOwnedRaw is findOwned that also returns the document as the store sent it.
func findOwnedRaw[T interface{ tenant() string }](ctx context.Context, c *mongo.Collection, id, what string, out T) (bson.Raw, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return nil, err
	}
	if id == "" {
		return nil, domain.Errorf(domain.ENOTFOUND, "%s not found", what)
	}
	raw, err := c.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Raw()
	if err == nil {
		err = bson.Unmarshal(raw, out)
	}
	if err != nil {
		return nil, mapErr(err, what)
	}
	if out.tenant() != tid {
		return nil, domain.Errorf(domain.ENOTFOUND, "%s not found", what)
	}
	return raw, nil
}
