package mongo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Counters of ideas, apart from the ideas.
//
// A support, follow, comment or attachment changes only an idea's counters, but the embedded
// store applies an update by decoding the whole document, changing it and encoding it again:
// for an idea of ~6 KB that was more than half of the server's CPU per support (measured
// with scripts/bench.sh and pprof). So counter changes go to a small document of their own
// in the family "ideastats" ({_id: ideaId}, in the idea's partition number), and the idea
// document keeps the counters it was created or imported with. An idea as read is its
// document plus its stats document:
//
//   - each counter is the document's plus the stats' (stores written before the stats
//     existed have no stats documents and read as before);
//   - its last activity is the later of the two;
//   - its revision is the sum of both revisions. Every write raises exactly one of them by
//     one, under the idea's lock and revision claim (ideaclaim.go), so the sum moves by one
//     per write as before, and feed, index and claims need not know of the split.
//
// The score (the reviews' aggregate) lives there too (UpdateIdeaScore, and CreateIdea for
// imported ideas): a review then rewrites a small document instead of the whole idea. The
// stats' score, when set, is the idea's; an idea document of an earlier version may still
// hold the score it had then. The score is kept as one JSON string (scoreJSON): the embedded
// store decodes and encodes a document value by value, with a type schema for every nested
// object, and as nested documents a score made the stats document ~2.3 KB instead of ~0.4,
// which every support, follow and comment of a reviewed idea paid for (support 0.90 →
// 1.35 ms of CPU, measured). Nothing queries inside a score; stats documents written with a
// nested score are still read.
//
// The version, which guards edits, is the document's alone: counters and scores never made
// an edit stale.
const famIdeaStats = "ideastats"

// ideaStatsDoc is the counter change of an idea since its document was written.
type ideaStatsDoc struct {
	ID          string    `bson:"_id"`
	TenantID    string    `bson:"tenantId"`
	Supports    int       `bson:"supports"`
	Followers   int       `bson:"followers"`
	Comments    int       `bson:"comments"`
	Attachments int       `bson:"attachments"`
	ActivityAt  time.Time `bson:"activityAt"`
	Rev         int64     `bson:"rev"`
	// ScoreSet tells that Score is the idea's (nil: none), whatever its document says.
	ScoreSet bool `bson:"scoreSet,omitempty"`
	// ScoreJSON is Score as stored; Score as a nested document is how it was stored before.
	ScoreJSON string               `bson:"scoreJSON,omitempty"`
	Score     *domain.ScoreSummary `bson:"score,omitempty"`
}

// UnmarshalBSON decodes a stats document and its score, whichever way it is stored.
func (s *ideaStatsDoc) UnmarshalBSON(b []byte) error {
	type plain ideaStatsDoc
	*s = ideaStatsDoc{}
	if err := bson.Unmarshal(b, (*plain)(s)); err != nil {
		return err
	}
	if err := fromJSONString(&s.ScoreJSON, &s.Score); err != nil {
		return fmt.Errorf("score of idea %s: %w", s.ID, err)
	}
	return nil
}

// addStats adds s (nil: none) to the idea document d.
func addStats(d *ideaDoc, s *ideaStatsDoc) {
	if s == nil {
		return
	}
	d.SupportCount += s.Supports
	d.FollowerCount += s.Followers
	d.CommentCount += s.Comments
	d.AttachmentCount += s.Attachments
	if s.ActivityAt.After(d.LastActivityAt) {
		d.LastActivityAt = s.ActivityAt
	}
	d.Revision += s.Rev
	if s.ScoreSet {
		d.Score = s.Score
	}
}

// statsRev is the revision of s (nil: 0).
func statsRev(s *ideaStatsDoc) int64 {
	if s == nil {
		return 0
	}
	return s.Rev
}

// ideaStats returns the stats document of an idea (nil if it has none): an exclusive DB
// keeps the ones it read or wrote (db.stats), others read the store.
func (db *DB) ideaStats(ctx context.Context, id string) (*ideaStatsDoc, error) {
	e, gen, ok := db.stats.get(id)
	if ok && db.exclusive {
		if e.absent {
			return nil, nil
		}
		s := e.doc
		return &s, nil
	}
	var s ideaStatsDoc
	err := db.part(famIdeaStats, id).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&s)
	if errors.Is(err, mongo.ErrNoDocuments) {
		if db.exclusive {
			db.stats.read(id, nil, gen)
		}
		return nil, nil
	}
	if err != nil {
		return nil, mapErr(err, "idea")
	}
	if db.exclusive {
		db.stats.read(id, &s, gen)
	}
	return &s, nil
}

// incStats applies the counter change d to the idea's stats document (created by the
// first change) and returns the document as it is now. The caller holds the idea's lock and
// revision claim.
func (db *DB) incStats(ctx context.Context, tenantID, id string, d domain.CounterDelta) (*ideaStatsDoc, error) {
	inc := bson.D{{Key: "rev", Value: int64(1)}}
	for _, c := range []struct {
		key string
		n   int
	}{{"supports", d.Supports}, {"followers", d.Followers}, {"comments", d.Comments}, {"attachments", d.Attachments}} {
		if c.n != 0 {
			inc = append(inc, bson.E{Key: c.key, Value: c.n})
		}
	}
	set := bson.D{{Key: "tenantId", Value: tenantID}}
	if d.Supports > 0 || d.Comments > 0 || d.Attachments > 0 {
		set = append(set, bson.E{Key: "activityAt", Value: db.now()})
	}
	return db.updateStats(ctx, id, bson.D{{Key: "$inc", Value: inc}, {Key: "$set", Value: set}})
}

// setStatsScore stores an idea's score in its stats document (created if need be) and
// returns the document as it is now. The caller holds the idea's lock and revision claim.
func (db *DB) setStatsScore(ctx context.Context, tenantID, id string, score *domain.ScoreSummary) (*ideaStatsDoc, error) {
	set := bson.D{{Key: "tenantId", Value: tenantID}, {Key: "scoreSet", Value: true}}
	unset := bson.D{{Key: "score", Value: ""}}
	if score != nil {
		b, err := json.Marshal(score)
		if err != nil {
			return nil, err
		}
		set = append(set, bson.E{Key: "scoreJSON", Value: string(b)})
	} else {
		unset = append(unset, bson.E{Key: "scoreJSON", Value: ""})
	}
	return db.updateStats(ctx, id, bson.D{{Key: "$inc", Value: bson.D{{Key: "rev", Value: int64(1)}}}, {Key: "$set", Value: set}, {Key: "$unset", Value: unset}})
}

// updateStats applies update to an idea's stats document (upserting it) and returns the
// document as it is now; an exclusive DB keeps it.
func (db *DB) updateStats(ctx context.Context, id string, update bson.D) (*ideaStatsDoc, error) {
	var s ideaStatsDoc
	err := db.part(famIdeaStats, id).FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: id}}, update,
		options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)).Decode(&s)
	if db.exclusive {
		if err != nil {
			db.stats.wrote(id, nil) // the store may have applied it anyway (a timeout after the write)
		} else {
			db.stats.wrote(id, &s)
		}
	}
	if err != nil {
		return nil, mapErr(err, "idea")
	}
	return &s, nil
}

// deleteStats removes the stats document of a deleted idea.
func (db *DB) deleteStats(ctx context.Context, id string) error {
	_, err := db.part(famIdeaStats, id).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
	if db.exclusive {
		db.stats.wrote(id, nil)
	}
	return mapErr(err, "idea")
}
