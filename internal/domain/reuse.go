package domain

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// ReuseFormatVersion is the version of the reuse profile format ("Einer für alle") this
// build writes and reads; api/reuse-profile.schema.json describes it.
const ReuseFormatVersion = "1.0"

// ReuseProfile is a rolled-out idea described for other municipalities: problem, solution,
// results and contact. It is the one thing shared across tenants.
type ReuseProfile struct {
	ID              string
	Version         string
	TenantID        string
	TenantSlug      string
	Municipality    string
	IdeaID          string
	Title           string
	Summary         string
	Problem         string
	Solution        string
	ExpectedBenefit string
	TargetGroups    []string
	Tags            []string
	Results         ReuseResults
	Departments     []string // "code — name" of the adopting departments
	Contact         ReuseContact
	SourceURL       string
	PublishedAt     time.Time
	UpdatedAt       time.Time
}

// ReuseResults are a pilot's outcomes as shared with others.
type ReuseResults struct {
	PilotStart     time.Time
	PilotEnd       time.Time
	BudgetEUR      float64
	KPIs           []ReuseKPI
	LessonsLearned string
}

// ReuseKPI is one KPI with its outcome.
type ReuseKPI struct {
	Name      string
	Unit      string
	Baseline  float64
	Target    float64
	Direction string
	Result    *float64
	Met       *bool
}

// ReuseContact is whom another municipality asks.
type ReuseContact struct {
	Organisation string
	Name         string // free text the cdo wrote (a person, team or office)
	Email        string
}

// ReuseProfileID is the catalogue ID of an idea's profile.
func ReuseProfileID(tenantID, ideaID string) string { return tenantID + "." + ideaID }

// ReuseFilter selects profiles of the shared catalogue.
type ReuseFilter struct {
	Query  string // words matched in title, summary, problem, solution, tags, municipality
	Limit  int
	Cursor string
}

// ReuseCatalogue is the deployment-wide catalogue of published reuse profiles. Unlike
// every other store it is not scoped to the context's tenant when reading.
type ReuseCatalogue interface {
	// PublishReuseProfile creates or replaces a profile (by ID).
	PublishReuseProfile(ctx context.Context, p *ReuseProfile) error
	// UnpublishReuseProfile removes a profile (no error if absent).
	UnpublishReuseProfile(ctx context.Context, id string) error
	// FindReuseProfileByID returns a profile of any tenant; ENOTFOUND.
	FindReuseProfileByID(ctx context.Context, id string) (*ReuseProfile, error)
	// FindReuseProfiles lists profiles of every tenant, newest first, with the total.
	FindReuseProfiles(ctx context.Context, f ReuseFilter) ([]*ReuseProfile, string, int, error)
	// ClaimReuseImport records that the context's tenant imported profile profileID as
	// ideaID; ECONFLICT if it already did.
	ClaimReuseImport(ctx context.Context, profileID, ideaID string) error
	// ReleaseReuseImport forgets a claim whose idea was never created.
	ReleaseReuseImport(ctx context.Context, profileID string)
	// ImportedIdeaID is the idea the context's tenant made of profile profileID ("" if none).
	ImportedIdeaID(ctx context.Context, profileID string) (string, error)
}

// BuildReuseProfile describes a rolled-out idea of the context's tenant for the catalogue.
func (f *Funnel) BuildReuseProfile(ctx context.Context, i *Idea) (*ReuseProfile, error) {
	t := TenantFromContext(ctx)
	if t == nil {
		return nil, Errorf(EINTERNAL, "no tenant in context")
	}
	if i.Pilot == nil || i.Pilot.Results == nil {
		return nil, Conflict(RReuseNoResults, "only ideas with pilot results have a reuse profile")
	}
	names, err := f.departmentNames(ctx)
	if err != nil {
		return nil, err
	}
	now := f.now()
	p := &ReuseProfile{
		ID: ReuseProfileID(t.ID, i.ID), Version: ReuseFormatVersion, TenantID: t.ID, TenantSlug: t.Slug,
		Municipality: t.Name, IdeaID: i.ID, Title: i.Title, Summary: i.Summary, Problem: i.Problem,
		Solution: i.Description, ExpectedBenefit: i.ExpectedBenefit, TargetGroups: sortedUnique(i.TargetGroups),
		Tags: sortedUnique(i.Tags), PublishedAt: now, UpdatedAt: now,
		Contact: ReuseContact{Organisation: t.Name, Email: t.Branding.ContactEmail},
	}
	if old, err := f.Catalogue.FindReuseProfileByID(ctx, p.ID); err == nil {
		p.PublishedAt = old.PublishedAt
	}
	plan := i.Pilot.Plan
	p.Results = ReuseResults{PilotStart: plan.StartDate, PilotEnd: plan.EndDate, BudgetEUR: plan.BudgetEUR,
		LessonsLearned: i.Pilot.Results.LessonsLearned}
	for _, k := range plan.KPIs {
		rk := ReuseKPI{Name: k.Name, Unit: k.Unit, Baseline: k.Baseline, Target: k.Target, Direction: k.Direction}
		for _, o := range i.Pilot.Results.Outcomes {
			if o.KPIKey == k.Key {
				v, met := o.Value, o.Met
				rk.Result, rk.Met = &v, &met
			}
		}
		p.Results.KPIs = append(p.Results.KPIs, rk)
	}
	if i.Rollout != nil {
		p.Contact.Name = i.Rollout.Contact
		// The departments that adopted it (the format's "departments"): those done, not
		// those still planned or on their way.
		for _, d := range i.Rollout.Departments {
			if n, ok := names[d.DepartmentID]; ok && d.Status == RolloutDone {
				p.Departments = append(p.Departments, n)
			}
		}
	}
	return p, nil
}

// ImportReuseProfile creates an idea from another municipality's profile in the context's
// tenant: stage submitted, source other_municipality, internal, authored by the importing
// cdo, keeping the origin. A tenant imports a profile once and never its own.
// Errors: EFORBIDDEN, ECONFLICT, EINVALID.
func (f *Funnel) ImportReuseProfile(ctx context.Context, p *ReuseProfile) (*Idea, error) {
	a := ActorFromContext(ctx)
	if !a.Has(RoleCDO) {
		return nil, Errorf(EFORBIDDEN, "only the CDO's office imports reuse profiles")
	}
	tid, err := TenantID(ctx)
	if err != nil {
		return nil, err
	}
	// (Names are not compared: Germany has several towns of one name.)
	if p.TenantID == tid {
		return nil, Conflict(RReuseOwnProfile, "this profile was published by your own municipality")
	}
	if p.SourceURL != "" && !strings.HasPrefix(strings.ToLower(p.SourceURL), "https://") && !strings.HasPrefix(strings.ToLower(p.SourceURL), "http://") {
		return nil, Invalid("profile.sourceUrl", "must be an http or https address")
	}
	if p.Version == "" || strings.SplitN(p.Version, ".", 2)[0] != strings.SplitN(ReuseFormatVersion, ".", 2)[0] {
		return nil, Invalid("version", "this Ideenwerk reads reuse profiles of version 1.x")
	}
	if l := utf8.RuneCountInString(strings.TrimSpace(p.Title)); l < TitleMin {
		return nil, Invalid("title", "the profile's title is too short")
	}
	now := f.now()
	i := &Idea{
		Title:           truncate(strings.TrimSpace(p.Title), TitleMax),
		Summary:         truncate(strings.TrimSpace(p.Summary), SummaryMax),
		Description:     truncate(importDescription(p), DescriptionMax),
		Problem:         truncate(p.Problem, TextFieldMax),
		ExpectedBenefit: truncate(p.ExpectedBenefit, TextFieldMax),
		TargetGroups:    validTargetGroups(p.TargetGroups),
		Tags:            importTags(p.Tags),
		Visibility:      VisibilityInternal,
		Source:          SourceOtherMunicipality,
		AuthorID:        a.UserID,
		Stage:           StageSubmitted,
		StageSince:      now,
		SubmittedAt:     now,
		LastActivityAt:  now,
		Origin: &ReuseOrigin{TenantID: p.TenantID, TenantName: p.Municipality, IdeaID: p.IdeaID,
			ProfileURL: p.SourceURL, ImportedAt: now},
	}
	i.ID = f.NewID()
	i.Decisions = []Decision{{ID: f.NewID(), From: StageDraft, To: StageSubmitted, ActorID: a.UserID, At: now,
		Reason: "Übernommen aus " + p.Municipality + " (Einer für alle)", RequestID: RequestIDFromContext(ctx)}}
	profileKey := p.TenantID + "." + p.IdeaID
	if err := f.Catalogue.ClaimReuseImport(ctx, profileKey, i.ID); err != nil {
		return nil, err
	}
	if err := f.Ideas.CreateIdea(ctx, i); err != nil {
		f.Catalogue.ReleaseReuseImport(ctx, profileKey)
		return nil, err
	}
	f.audit(ctx, AuditReuseImport, "idea", i.ID, map[string]string{"profile": p.ID, "origin": p.Municipality})
	return i, nil
}

// importDescription keeps the solution and adds the other city's results, so the screening
// team sees at once what was achieved.
func importDescription(p *ReuseProfile) string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(p.Solution))
	if len(p.Results.KPIs) > 0 || p.Results.LessonsLearned != "" {
		b.WriteString("\n\n## Ergebnisse in " + p.Municipality + "\n\n")
		for _, k := range p.Results.KPIs {
			b.WriteString("- " + k.Name + " (" + k.Unit + "): Ausgangswert " + ftoa(k.Baseline) + ", Ziel " + ftoa(k.Target))
			if k.Result != nil {
				b.WriteString(", Ergebnis " + ftoa(*k.Result))
			}
			b.WriteString("\n")
		}
		if p.Results.LessonsLearned != "" {
			b.WriteString("\n**Erkenntnisse:** " + p.Results.LessonsLearned + "\n")
		}
	}
	if strings.TrimSpace(b.String()) == "" {
		return p.Summary
	}
	return strings.TrimSpace(b.String())
}

func validTargetGroups(gs []string) []string {
	var out []string
	for _, g := range sortedUnique(gs) {
		if g == TargetCitizens || g == TargetBusinesses || g == TargetStaff {
			out = append(out, g)
		}
	}
	return out
}

func importTags(ts []string) []string {
	var out []string
	for _, t := range sortedUnique(ts) {
		if t = strings.TrimSpace(t); t != "" && utf8.RuneCountInString(t) <= TagMax && len(out) < TagsMax {
			out = append(out, t)
		}
	}
	return out
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// ftoa writes a number the German way, as the rest of the imported description: decimal
// comma, thousands separated by dots (3,5; 4.200; 186.000).
func ftoa(v float64) string {
	return germanNumbers.Sprint(number.Decimal(v, number.MaxFractionDigits(6)))
}

var germanNumbers = message.NewPrinter(language.German)
