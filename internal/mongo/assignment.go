package mongo

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Reviewer assignments are stored twice, each copy a key lookup:
//   - famReviewers ("reviewers_XX", partitioned like ideas): one document per idea
//     (_id = idea ID) with all its assignments, written as a whole guarded by a version;
//   - colReviewerQueues: one document per reviewer (_id = user ID) listing the ideas
//     assigned to them — the queue and the "assigned to me" filter.
//
// Without transactions the queue is written after the idea's document; a queue entry the
// idea's document does not confirm is not shown (the queue page confirms its entries), and
// a missing one is added back on the next save, so the idea's document is the truth.
const (
	famReviewers      = "reviewers"
	colReviewerQueues = "reviewer_queues"
)

type assignmentDoc struct {
	ReviewerID    string    `bson:"reviewerId"`
	DueAt         time.Time `bson:"dueAt"`
	AssignedBy    string    `bson:"assignedBy"`
	AssignedAt    time.Time `bson:"assignedAt"`
	Status        string    `bson:"status"`
	DeclineReason string    `bson:"declineReason,omitempty"`
	DeclinedAt    time.Time `bson:"declinedAt,omitempty"`
	Released      bool      `bson:"released,omitempty"`
}

type ideaReviewersDoc struct {
	ID            string          `bson:"_id"` // idea ID
	TenantID      string          `bson:"tenantId"`
	CriteriaSetID string          `bson:"criteriaSetId"`
	Assignments   []assignmentDoc `bson:"assignments"`
	Version       int64           `bson:"version"`
	UpdatedAt     time.Time       `bson:"updatedAt"`
}

func (d *ideaReviewersDoc) tenant() string { return d.TenantID }

type queueEntryDoc struct {
	IdeaID     string    `bson:"ideaId" json:"ideaId"`
	DueAt      time.Time `bson:"dueAt" json:"dueAt"`
	AssignedAt time.Time `bson:"assignedAt" json:"assignedAt"`
}

// reviewerQueueDoc keeps a reviewer's entries as one JSON string (itemsJSON): the store
// decodes an array of documents value by value (~140 allocations an entry), a string in one
// piece, and the queue of a long-serving reviewer holds hundreds of entries. Queues written
// before keep them as an array (items), read as well and rewritten at their next change.
type reviewerQueueDoc struct {
	ID        string          `bson:"_id"` // reviewer's user ID
	TenantID  string          `bson:"tenantId"`
	Items     []queueEntryDoc `bson:"items,omitempty"`
	ItemsJSON string          `bson:"itemsJSON,omitempty"`
	Version   int64           `bson:"version"`
}

// UnmarshalBSON decodes a queue, whichever way its entries are stored.
func (d *reviewerQueueDoc) UnmarshalBSON(b []byte) error {
	type plain reviewerQueueDoc
	*d = reviewerQueueDoc{}
	if err := bson.Unmarshal(b, (*plain)(d)); err != nil {
		return err
	}
	if err := fromJSONString(&d.ItemsJSON, &d.Items); err != nil {
		return fmt.Errorf("reviewer queue %s: %w", d.ID, err)
	}
	return nil
}

// MarshalBSON stores the entries as itemsJSON.
func (d reviewerQueueDoc) MarshalBSON() ([]byte, error) {
	type plain reviewerQueueDoc
	p := plain(d)
	if p.Items == nil {
		p.Items = []queueEntryDoc{}
	}
	b, err := json.Marshal(p.Items)
	if err != nil {
		return nil, fmt.Errorf("encode the reviewer queue: %w", err)
	}
	p.Items, p.ItemsJSON = nil, string(b)
	return bson.Marshal(p)
}

func (d *reviewerQueueDoc) tenant() string { return d.TenantID }

// FindIdeaReviewers implements domain.ReviewStore.
func (db *DB) FindIdeaReviewers(ctx context.Context, ideaID string) (*domain.IdeaReviewers, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return nil, err
	}
	// An exclusive DB answers from its cache (docCache): a review reads the assignments
	// twice.
	key := tid + "\x00" + ideaID
	e, gen, ok := db.reviewers.get(key)
	d := e.doc
	if !ok || !db.exclusive {
		err = findOwned(ctx, db.part(famReviewers, ideaID), ideaID, "reviewers", &d)
		e.absent = domain.ErrorCode(err) == domain.ENOTFOUND
		if err != nil && !e.absent {
			return nil, err
		}
		if db.exclusive {
			if e.absent {
				db.reviewers.read(key, nil, gen)
			} else {
				db.reviewers.read(key, &d, gen)
			}
		}
	}
	if e.absent {
		return &domain.IdeaReviewers{IdeaID: ideaID, TenantID: tid}, nil
	}
	r := &domain.IdeaReviewers{IdeaID: d.ID, TenantID: d.TenantID, CriteriaSetID: d.CriteriaSetID, Version: d.Version, UpdatedAt: d.UpdatedAt}
	for _, a := range d.Assignments {
		r.Assignments = append(r.Assignments, domain.Assignment{ReviewerID: a.ReviewerID, DueAt: a.DueAt, AssignedBy: a.AssignedBy,
			AssignedAt: a.AssignedAt, Status: domain.AssignmentStatus(a.Status), DeclineReason: a.DeclineReason, DeclinedAt: a.DeclinedAt,
			Released: a.Released})
	}
	return r, nil
}

// SaveIdeaReviewers implements domain.ReviewStore.
func (db *DB) SaveIdeaReviewers(ctx context.Context, r *domain.IdeaReviewers) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	// The lock is released before the queues are written: the locks are striped, so holding
	// two at once could deadlock.
	unlock := lockFunnel("reviewers:" + r.IdeaID)
	old, err := db.FindIdeaReviewers(ctx, r.IdeaID)
	if err != nil {
		unlock()
		return err
	}
	if old.Version != r.Version {
		unlock()
		return domain.Errorf(domain.EPRECONDITIONFAILED, "the reviewers were changed by someone else; reload and try again")
	}
	now := db.now()
	d := ideaReviewersDoc{ID: r.IdeaID, TenantID: tid, CriteriaSetID: r.CriteriaSetID, Version: r.Version + 1, UpdatedAt: now,
		Assignments: []assignmentDoc{}}
	for _, a := range r.Assignments {
		d.Assignments = append(d.Assignments, assignmentDoc{ReviewerID: a.ReviewerID, DueAt: a.DueAt, AssignedBy: a.AssignedBy,
			AssignedAt: a.AssignedAt, Status: string(a.Status), DeclineReason: a.DeclineReason, DeclinedAt: a.DeclinedAt,
			Released: a.Released})
	}
	c := db.part(famReviewers, r.IdeaID)
	err = db.writeIdeaReviewers(ctx, c, r, d)
	if db.exclusive {
		switch {
		case err == nil:
			db.reviewers.wrote(tid+"\x00"+r.IdeaID, &d)
		case domain.ErrorCode(err) != domain.EPRECONDITIONFAILED:
			db.reviewers.wrote(tid+"\x00"+r.IdeaID, nil)
		}
	}
	unlock()
	if err != nil {
		return err
	}
	r.TenantID, r.Version, r.UpdatedAt = tid, d.Version, now
	return db.syncQueues(ctx, tid, old, r)
}

func (db *DB) writeIdeaReviewers(ctx context.Context, c *mongo.Collection, r *domain.IdeaReviewers, d ideaReviewersDoc) error {
	if r.Version == 0 {
		if _, err := c.InsertOne(ctx, d); err != nil {
			if domain.ErrorCode(mapErr(err, "reviewers")) == domain.ECONFLICT {
				return domain.Errorf(domain.EPRECONDITIONFAILED, "the reviewers were changed by someone else; reload and try again")
			}
			return mapErr(err, "reviewers")
		}
	} else {
		res, err := c.ReplaceOne(ctx, db.versionGuard(r.IdeaID, r.Version), d) // checked under the caller's lock
		if err != nil {
			return mapErr(err, "reviewers")
		}
		if res.MatchedCount == 0 {
			return domain.Errorf(domain.EPRECONDITIONFAILED, "the reviewers were changed by someone else; reload and try again")
		}
	}
	return nil
}

// syncQueues brings the queues of everyone concerned in step with the new assignments.
func (db *DB) syncQueues(ctx context.Context, tid string, old, r *domain.IdeaReviewers) error {
	// Bring the queues of everyone concerned in step with the new assignments.
	concerned := map[string]bool{}
	for _, a := range old.Assignments {
		concerned[a.ReviewerID] = true
	}
	for _, a := range r.Assignments {
		concerned[a.ReviewerID] = true
	}
	for uid := range concerned {
		var entry *queueEntryDoc
		if a, ok := r.Find(uid); ok && a.Status == domain.AssignmentActive {
			entry = &queueEntryDoc{IdeaID: r.IdeaID, DueAt: a.DueAt, AssignedAt: a.AssignedAt}
		}
		if err := db.setQueueEntry(ctx, tid, uid, r.IdeaID, entry); err != nil {
			return err
		}
	}
	return nil
}

// setQueueEntry puts (entry != nil) or removes the entry of ideaID in a reviewer's queue,
// a read-modify-write guarded by the queue's version.
func (db *DB) setQueueEntry(ctx context.Context, tid, reviewerID, ideaID string, entry *queueEntryDoc) error {
	c := db.c(colReviewerQueues)
	defer lockFunnel("queue:" + reviewerID)()
	for range 20 {
		var q reviewerQueueDoc
		err := c.FindOne(ctx, bson.D{{Key: "_id", Value: reviewerID}}).Decode(&q)
		if err != nil && domain.ErrorCode(mapErr(err, "queue")) != domain.ENOTFOUND {
			return mapErr(err, "reviewer queue")
		}
		exists := err == nil
		if exists && q.TenantID != tid {
			return domain.Errorf(domain.EINTERNAL, "reviewer queue of another tenant")
		}
		items := slices.DeleteFunc(q.Items, func(e queueEntryDoc) bool { return e.IdeaID == ideaID })
		if entry != nil {
			items = append(items, *entry)
		}
		nq := reviewerQueueDoc{ID: reviewerID, TenantID: tid, Items: items, Version: q.Version + 1}
		if !exists {
			if _, err := c.InsertOne(ctx, nq); err != nil {
				if domain.ErrorCode(mapErr(err, "queue")) == domain.ECONFLICT {
					continue
				}
				return mapErr(err, "reviewer queue")
			}
			return nil
		}
		res, err := c.ReplaceOne(ctx, db.versionGuard(reviewerID, q.Version), nq) // read above under the lock
		if err != nil {
			return mapErr(err, "reviewer queue")
		}
		if res.MatchedCount == 1 {
			return nil
		}
	}
	return domain.Conflict(domain.RBusy, "the reviewer's queue is busy; try again")
}

// FindReviewerQueue implements domain.ReviewStore: one key lookup, the entries as the
// queue lists them, soonest due first. The idea's assignments are the truth: callers confirm
// the entries they show (FindIdeaReviewers).
func (db *DB) FindReviewerQueue(ctx context.Context, reviewerID string) ([]domain.QueueItem, error) {
	var q reviewerQueueDoc
	err := findOwned(ctx, db.c(colReviewerQueues), reviewerID, "reviewer queue", &q)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return []domain.QueueItem{}, nil
	}
	if err != nil {
		return nil, err
	}
	out := make([]domain.QueueItem, len(q.Items))
	for n, e := range q.Items {
		out[n] = domain.QueueItem{IdeaID: e.IdeaID, DueAt: e.DueAt, AssignedAt: e.AssignedAt}
	}
	slices.SortStableFunc(out, func(a, b domain.QueueItem) int { return a.DueAt.Compare(b.DueAt) })
	return out, nil
}

// AssignedIdeaIDs implements domain.ReviewStore: one key lookup, cheap enough for every
// list request with the "assigned to me" filter. It does not cross-check each idea.
func (db *DB) AssignedIdeaIDs(ctx context.Context, reviewerID string) ([]string, error) {
	var q reviewerQueueDoc
	err := findOwned(ctx, db.c(colReviewerQueues), reviewerID, "reviewer queue", &q)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return []string{}, nil
	}
	if err != nil {
		return nil, err
	}
	out := make([]string, len(q.Items))
	for i, e := range q.Items {
		out[i] = e.IdeaID
	}
	return out, nil
}
