package doctor

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"go.mongodb.org/mongo-driver/v2/bson"
	driver "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
)

// The storage layout of internal/mongo the doctor reads: plain collections and the
// families partitioned by idea (mongo.PartitionName).
const (
	colTenants     = "tenants"
	colUsers       = "users"
	colDepartments = "departments"
	colCampaigns   = "campaigns"
	colKeys        = "keys"
	colModeration  = "moderation"

	famSupports       = "supports"
	famFollows        = "follows"
	famFollowLists    = "followlists"
	famComments       = "comments"
	famCommentReports = "commentreports"
	famAttachments    = "attachments"
	famSlots          = "attachmentslots"
	famFiles          = "files"
	famReviews        = "reviews"
	famReviewers      = "reviewers"
	famIdeaStats      = "ideastats"
)

type ref struct {
	ID       string `bson:"_id"`
	TenantID string `bson:"tenantId"`
}

type checker struct {
	db  *mongo.DB
	o   Options
	rep *Report

	tenants     map[string]*domain.Tenant
	users       map[string]userRef
	departments map[string]deptRef
	campaigns   map[string]ref
	ideas       map[string]*domain.Idea
	// Counts recomputed from the records, per idea.
	supports, followers, comments, attachments map[string]int
	// follows holds "<ideaId>:<userId>" of every follow record.
	follows     map[string]bool
	attachIDs   map[string]bool
	commentIDs  map[string]bool
	counterDone map[string]bool
	// reported are the comments the moderation queue should hold (reported, neither hidden
	// nor deleted, reports not dismissed); settled are those that left it, and when.
	reported map[string]*reportedComment
	settled  map[string]time.Time
}

// reportedComment is what the doctor knows of a comment in the moderation queue.
type reportedComment struct {
	tenantID, ideaID string
	count            int
	reports          []reportRef
}

type reportRef struct {
	reason string
	at     time.Time
}

type userRef struct {
	ID       string `bson:"_id"`
	TenantID string `bson:"tenantId"`
	Email    string `bson:"email"`
}

type deptRef struct {
	ID       string `bson:"_id"`
	TenantID string `bson:"tenantId"`
	Code     string `bson:"code"`
}

// scan decodes every document of a collection into a T and calls fn.
func scan[T any](ctx context.Context, c *driver.Collection, opts *options.FindOptionsBuilder, fn func(*T) error) error {
	if opts == nil {
		opts = options.Find()
	}
	cur, err := c.Find(ctx, bson.D{}, opts)
	if err != nil {
		return fmt.Errorf("read %s: %w", c.Name(), err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var d T
		if err := cur.Decode(&d); err != nil {
			return fmt.Errorf("decode %s: %w", c.Name(), err)
		}
		if err := fn(&d); err != nil {
			return err
		}
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("read %s: %w", c.Name(), err)
	}
	return nil
}

func (c *checker) col(name string) *driver.Collection { return c.db.Collection(name) }

func (c *checker) family(base string) []*driver.Collection {
	out := make([]*driver.Collection, mongo.Partitions)
	for p := range mongo.Partitions {
		out[p] = c.col(mongo.PartitionName(base, p))
	}
	return out
}

func (c *checker) load(ctx context.Context) error {
	c.tenants, c.users, c.departments, c.campaigns = map[string]*domain.Tenant{}, map[string]userRef{}, map[string]deptRef{}, map[string]ref{}
	c.ideas = map[string]*domain.Idea{}
	c.supports, c.followers, c.comments, c.attachments = map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	c.follows, c.attachIDs, c.commentIDs, c.counterDone = map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	ts, err := c.db.FindTenants(ctx)
	if err != nil {
		return err
	}
	for _, t := range ts {
		c.tenants[t.ID] = t
	}
	c.rep.Tenants = len(ts)
	if err := scan(ctx, c.col(colUsers), nil, func(u *userRef) error { c.users[u.ID] = *u; return nil }); err != nil {
		return err
	}
	if err := scan(ctx, c.col(colDepartments), nil, func(d *deptRef) error { c.departments[d.ID] = *d; return nil }); err != nil {
		return err
	}
	if err := scan(ctx, c.col(colCampaigns), nil, func(d *ref) error { c.campaigns[d.ID] = *d; return nil }); err != nil {
		return err
	}
	err = c.db.ScanIdeas(ctx, func(i *domain.Idea) error {
		c.ideas[i.ID] = i
		return nil
	})
	c.rep.Ideas = len(c.ideas)
	return err
}

// idea returns the idea a record of tenant tid points at, nil if it does not exist there.
func (c *checker) idea(tid, id string) *domain.Idea {
	if i, ok := c.ideas[id]; ok && i.TenantID == tid {
		return i
	}
	return nil
}

func (c *checker) deleteByID(coll *driver.Collection, id any, extra ...bson.E) func() error {
	return func() error {
		_, err := coll.DeleteOne(context.Background(), append(bson.D{{Key: "_id", Value: id}}, extra...))
		return err
	}
}

// checkIdeas: every idea belongs to a tenant, its author, co-authors, campaign and
// department exist in that tenant, and its stage is where its last decision led.
func (c *checker) checkIdeas(_ context.Context) error {
	for _, i := range sortedIdeas(c.ideas) {
		where := "ideas/" + i.ID
		if _, ok := c.tenants[i.TenantID]; !ok {
			c.add(i.TenantID, KindDangling, where, "the idea's tenant does not exist", nil)
		}
		for _, a := range append([]string{i.AuthorID}, i.CoAuthorIDs...) {
			if u, ok := c.users[a]; !ok || u.TenantID != i.TenantID {
				c.add(i.TenantID, KindDangling, where, fmt.Sprintf("author %q does not exist", a), nil)
			}
		}
		if i.CampaignID != "" {
			if cp, ok := c.campaigns[i.CampaignID]; !ok || cp.TenantID != i.TenantID {
				c.add(i.TenantID, KindDangling, where, fmt.Sprintf("campaign %q does not exist", i.CampaignID), nil)
			}
		}
		if i.DepartmentID != "" {
			if d, ok := c.departments[i.DepartmentID]; !ok || d.TenantID != i.TenantID {
				c.add(i.TenantID, KindDangling, where, fmt.Sprintf("department %q does not exist", i.DepartmentID), nil)
			}
		}
		switch n := len(i.Decisions); {
		case n == 0 && i.Stage != domain.StageDraft:
			c.add(i.TenantID, KindStage, where, fmt.Sprintf("stage %q without any decision record", i.Stage), nil)
		case n > 0 && i.Decisions[n-1].To != i.Stage:
			c.add(i.TenantID, KindStage, where, fmt.Sprintf("stage %q, but the last decision led to %q", i.Stage, i.Decisions[n-1].To), nil)
		}
	}
	return nil
}

// checkFacts counts supports and follows per idea and finds those of missing ideas.
func (c *checker) checkFacts(ctx context.Context) error {
	type fact struct {
		ID       string `bson:"_id"`
		TenantID string `bson:"tenantId"`
		IdeaID   string `bson:"ideaId"`
		UserID   string `bson:"userId"`
	}
	for _, fam := range []string{famSupports, famFollows} {
		for _, coll := range c.family(fam) {
			err := scan(ctx, coll, nil, func(f *fact) error {
				if c.idea(f.TenantID, f.IdeaID) == nil {
					c.add(f.TenantID, KindDangling, coll.Name()+"/"+f.ID, fmt.Sprintf("%s of idea %q, which does not exist", strings.TrimSuffix(fam, "s"), f.IdeaID),
						c.deleteByID(coll, f.ID))
					return nil
				}
				if fam == famSupports {
					c.supports[f.IdeaID]++
				} else {
					c.followers[f.IdeaID]++
					c.follows[f.IdeaID+":"+f.UserID] = true
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// checkComments counts the live comments per idea; comments of missing ideas are
// reported (user content), reports of missing comments removed.
func (c *checker) checkComments(ctx context.Context) error {
	type comment struct {
		ID          string    `bson:"_id"`
		TenantID    string    `bson:"tenantId"`
		IdeaID      string    `bson:"ideaId"`
		Deleted     bool      `bson:"deleted"`
		DeletedAt   time.Time `bson:"deletedAt"`
		ReportCount int       `bson:"reportCount"`
		Hidden      *struct {
			At time.Time `bson:"at"`
		} `bson:"hidden"`
		UpdatedAt time.Time `bson:"updatedAt"`
	}
	c.reported, c.settled = map[string]*reportedComment{}, map[string]time.Time{}
	for _, coll := range c.family(famComments) {
		err := scan(ctx, coll, options.Find().SetProjection(bson.D{{Key: "body", Value: 0}}), func(d *comment) error {
			c.commentIDs[d.ID] = true
			switch {
			case d.Deleted:
				c.settled[d.ID] = d.DeletedAt
			case d.Hidden != nil:
				c.settled[d.ID] = d.Hidden.At
			case d.ReportCount > 0:
				c.reported[d.ID] = &reportedComment{tenantID: d.TenantID, ideaID: d.IdeaID, count: d.ReportCount}
			default:
				// Dismissed (or never reported): when, the comment does not say; its last change is close.
				c.settled[d.ID] = d.UpdatedAt
			}
			if c.idea(d.TenantID, d.IdeaID) == nil {
				c.add(d.TenantID, KindDangling, coll.Name()+"/"+d.ID, fmt.Sprintf("comment on idea %q, which does not exist", d.IdeaID), nil)
			} else if !d.Deleted {
				c.comments[d.IdeaID]++
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	type report struct {
		ID        string    `bson:"_id"`
		TenantID  string    `bson:"tenantId"`
		CommentID string    `bson:"commentId"`
		Reason    string    `bson:"reason"`
		CreatedAt time.Time `bson:"createdAt"`
	}
	for _, coll := range c.family(famCommentReports) {
		err := scan(ctx, coll, nil, func(d *report) error {
			if r := c.reported[d.CommentID]; r != nil {
				r.reports = append(r.reports, reportRef{reason: d.Reason, at: d.CreatedAt})
			}
			if !c.commentIDs[d.CommentID] {
				c.add(d.TenantID, KindDangling, coll.Name()+"/"+d.ID, fmt.Sprintf("report of comment %q, which does not exist", d.CommentID), c.deleteByID(coll, d.ID))
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// checkModeration compares the moderation queue with the comments: an entry for a comment
// that was hidden, deleted, dismissed or is gone is removed; a reported comment without an
// entry gets one, rebuilt from its latest reports (as many as its count). Changes younger
// than the grace period may be writes in flight.
func (c *checker) checkModeration(ctx context.Context) error {
	type entry struct {
		ID       string `bson:"_id"`
		TenantID string `bson:"tenantId"`
	}
	coll := c.col(colModeration)
	queued := map[string]bool{}
	err := scan(ctx, coll, options.Find().SetProjection(bson.D{{Key: "reasons", Value: 0}}), func(d *entry) error {
		queued[d.ID] = true
		if c.reported[d.ID] != nil {
			return nil
		}
		at, known := c.settled[d.ID]
		if known && !c.abandoned(at) {
			return nil
		}
		c.add(d.TenantID, KindModeration, colModeration+"/"+d.ID, "queue entry of a comment that is hidden, deleted, dismissed or gone", c.deleteByID(coll, d.ID))
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range sortedKeys(c.reported) {
		r := c.reported[id]
		if queued[id] || len(r.reports) == 0 {
			continue
		}
		slices.SortFunc(r.reports, func(a, b reportRef) int { return a.at.Compare(b.at) })
		latest := r.reports[max(0, len(r.reports)-r.count):]
		if !c.abandoned(latest[len(latest)-1].at) {
			continue
		}
		reasons := bson.A{}
		for _, x := range latest {
			reasons = append(reasons, bson.D{{Key: "reason", Value: x.reason}, {Key: "at", Value: x.at}})
		}
		doc := bson.D{{Key: "_id", Value: id}, {Key: "tenantId", Value: r.tenantID}, {Key: "ideaId", Value: r.ideaID},
			{Key: "reports", Value: len(latest)}, {Key: "lastAt", Value: latest[len(latest)-1].at}, {Key: "reasons", Value: reasons}}
		c.add(r.tenantID, KindModeration, colModeration+"/"+id, fmt.Sprintf("comment reported %d times is missing from the moderation queue", r.count), func() error {
			_, err := coll.ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}}, doc, options.Replace().SetUpsert(true))
			return err
		})
	}
	return nil
}

// checkAttachments counts the attachments per idea, reports those of missing ideas and
// frees slots whose upload never finished. Then it removes the counters of missing ideas
// and compares every idea's counters.
func (c *checker) checkAttachments(ctx context.Context) error {
	type attachment struct {
		ID       string `bson:"_id"`
		TenantID string `bson:"tenantId"`
		IdeaID   string `bson:"ideaId"`
	}
	for _, coll := range c.family(famAttachments) {
		err := scan(ctx, coll, nil, func(d *attachment) error {
			c.attachIDs[d.ID] = true
			if c.idea(d.TenantID, d.IdeaID) == nil {
				c.add(d.TenantID, KindDangling, coll.Name()+"/"+d.ID, fmt.Sprintf("attachment of idea %q, which does not exist", d.IdeaID), nil)
			} else {
				c.attachments[d.IdeaID]++
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	type slot struct {
		ID           string    `bson:"_id"`
		TenantID     string    `bson:"tenantId"`
		AttachmentID string    `bson:"attachmentId"`
		CreatedAt    time.Time `bson:"createdAt"`
	}
	for _, coll := range c.family(famSlots) {
		err := scan(ctx, coll, nil, func(d *slot) error {
			if !c.attachIDs[d.AttachmentID] && c.abandoned(d.CreatedAt) {
				c.add(d.TenantID, KindStaleSlot, coll.Name()+"/"+d.ID, fmt.Sprintf("upload slot held for attachment %q, which was never written", d.AttachmentID),
					c.deleteByID(coll, d.ID, bson.E{Key: "attachmentId", Value: d.AttachmentID}))
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	// The counters of a deleted idea (its delete failed half-way) count for nothing.
	type stats struct {
		ID       string `bson:"_id"`
		TenantID string `bson:"tenantId"`
	}
	for _, coll := range c.family(famIdeaStats) {
		err := scan(ctx, coll, nil, func(d *stats) error {
			if c.idea(d.TenantID, d.ID) == nil {
				c.add(d.TenantID, KindDangling, coll.Name()+"/"+d.ID, "counters of an idea that does not exist", c.deleteByID(coll, d.ID))
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	for _, i := range sortedIdeas(c.ideas) {
		want := domain.CounterDelta{Supports: c.supports[i.ID], Followers: c.followers[i.ID], Comments: c.comments[i.ID], Attachments: c.attachments[i.ID]}
		have := domain.CounterDelta{Supports: i.SupportCount, Followers: i.FollowerCount, Comments: i.CommentCount, Attachments: i.AttachmentCount}
		if want == have {
			continue
		}
		var diffs []string
		for _, d := range []struct {
			name       string
			have, want int
		}{{"supports", have.Supports, want.Supports}, {"followers", have.Followers, want.Followers},
			{"comments", have.Comments, want.Comments}, {"attachments", have.Attachments, want.Attachments}} {
			if d.have != d.want {
				diffs = append(diffs, fmt.Sprintf("%s %d, records %d", d.name, d.have, d.want))
			}
		}
		c.add(i.TenantID, KindCounter, "ideas/"+i.ID, strings.Join(diffs, "; "), c.repairEngagement(ctx, i))
	}
	return nil
}

// repairEngagement recounts an idea's counters from its records (once per idea).
func (c *checker) repairEngagement(ctx context.Context, i *domain.Idea) func() error {
	return func() error {
		if c.counterDone[i.ID] {
			return nil
		}
		c.counterDone[i.ID] = true
		return whileBusy(func() error {
			_, err := c.db.RepairEngagement(c.tenantCtx(ctx, i.TenantID), i.ID)
			return err
		})
	}
}

// whileBusy retries fn while the idea is busy: a writer that crashed holds the idea's
// revision claim until the store considers it stale (5 s, internal/mongo/ideaclaim.go).
func whileBusy(fn func() error) error {
	deadline := time.Now().Add(20 * time.Second)
	for {
		err := fn()
		if domain.ErrorCode(err) != domain.ECONFLICT || time.Now().After(deadline) {
			return err
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// checkReviews: assignments and reviews belong to existing ideas, and every idea's score
// is the aggregate (domain.Aggregate, the funnel's own function) of its submitted reviews.
func (c *checker) checkReviews(ctx context.Context) error {
	type reviewers struct {
		ID            string `bson:"_id"`
		TenantID      string `bson:"tenantId"`
		CriteriaSetID string `bson:"criteriaSetId"`
	}
	assigned := map[string]bool{}
	for _, coll := range c.family(famReviewers) {
		err := scan(ctx, coll, nil, func(d *reviewers) error {
			if c.idea(d.TenantID, d.ID) == nil {
				c.add(d.TenantID, KindDangling, coll.Name()+"/"+d.ID, "reviewer assignments of an idea that does not exist", c.deleteByID(coll, d.ID))
				return nil
			}
			assigned[d.ID] = true
			return nil
		})
		if err != nil {
			return err
		}
	}
	type review struct {
		ID       string `bson:"_id"`
		TenantID string `bson:"tenantId"`
		IdeaID   string `bson:"ideaId"`
	}
	for _, coll := range c.family(famReviews) {
		err := scan(ctx, coll, options.Find().SetProjection(bson.D{{Key: "ideaId", Value: 1}, {Key: "tenantId", Value: 1}}), func(d *review) error {
			if c.idea(d.TenantID, d.IdeaID) == nil {
				c.add(d.TenantID, KindDangling, coll.Name()+"/"+d.ID, fmt.Sprintf("review of idea %q, which does not exist", d.IdeaID), nil)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	// Ideas without any assignment on record keep the score they came with (imported or
	// seeded decisions): there are no reviews to recompute it from.
	for _, i := range sortedIdeas(c.ideas) {
		if !assigned[i.ID] {
			continue
		}
		tctx := c.tenantCtx(ctx, i.TenantID)
		want, err := c.aggregate(tctx, i.ID)
		if err != nil {
			return fmt.Errorf("score of idea %s: %w", i.ID, err)
		}
		if domain.SameScore(i.Score, want) {
			continue
		}
		c.add(i.TenantID, KindScore, "ideas/"+i.ID, fmt.Sprintf("score %s, its reviews give %s", scoreString(i.Score), scoreString(want)), func() error {
			return whileBusy(func() error { return c.setScore(tctx, i.ID) })
		})
	}
	return nil
}

// setScore writes the score an idea's reviews give, as they are when the store holds the
// idea for the write.
func (c *checker) setScore(tctx context.Context, id string) error {
	_, err := c.db.UpdateIdeaScore(tctx, id, func(i *domain.Idea) (*domain.ScoreSummary, bool, error) {
		want, err := c.aggregate(tctx, id)
		return want, err == nil && !domain.SameScore(i.Score, want), err
	})
	return err
}

// aggregate recomputes an idea's score exactly as domain.Funnel.RecomputeScore does.
func (c *checker) aggregate(ctx context.Context, ideaID string) (*domain.ScoreSummary, error) {
	rs, err := c.db.FindIdeaReviewers(ctx, ideaID)
	if err != nil || rs.CriteriaSetID == "" {
		return nil, err
	}
	set, err := c.db.FindCriteriaSetByID(ctx, rs.CriteriaSetID)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, a := range rs.Active() {
		ids = append(ids, a.ReviewerID)
	}
	reviews, err := c.db.FindReviews(ctx, ideaID, ids)
	if err != nil {
		return nil, err
	}
	return domain.Aggregate(set, reviews), nil
}

func scoreString(s *domain.ScoreSummary) string {
	if s == nil {
		return "none"
	}
	return fmt.Sprintf("%.1f of %d reviews", s.Weighted, s.ReviewCount)
}

// checkFollowLists: every user's follow list names exactly the ideas the user follows.
func (c *checker) checkFollowLists(ctx context.Context) error {
	type list struct {
		ID       string   `bson:"_id"`
		TenantID string   `bson:"tenantId"`
		UserID   string   `bson:"userId"`
		IdeaIDs  []string `bson:"ideaIds"`
	}
	listed := map[string]bool{}
	for _, coll := range c.family(famFollowLists) {
		err := scan(ctx, coll, nil, func(d *list) error {
			var extra []string
			for _, id := range d.IdeaIDs {
				listed[id+":"+d.UserID] = true
				if !c.follows[id+":"+d.UserID] {
					extra = append(extra, id)
				}
			}
			if len(extra) > 0 {
				tctx := c.tenantCtx(ctx, d.TenantID)
				c.add(d.TenantID, KindFollowList, coll.Name()+"/"+d.ID, fmt.Sprintf("lists %d ideas the user does not follow", len(extra)), func() error {
					_, err := c.db.RepairFollowList(tctx, d.UserID)
					return err
				})
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	for _, key := range sortedKeys(c.follows) {
		if listed[key] {
			continue
		}
		ideaID, userID, _ := strings.Cut(key, ":")
		i := c.ideas[ideaID]
		c.add(i.TenantID, KindFollowList, "followlists/"+userID, fmt.Sprintf("lacks idea %q the user follows", ideaID), c.repairEngagement(ctx, i))
	}
	return nil
}

// checkFiles finds GridFS leftovers of uploads that never finished: chunks without a file
// document, and file documents without an attachment.
func (c *checker) checkFiles(ctx context.Context) error {
	type file struct {
		ID         bson.RawValue `bson:"_id"`
		UploadDate time.Time     `bson:"uploadDate"`
	}
	type chunk struct {
		ID     bson.RawValue `bson:"_id"`
		FileID bson.RawValue `bson:"files_id"`
	}
	for p := range mongo.Partitions {
		name := mongo.PartitionName(famFiles, p)
		files := map[string]bool{}
		fc := c.col(name + ".files")
		err := scan(ctx, fc, nil, func(f *file) error {
			id := rawString(f.ID)
			files[id] = true
			if !c.attachIDs[id] && c.abandoned(f.UploadDate) {
				c.add("", KindOrphan, fc.Name()+"/"+id, "file content without an attachment (an upload that never finished)", func() error {
					b := c.db.GridFSBucket(name)
					return b.Delete(context.Background(), f.ID)
				})
			}
			return nil
		})
		if err != nil {
			return err
		}
		cc := c.col(name + ".chunks")
		orphans := map[string][]bson.RawValue{}
		err = scan(ctx, cc, options.Find().SetProjection(bson.D{{Key: "files_id", Value: 1}}), func(ch *chunk) error {
			fid := rawString(ch.FileID)
			if !files[fid] && c.abandoned(fileIDTime(fid)) {
				orphans[fid] = append(orphans[fid], ch.ID)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, fid := range sortedKeys(orphans) {
			mine := orphans[fid]
			c.add("", KindOrphan, cc.Name()+"/"+fid, fmt.Sprintf("%d chunks without a file document", len(mine)), func() error {
				for _, id := range mine {
					if _, err := cc.DeleteOne(context.Background(), bson.D{{Key: "_id", Value: id}}); err != nil {
						return err
					}
				}
				return nil
			})
		}
	}
	return nil
}

// checkKeys finds key documents (unique natural keys, see internal/mongo/keys.go) that
// point at nothing or at a document that no longer carries the key.
func (c *checker) checkKeys(ctx context.Context) error {
	type key struct {
		ID  string    `bson:"_id"`
		Ref string    `bson:"ref"`
		At  time.Time `bson:"at"`
	}
	coll := c.col(colKeys)
	return scan(ctx, coll, nil, func(k *key) error {
		if !c.abandoned(k.At) {
			return nil
		}
		kind, rest, _ := strings.Cut(k.ID, ":")
		tid, val, _ := strings.Cut(rest, ":")
		var ok bool
		switch kind {
		case "email":
			u, found := c.users[k.Ref]
			ok = found && u.TenantID == tid && u.Email == val
		case "department-code":
			d, found := c.departments[k.Ref]
			ok = found && d.TenantID == tid && d.Code == val
		case "tenant-slug":
			t, found := c.tenants[k.Ref]
			ok, tid = found && t.Slug == rest, ""
		case "host":
			t, found := c.tenants[k.Ref]
			ok, tid = found && slices.Contains(t.Hosts, rest), ""
		case "reuse-import":
			ok = c.idea(tid, k.Ref) != nil
		default:
			return nil // a kind this doctor does not know
		}
		if !ok {
			c.add(tid, KindStaleKey, "keys/"+k.ID, fmt.Sprintf("points at %q, which does not carry it", k.Ref),
				c.deleteByID(coll, k.ID, bson.E{Key: "ref", Value: k.Ref}))
		}
		return nil
	})
}

// abandoned reports whether something written at t is older than the grace period.
func (c *checker) abandoned(t time.Time) bool { return c.o.Now().Sub(t) >= c.o.Grace }

// fileIDTime reads the creation time from an attachment ID "<pp>-<uuidv7>"; the zero time
// (always abandoned) for IDs of another shape.
func fileIDTime(id string) time.Time {
	if len(id) < 4 || id[2] != '-' {
		return time.Time{}
	}
	u, err := uuid.Parse(id[3:])
	if err != nil || u.Version() != 7 {
		return time.Time{}
	}
	ms := binary.BigEndian.Uint64(append([]byte{0, 0}, u[:6]...))
	return time.UnixMilli(int64(ms)).UTC()
}

func rawString(v bson.RawValue) string {
	if s, ok := v.StringValueOK(); ok {
		return s
	}
	return v.String()
}

func sortedIdeas(m map[string]*domain.Idea) []*domain.Idea {
	out := make([]*domain.Idea, 0, len(m))
	for _, id := range sortedKeys(m) {
		out = append(out, m[id])
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
