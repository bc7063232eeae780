package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/auth"
	"github.com/ideenwerk/ideenwerk/internal/demo"
	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
)

// Spec sizes the generated city. The defaults are the issue's: 5,000 ideas over all stages,
// 600 users, 15,000 reviews, 60,000 supports, 20,000 comments, 12 departments, 10 campaigns.
type Spec struct {
	Ideas, Users, Reviews, Supports, Comments, Campaigns int
	Seed                                                 uint64
	// Workers write concurrently; the store's per-process locks keep counters exact. More
	// than a few only wait for SQLite's one writer.
	Workers int `json:"-"`
}

// DefaultSpec scales the city to ideas (engagement grows with the ideas; the
// people do not).
func DefaultSpec(ideas int) Spec {
	return Spec{
		Ideas: ideas, Users: 600, Campaigns: 10, Seed: 20261125, Workers: 4,
		Reviews: ideas * 3, Supports: ideas * 12, Comments: ideas * 4,
	}
}

// Key names a dataset in the cache directory.
func (s Spec) Key() string {
	return fmt.Sprintf("v%d-i%d-u%d-r%d-s%d-c%d-seed%d", datasetVersion, s.Ideas, s.Users, s.Reviews, s.Supports, s.Comments, s.Seed)
}

// datasetVersion changes whenever the generator changes what it writes.
const datasetVersion = 10 // 10: reviewer queues as itemsJSON; 9: reviews as dataJSON; 8: idea documents as dataJSON; 7: review scores as JSON strings; 6: decision histories as JSON strings; 5: scores in the stats documents, as JSON strings; 3: each partitioned family in a database of its own

// Password is the password of every generated user (hashed once with argon2id and reused).
const Password = "Bench-Passwort-2026"

// Manifest is what the load generator needs to know of the generated city.
type Manifest struct {
	Spec        Spec          `json:"spec"`
	TenantID    string        `json:"tenantId"`
	Users       []UserRef     `json:"users"`
	Departments []string      `json:"departments"`
	Campaigns   []CampaignRef `json:"campaigns"`
	Ideas       []IdeaRef     `json:"ideas"`
	// CriteriaKeys are the keys of the default criteria set every review scores.
	CriteriaKeys []string `json:"criteriaKeys"`
	SeedSeconds  float64  `json:"seedSeconds"`
}

// UserRef is a generated user.
type UserRef struct {
	ID    string   `json:"id"`
	Email string   `json:"email"`
	Roles []string `json:"roles"`
}

// Has reports whether the user holds role.
func (u UserRef) Has(role domain.Role) bool { return slices.Contains(u.Roles, string(role)) }

// CampaignRef is a generated campaign.
type CampaignRef struct {
	ID       string `json:"id"`
	Open     bool   `json:"open"`
	Internal bool   `json:"internal"`
}

// IdeaRef is a generated idea as the load generator sees it.
type IdeaRef struct {
	ID              string   `json:"id"`
	Stage           string   `json:"stage"`
	AuthorID        string   `json:"authorId"`
	Public          bool     `json:"public"`
	Citizen         bool     `json:"citizen"`
	ScreeningPassed bool     `json:"screeningPassed"`
	Title           string   `json:"title"`
	Summary         string   `json:"summary"`
	Reviewers       []string `json:"reviewers,omitempty"` // assigned reviewers (evaluation ideas)
}

// stageWeights is the city's funnel: where 100 ideas stand.
var stageWeights = []struct {
	stage  domain.Stage
	weight int
}{
	{domain.StageDraft, 5}, {domain.StageSubmitted, 8}, {domain.StageScreening, 10},
	{domain.StageEvaluation, 20}, {domain.StageDecision, 8}, {domain.StagePilot, 7},
	{domain.StageRollout, 5}, {domain.StageImplemented, 8}, {domain.StageRejected, 14},
	{domain.StageMerged, 3}, {domain.StageParked, 4}, {domain.StageStopped, 3}, {domain.StageWithdrawn, 5},
}

// Role mix of the generated users (the rest are citizens).
const (
	nAdmins    = 1
	nCDOs      = 3
	nReviewers = 40
	nEmployees = 200
)

// seedEpoch is "now" of the generated history, so the data are the same on every run.
var seedEpoch = time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)

// idGen makes deterministic UUIDv7-shaped IDs whose time part grows, so IDs sort by
// creation like the store's own.
type idGen struct {
	mu sync.Mutex
	r  *rand.Rand
	ms int64
}

func newIDGen(seed uint64) *idGen {
	return &idGen{r: rand.New(rand.NewPCG(seed, 7)), ms: seedEpoch.AddDate(-4, 0, 0).UnixMilli()}
}

func (g *idGen) next() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.ms++
	a, b := g.r.Uint64(), g.r.Uint64()
	return fmt.Sprintf("%08x-%04x-7%03x-%04x-%012x", uint64(g.ms)>>16, uint64(g.ms)&0xffff, a&0xfff, 0x8000|(a>>12)&0x3fff, b&0xffffffffffff)
}

// Generate writes the city through the store layer (internal/mongo) into db and returns its
// manifest. It expects an empty database.
func Generate(ctx context.Context, db *mongo.DB, sp Spec, logf func(string, ...any)) (*Manifest, error) {
	started := time.Now()
	r := rand.New(rand.NewPCG(sp.Seed, 1))
	ids := newIDGen(sp.Seed)
	db.NewID = ids.next
	if err := db.EnsureIndexes(ctx); err != nil {
		return nil, err
	}
	t := &domain.Tenant{Slug: "musterstadt", Name: "Stadt Musterstadt"}
	if err := db.CreateTenant(ctx, t); err != nil {
		return nil, fmt.Errorf("tenant: %w", err)
	}
	ctx = domain.WithTenant(ctx, t)
	m := &Manifest{Spec: sp, TenantID: t.ID}

	for _, d := range demo.Departments {
		dep := &domain.Department{Code: d.Code, Name: d.Name, Active: true}
		if err := db.CreateDepartment(ctx, dep); err != nil {
			return nil, fmt.Errorf("department: %w", err)
		}
		m.Departments = append(m.Departments, dep.ID)
	}

	hash, err := auth.HashPassword(Password)
	if err != nil {
		return nil, err
	}
	users := make([]*domain.User, sp.Users)
	for n := range users {
		roles := []domain.Role{domain.RoleCitizen}
		switch {
		case n < nAdmins:
			roles = []domain.Role{domain.RoleEmployee, domain.RoleAdmin}
		case n < nAdmins+nCDOs:
			roles = []domain.Role{domain.RoleEmployee, domain.RoleCDO}
		case n < nAdmins+nCDOs+nReviewers:
			roles = []domain.Role{domain.RoleEmployee, domain.RoleReviewer}
		case n < nAdmins+nCDOs+nReviewers+nEmployees:
			roles = []domain.Role{domain.RoleEmployee}
		}
		u := &domain.User{
			ID: ids.next(), Email: fmt.Sprintf("user%04d@musterstadt.example", n), DisplayName: fmt.Sprintf("Person %04d", n),
			Roles: roles, Status: domain.UserActive, Locale: domain.LocaleDE, PasswordHash: hash,
		}
		if roles[0] == domain.RoleEmployee {
			u.DepartmentID = m.Departments[n%len(m.Departments)]
		}
		users[n] = u
		ref := UserRef{ID: u.ID, Email: u.Email}
		for _, ro := range roles {
			ref.Roles = append(ref.Roles, string(ro))
		}
		m.Users = append(m.Users, ref)
	}
	if err := parallel(ctx, sp.Workers, len(users), func(n int) error { return db.CreateUser(ctx, users[n]) }); err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	logf("users and departments written")

	set, err := db.EnsureDefaultCriteriaSet(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range set.Criteria {
		m.CriteriaKeys = append(m.CriteriaKeys, c.Key)
	}
	cdo := users[nAdmins].ID
	for n := range sp.Campaigns {
		c := &domain.Campaign{
			Title: fmt.Sprintf("Ideenaufruf %d: %s", n+1, topics[n%len(topics)]), Question: "Wie können wir den " + topics[n%len(topics)] + " verbessern?",
			Description: "Wir suchen Ihre Ideen.", Audience: domain.VisibilityPublic, Status: domain.CampaignOpen,
			ReviewersPerIdea: 3, CriteriaSetID: set.ID, CreatedBy: cdo, OpenedAt: seedEpoch.AddDate(0, -n, 0),
		}
		if n%3 == 2 {
			c.Audience = domain.VisibilityInternal
		}
		if n >= sp.Campaigns-3 {
			c.Status, c.ClosedAt = domain.CampaignClosed, seedEpoch.AddDate(0, -1, 0)
		}
		if err := db.CreateCampaign(ctx, c); err != nil {
			return nil, fmt.Errorf("campaign: %w", err)
		}
		m.Campaigns = append(m.Campaigns, CampaignRef{ID: c.ID, Open: c.Status == domain.CampaignOpen, Internal: c.Audience == domain.VisibilityInternal})
	}

	ideas, reviews := genIdeas(r, ids, sp, users, m, set)
	m.Ideas = make([]IdeaRef, len(ideas))
	for n, i := range ideas {
		m.Ideas[n] = IdeaRef{ID: i.ID, Stage: string(i.Stage), AuthorID: i.AuthorID, Public: i.Visibility == domain.VisibilityPublic,
			Citizen: i.Source == domain.SourceCitizen, ScreeningPassed: i.ScreeningPassed, Title: i.Title, Summary: i.Summary}
	}
	if err := parallel(ctx, sp.Workers, len(ideas), func(n int) error { return db.CreateIdea(ctx, ideas[n]) }); err != nil {
		return nil, fmt.Errorf("ideas: %w", err)
	}
	logf("%d ideas written (%.0fs)", len(ideas), time.Since(started).Seconds())

	// Reviews: one assignment document per idea, then the reviews.
	byIdea := map[int][]*domain.Review{}
	var order []int
	for _, rv := range reviews {
		if _, ok := byIdea[rv.idea]; !ok {
			order = append(order, rv.idea)
		}
		byIdea[rv.idea] = append(byIdea[rv.idea], rv.review)
	}
	var assignments []*domain.IdeaReviewers
	var all []*domain.Review
	for _, n := range order {
		i := ideas[n]
		rs := &domain.IdeaReviewers{IdeaID: i.ID, CriteriaSetID: set.ID}
		for _, rv := range byIdea[n] {
			rs.Assignments = append(rs.Assignments, domain.Assignment{ReviewerID: rv.ReviewerID, DueAt: seedEpoch.AddDate(1, 0, 0),
				AssignedBy: cdo, AssignedAt: i.StageSince, Status: domain.AssignmentActive})
			all = append(all, rv)
		}
		assignments = append(assignments, rs)
	}
	// In bulk: one write per reviewer's queue instead of one per assignment.
	err = db.BulkSaveReviewers(ctx, assignments, all)
	if err != nil {
		return nil, fmt.Errorf("reviews: %w", err)
	}
	for n, i := range ideas {
		if i.Stage == domain.StageEvaluation {
			for _, rv := range byIdea[n] {
				m.Ideas[n].Reviewers = append(m.Ideas[n].Reviewers, rv.ReviewerID)
			}
		}
	}
	logf("%d reviews written (%.0fs)", len(all), time.Since(started).Seconds())

	supports := genSupports(r, sp.Supports, ideas, users)
	// Supports and comments go in through the store's bulk loaders: the same documents and
	// counters as one AddSupport or CreateComment each, in a fraction of the time.
	pairs := make([]mongo.Support, len(supports))
	for k, s := range supports {
		pairs[k] = mongo.Support{IdeaID: ideas[s[0]].ID, UserID: users[s[1]].ID}
	}
	if err := db.BulkAddSupports(ctx, pairs); err != nil {
		return nil, fmt.Errorf("supports: %w", err)
	}
	logf("%d supports written (%.0fs)", len(supports), time.Since(started).Seconds())

	commentable := indexesWhere(ideas, func(i *domain.Idea) bool { return i.Stage != domain.StageDraft })
	type commentJob struct {
		idea, user int
		body       string
	}
	jobs := make([]commentJob, sp.Comments)
	for k := range jobs {
		n := commentable[zipfIndex(r, len(commentable))]
		u := r.IntN(len(users))
		if ideas[n].Visibility == domain.VisibilityInternal {
			u = nAdmins + r.IntN(nCDOs+nReviewers+nEmployees)
		}
		jobs[k] = commentJob{n, u, genComment(r)}
	}
	comments := make([]*domain.Comment, len(jobs))
	for k, j := range jobs {
		comments[k] = &domain.Comment{IdeaID: ideas[j.idea].ID, AuthorID: users[j.user].ID, Body: j.body}
	}
	if err := db.BulkCreateComments(ctx, comments); err != nil {
		return nil, fmt.Errorf("comments: %w", err)
	}
	m.SeedSeconds = time.Since(started).Seconds()
	logf("%d comments written; city complete in %.0fs", len(jobs), m.SeedSeconds)
	return m, nil
}

type plannedReview struct {
	idea   int
	review *domain.Review
}

// genIdeas makes the ideas with their history and, for ideas that reached evaluation, the
// reviews and the score they add up to.
func genIdeas(r *rand.Rand, ids *idGen, sp Spec, users []*domain.User, m *Manifest, set *domain.CriteriaSet) ([]*domain.Idea, []plannedReview) {
	total := 0
	for _, w := range stageWeights {
		total += w.weight
	}
	citizens := users[nAdmins+nCDOs+nReviewers+nEmployees:]
	staff := users[nAdmins+nCDOs+nReviewers : nAdmins+nCDOs+nReviewers+nEmployees]
	reviewers := users[nAdmins+nCDOs : nAdmins+nCDOs+nReviewers]
	cdo := users[nAdmins].ID
	ideas := make([]*domain.Idea, sp.Ideas)
	span := 3 * 365 * 24 * time.Hour
	for n := range ideas {
		x := r.IntN(total)
		var stage domain.Stage
		for _, w := range stageWeights {
			if x < w.weight {
				stage = w.stage
				break
			}
			x -= w.weight
		}
		txt := genIdeaText(r)
		// Ideas are created in order over three years, the newest last.
		created := seedEpoch.Add(-span + time.Duration(float64(span)*float64(n)/float64(sp.Ideas))).Truncate(time.Millisecond)
		i := &domain.Idea{
			ID: ids.next(), Title: txt.Title, Summary: txt.Summary, Description: txt.Description,
			Problem: txt.Problem, ExpectedBenefit: txt.Benefit, Tags: txt.Tags, TargetGroups: []string{domain.TargetCitizens},
			DepartmentID: m.Departments[r.IntN(len(m.Departments))], CreatedAt: created, LastActivityAt: created,
		}
		if r.IntN(10) < 4 {
			i.Source, i.Visibility, i.AuthorID = domain.SourceCitizen, domain.VisibilityPublic, pick(r, citizens).ID
		} else {
			i.Source, i.AuthorID = domain.SourceStaff, pick(r, staff).ID
			i.Visibility = domain.VisibilityInternal
			if r.IntN(2) == 0 {
				i.Visibility = domain.VisibilityPublic
			}
		}
		if r.IntN(10) < 3 {
			c := m.Campaigns[r.IntN(len(m.Campaigns))]
			i.CampaignID = c.ID
			if c.Internal {
				i.Visibility = domain.VisibilityInternal
				if i.Source == domain.SourceCitizen {
					i.Source, i.AuthorID = domain.SourceStaff, pick(r, staff).ID
				}
			}
		}
		history(r, i, stage, cdo, created, m, ideas[:n])
		ideas[n] = i
	}

	// Reviews go to the ideas that reached evaluation, spread evenly.
	var reviewed []int
	for n, i := range ideas {
		if i.ScreeningPassed && len(i.Decisions) >= 3 {
			reviewed = append(reviewed, n)
		}
	}
	var out []plannedReview
	if len(reviewed) == 0 {
		return ideas, nil
	}
	per := sp.Reviews / len(reviewed)
	extra := sp.Reviews % len(reviewed)
	for k, n := range reviewed {
		cnt := min(per+b2i(k < extra), len(reviewers), domain.ReviewersMax)
		i := ideas[n]
		var rs []*domain.Review
		for _, p := range r.Perm(len(reviewers))[:cnt] {
			rv := &domain.Review{
				IdeaID: i.ID, ReviewerID: reviewers[p].ID, CriteriaSetID: set.ID, NoConflict: true,
				Recommendation: pick(r, []domain.Recommendation{domain.RecommendGo, domain.RecommendGo, domain.RecommendNoGo, domain.RecommendNeedsInformation}),
				Confidence:     pick(r, []string{domain.ConfidenceLow, domain.ConfidenceMedium, domain.ConfidenceHigh}),
				Comment:        pick(r, fillers), Status: domain.ReviewSubmitted, SubmittedAt: i.StageSince,
			}
			for _, c := range set.Criteria {
				rv.Scores = append(rv.Scores, domain.CriterionScore{Key: c.Key, Score: 1 + r.IntN(5)})
			}
			if i.Stage == domain.StageEvaluation && r.IntN(5) < 2 {
				rv.Status, rv.SubmittedAt = domain.ReviewDraft, time.Time{}
			}
			rs = append(rs, rv)
			out = append(out, plannedReview{n, rv})
		}
		i.Score = domain.Aggregate(set, rs)
	}
	return ideas, out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// history moves a new idea along the funnel to stage, recording each decision as the
// funnel would.
func history(r *rand.Rand, i *domain.Idea, stage domain.Stage, cdo string, created time.Time, m *Manifest, earlier []*domain.Idea) {
	var path []domain.Stage
	switch stage {
	case domain.StageDraft:
	case domain.StageSubmitted:
		path = []domain.Stage{domain.StageSubmitted}
	case domain.StageScreening, domain.StageMerged:
		path = []domain.Stage{domain.StageSubmitted, domain.StageScreening}
	case domain.StageWithdrawn:
		path = []domain.Stage{domain.StageSubmitted}
		if r.IntN(2) == 0 {
			path = append(path, domain.StageScreening)
		}
	case domain.StageRejected:
		path = []domain.Stage{domain.StageSubmitted, domain.StageScreening}
		if r.IntN(2) == 0 {
			path = append(path, domain.StageEvaluation, domain.StageDecision)
		}
	default:
		path = []domain.Stage{domain.StageSubmitted, domain.StageScreening, domain.StageEvaluation, domain.StageDecision}
		switch stage {
		case domain.StageEvaluation:
			path = path[:3]
		case domain.StageDecision:
		case domain.StageParked:
		case domain.StagePilot, domain.StageStopped:
			path = append(path, domain.StagePilot)
		case domain.StageRollout:
			path = append(path, domain.StagePilot, domain.StageRollout)
		case domain.StageImplemented:
			path = append(path, domain.StagePilot, domain.StageRollout, domain.StageImplemented)
		}
	}
	if stage != domain.StageDraft && (len(path) == 0 || path[len(path)-1] != stage) {
		path = append(path, stage)
	}
	at := created
	from := domain.StageDraft
	for _, to := range path {
		at = at.Add(time.Duration(1+r.IntN(20*24)) * time.Hour)
		if at.After(seedEpoch) {
			at = seedEpoch.Add(-time.Duration(r.IntN(24*60)) * time.Minute)
		}
		d := domain.Decision{From: from, To: to, ActorID: cdo, At: at}
		switch {
		case to == domain.StageSubmitted:
			d.ActorID = i.AuthorID
			i.SubmittedAt = at
		case to == domain.StageWithdrawn:
			d.ActorID = i.AuthorID
		case to == domain.StageRejected || to == domain.StageStopped:
			d.Reason = "Die Idee lässt sich derzeit nicht umsetzen. " + pick(r, fillers)
		case to == domain.StageParked:
			d.Reason, d.RevisitAt = "Im nächsten Haushaltsjahr erneut prüfen.", seedEpoch.AddDate(2, 0, 0)
			i.RevisitAt = d.RevisitAt
		case to == domain.StageMerged && len(earlier) > 0:
			target := earlier[r.IntN(len(earlier))]
			d.Reason, d.MergedInto = "Gleiche Idee wie eine frühere.", target.ID
			i.MergedInto = target.ID
		case to == domain.StageEvaluation:
			i.ScreeningPassed = true
		case to == domain.StagePilot:
			plan := domain.PilotPlan{OwnerID: cdo, DepartmentID: i.DepartmentID, StartDate: at, EndDate: at.AddDate(0, 6, 0),
				BudgetEUR: float64(5000 + r.IntN(50)*1000),
				KPIs:      []domain.KPI{{Key: "zufriedenheit", Name: "Zufriedenheit", Unit: "%", Baseline: 60, Target: 80, Direction: "increase"}}}
			d.PilotPlan = &plan
			i.Pilot = &domain.Pilot{Plan: plan}
		case to == domain.StageRollout:
			d.Departments = []string{m.Departments[r.IntN(len(m.Departments))]}
			i.Rollout = &domain.Rollout{Departments: []domain.RolloutDepartment{{DepartmentID: d.Departments[0], Status: "planned", UpdatedAt: at}}}
		}
		i.Decisions = append(i.Decisions, d)
		from = to
	}
	i.Stage = stage
	i.StageSince = at
	if i.Stage == domain.StageDraft {
		i.StageSince = created
	}
	i.LastActivityAt = at
}

// genSupports draws unique (idea, user) pairs: popular ideas get many supports (Zipf-like),
// nobody supports their own idea, and citizens support only public ideas.
func genSupports(r *rand.Rand, n int, ideas []*domain.Idea, users []*domain.User) [][2]int {
	cand := indexesWhere(ideas, func(i *domain.Idea) bool { return i.Stage != domain.StageDraft })
	r.Shuffle(len(cand), func(a, b int) { cand[a], cand[b] = cand[b], cand[a] })
	// Cumulative weights 1/(k+50): the most popular idea gets a few hundred supports.
	cum := make([]float64, len(cand))
	sum := 0.0
	for k := range cand {
		sum += 1 / float64(k+50)
		cum[k] = sum
	}
	seen := make(map[[2]int]bool, n)
	staffN := nAdmins + nCDOs + nReviewers + nEmployees
	out := make([][2]int, 0, n)
	for tries := 0; len(out) < n && tries < n*50; tries++ {
		k := sort.SearchFloat64s(cum, r.Float64()*sum)
		idea := cand[min(k, len(cand)-1)]
		u := r.IntN(len(users))
		if ideas[idea].Visibility == domain.VisibilityInternal {
			u = r.IntN(staffN)
		}
		key := [2]int{idea, u}
		if seen[key] || users[u].ID == ideas[idea].AuthorID {
			continue
		}
		seen[key] = true
		out = append(out, key)
	}
	return out
}

func indexesWhere(ideas []*domain.Idea, ok func(*domain.Idea) bool) []int {
	var out []int
	for n, i := range ideas {
		if ok(i) {
			out = append(out, n)
		}
	}
	return out
}

// parallel runs fn(0…n-1) on workers goroutines and returns the first error.
func parallel(ctx context.Context, workers, n int, fn func(int) error) error {
	var next atomic.Int64
	var firstErr error
	var once sync.Once
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Go(func() {
			for {
				k := int(next.Add(1) - 1)
				if k >= n || ctx.Err() != nil {
					return
				}
				if err := fn(k); err != nil {
					once.Do(func() { firstErr = err })
					next.Store(int64(n))
					return
				}
			}
		})
	}
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return firstErr
}

// WriteManifest stores m as dir/manifest.json.
func WriteManifest(dir string, m *Manifest) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "manifest.json"), b, 0o644)
}

// ReadManifest reads dir/manifest.json.
func ReadManifest(dir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, err
	}
	var m Manifest
	return &m, json.Unmarshal(b, &m)
}
