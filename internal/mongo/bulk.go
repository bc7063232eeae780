package mongo

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Bulk loading, for seeding large datasets (the benchmark's city): records go in with one
// insertMany per partition and batch, then each idea's counters change once. The result
// is what the single writes would have produced; unlike them, these are not safe against
// concurrent writers of the same ideas, so only call them on a store nobody serves yet.

// bulkBatch is the number of documents per insertMany.
const bulkBatch = 1000

// Support is one user's support of one idea.
type Support struct{ IdeaID, UserID string }

// BulkAddSupports adds supports; a pair already present is skipped.
func (db *DB) BulkAddSupports(ctx context.Context, supports []Support) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	byPart := map[int][]any{}
	seen := map[string]bool{}
	for _, s := range supports {
		key := factKey(s.IdeaID, s.UserID)
		if seen[key] {
			continue
		}
		seen[key] = true
		p := PartitionOf(s.IdeaID)
		byPart[p] = append(byPart[p], factDoc{ID: key, TenantID: tid, IdeaID: s.IdeaID, UserID: s.UserID, CreatedAt: db.now()})
	}
	counts, err := db.bulkInsert(ctx, famSupports, byPart, func(d any) string { return d.(factDoc).IdeaID })
	if err != nil {
		return err
	}
	return db.bulkCount(ctx, counts, func(n int) domain.CounterDelta { return domain.CounterDelta{Supports: n} })
}

// BulkCreateComments creates comments (IDs, times and versions are set as CreateComment
// sets them).
func (db *DB) BulkCreateComments(ctx context.Context, comments []*domain.Comment) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	byPart := map[int][]any{}
	for _, c := range comments {
		now := db.now()
		c.ID, c.TenantID, c.Version, c.CreatedAt, c.UpdatedAt = db.partitionedID(c.IdeaID), tid, 1, now, now
		p := PartitionOf(c.IdeaID)
		byPart[p] = append(byPart[p], &commentDoc{ID: c.ID, TenantID: tid, IdeaID: c.IdeaID, AuthorID: c.AuthorID, Body: c.Body,
			Version: 1, CreatedAt: now, UpdatedAt: now})
	}
	counts, err := db.bulkInsert(ctx, famComments, byPart, func(d any) string { return d.(*commentDoc).IdeaID })
	if err != nil {
		return err
	}
	return db.bulkCount(ctx, counts, func(n int) domain.CounterDelta { return domain.CounterDelta{Comments: n} })
}

// bulkInsert inserts the documents of each partition of family fam and counts the
// inserted ones per idea (duplicates are skipped, not counted).
func (db *DB) bulkInsert(ctx context.Context, fam string, byPart map[int][]any, ideaOf func(any) string) (map[string]int, error) {
	counts := map[string]int{}
	for p, docs := range byPart {
		c := db.c(PartitionName(fam, p))
		for start := 0; start < len(docs); start += bulkBatch {
			batch := docs[start:min(start+bulkBatch, len(docs))]
			failed := map[int]bool{}
			_, err := c.InsertMany(ctx, batch, options.InsertMany().SetOrdered(false))
			if err != nil {
				var bwe mongo.BulkWriteException
				if !errors.As(err, &bwe) || bwe.WriteConcernError != nil {
					return nil, mapErr(err, fam)
				}
				for _, we := range bwe.WriteErrors {
					if !mongo.IsDuplicateKeyError(we) {
						return nil, fmt.Errorf("%s: %w", fam, we)
					}
					failed[we.Index] = true
				}
			}
			for k, d := range batch {
				if !failed[k] {
					counts[ideaOf(d)]++
				}
			}
		}
	}
	return counts, nil
}

// bulkCount applies the counted records to their ideas, one counter change per idea.
func (db *DB) bulkCount(ctx context.Context, counts map[string]int, delta func(int) domain.CounterDelta) error {
	for id, n := range counts {
		if err := db.IncIdeaCounters(ctx, id, delta(n)); err != nil {
			return fmt.Errorf("count for idea %s: %w", id, err)
		}
	}
	return nil
}

// BulkSaveReviewers writes the reviewer assignments of ideas that have none yet, and the
// reviewers' queues (one write per reviewer instead of one per assignment), plus their
// reviews (new ones, Version 0).
func (db *DB) BulkSaveReviewers(ctx context.Context, assignments []*domain.IdeaReviewers, reviews []*domain.Review) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	now := db.now()
	byPart := map[int][]any{}
	queues := map[string][]queueEntryDoc{}
	for _, r := range assignments {
		d := ideaReviewersDoc{ID: r.IdeaID, TenantID: tid, CriteriaSetID: r.CriteriaSetID, Version: 1, UpdatedAt: now, Assignments: []assignmentDoc{}}
		for _, a := range r.Assignments {
			d.Assignments = append(d.Assignments, assignmentDoc{ReviewerID: a.ReviewerID, DueAt: a.DueAt, AssignedBy: a.AssignedBy,
				AssignedAt: a.AssignedAt, Status: string(a.Status), DeclineReason: a.DeclineReason, DeclinedAt: a.DeclinedAt, Released: a.Released})
			if a.Status == domain.AssignmentActive {
				queues[a.ReviewerID] = append(queues[a.ReviewerID], queueEntryDoc{IdeaID: r.IdeaID, DueAt: a.DueAt, AssignedAt: a.AssignedAt})
			}
		}
		r.TenantID, r.Version, r.UpdatedAt = tid, 1, now
		p := PartitionOf(r.IdeaID)
		byPart[p] = append(byPart[p], d)
	}
	db.reviewers.reset()
	if _, err := db.bulkInsert(ctx, famReviewers, byPart, func(any) string { return "" }); err != nil {
		return err
	}
	var qs []any
	for uid, items := range queues {
		qs = append(qs, reviewerQueueDoc{ID: uid, TenantID: tid, Items: items, Version: 1})
	}
	if len(qs) > 0 {
		if _, err := db.c(colReviewerQueues).InsertMany(ctx, qs); err != nil {
			return mapErr(err, "reviewer queues")
		}
	}
	byPart = map[int][]any{}
	for _, r := range reviews {
		r.ID, r.TenantID, r.Version, r.CreatedAt, r.UpdatedAt = domain.ReviewID(r.IdeaID, r.ReviewerID), tid, 1, now, now
		p := PartitionOf(r.IdeaID)
		byPart[p] = append(byPart[p], reviewToDoc(r))
	}
	_, err = db.bulkInsert(ctx, famReviews, byPart, func(any) string { return "" })
	db.reviews.reset()
	return err
}
