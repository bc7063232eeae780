package mongo_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
)

// fillAll sets every field of the value v points to, recursively, to a value that is not
// zero: strings, numbers, booleans, times (UTC, whole milliseconds, as the store keeps
// them), two elements per slice, one entry per map, a value behind every pointer.
func fillAll(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("wert-%d \"<b>\" ä", *n))
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(*n))
	case reflect.Float64:
		v.SetFloat(float64(*n) + 0.25)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fillAll(v.Elem(), n)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for k := range 2 {
			fillAll(v.Index(k), n)
		}
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fillAll(k, n)
		fillAll(e, n)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC).Add(time.Duration(*n)*time.Minute + 891*time.Millisecond)))
			return
		}
		for k := range v.NumField() {
			fillAll(v.Field(k), n)
		}
	default:
		panic("fillAll: unhandled kind " + v.Kind().String())
	}
}

func topLevelKeys(raw bson.Raw) []string {
	var keys []string
	es, _ := raw.Elements()
	for _, e := range es {
		keys = append(keys, e.Key())
	}
	slices.Sort(keys)
	return keys
}

// An idea is stored as the fields the store is asked about and one JSON string (dataJSON):
// every field of an idea, nested ones included, reads back as written, from the store and
// from an exclusive DB's kept document, after creating and after updating it.
func TestIdeaDocumentStored(t *testing.T) {
	shared, excl := exclusiveDB(t)
	ctx, _ := mongotest.MustCreateTenant(t, shared, "dokument")
	n := 0
	var want domain.Idea
	fillAll(reflect.ValueOf(&want).Elem(), &n)
	want.ID, want.TenantID = "", ""
	i := want
	if err := shared.CreateIdea(ctx, &i); err != nil {
		t.Fatal(err)
	}
	coll := shared.Collection(mongo.PartitionName("ideas", mongo.PartitionOf(i.ID)))
	raw := must(coll.FindOne(ctx, bson.D{{Key: "_id", Value: i.ID}}).Raw())
	wantKeys := []string{"_id", "attachmentCount", "commentCount", "dataJSON", "followerCount", "lastActivityAt", "rev", "supportCount", "tenantId", "version"}
	if got := topLevelKeys(raw); !slices.Equal(got, wantKeys) {
		t.Fatalf("stored with the fields %v, want %v", got, wantKeys)
	}
	if s := raw.Lookup("dataJSON").StringValue(); !strings.Contains(s, `\"\u003cb\u003e\"`) || !strings.Contains(s, `"decisions":[{`) {
		t.Fatalf("dataJSON does not hold the idea: %s", s)
	}
	// What the store sets: identity, version, revision (the score in the stats document
	// counts as a write), the time of the write.
	want.ID, want.TenantID, want.Version, want.Revision, want.UpdatedAt = i.ID, i.TenantID, 1, 2, i.UpdatedAt
	check := func(what string, db *mongo.DB) {
		t.Helper()
		got := must(db.FindIdeaByID(ctx, i.ID))
		got.UpdatedAt = want.UpdatedAt // the store's clock, to the millisecond
		if !reflect.DeepEqual(*got, want) {
			t.Fatalf("%s: read back\n%+v\nwant\n%+v", what, *got, want)
		}
	}
	check("created, from the store", shared)

	// Updated through the exclusive DB, which keeps the document its write returned.
	edit := must(excl.FindIdeaByID(ctx, i.ID))
	edit.Title, edit.Pilot.Plan.BudgetEUR = "Neu betitelt", 12345.5
	edit.Decisions = append(edit.Decisions, domain.Decision{ID: "neu", From: edit.Stage, To: domain.StageParked, ActorID: "cdo",
		At: time.Date(2026, 5, 6, 7, 8, 9, 10_000_000, time.UTC), RevisitAt: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)})
	if err := excl.UpdateIdea(ctx, edit); err != nil {
		t.Fatal(err)
	}
	want.Title, want.Pilot.Plan.BudgetEUR, want.Decisions = edit.Title, 12345.5, edit.Decisions
	want.Version, want.Revision = 2, 3
	check("updated, from the exclusive DB's document", excl)
	check("updated, from the store", shared)
	if got := topLevelKeys(must(coll.FindOne(ctx, bson.D{{Key: "_id", Value: i.ID}}).Raw())); !slices.Equal(got, wantKeys) {
		t.Fatalf("after the update stored with the fields %v, want %v", got, wantKeys)
	}

	// An idea without counters keeps none at the top level.
	plain := newIdea("Schlicht")
	if err := shared.CreateIdea(ctx, plain); err != nil {
		t.Fatal(err)
	}
	praw := must(shared.Collection(mongo.PartitionName("ideas", mongo.PartitionOf(plain.ID))).FindOne(ctx, bson.D{{Key: "_id", Value: plain.ID}}).Raw())
	if got := topLevelKeys(praw); !slices.Equal(got, []string{"_id", "dataJSON", "lastActivityAt", "rev", "tenantId", "version"}) {
		t.Fatalf("a new idea is stored with the fields %v", got)
	}
}

// Idea documents of earlier versions (every field at the top level; the history as an array
// of documents or as one JSON string; counters and a score of their own) read as before,
// and their next write stores them as dataJSON without the earlier fields — in the update
// itself on a shared DB, right after it on an exclusive one — keeping their counters and
// score.
func TestEarlierIdeaDocuments(t *testing.T) {
	shared, excl := exclusiveDB(t)
	ctx, tenant := mongotest.MustCreateTenant(t, shared, "frueher")
	at := time.Date(2026, 3, 4, 5, 6, 7, 891_000_000, time.UTC)
	earlier := func(id string, history bson.E) bson.D {
		return bson.D{{Key: "_id", Value: id}, {Key: "tenantId", Value: tenant.ID}, {Key: "title", Value: "Früher " + id},
			{Key: "summary", Value: "Kurz"}, {Key: "description", Value: "Lang"}, {Key: "problem", Value: ""}, {Key: "expectedBenefit", Value: ""},
			{Key: "targetGroups", Value: bson.A{"Familien"}}, {Key: "tags", Value: bson.A{"bank"}}, {Key: "departmentId", Value: "d1"},
			{Key: "campaignId", Value: ""}, {Key: "visibility", Value: "public"}, {Key: "source", Value: "staff"}, {Key: "authorId", Value: "u1"},
			{Key: "coAuthorIds", Value: bson.A{}}, {Key: "stage", Value: "pilot"}, {Key: "stageSince", Value: at}, {Key: "screeningPassed", Value: true},
			history, {Key: "revisitAt", Value: time.Time{}}, {Key: "mergedInto", Value: ""}, {Key: "mergedFrom", Value: bson.A{}},
			{Key: "supportCount", Value: 4}, {Key: "followerCount", Value: 3}, {Key: "commentCount", Value: 2}, {Key: "attachmentCount", Value: 1},
			{Key: "score", Value: bson.D{{Key: "weighted", Value: 61.5}, {Key: "reviewcount", Value: 2}}},
			{Key: "pilot", Value: bson.D{{Key: "plan", Value: bson.D{{Key: "ownerid", Value: "u2"}, {Key: "budgeteur", Value: 5000.0}, {Key: "startdate", Value: at}}}}},
			{Key: "rollout", Value: nil}, {Key: "origin", Value: nil}, {Key: "reusePublished", Value: false},
			{Key: "version", Value: int64(3)}, {Key: "rev", Value: int64(7)}, {Key: "createdAt", Value: at}, {Key: "updatedAt", Value: at},
			{Key: "submittedAt", Value: at}, {Key: "lastActivityAt", Value: at}}
	}
	asArray := bson.E{Key: "decisions", Value: bson.A{bson.D{{Key: "id", Value: "d1"}, {Key: "from", Value: "draft"},
		{Key: "to", Value: "submitted"}, {Key: "actorId", Value: "u1"}, {Key: "at", Value: at}, {Key: "reason", Value: "alt"}}}}
	asString := bson.E{Key: "decisionsJSON", Value: `[{"id":"d1","from":"draft","to":"submitted","actorId":"u1","at":"2026-03-04T05:06:07.891Z","reason":"alt"}]`}

	for _, c := range []struct {
		name    string
		history bson.E
		db      *mongo.DB
	}{{"array/shared", asArray, shared}, {"string/shared", asString, shared}, {"array/exclusive", asArray, excl}, {"string/exclusive", asString, excl}} {
		t.Run(c.name, func(t *testing.T) {
			id := strings.ReplaceAll(c.name, "/", "-")
			coll := shared.Collection(mongo.PartitionName("ideas", mongo.PartitionOf(id)))
			if _, err := coll.InsertOne(ctx, earlier(id, c.history)); err != nil {
				t.Fatal(err)
			}
			checkRead := func(what string, got *domain.Idea, title string, decisions int) {
				t.Helper()
				if got.Title != title || got.Stage != domain.StagePilot || !got.ScreeningPassed || !slices.Equal(got.Tags, []string{"bank"}) ||
					got.SupportCount != 4 || got.FollowerCount != 3 || got.CommentCount != 2 || got.AttachmentCount != 1 ||
					got.Score == nil || got.Score.Weighted != 61.5 || got.Score.ReviewCount != 2 ||
					got.Pilot == nil || got.Pilot.Plan.OwnerID != "u2" || got.Pilot.Plan.BudgetEUR != 5000 || !got.Pilot.Plan.StartDate.Equal(at) ||
					!got.CreatedAt.Equal(at) || !got.StageSince.Equal(at) || len(got.Decisions) != decisions ||
					got.Decisions[0].ID != "d1" || got.Decisions[0].Reason != "alt" || !got.Decisions[0].At.Equal(at) {
					t.Fatalf("%s: read %+v", what, got)
				}
			}
			got := must(c.db.FindIdeaByID(ctx, id))
			checkRead("as stored before", got, "Früher "+id, 1)
			if got.Version != 3 || got.Revision != 7 {
				t.Fatalf("version %d, revision %d; want 3, 7", got.Version, got.Revision)
			}
			got.Title = "Neu " + id
			got.Decisions = append(got.Decisions, domain.Decision{From: domain.StagePilot, To: domain.StageRollout, ActorID: "cdo", At: at.Add(time.Hour)})
			if err := c.db.UpdateIdea(ctx, got); err != nil {
				t.Fatal(err)
			}
			raw := must(coll.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Raw())
			want := []string{"_id", "attachmentCount", "commentCount", "dataJSON", "followerCount", "lastActivityAt", "rev", "score", "supportCount", "tenantId", "version"}
			if keys := topLevelKeys(raw); !slices.Equal(keys, want) {
				t.Fatalf("after a write stored with the fields %v, want %v", keys, want)
			}
			for _, db := range []*mongo.DB{c.db, shared} {
				again := must(db.FindIdeaByID(ctx, id))
				checkRead("rewritten", again, "Neu "+id, 2)
				if again.Version != 4 || again.Revision != 8 || again.Decisions[1].To != domain.StageRollout {
					t.Fatalf("rewritten: version %d, revision %d, decisions %+v", again.Version, again.Revision, again.Decisions)
				}
			}
		})
	}
}

// BenchmarkIdeaShape compares an idea's update (findAndModify by _id, returning the
// document) and read in the embedded store in two forms: every field at the top level and
// the decisions as one JSON string, as stored before, and as stored now (a few fields and
// dataJSON). The idea has a 2 KB
// description and six decisions; "screening" has no pilot or rollout yet, "rollout" has
// both (two KPIs, updates with measurements, departments).
//
//	go test -run '^$' -bench IdeaShape -benchmem ./internal/mongo/
func BenchmarkIdeaShape(b *testing.B) {
	db := mongotest.MustOpenDB(b)
	ctx, _ := mongotest.MustCreateTenant(b, db, "form")
	for _, stage := range []string{"screening", "rollout"} {
		b.Run(stage, func(b *testing.B) { benchmarkIdeaShape(ctx, b, db, stage) })
	}
}

func benchmarkIdeaShape(ctx context.Context, b *testing.B, db *mongo.DB, stage string) {
	n := 0
	var fixture domain.Idea
	fillAll(reflect.ValueOf(&fixture).Elem(), &n)
	fixture.ID, fixture.Score, fixture.Origin = "", nil, nil
	if stage == "screening" {
		fixture.Pilot, fixture.Rollout = nil, nil
	}
	fixture.Description = strings.Repeat("Mehr Sitzbänke entlang der Promenade, mit Schatten. ", 40)
	fixture.Decisions = slices.Repeat(fixture.Decisions[:1], 6)
	for k := range fixture.Decisions {
		fixture.Decisions[k].ID, fixture.Decisions[k].PilotPlan, fixture.Decisions[k].PilotResults = fmt.Sprint("d", k), nil, nil
	}
	if err := db.CreateIdea(ctx, &fixture); err != nil {
		b.Fatal(err)
	}
	coll := db.Collection(mongo.PartitionName("ideas", mongo.PartitionOf(fixture.ID)))
	current := must(coll.FindOne(ctx, bson.D{{Key: "_id", Value: fixture.ID}}).Raw())
	// As the previous version stored it: every field at the top level, nested values as
	// documents, the decisions as one JSON string.
	var earlier bson.D
	plain := fixture
	plain.Decisions = nil
	if err := bson.Unmarshal(must(bson.Marshal(plain)), &earlier); err != nil {
		b.Fatal(err)
	}
	earlier = append(earlier, bson.E{Key: "decisionsJSON", Value: string(must(json.Marshal(fixture.Decisions)))})
	var now bson.D
	if err := bson.Unmarshal(current, &now); err != nil {
		b.Fatal(err)
	}
	forms := map[string]bson.D{"earlier": earlier, "current": now}
	ids := map[string][]string{}
	for form, doc := range forms {
		doc = slices.DeleteFunc(slices.Clone(doc), func(e bson.E) bool { return e.Key == "_id" })
		for k := range 20 {
			id := fmt.Sprintf("%s-%s-%d", stage, form, k)
			ids[form] = append(ids[form], id)
			if _, err := coll.InsertOne(ctx, append(bson.D{{Key: "_id", Value: id}}, doc...)); err != nil {
				b.Fatal(err)
			}
		}
	}
	// The lookup index the server adds at start (sqliteindex.go).
	if e := mongotest.Embedded(b); e != nil {
		if err := e.IndexIDs(ctx); err != nil {
			b.Fatal(err)
		}
	}
	for _, form := range []string{"earlier", "current"} {
		ids := ids[form]
		set := slices.DeleteFunc(slices.Clone(forms[form]), func(e bson.E) bool { return e.Key == "_id" || e.Key == "rev" })
		b.Run(form+"/update", func(b *testing.B) {
			k := 0
			for b.Loop() {
				k++
				var raw bson.Raw
				err := coll.FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: ids[k%len(ids)]}},
					bson.D{{Key: "$set", Value: set}, {Key: "$inc", Value: bson.D{{Key: "rev", Value: int64(1)}}}},
					options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&raw)
				if err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(form+"/read", func(b *testing.B) {
			k := 0
			for b.Loop() {
				k++
				if _, err := coll.FindOne(ctx, bson.D{{Key: "_id", Value: ids[k%len(ids)]}}).Raw(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
