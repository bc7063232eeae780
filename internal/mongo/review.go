package mongo

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Reviews live in partitioned collections ("reviews_XX", same partition as their idea)
// under the composite _id "<ideaId>:<reviewerId>", so every read and write is a key lookup
// in 1/64 of the data. The reviews of an idea are read by the reviewer IDs of its
// assignments, never by a scan.
//
// A review is stored as its _id, tenant, idea and version, and everything else as one JSON
// string (dataJSON, the fields under their JSON names): the embedded store decodes and
// re-encodes a document value by value, with a type schema for every nested object, on
// every write, and nothing asks the store about the fields inside (see ideaDoc). Reviews
// stored before — every field at the top level, the scores as an array of documents or as
// one JSON string (scoresJSON) — are still read, and are rewritten as dataJSON at their
// next save (which replaces the document).
const famReviews = "reviews"

type criterionScoreDoc struct {
	Key     string `bson:"key" json:"key"`
	Score   int    `bson:"score" json:"score"`
	Comment string `bson:"comment,omitempty" json:"comment,omitempty"`
}

// reviewDoc is a review: stored as storedReview, with the other fields under their JSON names
// in dataJSON; their BSON names are those of reviews stored before dataJSON.
type reviewDoc struct {
	ID             string              `bson:"_id" json:"-"`
	TenantID       string              `bson:"tenantId" json:"-"`
	IdeaID         string              `bson:"ideaId" json:"ideaId"`
	ReviewerID     string              `bson:"reviewerId" json:"reviewerId"`
	CriteriaSetID  string              `bson:"criteriaSetId" json:"criteriaSetId,omitempty"`
	Scores         []criterionScoreDoc `bson:"scores,omitempty" json:"scores"`
	Recommendation string              `bson:"recommendation,omitempty" json:"recommendation,omitempty"`
	Confidence     string              `bson:"confidence,omitempty" json:"confidence,omitempty"`
	Comment        string              `bson:"comment,omitempty" json:"comment,omitempty"`
	NoConflict     bool                `bson:"noConflict" json:"noConflict,omitempty"`
	Status         string              `bson:"status" json:"status"`
	SubmittedAt    time.Time           `bson:"submittedAt,omitempty" json:"submittedAt,omitzero"`
	Version        int64               `bson:"version" json:"-"`
	CreatedAt      time.Time           `bson:"createdAt" json:"createdAt"`
	UpdatedAt      time.Time           `bson:"updatedAt" json:"updatedAt"`
}

// storedReview is the form in which reviewDoc is written. Its idea stays at the top level
// as well, for the store's own checks (ideenwerk doctor) and for queries by idea on MongoDB.
type storedReview struct {
	ID       string `bson:"_id"`
	TenantID string `bson:"tenantId"`
	IdeaID   string `bson:"ideaId"`
	Version  int64  `bson:"version"`
	DataJSON string `bson:"dataJSON"`
}

func (d *reviewDoc) tenant() string { return d.TenantID }

// MarshalBSON stores the review as storedReview; its times as a BSON date holds them.
func (d reviewDoc) MarshalBSON() ([]byte, error) {
	if d.Scores == nil {
		d.Scores = []criterionScoreDoc{}
	}
	d.SubmittedAt, d.CreatedAt, d.UpdatedAt = storedTime(d.SubmittedAt), storedTime(d.CreatedAt), storedTime(d.UpdatedAt)
	b, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	return bson.Marshal(storedReview{ID: d.ID, TenantID: d.TenantID, IdeaID: d.IdeaID, Version: d.Version, DataJSON: string(b)})
}

// UnmarshalBSON decodes a review, whichever way it is stored.
func (d *reviewDoc) UnmarshalBSON(b []byte) error {
	type plain reviewDoc // without this method
	var v struct {
		Doc        plain  `bson:",inline"`
		ScoresJSON string `bson:"scoresJSON"`
		DataJSON   string `bson:"dataJSON"`
	}
	if err := bson.Unmarshal(b, &v); err != nil {
		return err
	}
	*d = reviewDoc(v.Doc)
	if v.DataJSON != "" {
		if err := json.Unmarshal([]byte(v.DataJSON), d); err != nil {
			return fmt.Errorf("review %s: %w", d.ID, err)
		}
		return nil
	}
	if err := fromJSONString(&v.ScoresJSON, &d.Scores); err != nil {
		return fmt.Errorf("scores of review %s: %w", d.ID, err)
	}
	return nil
}

func (d *reviewDoc) toDomain() *domain.Review {
	r := &domain.Review{ID: d.ID, TenantID: d.TenantID, IdeaID: d.IdeaID, ReviewerID: d.ReviewerID, CriteriaSetID: d.CriteriaSetID,
		Recommendation: domain.Recommendation(d.Recommendation), Confidence: d.Confidence, Comment: d.Comment, NoConflict: d.NoConflict,
		Status: domain.ReviewStatus(d.Status), SubmittedAt: d.SubmittedAt, Version: d.Version, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt}
	for _, s := range d.Scores {
		r.Scores = append(r.Scores, domain.CriterionScore(s))
	}
	return r
}

func reviewToDoc(r *domain.Review) *reviewDoc {
	d := &reviewDoc{ID: r.ID, TenantID: r.TenantID, IdeaID: r.IdeaID, ReviewerID: r.ReviewerID, CriteriaSetID: r.CriteriaSetID,
		Recommendation: string(r.Recommendation), Confidence: r.Confidence, Comment: r.Comment, NoConflict: r.NoConflict,
		Status: string(r.Status), SubmittedAt: r.SubmittedAt, Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
		Scores: []criterionScoreDoc{}}
	for _, s := range r.Scores {
		d.Scores = append(d.Scores, criterionScoreDoc(s))
	}
	return d
}

var _ domain.ReviewStore = (*DB)(nil)

// funnelLocks serialise, within this process, the read-modify-write updates of the funnel's
// documents (assignments, queues, reviews, settings, criteria sets). The embedded store
// applies an update by reading, changing in Go and writing back without a transaction, so
// two updates guarded by the same version can both "succeed" and $set/$unset of two keys of
// one document can lose one (see ideaLocks in idea.go). On MongoDB the lock costs nothing.
var funnelLocks stripes

func lockFunnel(key string) func() { return funnelLocks.lock(key) }

// FindReview implements domain.ReviewStore. An exclusive DB answers from its cache of
// reviews (docCache): a review's save reads it, its version and the idea's other reviews.
func (db *DB) FindReview(ctx context.Context, ideaID, reviewerID string) (*domain.Review, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return nil, err
	}
	id := domain.ReviewID(ideaID, reviewerID)
	key := tid + "\x00" + id
	e, gen, ok := db.reviews.get(key)
	if ok && db.exclusive {
		if e.absent {
			return nil, domain.Errorf(domain.ENOTFOUND, "review not found")
		}
		return e.doc.toDomain(), nil
	}
	var d reviewDoc
	if err := findOwned(ctx, db.part(famReviews, ideaID), id, "review", &d); err != nil {
		if db.exclusive && domain.ErrorCode(err) == domain.ENOTFOUND {
			db.reviews.read(key, nil, gen)
		}
		return nil, err
	}
	if db.exclusive {
		db.reviews.read(key, &d, gen)
	}
	return d.toDomain(), nil
}

// FindReviews implements domain.ReviewStore.
func (db *DB) FindReviews(ctx context.Context, ideaID string, reviewerIDs []string) ([]*domain.Review, error) {
	out := []*domain.Review{}
	for _, uid := range reviewerIDs {
		r, err := db.FindReview(ctx, ideaID, uid)
		switch domain.ErrorCode(err) {
		case "":
			out = append(out, r)
		case domain.ENOTFOUND:
		default:
			return nil, err
		}
	}
	return out, nil
}

// SaveReview implements domain.ReviewStore.
func (db *DB) SaveReview(ctx context.Context, r *domain.Review) (err error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	now := db.now()
	r.ID, r.TenantID = domain.ReviewID(r.IdeaID, r.ReviewerID), tid
	d := reviewToDoc(r)
	d.Version, d.UpdatedAt = r.Version+1, now
	defer lockFunnel("review:" + r.ID)()
	c := db.part(famReviews, r.IdeaID)
	key := tid + "\x00" + r.ID
	if db.exclusive {
		// After a failed write the entry goes (the store may have applied it anyway).
		defer func() {
			if err != nil && domain.ErrorCode(err) != domain.EPRECONDITIONFAILED {
				db.reviews.wrote(key, nil)
			}
		}()
	}
	if r.Version == 0 {
		d.CreatedAt = now
		if _, err := c.InsertOne(ctx, d); err != nil {
			return mapErr(err, "review")
		}
	} else {
		var ok bool
		if cur, _, hit := db.reviews.get(key); hit && db.exclusive {
			// Under the review's lock an exclusive DB's entry is the stored review.
			ok = !cur.absent && cur.doc.Version == r.Version
		} else if ok, err = db.checkVersion(ctx, c, r.ID, r.Version); err != nil {
			return mapErr(err, "review")
		}
		if !ok {
			return domain.Errorf(domain.EPRECONDITIONFAILED, "the review was changed in the meantime; reload and try again")
		}
		res, err := c.ReplaceOne(ctx, db.versionGuard(r.ID, r.Version), d)
		if err != nil {
			return mapErr(err, "review")
		}
		if res.MatchedCount == 0 {
			return domain.Errorf(domain.EPRECONDITIONFAILED, "the review was changed in the meantime; reload and try again")
		}
	}
	if db.exclusive {
		db.reviews.wrote(key, d)
	}
	r.Version, r.UpdatedAt, r.CreatedAt = d.Version, d.UpdatedAt, d.CreatedAt
	return nil
}

// DeleteReview implements domain.ReviewStore.
func (db *DB) DeleteReview(ctx context.Context, ideaID, reviewerID string) error {
	if _, err := db.FindReview(ctx, ideaID, reviewerID); err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return nil
		}
		return err
	}
	_, err := db.part(famReviews, ideaID).DeleteOne(ctx, bson.D{{Key: "_id", Value: domain.ReviewID(ideaID, reviewerID)}})
	if tid, terr := domain.TenantID(ctx); terr == nil && db.exclusive {
		db.reviews.wrote(tid+"\x00"+domain.ReviewID(ideaID, reviewerID), nil)
	}
	return mapErr(err, "review")
}
