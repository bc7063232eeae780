package mongo

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// famIdeas is the partitioned family of idea documents ("ideas_00" … "ideas_3f").
const famIdeas = "ideas"

// ideaDoc is an idea as stored: the fields the store is asked about at the top level, and
// everything else as one JSON string (dataJSON, an ideaData).
//
// The embedded store (FerretDB v1 on SQLite) decodes and encodes a document field by field
// on every read and write: a JSON decoder for each value, a type schema for each nested
// object, and an update operation for each field set. An idea of ~40 fields took ~3,000
// allocations per update, as a few fields and one string ~1,260; the update of a screening
// idea 1.5–1.9 → 1.2–1.3 ms, of a rolled-out one 3.2–3.5 → 1.2–1.3 ms, and a read 25–50 %
// less (BenchmarkIdeaShape). Nothing filters on the fields inside: the store is asked for
// an idea by _id (with its tenant and version when it is deleted), projects its revision,
// version, counters and last activity (ideaclaim.go), and otherwise scans every idea;
// lists and search use the in-memory index.
//
// Documents of earlier versions are still read: with all fields at the top level, and the
// decision history as an array of documents or as one JSON string (decisionsJSON). The next
// write stores the idea as ideaData and removes the earlier fields. The counters an idea was
// created or imported with and the score of an earlier version stay at the top level,
// where nothing but their own writes change them (ideastats.go).
type ideaDoc struct {
	ID             string    `bson:"_id"`
	TenantID       string    `bson:"tenantId"`
	Version        int64     `bson:"version"`
	Revision       int64     `bson:"rev"`
	LastActivityAt time.Time `bson:"lastActivityAt"`

	SupportCount    int                  `bson:"supportCount,omitempty"`
	FollowerCount   int                  `bson:"followerCount,omitempty"`
	CommentCount    int                  `bson:"commentCount,omitempty"`
	AttachmentCount int                  `bson:"attachmentCount,omitempty"`
	Score           *domain.ScoreSummary `bson:"score,omitempty"` // stores written before the score moved to the stats document; never written

	Data     ideaData `bson:"-"`
	DataJSON string   `bson:"dataJSON,omitempty"` // Data as stored; set by MarshalBSON only
}

// ideaData is the part of an idea document stored as dataJSON. Its BSON names are those the
// fields had at the top level of earlier documents; nested values of the funnel keep the
// driver's default names there (the lower-cased Go names).
type ideaData struct {
	Title           string     `bson:"title" json:"title"`
	Summary         string     `bson:"summary" json:"summary,omitempty"`
	Description     string     `bson:"description" json:"description,omitempty"`
	Problem         string     `bson:"problem" json:"problem,omitempty"`
	ExpectedBenefit string     `bson:"expectedBenefit" json:"expectedBenefit,omitempty"`
	TargetGroups    []string   `bson:"targetGroups" json:"targetGroups"`
	Tags            []string   `bson:"tags" json:"tags"`
	DepartmentID    string     `bson:"departmentId" json:"departmentId,omitempty"`
	CampaignID      string     `bson:"campaignId" json:"campaignId,omitempty"`
	Visibility      string     `bson:"visibility" json:"visibility"`
	Source          string     `bson:"source" json:"source"`
	AuthorID        string     `bson:"authorId" json:"authorId"`
	CoAuthorIDs     []string   `bson:"coAuthorIds" json:"coAuthorIds"`
	Stage           string     `bson:"stage" json:"stage"`
	StageSince      time.Time  `bson:"stageSince" json:"stageSince"`
	ScreeningPassed bool       `bson:"screeningPassed" json:"screeningPassed,omitempty"`
	Decisions       []decision `bson:"decisions,omitempty" json:"decisions,omitempty"`
	RevisitAt       time.Time  `bson:"revisitAt" json:"revisitAt,omitzero"`
	MergedInto      string     `bson:"mergedInto" json:"mergedInto,omitempty"`
	MergedFrom      []string   `bson:"mergedFrom" json:"mergedFrom"`

	Pilot          *domain.Pilot       `bson:"pilot" json:"pilot,omitempty"`
	Rollout        *domain.Rollout     `bson:"rollout" json:"rollout,omitempty"`
	Origin         *domain.ReuseOrigin `bson:"origin" json:"origin,omitempty"`
	ReusePublished bool                `bson:"reusePublished" json:"reusePublished,omitempty"`

	CreatedAt   time.Time `bson:"createdAt" json:"createdAt"`
	UpdatedAt   time.Time `bson:"updatedAt" json:"updatedAt"`
	SubmittedAt time.Time `bson:"submittedAt" json:"submittedAt,omitzero"`
}

// earlierIdeaFields are the top-level fields of idea documents of earlier versions that
// dataJSON replaces (ideaData's BSON names, and the history as one string).
var earlierIdeaFields = func() []string {
	keys := []string{"decisionsJSON"}
	t := reflect.TypeFor[ideaData]()
	for k := range t.NumField() {
		keys = append(keys, strings.Split(t.Field(k).Tag.Get("bson"), ",")[0])
	}
	return keys
}()

// earlierIdeaUnset removes earlierIdeaFields.
var earlierIdeaUnset = func() bson.D {
	u := make(bson.D, len(earlierIdeaFields))
	for k, f := range earlierIdeaFields {
		u[k] = bson.E{Key: f, Value: ""}
	}
	return u
}()

// hasEarlierIdeaFields tells whether the idea document raw still has fields of earlier versions.
func hasEarlierIdeaFields(raw bson.Raw) bool {
	es, _ := raw.Elements()
	for _, e := range es {
		if slices.Contains(earlierIdeaFields, e.Key()) {
			return true
		}
	}
	return false
}

// dataJSON is d's ideaData as stored. It fails only for a value JSON cannot hold (a number
// that is not finite), which is invalid input.
func (d *ideaDoc) dataJSON() (string, error) {
	b, err := json.Marshal(&d.Data)
	if err != nil {
		return "", domain.Invalid("idea", err.Error())
	}
	return string(b), nil
}

// MarshalBSON writes the idea with Data as dataJSON and without the score of an earlier
// version. Its errors are dataJSON's.
func (d ideaDoc) MarshalBSON() ([]byte, error) {
	type plain ideaDoc // without this method
	data, err := d.dataJSON()
	if err != nil {
		return nil, err
	}
	d.DataJSON, d.Score = data, nil
	return bson.Marshal(plain(d))
}

// UnmarshalBSON decodes an idea document, whichever way it is stored.
func (d *ideaDoc) UnmarshalBSON(b []byte) error {
	type plain ideaDoc // without this method
	var v struct {
		Doc           plain    `bson:",inline"`
		Earlier       ideaData `bson:",inline"` // the fields at the top level, as stored before dataJSON
		DecisionsJSON string   `bson:"decisionsJSON"`
	}
	if err := bson.Unmarshal(b, &v); err != nil {
		return err
	}
	*d = ideaDoc(v.Doc)
	if d.DataJSON == "" {
		d.Data = v.Earlier
		if err := fromJSONString(&v.DecisionsJSON, &d.Data.Decisions); err != nil {
			return fmt.Errorf("decisions of idea %s: %w", d.ID, err)
		}
		return nil
	}
	if err := fromJSONString(&d.DataJSON, &d.Data); err != nil {
		return fmt.Errorf("idea %s: %w", d.ID, err)
	}
	return nil
}

// decision is a stored decision record (in dataJSON; in decisionsJSON or the decisions
// array before).
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

func (d *ideaDoc) tenant() string { return d.TenantID }

func (d *ideaDoc) toDomain() *domain.Idea {
	i := &domain.Idea{
		ID: d.ID, TenantID: d.TenantID, Title: d.Data.Title, Summary: d.Data.Summary, Description: d.Data.Description,
		Problem: d.Data.Problem, ExpectedBenefit: d.Data.ExpectedBenefit, TargetGroups: d.Data.TargetGroups, Tags: d.Data.Tags,
		DepartmentID: d.Data.DepartmentID, CampaignID: d.Data.CampaignID, Visibility: domain.Visibility(d.Data.Visibility),
		Source: domain.Source(d.Data.Source), AuthorID: d.Data.AuthorID, CoAuthorIDs: d.Data.CoAuthorIDs,
		Stage: domain.Stage(d.Data.Stage), StageSince: d.Data.StageSince, ScreeningPassed: d.Data.ScreeningPassed,
		RevisitAt: d.Data.RevisitAt, MergedInto: d.Data.MergedInto, MergedFrom: d.Data.MergedFrom,
		SupportCount: d.SupportCount, FollowerCount: d.FollowerCount, CommentCount: d.CommentCount,
		AttachmentCount: d.AttachmentCount, Score: d.Score, Pilot: d.Data.Pilot, Rollout: d.Data.Rollout,
		Origin: d.Data.Origin, ReusePublished: d.Data.ReusePublished, Version: d.Version, Revision: d.Revision,
		CreatedAt: d.Data.CreatedAt, UpdatedAt: d.Data.UpdatedAt, SubmittedAt: d.Data.SubmittedAt, LastActivityAt: d.LastActivityAt,
	}
	if len(d.Data.Decisions) > 0 {
		i.Decisions = make([]domain.Decision, len(d.Data.Decisions))
		for k, x := range d.Data.Decisions {
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

// ideaToDoc is the document of i. Its times are stored as a BSON date holds them (UTC, to
// the millisecond), in dataJSON as well.
func ideaToDoc(i *domain.Idea) *ideaDoc {
	d := &ideaDoc{
		ID: i.ID, TenantID: i.TenantID, Version: i.Version, Revision: i.Revision, LastActivityAt: i.LastActivityAt,
		SupportCount: i.SupportCount, FollowerCount: i.FollowerCount, CommentCount: i.CommentCount,
		AttachmentCount: i.AttachmentCount, Score: i.Score,
		Data: ideaData{
			Title: i.Title, Summary: i.Summary, Description: i.Description,
			Problem: i.Problem, ExpectedBenefit: i.ExpectedBenefit, TargetGroups: nonNil(i.TargetGroups), Tags: nonNil(i.Tags),
			DepartmentID: i.DepartmentID, CampaignID: i.CampaignID, Visibility: string(i.Visibility),
			Source: string(i.Source), AuthorID: i.AuthorID, CoAuthorIDs: nonNil(i.CoAuthorIDs),
			Stage: string(i.Stage), StageSince: storedTime(i.StageSince), ScreeningPassed: i.ScreeningPassed,
			RevisitAt: storedTime(i.RevisitAt), MergedInto: i.MergedInto, MergedFrom: nonNil(i.MergedFrom),
			Pilot: i.Pilot, Rollout: i.Rollout, Origin: i.Origin, ReusePublished: i.ReusePublished,
			CreatedAt: storedTime(i.CreatedAt), UpdatedAt: storedTime(i.UpdatedAt), SubmittedAt: storedTime(i.SubmittedAt),
		},
	}
	if len(i.Decisions) > 0 {
		d.Data.Decisions = make([]decision, len(i.Decisions))
		for k, x := range i.Decisions {
			d.Data.Decisions[k] = decision{
				ID: x.ID, From: string(x.From), To: string(x.To), ActorID: x.ActorID, At: storedTime(x.At),
				Reason: x.Reason, Override: x.Override, ScoreSnapshot: x.ScoreSnapshot, PilotPlan: x.PilotPlan,
				PilotResults: x.PilotResults, Checklist: x.Checklist, MergedInto: x.MergedInto,
				RevisitAt: storedTime(x.RevisitAt), NewEndDate: storedTime(x.NewEndDate), Departments: x.Departments, RequestID: x.RequestID,
			}
		}
	}
	return d
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
	raw, err := ideaToDoc(i).MarshalBSON()
	if err != nil {
		return err
	}
	if _, err := db.part(famIdeas, i.ID).InsertOne(ctx, raw); err != nil {
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
	d := ideaToDoc(i)
	d.Data.UpdatedAt = storedTime(now)
	data, err := d.dataJSON()
	if err != nil {
		return err
	}
	// The claim below checks tenant and version and holds the idea's current revision, which
	// no other writer can then write from; so the update needs only the {_id} filter — the one
	// the embedded store answers by index instead of scanning the partition. The counters and
	// score at the top level are left alone (ideastats.go).
	filter := bson.D{{Key: "_id", Value: i.ID}}
	update := bson.D{
		{Key: "$set", Value: bson.D{{Key: "dataJSON", Value: data}, {Key: "lastActivityAt", Value: d.LastActivityAt}, {Key: "version", Value: i.Version + 1}}},
		{Key: "$inc", Value: bson.D{{Key: "rev", Value: int64(1)}}},
	}
	if !db.exclusive {
		// The fields of earlier versions go in the same update (on MongoDB in one atomic
		// step); an exclusive DB removes them after the update, only where they are.
		update = append(update, bson.E{Key: "$unset", Value: earlierIdeaUnset})
	}
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
	if db.exclusive && hasEarlierIdeaFields(doc) {
		// Under the idea's lock, and this process is the store's only writer. The document
		// read back is the same without them, so a failure here is left to the next write.
		_, _ = db.part(famIdeas, i.ID).UpdateOne(ctx, filter, bson.D{{Key: "$unset", Value: earlierIdeaUnset}})
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
