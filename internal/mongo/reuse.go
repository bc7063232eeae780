package mongo

import (
	"context"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// colReuseProfiles is the deployment-wide catalogue of published reuse profiles ("Einer
// für alle") — the one collection read across tenants. It holds one document per
// published idea (hundreds, not millions), so a search loads it and matches in Go, with
// German folding that $regex cannot do.
const colReuseProfiles = "reuse_profiles"

type reuseKPIDoc struct {
	Name      string   `bson:"name"`
	Unit      string   `bson:"unit"`
	Baseline  float64  `bson:"baseline"`
	Target    float64  `bson:"target"`
	Direction string   `bson:"direction"`
	Result    *float64 `bson:"result,omitempty"`
	Met       *bool    `bson:"met,omitempty"`
}

type reuseProfileDoc struct {
	ID              string        `bson:"_id"`
	Version         string        `bson:"version"`
	TenantID        string        `bson:"tenantId"`
	TenantSlug      string        `bson:"tenantSlug"`
	Municipality    string        `bson:"municipality"`
	IdeaID          string        `bson:"ideaId"`
	Title           string        `bson:"title"`
	Summary         string        `bson:"summary"`
	Problem         string        `bson:"problem"`
	Solution        string        `bson:"solution"`
	ExpectedBenefit string        `bson:"expectedBenefit"`
	TargetGroups    []string      `bson:"targetGroups"`
	Tags            []string      `bson:"tags"`
	PilotStart      time.Time     `bson:"pilotStart"`
	PilotEnd        time.Time     `bson:"pilotEnd"`
	BudgetEUR       float64       `bson:"budgetEur"`
	KPIs            []reuseKPIDoc `bson:"kpis"`
	LessonsLearned  string        `bson:"lessonsLearned"`
	Departments     []string      `bson:"departments"`
	ContactOrg      string        `bson:"contactOrganisation"`
	ContactName     string        `bson:"contactName"`
	ContactEmail    string        `bson:"contactEmail"`
	SourceURL       string        `bson:"sourceUrl,omitempty"`
	PublishedAt     time.Time     `bson:"publishedAt"`
	UpdatedAt       time.Time     `bson:"updatedAt"`
}

func (d *reuseProfileDoc) toDomain() *domain.ReuseProfile {
	p := &domain.ReuseProfile{ID: d.ID, Version: d.Version, TenantID: d.TenantID, TenantSlug: d.TenantSlug, Municipality: d.Municipality,
		IdeaID: d.IdeaID, Title: d.Title, Summary: d.Summary, Problem: d.Problem, Solution: d.Solution, ExpectedBenefit: d.ExpectedBenefit,
		TargetGroups: d.TargetGroups, Tags: d.Tags, Departments: d.Departments, SourceURL: d.SourceURL,
		PublishedAt: d.PublishedAt, UpdatedAt: d.UpdatedAt,
		Results: domain.ReuseResults{PilotStart: d.PilotStart, PilotEnd: d.PilotEnd, BudgetEUR: d.BudgetEUR, LessonsLearned: d.LessonsLearned},
		Contact: domain.ReuseContact{Organisation: d.ContactOrg, Name: d.ContactName, Email: d.ContactEmail}}
	for _, k := range d.KPIs {
		p.Results.KPIs = append(p.Results.KPIs, domain.ReuseKPI(k))
	}
	return p
}

func reuseProfileToDoc(p *domain.ReuseProfile) *reuseProfileDoc {
	d := &reuseProfileDoc{ID: p.ID, Version: p.Version, TenantID: p.TenantID, TenantSlug: p.TenantSlug, Municipality: p.Municipality,
		IdeaID: p.IdeaID, Title: p.Title, Summary: p.Summary, Problem: p.Problem, Solution: p.Solution, ExpectedBenefit: p.ExpectedBenefit,
		TargetGroups: reuseStrings(p.TargetGroups), Tags: reuseStrings(p.Tags), Departments: reuseStrings(p.Departments), SourceURL: p.SourceURL,
		PublishedAt: p.PublishedAt, UpdatedAt: p.UpdatedAt, PilotStart: p.Results.PilotStart, PilotEnd: p.Results.PilotEnd,
		BudgetEUR: p.Results.BudgetEUR, LessonsLearned: p.Results.LessonsLearned, KPIs: []reuseKPIDoc{},
		ContactOrg: p.Contact.Organisation, ContactName: p.Contact.Name, ContactEmail: p.Contact.Email}
	for _, k := range p.Results.KPIs {
		d.KPIs = append(d.KPIs, reuseKPIDoc(k))
	}
	return d
}

func reuseStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

var _ domain.ReuseCatalogue = (*DB)(nil)

// PublishReuseProfile implements domain.ReuseCatalogue. Only the profile's own tenant
// publishes it.
func (db *DB) PublishReuseProfile(ctx context.Context, p *domain.ReuseProfile) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	if p.TenantID != tid {
		return domain.Errorf(domain.EINTERNAL, "a reuse profile is published by its own tenant")
	}
	c := db.c(colReuseProfiles)
	d := reuseProfileToDoc(p)
	defer lockFunnel("reuse:" + p.ID)()
	res, err := c.ReplaceOne(ctx, bson.D{{Key: "_id", Value: p.ID}}, d)
	if err != nil {
		return mapErr(err, "reuse profile")
	}
	if res.MatchedCount == 0 {
		if _, err := c.InsertOne(ctx, d); err != nil {
			if domain.ErrorCode(mapErr(err, "x")) == domain.ECONFLICT {
				_, err = c.ReplaceOne(ctx, bson.D{{Key: "_id", Value: p.ID}}, d)
			}
			return mapErr(err, "reuse profile")
		}
	}
	return nil
}

// UnpublishReuseProfile implements domain.ReuseCatalogue.
func (db *DB) UnpublishReuseProfile(ctx context.Context, id string) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	_, err = db.c(colReuseProfiles).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "tenantId", Value: tid}})
	return mapErr(err, "reuse profile")
}

// FindReuseProfileByID implements domain.ReuseCatalogue (any tenant's profile).
func (db *DB) FindReuseProfileByID(ctx context.Context, id string) (*domain.ReuseProfile, error) {
	var d reuseProfileDoc
	if err := db.c(colReuseProfiles).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&d); err != nil {
		return nil, mapErr(err, "reuse profile")
	}
	return d.toDomain(), nil
}

// FindReuseProfiles implements domain.ReuseCatalogue: every word of the query must occur
// (case, umlauts and ß folded) in the title, summary, problem, solution, tags or the
// municipality's name.
func (db *DB) FindReuseProfiles(ctx context.Context, f domain.ReuseFilter) ([]*domain.ReuseProfile, string, int, error) {
	cur, err := db.c(colReuseProfiles).Find(ctx, bson.D{})
	if err != nil {
		return nil, "", 0, mapErr(err, "reuse profiles")
	}
	var docs []reuseProfileDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, "", 0, mapErr(err, "reuse profiles")
	}
	words := strings.Fields(foldGerman(f.Query))
	var hits []*domain.ReuseProfile
	for i := range docs {
		d := &docs[i]
		text := foldGerman(strings.Join(append([]string{d.Title, d.Summary, d.Problem, d.Solution, d.Municipality}, d.Tags...), " "))
		ok := true
		for _, w := range words {
			if !strings.Contains(text, w) {
				ok = false
				break
			}
		}
		if ok {
			hits = append(hits, d.toDomain())
		}
	}
	slices.SortStableFunc(hits, func(a, b *domain.ReuseProfile) int {
		if c := b.PublishedAt.Compare(a.PublishedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	offset, err := decodeOffsetCursor(f.Cursor)
	if err != nil {
		return nil, "", 0, err
	}
	limit := f.Limit
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	total := len(hits)
	if offset > total {
		offset = total
	}
	page := hits[offset:min(total, offset+limit)]
	next := ""
	if offset+len(page) < total {
		next = encodeOffsetCursor(offset + len(page))
	}
	return page, next, total, nil
}

// foldGerman lower-cases s and folds umlauts and ß (ä → ae, ß → ss), so "Strasse" finds
// "Straße" and "Buerger" finds "Bürger".
func foldGerman(s string) string {
	s = strings.ToLower(s)
	return strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss").Replace(s)
}

func reuseImportKey(tid, profileKey string) string { return "reuse-import:" + tid + ":" + profileKey }

// ClaimReuseImport implements domain.ReuseCatalogue.
// ImportedIdeaID implements domain.ReuseCatalogue: the claim's idea, if it exists.
func (db *DB) ImportedIdeaID(ctx context.Context, profileKey string) (string, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return "", err
	}
	ref, err := db.lookupKey(ctx, reuseImportKey(tid, profileKey))
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if _, err := db.FindIdeaByID(ctx, ref); domain.ErrorCode(err) == domain.ENOTFOUND {
		return "", nil // a claim whose idea was never written
	} else if err != nil {
		return "", err
	}
	return ref, nil
}

func (db *DB) ClaimReuseImport(ctx context.Context, profileKey, ideaID string) error {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return err
	}
	key := reuseImportKey(tid, profileKey)
	err = db.claimKeys(ctx, ideaID, []string{key})
	if domain.ErrorCode(err) != domain.ECONFLICT {
		return err
	}
	// A claim whose idea was never written (a crash in between) may be taken over.
	ref, lerr := db.lookupKey(ctx, key)
	if lerr == nil {
		if _, ferr := db.FindIdeaByID(ctx, ref); domain.ErrorCode(ferr) == domain.ENOTFOUND {
			if ok, _ := db.repointKey(ctx, key, ref, ideaID); ok {
				return nil
			}
		}
	}
	return domain.Conflict(domain.RReuseImported, "your municipality has already imported this profile")
}

// ReleaseReuseImport implements domain.ReuseCatalogue.
func (db *DB) ReleaseReuseImport(ctx context.Context, profileKey string) {
	if tid, err := domain.TenantID(ctx); err == nil {
		db.releaseKeys(ctx, "", []string{reuseImportKey(tid, profileKey)})
	}
}
