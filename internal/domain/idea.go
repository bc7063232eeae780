package domain

import (
	"math"
	"slices"
	"time"
)

// Stage is where an idea stands in the funnel (see PRODUCT.md, "The funnel").
type Stage string

// The stages of the funnel.
const (
	StageDraft       Stage = "draft"
	StageSubmitted   Stage = "submitted"
	StageScreening   Stage = "screening"
	StageEvaluation  Stage = "evaluation"
	StageDecision    Stage = "decision"
	StagePilot       Stage = "pilot"
	StageRollout     Stage = "rollout"
	StageImplemented Stage = "implemented"
	StageRejected    Stage = "rejected"
	StageMerged      Stage = "merged"
	StageParked      Stage = "parked"
	StageStopped     Stage = "stopped"
	StageWithdrawn   Stage = "withdrawn"
)

// AllStages lists the stages in funnel order.
var AllStages = []Stage{
	StageDraft, StageSubmitted, StageScreening, StageEvaluation, StageDecision, StagePilot,
	StageRollout, StageImplemented, StageRejected, StageMerged, StageParked, StageStopped, StageWithdrawn,
}

// ValidStage reports whether s is a known stage.
func ValidStage(s Stage) bool { return slices.Contains(AllStages, s) }

// Terminal reports whether no transition leaves the stage.
func (s Stage) Terminal() bool {
	switch s {
	case StageImplemented, StageRejected, StageMerged, StageStopped, StageWithdrawn:
		return true
	}
	return false
}

// PastScreening reports whether an idea in this stage has passed screening (moderation).
// Ideas that left the funnel keep the flag they had (see Idea.ScreeningPassed).
func (s Stage) PastScreening() bool {
	switch s {
	case StageEvaluation, StageDecision, StagePilot, StageRollout, StageImplemented:
		return true
	}
	return false
}

// Visibility says who may see an idea.
type Visibility string

// Visibilities.
const (
	VisibilityInternal Visibility = "internal"
	VisibilityPublic   Visibility = "public"
)

// Source says where an idea came from.
type Source string

// Sources.
const (
	SourceStaff   Source = "staff"
	SourceCitizen Source = "citizen"
	// SourceOtherMunicipality marks an idea imported from another city's reuse profile.
	SourceOtherMunicipality Source = "other_municipality"
)

// Target groups of an idea.
const (
	TargetCitizens   = "citizens"
	TargetBusinesses = "businesses"
	TargetStaff      = "staff"
)

// Field limits of PRODUCT.md.
const (
	TitleMin       = 5
	TitleMax       = 120
	SummaryMax     = 300
	DescriptionMax = 20000
	TextFieldMax   = 5000 // problem, expected benefit
	TagMax         = 40
	TagsMax        = 10
	CoAuthorsMax   = 5
)

// Idea is a suggestion moving through the funnel. It is one document: stage, version,
// decision records and the denormalised aggregates change together in one atomic update.
type Idea struct {
	ID              string
	TenantID        string
	Title           string
	Summary         string
	Description     string // Markdown as written; rendered and sanitised on output
	Problem         string
	ExpectedBenefit string
	TargetGroups    []string
	Tags            []string
	DepartmentID    string // suggested (later: owning) department
	CampaignID      string
	Visibility      Visibility
	Source          Source
	AuthorID        string
	CoAuthorIDs     []string

	Stage           Stage
	StageSince      time.Time
	ScreeningPassed bool
	Decisions       []Decision // append-only; the idea's history and audit trail
	RevisitAt       time.Time  // parked ideas reappear in screening on this day
	MergedInto      string
	MergedFrom      []string

	// Denormalised aggregates, updated with the write that changes them.
	SupportCount    int
	FollowerCount   int
	CommentCount    int
	AttachmentCount int
	Score           *ScoreSummary

	Pilot   *Pilot
	Rollout *Rollout
	// Origin is set on ideas imported from another municipality's reuse profile.
	Origin *ReuseOrigin
	// ReusePublished marks a rolled-out idea whose reuse profile is in the shared catalogue.
	ReusePublished bool

	Version int64
	// Revision counts every write to the idea, counter changes included (Version does not
	// move on those, so a support never makes an open edit stale). Caches such as the search
	// index keep the highest revision they saw and ignore older copies that arrive late.
	Revision       int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
	SubmittedAt    time.Time
	LastActivityAt time.Time
}

// IsAuthor reports whether user wrote or co-wrote the idea.
func (i *Idea) IsAuthor(userID string) bool {
	return userID != "" && (i.AuthorID == userID || slices.Contains(i.CoAuthorIDs, userID))
}

// Decision is one transition record: from, to, who, when, why, and the gate's data.
type Decision struct {
	ID       string
	From     Stage
	To       Stage
	ActorID  string
	At       time.Time
	Reason   string
	Override bool // evaluation → decision without all reviews, by the cdo with a reason
	// Gate data; only what the transition needs is set.
	ScoreSnapshot *ScoreSummary
	PilotPlan     *PilotPlan
	PilotResults  *PilotResults
	Checklist     []ChecklistAnswer
	MergedInto    string
	RevisitAt     time.Time
	NewEndDate    time.Time
	Departments   []string // rollout target departments
	RequestID     string
}

// ScoreSummary aggregates the submitted reviews of an idea.
type ScoreSummary struct {
	Weighted     float64 // 0–100
	ReviewCount  int
	Criteria     []CriterionStats
	Disagreement bool
	Recommend    map[string]int // go / no_go / needs_information → count
}

// SameScore reports whether two aggregates are equal (floats to 1e-9).
func SameScore(a, b *ScoreSummary) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	eq := func(x, y float64) bool { return math.Abs(x-y) < 1e-9 }
	if !eq(a.Weighted, b.Weighted) || a.ReviewCount != b.ReviewCount || a.Disagreement != b.Disagreement ||
		len(a.Criteria) != len(b.Criteria) {
		return false
	}
	for k, n := range a.Recommend {
		if b.Recommend[k] != n {
			return false
		}
	}
	for k, n := range b.Recommend {
		if a.Recommend[k] != n {
			return false
		}
	}
	for k := range a.Criteria {
		x, y := a.Criteria[k], b.Criteria[k]
		if x.Key != y.Key || x.Weight != y.Weight || x.Min != y.Min || x.Max != y.Max || x.N != y.N || !eq(x.Mean, y.Mean) || !eq(x.StdDev, y.StdDev) {
			return false
		}
	}
	return true
}

// CriterionStats are the statistics of one criterion over the reviews.
type CriterionStats struct {
	Key    string
	Weight int
	Mean   float64
	Min    int
	Max    int
	StdDev float64
	N      int
}

// PilotPlan is what the decision → pilot gate needs.
type PilotPlan struct {
	OwnerID      string
	DepartmentID string
	StartDate    time.Time
	EndDate      time.Time
	BudgetEUR    float64
	KPIs         []KPI
}

// KPI is a pilot's key performance indicator.
type KPI struct {
	Key       string
	Name      string
	Unit      string
	Baseline  float64
	Target    float64
	Direction string // "increase" or "decrease"
}

// Pilot is a running or finished pilot with its updates.
type Pilot struct {
	Plan    PilotPlan
	Updates []PilotUpdate
	Results *PilotResults
}

// PilotUpdate is a progress note with KPI measurements.
type PilotUpdate struct {
	ID           string
	AuthorID     string
	At           time.Time
	Note         string
	Measurements []Measurement
}

// Measurement is one KPI value on a date.
type Measurement struct {
	KPIKey string
	Date   time.Time
	Value  float64
}

// PilotResults are recorded when an idea leaves the pilot.
type PilotResults struct {
	Outcomes       []KPIOutcome
	LessonsLearned string
}

// KPIOutcome is a KPI's final value and whether its target was met.
type KPIOutcome struct {
	KPIKey  string
	Value   float64
	Met     bool
	Comment string
}

// Rollout lists the departments that adopt a piloted idea.
type Rollout struct {
	Departments []RolloutDepartment
	Reusable    bool
	Contact     string
}

// RolloutDepartment is one target department and its adoption status.
type RolloutDepartment struct {
	DepartmentID string
	Status       string // planned, in_progress, done
	UpdatedAt    time.Time
}

// ChecklistUnanswered is the recorded answer of an optional item left open at the gate.
const ChecklistUnanswered = "unanswered"

// ChecklistAnswer answers one item of the public-sector gate checklist.
type ChecklistAnswer struct {
	Key    string
	Answer string // yes, no, not_applicable; in a record also ChecklistUnanswered
	Note   string
	// Label is the item's label when the decision was made (set by the funnel, never by the
	// client), so the record reads the same after the checklist changes.
	Label string
}

// ReuseOrigin records where an imported idea came from.
type ReuseOrigin struct {
	TenantID   string
	TenantName string
	IdeaID     string
	ProfileURL string
	ImportedAt time.Time
}

// CanSeeIdea is the one visibility rule of ideas:
//   - authors and co-authors always see their ideas; drafts only they see;
//   - the cdo sees every idea that is not a draft;
//   - other staff see internal and public ideas, except citizens' ideas before screening
//     has passed (moderation);
//   - everyone else (citizens, anonymous) sees public ideas once screening has passed.
//
// An idea the caller may not see does not exist for them (404, and absent from lists).
//
// The search index (internal/search) evaluates this rule once per role combination and
// idea, plus once per own idea of the caller, so the rule must depend on nothing but the
// caller's roles, whether the caller is an author, and the idea's own fields. The index's
// tests compare it against this function over a matrix of actors and ideas.
func CanSeeIdea(a *Actor, i *Idea) bool {
	if a != nil && i.IsAuthor(a.UserID) {
		return true
	}
	if i.Stage == StageDraft {
		return false
	}
	if a.Has(RoleCDO) {
		return true
	}
	if a.IsStaff() {
		return i.Source != SourceCitizen || i.ScreeningPassed
	}
	return i.Visibility == VisibilityPublic && i.ScreeningPassed
}

// IdeaFilter selects ideas for a list. Filters combine with AND.
type IdeaFilter struct {
	Query        string
	Stages       []Stage
	CampaignID   string
	DepartmentID string
	Tag          string
	Visibility   Visibility
	Source       Source
	AuthorID     string // "mine": authored or co-authored by this user
	FollowerID   string // "followed" by this user
	ReviewerID   string // "assigned to me"
	Sort         string // newest, supports, score, activity, relevance
	Limit        int
	Cursor       string
}
