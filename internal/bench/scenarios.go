package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	mdb "go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
)

// Scenario is one measured workload.
type Scenario struct {
	Name string `json:"name"`
	// Kind is read, write, mixed or floor; targets depend on it.
	Kind string `json:"kind"`
	What string `json:"what"`
	Op   Op     `json:"-"`
}

// World is what the scenarios act on: the city, the server, the signed-in users and the
// per-client state that write scenarios carry from one scenario to the next (which ideas a
// client supports, where its ideas stand in the funnel).
type World struct {
	M      *Manifest
	C      *Client
	T      *Tokens
	States []*clientState

	cdos, reviewers, employees, citizens []UserRef
	staffVisible, publicVisible          []int
	openPublicCampaigns                  []string
}

type clientState struct {
	user UserRef // a citizen or an employee who writes

	supportIdeas []int
	supportNext  int
	supported    bool // the last support action was a PUT

	commentIdeas []int

	transIdeas []int
	stages     map[int]domain.Stage
	transNext  int

	reviewIdeas []int
	reviewNext  int
}

// NewWorld prepares the per-client state for clients concurrent clients.
func NewWorld(m *Manifest, c *Client, clients int) *World {
	w := &World{M: m, C: c}
	for _, u := range m.Users {
		switch {
		case u.Has(domain.RoleAdmin):
		case u.Has(domain.RoleCDO):
			w.cdos = append(w.cdos, u)
		case u.Has(domain.RoleReviewer):
			w.reviewers = append(w.reviewers, u)
		case u.Has(domain.RoleEmployee):
			w.employees = append(w.employees, u)
		default:
			w.citizens = append(w.citizens, u)
		}
	}
	for n, i := range m.Ideas {
		if i.Stage == string(domain.StageDraft) {
			continue
		}
		if !i.Citizen || i.ScreeningPassed {
			w.staffVisible = append(w.staffVisible, n)
		}
		if i.Public && i.ScreeningPassed {
			w.publicVisible = append(w.publicVisible, n)
		}
	}
	for _, c := range m.Campaigns {
		if c.Open && !c.Internal {
			w.openPublicCampaigns = append(w.openPublicCampaigns, c.ID)
		}
	}
	r := rand.New(rand.NewPCG(m.Spec.Seed, 99))
	var evaluation []int
	var funnelIdeas []int
	for n, i := range m.Ideas {
		switch domain.Stage(i.Stage) {
		case domain.StageEvaluation:
			if len(i.Reviewers) > 0 {
				evaluation = append(evaluation, n)
			}
		case domain.StageSubmitted, domain.StageScreening:
			funnelIdeas = append(funnelIdeas, n)
		}
	}
	w.States = make([]*clientState, clients)
	for k := range clients {
		s := &clientState{stages: map[int]domain.Stage{}}
		if k%2 == 0 {
			s.user = w.employees[k/2%len(w.employees)]
		} else {
			s.user = w.citizens[k/2%len(w.citizens)]
		}
		// Ideas this client may support: visible to it, in a stable stage of the funnel
		// (transitions in other scenarios touch only submitted and screening), not its own.
		for _, n := range r.Perm(len(m.Ideas)) {
			i := m.Ideas[n]
			if !w.canSee(s.user, i) || i.AuthorID == s.user.ID {
				continue
			}
			switch domain.Stage(i.Stage) {
			case domain.StageEvaluation, domain.StageDecision, domain.StagePilot, domain.StageRollout:
				if len(s.supportIdeas) < 64 {
					s.supportIdeas = append(s.supportIdeas, n)
				}
			}
			if len(s.commentIdeas) < 64 {
				s.commentIdeas = append(s.commentIdeas, n)
			}
			if len(s.supportIdeas) >= 64 && len(s.commentIdeas) >= 64 {
				break
			}
		}
		w.States[k] = s
	}
	// Ideas in screening and evaluation are dealt out to the clients, so no two clients
	// move or review the same idea.
	for k, n := range funnelIdeas {
		s := w.States[k%clients]
		s.transIdeas = append(s.transIdeas, n)
		s.stages[n] = domain.Stage(m.Ideas[n].Stage)
	}
	for k, n := range evaluation {
		s := w.States[k%clients]
		s.reviewIdeas = append(s.reviewIdeas, n)
	}
	return w
}

func (w *World) canSee(u UserRef, i IdeaRef) bool {
	if i.Stage == string(domain.StageDraft) {
		return i.AuthorID == u.ID
	}
	if u.Has(domain.RoleEmployee) {
		return !i.Citizen || i.ScreeningPassed || i.AuthorID == u.ID
	}
	return i.Public && i.ScreeningPassed || i.AuthorID == u.ID
}

// Users returns the users the scenarios sign in as.
func (w *World) Users() []UserRef {
	seen := map[string]bool{}
	var out []UserRef
	add := func(u UserRef) {
		if !seen[u.ID] {
			seen[u.ID] = true
			out = append(out, u)
		}
	}
	for _, u := range w.cdos {
		add(u)
	}
	for _, u := range w.reviewers {
		add(u)
	}
	for _, s := range w.States {
		add(s.user)
	}
	for k := range min(len(w.States), len(w.employees)) {
		add(w.employees[k]) // staffToken's readers
	}
	return out
}

func (w *World) state(wk *Worker) *clientState { return w.States[wk.N%len(w.States)] }

// Scenarios returns every scenario, reads first, then the driver floor, writes, the mix, and
// the creation of ideas.
func (w *World) Scenarios() []Scenario {
	mixed := []struct {
		weight int
		op     Op
	}{
		{20, w.publicList}, {15, w.staffList}, {20, w.search}, {5, w.similar}, {20, w.detail},
		{8, w.support}, {5, w.comment}, {3, w.createIdea}, {2, w.review}, {2, w.transition},
	}
	return []Scenario{
		{Name: "public-list", Kind: "read", What: "GET /public/ideas, first page, anonymous", Op: w.publicList},
		{Name: "staff-list", Kind: "read", What: "GET /ideas with stage+department filters and a sort, staff", Op: w.staffList},
		{Name: "search", Kind: "read", What: "GET /ideas?q= (words, prefixes, two-word queries), staff", Op: w.search},
		{Name: "similar", Kind: "read", What: "POST /ideas/similar with a draft's title and summary", Op: w.similar},
		{Name: "idea-detail", Kind: "detail", What: "GET /ideas/{id} (store read + Markdown), staff", Op: w.detail},
		{Name: "floor", Kind: "floor", What: "driver FindOne({_id}) on the idea partitions, same store, same concurrency and pool size as the server"},
		{Name: "support", Kind: "write", What: "PUT then DELETE /ideas/{id}/support, alternating", Op: w.support},
		{Name: "comment", Kind: "write", What: "POST /ideas/{id}/comments (with auto-follow)", Op: w.comment},
		{Name: "review", Kind: "write", What: "PUT /ideas/{id}/reviews/mine, submitted (score recomputed)", Op: w.review},
		{Name: "transition", Kind: "write", What: "POST /ideas/{id}/transitions submitted⇄screening, cdo", Op: w.transition},
		{Name: "mixed", Kind: "mixed", What: "80 % reads (lists, search, similar, detail), 20 % writes", Op: func(ctx context.Context, wk *Worker) error {
			x := wk.Rand.IntN(100)
			for _, m := range mixed {
				if x < m.weight {
					return m.op(ctx, wk)
				}
				x -= m.weight
			}
			return nil
		}},
		// Last: it grows the city by its request rate (~15,000 ideas in 20 s), and with it
		// the server's memory, which the scenarios before are judged on.
		{Name: "create-idea", Kind: "write", What: "POST /ideas, submitted at once (runs last: it grows the city)", Op: w.createIdea},
	}
}

func (w *World) staffToken(wk *Worker) string {
	if wk.N%4 == 0 {
		return w.T.Of(w.cdos[wk.N/4%len(w.cdos)].ID)
	}
	return w.T.Of(w.employees[wk.N%len(w.employees)].ID)
}

func (w *World) publicList(ctx context.Context, wk *Worker) error {
	_, err := w.C.Do(ctx, http.MethodGet, "/api/v1/public/ideas?limit=20", "", nil)
	return err
}

var (
	stageFilters = []string{"screening,evaluation", "evaluation", "decision,pilot", "submitted,screening", "pilot,rollout,implemented", ""}
	sorts        = []string{"newest", "supports", "score", "activity"}
)

func (w *World) staffList(ctx context.Context, wk *Worker) error {
	q := url.Values{"limit": {"20"}, "sort": {pick(wk.Rand, sorts)}}
	if s := pick(wk.Rand, stageFilters); s != "" {
		q.Set("stage", s)
	}
	if wk.Rand.IntN(3) > 0 {
		q.Set("department", pick(wk.Rand, w.M.Departments))
	}
	_, err := w.C.Do(ctx, http.MethodGet, "/api/v1/ideas?"+q.Encode(), w.staffToken(wk), nil)
	return err
}

// searchQuery draws what people type: a topic, a prefix of one (search-as-you-type), a
// topic and a place, a benefit word, now and then a word no idea has.
func searchQuery(r *rand.Rand) string {
	t := topics[zipfIndex(r, len(topics))]
	switch r.IntN(10) {
	case 0, 1, 2:
		return t
	case 3, 4:
		n := min(len([]rune(t)), 3+r.IntN(4))
		return string([]rune(t)[:n])
	case 5, 6:
		p := strings.Fields(pick(r, places))
		return t + " " + p[len(p)-1]
	case 7:
		return strings.Fields(pick(r, benefits))[1]
	case 8:
		return strings.ToLower(pick(r, tagPool))
	}
	return "Zeppelinlandeplatz"
}

func (w *World) search(ctx context.Context, wk *Worker) error {
	q := url.Values{"limit": {"20"}, "q": {searchQuery(wk.Rand)}}
	_, err := w.C.Do(ctx, http.MethodGet, "/api/v1/ideas?"+q.Encode(), w.staffToken(wk), nil)
	return err
}

func (w *World) similar(ctx context.Context, wk *Worker) error {
	t := genIdeaText(wk.Rand)
	body := map[string]string{"title": t.Title, "summary": t.Summary}
	_, err := w.C.Do(ctx, http.MethodPost, "/api/v1/ideas/similar", w.staffToken(wk), body)
	return err
}

func (w *World) detail(ctx context.Context, wk *Worker) error {
	n := w.staffVisible[wk.Rand.IntN(len(w.staffVisible))]
	_, err := w.C.Do(ctx, http.MethodGet, "/api/v1/ideas/"+w.M.Ideas[n].ID, w.staffToken(wk), nil)
	return err
}

func (w *World) support(ctx context.Context, wk *Worker) error {
	s := w.state(wk)
	if len(s.supportIdeas) == 0 {
		return fmt.Errorf("client %d has no idea to support", wk.N)
	}
	n := s.supportIdeas[s.supportNext%len(s.supportIdeas)]
	method := http.MethodPut
	if s.supported {
		method = http.MethodDelete
		s.supportNext++
	}
	s.supported = !s.supported
	_, err := w.C.Do(ctx, method, "/api/v1/ideas/"+w.M.Ideas[n].ID+"/support", w.T.Of(s.user.ID), nil)
	return err
}

func (w *World) comment(ctx context.Context, wk *Worker) error {
	s := w.state(wk)
	n := s.commentIdeas[wk.Rand.IntN(len(s.commentIdeas))]
	body := map[string]string{"body": genComment(wk.Rand)}
	_, err := w.C.Do(ctx, http.MethodPost, "/api/v1/ideas/"+w.M.Ideas[n].ID+"/comments", w.T.Of(s.user.ID), body, http.StatusCreated)
	return err
}

func (w *World) createIdea(ctx context.Context, wk *Worker) error {
	s := w.state(wk)
	t := genIdeaText(wk.Rand)
	body := map[string]any{
		"title": t.Title, "summary": t.Summary, "description": t.Description, "problem": t.Problem,
		"expectedBenefit": t.Benefit, "tags": t.Tags, "targetGroups": []string{"citizens"},
		"departmentId": pick(wk.Rand, w.M.Departments), "submit": true,
	}
	if len(w.openPublicCampaigns) > 0 && wk.Rand.IntN(10) < 3 {
		body["campaignId"] = pick(wk.Rand, w.openPublicCampaigns)
	}
	_, err := w.C.Do(ctx, http.MethodPost, "/api/v1/ideas", w.T.Of(s.user.ID), body, http.StatusCreated)
	return err
}

func (w *World) review(ctx context.Context, wk *Worker) error {
	s := w.state(wk)
	if len(s.reviewIdeas) == 0 {
		return fmt.Errorf("client %d has no idea to review", wk.N)
	}
	i := w.M.Ideas[s.reviewIdeas[s.reviewNext%len(s.reviewIdeas)]]
	reviewer := i.Reviewers[(s.reviewNext/len(s.reviewIdeas))%len(i.Reviewers)]
	s.reviewNext++
	scores := make([]map[string]any, len(w.M.CriteriaKeys))
	for k, key := range w.M.CriteriaKeys {
		scores[k] = map[string]any{"key": key, "score": 1 + wk.Rand.IntN(5)}
	}
	body := map[string]any{
		"noConflictOfInterest": true, "scores": scores, "recommendation": pick(wk.Rand, []string{"go", "no_go", "needs_information"}),
		"confidence": pick(wk.Rand, []string{"low", "medium", "high"}), "comment": pick(wk.Rand, fillers),
	}
	_, err := w.C.Do(ctx, http.MethodPut, "/api/v1/ideas/"+i.ID+"/reviews/mine", w.T.Of(reviewer), body)
	return err
}

func (w *World) transition(ctx context.Context, wk *Worker) error {
	s := w.state(wk)
	if len(s.transIdeas) == 0 {
		return fmt.Errorf("client %d has no idea to move", wk.N)
	}
	n := s.transIdeas[s.transNext%len(s.transIdeas)]
	s.transNext++
	body := map[string]string{"to": string(domain.StageScreening)}
	next := domain.StageScreening
	if s.stages[n] == domain.StageScreening {
		body = map[string]string{"to": string(domain.StageSubmitted), "reason": "Bitte ergänzen Sie die erwarteten Kosten."}
		next = domain.StageSubmitted
	}
	cdo := w.cdos[wk.N%len(w.cdos)]
	_, err := w.C.Do(ctx, http.MethodPost, "/api/v1/ideas/"+w.M.Ideas[n].ID+"/transitions", w.T.Of(cdo.ID), body, http.StatusOK, http.StatusCreated)
	if err == nil {
		s.stages[n] = next
	}
	return err
}

// FloorOp reads random ideas by _id with the plain driver: the fastest any idea read through
// this store can be, so idea detail's requests/s are measured against it.
func FloorOp(db *mongo.DB, m *Manifest) Op {
	return func(ctx context.Context, wk *Worker) error {
		id := m.Ideas[wk.Rand.IntN(len(m.Ideas))].ID
		// "ideas" is the idea family of internal/mongo (idea.go).
		c := db.Collection(mongo.PartitionName("ideas", mongo.PartitionOf(id)))
		var raw bson.Raw
		err := c.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&raw)
		if err == mdb.ErrNoDocuments {
			return fmt.Errorf("idea %s not found", id)
		}
		return err
	}
}
