package mongo

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// famIdeas is the partitioned family of idea documents ("ideas_00" … "ideas_3f").
const famIdeas = "ideas"

// ideaDoc is an idea as stored. Nested value types of the funnel (score, pilot, rollout,
// gate data) are stored with the driver's default field names (the lower-cased Go names).
//
// The decision history is stored as one JSON string (decisionsJSON), not as an array of
// documents. Every stage change appends to it and the embedded store rewrites the whole
// idea for it, decoding and encoding the document value by value with a type schema for
// every nested object: a decision took ~230 bytes of data and ~270 of schema, and an idea
// with 16 decisions was ~11 KB, two thirds of it the history — the bulk of a transition's
// CPU (measured with scripts/bench.sh and pprof). As one string it is decoded in one step.
// Nothing queries inside the history; documents written with the array are still read,
// and lose it at their next write.
type ideaDoc struct {
	ID              string     `bson:"_id"`
	TenantID        string     `bson:"tenantId"`
	Title           string     `bson:"title"`
	Summary         string     `bson:"summary"`
	Description     string     `bson:"description"`
	Problem         string     `bson:"problem"`
	ExpectedBenefit string     `bson:"expectedBenefit"`
	TargetGroups    []string   `bson:"targetGroups"`
	Tags            []string   `bson:"tags"`
	DepartmentID    string     `bson:"departmentId"`
	CampaignID      string     `bson:"campaignId"`
	Visibility      string     `bson:"visibility"`
	Source          string     `bson:"source"`
	AuthorID        string     `bson:"authorId"`
	CoAuthorIDs     []string   `bson:"coAuthorIds"`
	Stage           string     `bson:"stage"`
	StageSince      time.Time  `bson:"stageSince"`
	ScreeningPassed bool       `bson:"screeningPassed"`
	DecisionsJSON   string     `bson:"decisionsJSON"`
	Decisions       []decision `bson:"decisions,omitempty"` // as stored before decisionsJSON; read only
	RevisitAt       time.Time  `bson:"revisitAt"`
	MergedInto      string     `bson:"mergedInto"`
	MergedFrom      []string   `bson:"mergedFrom"`

	SupportCount    int                  `bson:"supportCount"`
	FollowerCount   int                  `bson:"followerCount"`
	CommentCount    int                  `bson:"commentCount"`
	AttachmentCount int                  `bson:"attachmentCount"`
	Score           *domain.ScoreSummary `bson:"score,omitempty"` // stores written before the score moved to the stats document

	Pilot          *domain.Pilot       `bson:"pilot"`
	Rollout        *domain.Rollout     `bson:"rollout"`
	Origin         *domain.ReuseOrigin `bson:"origin"`
	ReusePublished bool                `bson:"reusePublished"`

	Version        int64     `bson:"version"`
	Revision       int64     `bson:"rev"`
	CreatedAt      time.Time `bson:"createdAt"`
	UpdatedAt      time.Time `bson:"updatedAt"`
	SubmittedAt    time.Time `bson:"submittedAt"`
	LastActivityAt time.Time `bson:"lastActivityAt"`
}

// decision is a stored decision record (in decisionsJSON; in the decisions array before).
type decision struct {
	ID            string                   `bson:"id" json:"id"`
	From          string                   `bson:"from" json:"from"`
	To            string                   `bson:"to" json:"to"`
	ActorID       string                   `bson:"actorId" json:"actorId"`
	At            time.Time                `bson:"at" json:"at"`
	Reason        string                   `bson:"reason" json:"reason,omitempty"`
	Override      bool                     `bson:"override,omitempty" json:"override,omitempty"`
	ScoreSnapshot *domain.ScoreSummary     `bson:"scoreSnapshot,omitempty" json:"scoreSnapshot,omitempty"`
	PilotPlan     *domain.PilotPlan        `bson:"pilotPlan,omitempty" json:"pilotPlan,omitempty"`
	PilotResults  *domain.PilotResults     `bson:"pilotResults,omitempty" json:"pilotResults,omitempty"`
	Checklist     []domain.ChecklistAnswer `bson:"checklist,omitempty" json:"checklist,omitempty"`
	MergedInto    string                   `bson:"mergedInto,omitempty" json:"mergedInto,omitempty"`
	RevisitAt     time.Time                `bson:"revisitAt,omitempty" json:"revisitAt,omitzero"`
	NewEndDate    time.Time                `bson:"newEndDate,omitempty" json:"newEndDate,omitzero"`
	Departments   []string                 `bson:"departments,omitempty" json:"departments,omitempty"`
	RequestID     string                   `bson:"requestId,omitempty" json:"requestId,omitempty"`
}

// UnmarshalBSON decodes an idea document and its decision history, whichever way it is stored.
func (d *ideaDoc) UnmarshalBSON(b []byte) error {
	type plain ideaDoc
	*d = ideaDoc{}
	if err := bson.Unmarshal(b, (*plain)(d)); err != nil {
		return err
	}
	if err := fromJSONString(&d.DecisionsJSON, &d.Decisions); err != nil {
		return fmt.Errorf("decisions of idea %s: %w", d.ID, err)
	}
	return nil
}

func (d *ideaDoc) tenant() string { return d.TenantID }

func (d *ideaDoc) toDomain() *domain.Idea {
	i := &domain.Idea{
		ID: d.ID, TenantID: d.TenantID, Title: d.Title, Summary: d.Summary, Description: d.Description,
		Problem: d.Problem, ExpectedBenefit: d.ExpectedBenefit, TargetGroups: d.TargetGroups, Tags: d.Tags,
		DepartmentID: d.DepartmentID, CampaignID: d.CampaignID, Visibility: domain.Visibility(d.Visibility),
		Source: domain.Source(d.Source), AuthorID: d.AuthorID, CoAuthorIDs: d.CoAuthorIDs,
		Stage: domain.Stage(d.Stage), StageSince: d.StageSince, ScreeningPassed: d.ScreeningPassed,
		RevisitAt: d.RevisitAt, MergedInto: d.MergedInto, MergedFrom: d.MergedFrom,
		SupportCount: d.SupportCount, FollowerCount: d.FollowerCount, CommentCount: d.CommentCount,
		AttachmentCount: d.AttachmentCount, Score: d.Score, Pilot: d.Pilot, Rollout: d.Rollout,
		Origin: d.Origin, ReusePublished: d.ReusePublished, Version: d.Version, Revision: d.Revision,
		CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt, SubmittedAt: d.SubmittedAt, LastActivityAt: d.LastActivityAt,
	}
	if len(d.Decisions) > 0 {
		i.Decisions = make([]domain.Decision, len(d.Decisions))
		for k, x := range d.Decisions {
			i.Decisions[k] = domain.Decision{
				ID: x.ID, From: domain.Stage(x.From), To: domain.Stage(x.To), ActorID: x.ActorID, At: x.At,
				Reason: x.Reason, Override: x.Override, ScoreSnapshot: x.ScoreSnapshot, PilotPlan: x.PilotPlan,
				PilotResults: x.PilotResults, Checklist: x.Checklist, MergedInto: x.MergedInto,
				RevisitAt: x.RevisitAt, NewEndDate: x.NewEndDate, Departments: x.Departments, RequestID: x.RequestID,
			}
		}
	}
	return i
}

// ideaToDoc is the document of i; it fails only for a decision JSON cannot hold (a
// number that is not finite).
func ideaToDoc(i *domain.Idea) (*ideaDoc, error) {
	d := &ideaDoc{
		ID: i.ID, TenantID: i.TenantID, Title: i.Title, Summary: i.Summary, Description: i.Description,
		Problem: i.Problem, ExpectedBenefit: i.ExpectedBenefit, TargetGroups: nonNil(i.TargetGroups), Tags: nonNil(i.Tags),
		DepartmentID: i.DepartmentID, CampaignID: i.CampaignID, Visibility: string(i.Visibility),
		Source: string(i.Source), AuthorID: i.AuthorID, CoAuthorIDs: nonNil(i.CoAuthorIDs),
		Stage: string(i.Stage), StageSince: i.StageSince, ScreeningPassed: i.ScreeningPassed,
		RevisitAt: i.RevisitAt, MergedInto: i.MergedInto, MergedFrom: nonNil(i.MergedFrom),
		SupportCount: i.SupportCount, FollowerCount: i.FollowerCount, CommentCount: i.CommentCount,
		AttachmentCount: i.AttachmentCount, Score: i.Score, Pilot: i.Pilot, Rollout: i.Rollout,
		Origin: i.Origin, ReusePublished: i.ReusePublished, Version: i.Version, Revision: i.Revision,
		CreatedAt: i.CreatedAt, UpdatedAt: i.UpdatedAt, SubmittedAt: i.SubmittedAt, LastActivityAt: i.LastActivityAt,
	}
	if len(i.Decisions) > 0 {
		ds := make([]decision, len(i.Decisions))
		for k, x := range i.Decisions {
			ds[k] = decision{
				ID: x.ID, From: string(x.From), To: string(x.To), ActorID: x.ActorID, At: storedTime(x.At),
				Reason: x.Reason, Override: x.Override, ScoreSnapshot: x.ScoreSnapshot, PilotPlan: x.PilotPlan,
				PilotResults: x.PilotResults, Checklist: x.Checklist, MergedInto: x.MergedInto,
				RevisitAt: storedTime(x.RevisitAt), NewEndDate: storedTime(x.NewEndDate), Departments: x.Departments, RequestID: x.RequestID,
			}
		}
		b, err := json.Marshal(ds)
		if err != nil {
			return nil, fmt.Errorf("decisions of idea %s: %w", i.ID, err)
		}
		d.DecisionsJSON = string(b)
	}
	return d, nil
}

// storedTime is t as a BSON date holds it: UTC, to the millisecond.
func storedTime(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Millisecond)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// fixedFields are the fields UpdateIdea leaves alone: the counters only IncIdeaCounters
// changes; rev and version are bumped by every write itself; _id, tenantId and createdAt
// never change.
var fixedFields = map[string]bool{
	"_id": true, "tenantId": true, "createdAt": true, "rev": true, "version": true,
	"supportCount": true, "followerCount": true, "commentCount": true, "attachmentCount": true,
	// The score lives in the stats document (UpdateIdeaScore); a score an idea document of
	// an earlier version holds stays as it is, under the stats document's once that has one.
	"score": true,
}

var _ domain.IdeaStore = (*DB)(nil)

// ideaLocks serialises the writes to one idea within this process.
//
// The embedded store (FerretDB v1 on SQLite) implements every update as "select, change in
// Go, write the whole document back" without a transaction: measured, 50 concurrent $inc
// of one document kept 7 of them, and 8 concurrent updates guarded by the same version all
// "succeeded". Holding a lock per idea (striped by ID hash) around each update makes
// counters exact and the version guard a real compare-and-set for every writer in this
// process. Writers in other processes on the same embedded store are not covered; on
// MongoDB the updates are atomic anyway and the lock only costs a few nanoseconds.
var ideaLocks stripes

func lockIdea(id string) func() { return ideaLocks.lock(id) }

// CreateIdea implements domain.IdeaStore.
func (db *DB) CreateIdea(ctx context.Context, i *domain.Idea) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	if i.ID == "" {
		i.ID = db.NewID()
	}
	now := db.now()
	i.TenantID, i.Version, i.Revision, i.UpdatedAt = tid, 1, 1, now
	if i.Stage == "" {
		i.Stage = domain.StageDraft
	}
	if i.CreatedAt.IsZero() {
		i.CreatedAt = now
	}
	if i.StageSince.IsZero() {
		i.StageSince = i.CreatedAt
	}
	if i.LastActivityAt.IsZero() {
		i.LastActivityAt = i.CreatedAt
	}
	db.fillDecisionIDs(i)
	d, err := ideaToDoc(i)
	if err != nil {
		return domain.Invalid("decisions", err.Error())
	}
	d.Score = nil
	if _, err := db.part(famIdeas, i.ID).InsertOne(ctx, d); err != nil {
		return mapErr(err, "idea")
	}
	if i.Score != nil {
		// An imported (or generated) idea with its reviews' score: the score goes where
		// UpdateIdeaScore keeps it.
		if _, err := db.setStatsScore(ctx, tid, i.ID, i.Score); err != nil {
			return err
		}
		i.Revision++
	}
	db.notifyIdea(i, false)
	db.appendChange(ctx, i.TenantID, i.ID, i.Revision, false)
	return nil
}

func (db *DB) fillDecisionIDs(i *domain.Idea) {
	for k := range i.Decisions {
		if i.Decisions[k].ID == "" {
			i.Decisions[k].ID = db.NewID()
		}
	}
}

// FindIdeaByID implements domain.IdeaStore.
func (db *DB) FindIdeaByID(ctx context.Context, id string) (*domain.Idea, error) {
	if i, ok := db.cachedIdea(ctx, id); ok {
		return i, nil
	}
	return db.readIdeaDoc(ctx, id)
}

// UpdateIdea implements domain.IdeaStore: one findOneAndUpdate by _id under the revision
// claim (which checked tenant and version), returning the stored state (with the current
// counters) for the index.
func (db *DB) UpdateIdea(ctx context.Context, i *domain.Idea) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	now := db.now()
	db.fillDecisionIDs(i)
	d, err := ideaToDoc(i)
	if err != nil {
		return domain.Invalid("decisions", err.Error())
	}
	d.UpdatedAt = now
	raw, err := bson.Marshal(d)
	if err != nil {
		return err
	}
	var all bson.D
	if err := bson.Unmarshal(raw, &all); err != nil {
		return err
	}
	set := make(bson.D, 0, len(all))
	for _, e := range all {
		if !fixedFields[e.Key] {
			set = append(set, e)
		}
	}
	set = append(set, bson.E{Key: "version", Value: i.Version + 1})
	// The claim below checks tenant and version and holds the idea's current revision, which
	// no other writer can then write from; so the update needs only the {_id} filter — the one
	// the embedded store answers by index instead of scanning the partition.
	filter := bson.D{{Key: "_id", Value: i.ID}}
	update := bson.D{{Key: "$set", Value: set}, {Key: "$inc", Value: bson.D{{Key: "rev", Value: int64(1)}}},
		{Key: "$unset", Value: bson.D{{Key: "decisions", Value: ""}}}} // the array of earlier versions
	var out ideaDoc
	unlock := lockIdea(i.ID)
	if _, err := db.claimIdeaWrite(ctx, i.ID, i.Version); err != nil {
		unlock()
		return err
	}
	// The stats cannot change while this writer holds the idea's revision.
	stats, err := db.ideaStats(ctx, i.ID)
	var doc bson.Raw
	if err == nil {
		doc, err = db.part(famIdeas, i.ID).FindOneAndUpdate(ctx, filter, update,
			options.FindOneAndUpdate().SetReturnDocument(options.After)).Raw()
	}
	if err == nil {
		err = bson.Unmarshal(doc, &out)
	}
	if err != nil {
		db.forgetRevision(tid, i.ID)
		unlock()
	}
	if err == mongo.ErrNoDocuments {
		if _, ferr := db.FindIdeaByID(ctx, i.ID); ferr != nil {
			return ferr
		}
		return domain.Errorf(domain.EPRECONDITIONFAILED, "someone else changed this idea in the meantime; reload and try again")
	}
	if err != nil {
		return mapErr(err, "idea")
	}
	db.keepIdeaDoc(tid, i.ID, out.Revision, doc)
	addStats(&out, stats)
	stored := out.toDomain()
	db.notifyIdea(stored, false)
	unlock()
	i.Version, i.Revision, i.UpdatedAt = stored.Version, stored.Revision, stored.UpdatedAt
	i.SupportCount, i.FollowerCount, i.CommentCount, i.AttachmentCount = stored.SupportCount, stored.FollowerCount, stored.CommentCount, stored.AttachmentCount
	db.appendChange(ctx, stored.TenantID, stored.ID, stored.Revision, false)
	return nil
}

// DeleteIdea implements domain.IdeaStore.
func (db *DB) DeleteIdea(ctx context.Context, id string, version int64) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	unlock := lockIdea(id)
	// The claim makes writers that saw the idea before read it again (and find it gone)
	// instead of changing its counters after it was deleted.
	if _, err := db.claimIdeaWrite(ctx, id, version); err != nil {
		unlock()
		return err
	}
	res, err := db.part(famIdeas, id).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "tenantId", Value: tid}, {Key: "version", Value: version}})
	if err == nil && res.DeletedCount == 1 || err != nil {
		// Deleted, or maybe (an error after the store applied it): no hint either way.
		db.forgetRevision(tid, id)
	}
	if err == nil && res.DeletedCount == 1 {
		db.notifyIdea(&domain.Idea{ID: id, TenantID: tid}, true)
		// A stats document left behind by a failure here is harmless: IDs are never reused.
		if serr := db.deleteStats(ctx, id); serr != nil {
			unlock()
			return serr
		}
	}
	unlock()
	if err != nil {
		return mapErr(err, "idea")
	}
	if res.DeletedCount == 0 {
		if _, ferr := db.FindIdeaByID(ctx, id); ferr != nil {
			return ferr
		}
		return domain.Errorf(domain.EPRECONDITIONFAILED, "someone else changed this idea in the meantime; reload and try again")
	}
	db.appendChange(ctx, tid, id, 0, true)
	return nil
}

// IncIdeaCounters implements domain.IdeaStore. The counters change in the idea's stats
// document (ideastats.go); the tenant is checked by the claim's revision (hint or read).
func (db *DB) IncIdeaCounters(ctx context.Context, id string, d domain.CounterDelta) error {
	return db.incIdeaCounters(ctx, id, d, nil)
}

// incIdeaCounters is IncIdeaCounters; fact is the support or follow that changed the
// counters, if one did. The observers learn of the change under the idea's lock, so they
// see this process's changes of an idea in order.
func (db *DB) incIdeaCounters(ctx context.Context, id string, d domain.CounterDelta, fact *domain.FactChange) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	unlock := lockIdea(id)
	h, err := db.claimIdeaWrite(ctx, id, 0)
	if err != nil {
		unlock()
		return err
	}
	s, err := db.incStats(ctx, tid, id, d)
	if err != nil {
		db.forgetRevision(tid, id)
		unlock()
		return err
	}
	// Under the claim nothing else changed the idea: the counters were those of the
	// revision claimed, and this change is the next revision.
	c := h.counts.Plus(d)
	if s.ActivityAt.After(c.LastActivityAt) {
		c.LastActivityAt = s.ActivityAt
	}
	rev := h.rev + 1
	db.noteRevision(&domain.Idea{TenantID: tid, ID: id, Revision: rev, Version: h.version, SupportCount: c.Supports,
		FollowerCount: c.Followers, CommentCount: c.Comments, AttachmentCount: c.Attachments, LastActivityAt: c.LastActivityAt}, false)
	ch := domain.FactChange{TenantID: tid, IdeaID: id, Revision: rev, Counts: c}
	switch {
	case fact != nil:
		ch.UserID, ch.Follow, ch.On = fact.UserID, fact.Follow, fact.On
	case d.Supports != 0 || d.Followers != 0:
		ch.Unknown = true // a repair or a bulk load
	}
	db.notifyFact(ch)
	unlock()
	db.appendChange(ctx, tid, id, rev, false)
	return nil
}

// UpdateIdeaScore implements domain.IdeaStore. The score goes into the idea's stats
// document (ideastats.go); fn runs under the idea's lock and revision claim, which a score
// left unchanged gives back.
func (db *DB) UpdateIdeaScore(ctx context.Context, id string, fn func(*domain.Idea) (*domain.ScoreSummary, bool, error)) (*domain.Idea, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return nil, err
	}
	unlock := lockIdea(id)
	h, err := db.claimIdeaWrite(ctx, id, 0)
	if err != nil {
		unlock()
		return nil, err
	}
	// Under the claim the idea is at revision h.rev, however it is read.
	i, err := db.FindIdeaByID(ctx, id)
	var score *domain.ScoreSummary
	changed := false
	if err == nil {
		score, changed, err = fn(i)
	}
	if err != nil || !changed {
		db.releaseClaim(ctx, id, h.rev)
		unlock()
		if err != nil {
			return nil, err
		}
		return i, nil
	}
	if _, err := db.setStatsScore(ctx, tid, id, score); err != nil {
		db.forgetRevision(tid, id)
		unlock()
		return nil, err
	}
	i.Score, i.Revision = score, h.rev+1
	db.notifyIdea(i, false)
	unlock()
	db.appendChange(ctx, tid, id, i.Revision, false)
	return i, nil
}

// LoadIdea implements domain.IdeaFeed: an idea of any tenant by ID.
func (db *DB) LoadIdea(ctx context.Context, tenantID, id string) (*domain.Idea, error) {
	return db.FindIdeaByID(domain.WithTenant(ctx, &domain.Tenant{ID: tenantID}), id)
}

// ScanIdeas implements domain.IdeaFeed: every idea of every tenant, partition by partition
// (each partition's stats documents first, to add them).
func (db *DB) ScanIdeas(ctx context.Context, fn func(*domain.Idea) error) error {
	ideas, stats := db.parts(famIdeas), db.parts(famIdeaStats)
	for p, c := range ideas {
		byID, err := scanStats(ctx, stats[p])
		if err != nil {
			return err
		}
		cur, err := c.Find(ctx, bson.D{})
		if err != nil {
			return mapErr(err, "ideas")
		}
		for cur.Next(ctx) {
			var d ideaDoc
			if err := cur.Decode(&d); err != nil {
				_ = cur.Close(ctx)
				return mapErr(err, "ideas")
			}
			addStats(&d, byID[d.ID])
			if err := fn(d.toDomain()); err != nil {
				_ = cur.Close(ctx)
				return err
			}
		}
		if err := cur.Err(); err != nil {
			_ = cur.Close(ctx)
			return mapErr(err, "ideas")
		}
		_ = cur.Close(ctx)
	}
	return nil
}

// scanStats reads the stats documents of one partition.
func scanStats(ctx context.Context, c *mongo.Collection) (map[string]*ideaStatsDoc, error) {
	cur, err := c.Find(ctx, bson.D{})
	if err != nil {
		return nil, mapErr(err, "ideas")
	}
	var all []*ideaStatsDoc
	if err := cur.All(ctx, &all); err != nil {
		return nil, mapErr(err, "ideas")
	}
	byID := make(map[string]*ideaStatsDoc, len(all))
	for _, s := range all {
		byID[s.ID] = s
	}
	return byID, nil
}
