package httpapi

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// funnelStore is what the funnel needs of the database beyond Store.
type funnelStore interface {
	domain.IdeaStore
	domain.ReviewStore
	domain.CriteriaStore
	domain.FunnelSettingsStore
	domain.ParkedIndex
	domain.ReuseCatalogue
	domain.AuditStore
}

// newFunnel wires the funnel's use cases to d.Store when it has every store they need (the
// MongoDB store does); nil otherwise, and the funnel routes answer 503.
func newFunnel(d Deps) *domain.Funnel {
	fs, ok := d.Store.(funnelStore)
	if !ok {
		return nil
	}
	f := &domain.Funnel{
		Ideas: fs, Users: d.Store, Departments: d.Store, Tenants: d.Store, Reviews: fs, Criteria: fs, Settings: fs,
		Parked: fs, Catalogue: fs, Audit: fs, Logger: d.Logger, Now: d.Now, NewID: newFunnelID,
	}
	if m, ok := d.Store.(domain.EngagementMerger); ok {
		f.Merger = m
	}
	if cs, ok := d.Store.(domain.CampaignStore); ok {
		f.Campaign = cs.FindCampaignByID
	}
	return f
}

// funnel returns the funnel or writes 503.
func (s *Server) funnel(c *gin.Context) (*domain.Funnel, bool) {
	if s.Funnel == nil {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "the funnel is not available"))
		return nil, false
	}
	return s.Funnel, true
}

// ifMatchVersion returns the If-Match version, 0 when absent.
func ifMatchVersion(c *gin.Context) (int64, error) {
	v, ok, err := ifMatch(c)
	if err != nil || !ok {
		return 0, err
	}
	return v, nil
}

// parseTime reads a time of a request: RFC 3339, or a calendar date (YYYY-MM-DD, taken as
// midnight UTC). "" is the zero time.
func parseTime(field, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC().Truncate(time.Millisecond), nil
		}
	}
	return time.Time{}, domain.Invalid(field, "must be a date (2026-12-31) or a date-time (RFC 3339)")
}

// parseDeadline is parseTime for a due date: a calendar date is due at its end (23:59:59
// UTC, as the SPA sends it), so nobody is overdue during the day they were given.
func parseDeadline(field, v string) (time.Time, error) {
	t, err := parseTime(field, v)
	if err == nil && len(v) == len("2006-01-02") {
		t = t.Add(24*time.Hour - time.Second)
	}
	return t, err
}

type kpiRequest struct {
	Key       string   `json:"key" binding:"omitempty,max=40"`
	Name      string   `json:"name" binding:"required,min=2,max=120,line,nonblank"`
	Unit      string   `json:"unit" binding:"required,min=1,max=30,line"`
	Baseline  *float64 `json:"baseline" binding:"required"`
	Target    *float64 `json:"target" binding:"required"`
	Direction string   `json:"direction" binding:"required,oneof=increase decrease"`
}

type pilotPlanRequest struct {
	OwnerID      string       `json:"ownerId" binding:"required,max=64"`
	DepartmentID string       `json:"departmentId" binding:"required,max=64"`
	StartDate    string       `json:"startDate" binding:"required,max=40"`
	EndDate      string       `json:"endDate" binding:"required,max=40"`
	BudgetEUR    *float64     `json:"budgetEur" binding:"required"`
	KPIs         []kpiRequest `json:"kpis" binding:"required,min=1,max=20,dive"`
}

func (p *pilotPlanRequest) toDomain(prefix string) (*domain.PilotPlan, error) {
	if p == nil {
		return nil, nil
	}
	start, err := parseTime(prefix+"startDate", p.StartDate)
	if err != nil {
		return nil, err
	}
	end, err := parseTime(prefix+"endDate", p.EndDate)
	if err != nil {
		return nil, err
	}
	out := &domain.PilotPlan{OwnerID: p.OwnerID, DepartmentID: p.DepartmentID, StartDate: start, EndDate: end}
	if p.BudgetEUR != nil {
		out.BudgetEUR = *p.BudgetEUR
	}
	for _, k := range p.KPIs {
		dk := domain.KPI{Key: k.Key, Name: k.Name, Unit: k.Unit, Direction: k.Direction}
		if k.Baseline != nil {
			dk.Baseline = *k.Baseline
		}
		if k.Target != nil {
			dk.Target = *k.Target
		}
		out.KPIs = append(out.KPIs, dk)
	}
	return out, nil
}

type checklistAnswerRequest struct {
	Key    string `json:"key" binding:"required,max=40"`
	Answer string `json:"answer" binding:"required,oneof=yes no not_applicable"`
	Note   string `json:"note" binding:"max=1000,text"`
}

type outcomeRequest struct {
	KPIKey  string   `json:"kpiKey" binding:"required,max=40"`
	Value   *float64 `json:"value" binding:"required"`
	Comment string   `json:"comment" binding:"max=2000,text"`
}

type resultsRequest struct {
	Outcomes       []outcomeRequest `json:"outcomes" binding:"max=20,dive"`
	LessonsLearned string           `json:"lessonsLearned" binding:"max=20000,text"`
}

type transitionRequest struct {
	To          string                   `json:"to" binding:"required,max=20"`
	Reason      string                   `json:"reason" binding:"max=5000,text"`
	Override    bool                     `json:"override"`
	RevisitAt   string                   `json:"revisitAt" binding:"max=40"`
	MergeInto   string                   `json:"mergeInto" binding:"max=64"`
	PilotPlan   *pilotPlanRequest        `json:"pilotPlan"`
	Checklist   []checklistAnswerRequest `json:"checklist" binding:"max=30,dive"`
	Results     *resultsRequest          `json:"results"`
	NewEndDate  string                   `json:"newEndDate" binding:"max=40"`
	Departments []string                 `json:"departments" binding:"max=100,dive,max=64"`
}

func (r *transitionRequest) toDomain() (domain.TransitionRequest, error) {
	out := domain.TransitionRequest{To: domain.Stage(r.To), Reason: r.Reason, Override: r.Override, MergeInto: r.MergeInto,
		Departments: r.Departments}
	var err error
	if out.RevisitAt, err = parseTime("revisitAt", r.RevisitAt); err != nil {
		return out, err
	}
	if out.NewEndDate, err = parseTime("newEndDate", r.NewEndDate); err != nil {
		return out, err
	}
	if out.PilotPlan, err = r.PilotPlan.toDomain("pilotPlan."); err != nil {
		return out, err
	}
	for _, a := range r.Checklist {
		out.Checklist = append(out.Checklist, domain.ChecklistAnswer{Key: a.Key, Answer: a.Answer, Note: strings.TrimSpace(a.Note)})
	}
	if r.Results != nil {
		out.Results = &domain.PilotResults{LessonsLearned: r.Results.LessonsLearned}
		for _, o := range r.Results.Outcomes {
			out.Results.Outcomes = append(out.Results.Outcomes, domain.KPIOutcome{KPIKey: o.KPIKey, Value: *o.Value, Comment: o.Comment})
		}
	}
	return out, nil
}

// ideaStageResponse is where an idea stands after a transition.
type ideaStageResponse struct {
	ID         string         `json:"id"`
	Stage      domain.Stage   `json:"stage"`
	StageSince time.Time      `json:"stageSince"`
	Version    int64          `json:"version"`
	NextStages []domain.Stage `json:"nextStages"`
}

type transitionResponse struct {
	Idea     ideaStageResponse `json:"idea"`
	Decision decisionResponse  `json:"decision"`
}

// handleTransition moves an idea through a gate: 409 wrong stage, 403 wrong role, 400 missing
// gate data, 412 stale If-Match or a concurrent change, 404 invisible.
func (s *Server) handleTransition(c *gin.Context) {
	f, ok := s.funnel(c)
	if !ok {
		return
	}
	var req transitionRequest
	if !s.bindJSON(c, &req) {
		return
	}
	v, err := ifMatchVersion(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	dr, err := req.toDomain()
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	i, d, err := f.Transition(ctx, c.Param("id"), dr, v)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.publishEngagement(ctx, domain.TransitionEvent(i, d))
	a := actor(c)
	c.Header("ETag", etag(i.Version))
	c.JSON(http.StatusCreated, transitionResponse{
		Idea:     ideaStageResponse{ID: i.ID, Stage: i.Stage, StageSince: i.StageSince, Version: i.Version, NextStages: domain.NextStages(a, i)},
		Decision: s.toDecision(ctx, i, d, historyFull, nil),
	})
}

// historyView says how much of a decision record a caller sees.
type historyView int

const (
	// historyPublic: the public and staff who are not authors — stage, time, reason (not the
	// questions to the authors and their answer) and the aggregated score; no people and no
	// internal gate data.
	historyPublic historyView = iota
	// historyAuthor: the idea's authors additionally see the gate data (plan, checklist,
	// results), but no user IDs.
	historyAuthor
	// historyFull: the cdo sees everything, including who decided.
	historyFull
)

func historyViewFor(a *domain.Actor, i *domain.Idea) historyView {
	switch {
	case a.Has(domain.RoleCDO):
		return historyFull
	case a != nil && i.IsAuthor(a.UserID):
		return historyAuthor
	}
	return historyPublic
}

type funnelUser struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
}

// funnelUsers resolves user IDs to names (never e-mail addresses).
func (s *Server) funnelUsers(ctx context.Context, ids ...string) map[string]funnelUser {
	out := map[string]funnelUser{}
	var others []string
	for _, id := range ids {
		if id == domain.SystemActorID {
			out[id] = funnelUser{ID: id, DisplayName: "Ideenwerk"}
		} else if id != "" {
			others = append(others, id)
		}
	}
	// Names come from the name cache: deleted accounts (and names the store could not
	// give) are empty.
	for id, ref := range s.refs(ctx, others...) {
		out[id] = funnelUser{ID: id, DisplayName: ref.DisplayName}
	}
	return out
}

type decisionResponse struct {
	ID            string                    `json:"id"`
	From          domain.Stage              `json:"from"`
	To            domain.Stage              `json:"to"`
	At            time.Time                 `json:"at"`
	Reason        string                    `json:"reason"`
	Override      bool                      `json:"override"`
	ActorRole     string                    `json:"actorRole"`
	Actor         *funnelUser               `json:"actor"`
	ScoreSnapshot *scoreResponse            `json:"scoreSnapshot"`
	PilotPlan     *pilotPlanResponse        `json:"pilotPlan"`
	Checklist     []checklistAnswerResponse `json:"checklist"`
	Results       *resultsResponse          `json:"results"`
	MergedInto    *string                   `json:"mergedInto"`
	RevisitAt     *time.Time                `json:"revisitAt"`
	NewEndDate    *time.Time                `json:"newEndDate"`
	Departments   []string                  `json:"departments"`
	RequestID     *string                   `json:"requestId"`
}

type checklistAnswerResponse struct {
	Key    string `json:"key"`
	Answer string `json:"answer"`
	Note   string `json:"note"`
	Label  string `json:"label"`
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// toDecision shows a decision record as view allows. users may hold resolved names.
func (s *Server) toDecision(ctx context.Context, i *domain.Idea, d domain.Decision, view historyView, users map[string]funnelUser) decisionResponse {
	r := decisionResponse{ID: d.ID, From: d.From, To: d.To, At: d.At, Reason: d.Reason, Override: d.Override,
		ScoreSnapshot: toScore(d.ScoreSnapshot), MergedInto: optString(d.MergedInto), RevisitAt: optTime(d.RevisitAt),
		NewEndDate: optTime(d.NewEndDate), Checklist: []checklistAnswerResponse{}, Departments: []string{}}
	switch {
	case d.ActorID == domain.SystemActorID:
		r.ActorRole = "system"
	case i.IsAuthor(d.ActorID) && (d.To == domain.StageWithdrawn || d.From == domain.StageDraft), i.IsAnswer(d):
		r.ActorRole = "author"
	default:
		r.ActorRole = "cdo"
	}
	if view == historyPublic && i.PrivateReason(d) {
		r.Reason = ""
	}
	if view >= historyAuthor {
		r.PilotPlan = s.toPilotPlan(ctx, d.PilotPlan, view == historyFull, users)
		r.Results = toResults(d.PilotResults)
		for _, a := range d.Checklist {
			r.Checklist = append(r.Checklist, checklistAnswerResponse(a))
		}
		if d.Departments != nil {
			r.Departments = d.Departments
		}
	}
	if view == historyFull {
		if users == nil {
			users = s.funnelUsers(ctx, d.ActorID)
		}
		u := users[d.ActorID]
		r.Actor = &u
		r.RequestID = optString(d.RequestID)
	}
	return r
}

// handleHistory lists the decision records of an idea, oldest first, to whoever may read it.
func (s *Server) handleHistory(c *gin.Context) {
	f, ok := s.funnel(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	i, err := f.VisibleIdea(ctx, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	view := historyViewFor(actor(c), i)
	var users map[string]funnelUser
	if view == historyFull {
		ids := make([]string, len(i.Decisions))
		for n, d := range i.Decisions {
			ids[n] = d.ActorID
		}
		users = s.funnelUsers(ctx, ids...)
	}
	out := make([]decisionResponse, len(i.Decisions))
	for n, d := range i.Decisions {
		out[n] = s.toDecision(ctx, i, d, view, users)
	}
	s.labelOldAnswers(ctx, f, out)
	c.Header("ETag", etag(i.Version))
	c.JSON(http.StatusOK, newList(out, "", len(out)))
}

// labelOldAnswers names the checklist answers recorded before decisions kept their items'
// labels: by the tenant's checklist as it reads now, or the default one's, where the key is
// still there. (An item removed since keeps only its key.)
func (s *Server) labelOldAnswers(ctx context.Context, f *domain.Funnel, out []decisionResponse) {
	var labels map[string]string
	for n := range out {
		for m, a := range out[n].Checklist {
			if a.Label != "" {
				continue
			}
			if labels == nil {
				labels = map[string]string{}
				for _, it := range domain.DefaultChecklist() {
					labels[it.Key] = it.Label
				}
				if st, err := f.Settings.FindFunnelSettings(ctx); err == nil {
					for _, it := range st.Checklist {
						labels[it.Key] = it.Label
					}
				} else {
					s.logger.WarnContext(ctx, "checklist labels unavailable", "err", err)
				}
			}
			out[n].Checklist[m].Label = labels[a.Key]
		}
	}
}

// newFunnelID makes IDs of decisions and pilot updates (time-ordered UUIDs like the store's).
func newFunnelID() string { return uuid.Must(uuid.NewV7()).String() }
