package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

type kpiResponse struct {
	Key       string  `json:"key"`
	Name      string  `json:"name"`
	Unit      string  `json:"unit"`
	Baseline  float64 `json:"baseline"`
	Target    float64 `json:"target"`
	Direction string  `json:"direction"`
}

type pilotPlanResponse struct {
	// OwnerID and Owner (with the name) are shown to the cdo and the owner; others see the
	// owning department.
	OwnerID      *string       `json:"ownerId"`
	Owner        *funnelUser   `json:"owner"`
	DepartmentID string        `json:"departmentId"`
	StartDate    time.Time     `json:"startDate"`
	EndDate      time.Time     `json:"endDate"`
	BudgetEUR    float64       `json:"budgetEur"`
	KPIs         []kpiResponse `json:"kpis"`
}

// toPilotPlan shows a pilot plan; withOwner names its owner (looked up in users, else in
// the name cache).
func (s *Server) toPilotPlan(ctx context.Context, p *domain.PilotPlan, withOwner bool, users map[string]funnelUser) *pilotPlanResponse {
	if p == nil {
		return nil
	}
	r := &pilotPlanResponse{DepartmentID: p.DepartmentID, StartDate: p.StartDate, EndDate: p.EndDate, BudgetEUR: p.BudgetEUR, KPIs: []kpiResponse{}}
	if withOwner && p.OwnerID != "" {
		u, ok := users[p.OwnerID]
		if !ok {
			u = s.funnelUsers(ctx, p.OwnerID)[p.OwnerID]
		}
		r.Owner = &u
	}
	if withOwner {
		r.OwnerID = optString(p.OwnerID)
	}
	for _, k := range p.KPIs {
		r.KPIs = append(r.KPIs, kpiResponse(k))
	}
	return r
}

type outcomeResponse struct {
	KPIKey  string  `json:"kpiKey"`
	Value   float64 `json:"value"`
	Met     bool    `json:"met"`
	Comment string  `json:"comment"`
}

type resultsResponse struct {
	Outcomes       []outcomeResponse `json:"outcomes"`
	LessonsLearned string            `json:"lessonsLearned"`
}

func toResults(r *domain.PilotResults) *resultsResponse {
	if r == nil {
		return nil
	}
	out := &resultsResponse{Outcomes: []outcomeResponse{}, LessonsLearned: r.LessonsLearned}
	for _, o := range r.Outcomes {
		out.Outcomes = append(out.Outcomes, outcomeResponse(o))
	}
	return out
}

type measurementResponse struct {
	KPIKey string    `json:"kpiKey"`
	Date   time.Time `json:"date"`
	Value  float64   `json:"value"`
}

type kpiStatusResponse struct {
	kpiResponse
	Latest       *measurementResponse  `json:"latest"`
	Progress     *float64              `json:"progress"`
	Trend        string                `json:"trend"`
	Measurements []measurementResponse `json:"measurements"`
}

type pilotUpdateResponse struct {
	ID           string                `json:"id"`
	Author       *funnelUser           `json:"author"`
	At           time.Time             `json:"at"`
	Note         string                `json:"note"`
	Measurements []measurementResponse `json:"measurements"`
}

type pilotResponse struct {
	IdeaID  string                `json:"ideaId"`
	Stage   domain.Stage          `json:"stage"`
	Plan    *pilotPlanResponse    `json:"plan"`
	KPIs    []kpiStatusResponse   `json:"kpis"`
	Updates []pilotUpdateResponse `json:"updates"`
	Results *resultsResponse      `json:"results"`
	// CanManage tells the UI whether the caller may edit the plan and post updates.
	CanManage bool  `json:"canManage"`
	Version   int64 `json:"version"`
}

func (s *Server) writePilot(c *gin.Context, status int, i *domain.Idea) {
	a := actor(c)
	staff := a.IsStaff()
	out := pilotResponse{IdeaID: i.ID, Stage: i.Stage, Plan: s.toPilotPlan(c.Request.Context(), &i.Pilot.Plan, a.Has(domain.RoleCDO) || domain.CanManagePilot(a, i), nil),
		KPIs: []kpiStatusResponse{}, Updates: []pilotUpdateResponse{}, Results: toResults(i.Pilot.Results),
		CanManage: i.Stage == domain.StagePilot && domain.CanManagePilot(a, i), Version: i.Version}
	for _, st := range domain.PilotKPIStatus(i.Pilot) {
		ks := kpiStatusResponse{kpiResponse: kpiResponse(st.KPI), Progress: st.Progress, Trend: st.Trend, Measurements: []measurementResponse{}}
		if st.Latest != nil {
			m := measurementResponse(*st.Latest)
			ks.Latest = &m
		}
		for _, m := range st.Measurements {
			ks.Measurements = append(ks.Measurements, measurementResponse(m))
		}
		out.KPIs = append(out.KPIs, ks)
	}
	var authors []string
	for _, u := range i.Pilot.Updates {
		authors = append(authors, u.AuthorID)
	}
	users := map[string]funnelUser{}
	if staff {
		users = s.funnelUsers(c.Request.Context(), authors...)
	}
	// Newest update first.
	for n := len(i.Pilot.Updates) - 1; n >= 0; n-- {
		u := i.Pilot.Updates[n]
		ur := pilotUpdateResponse{ID: u.ID, At: u.At, Note: u.Note, Measurements: []measurementResponse{}}
		if who, ok := users[u.AuthorID]; ok {
			ur.Author = &who
		}
		for _, m := range u.Measurements {
			ur.Measurements = append(ur.Measurements, measurementResponse(m))
		}
		out.Updates = append(out.Updates, ur)
	}
	c.Header("ETag", etag(i.Version))
	c.JSON(status, out)
}

// handleGetPilot shows the pilot of an idea to whoever may read the idea.
func (s *Server) handleGetPilot(c *gin.Context) {
	f, ok := s.funnel(c)
	if !ok {
		return
	}
	i, err := f.VisibleIdea(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if i.Pilot == nil {
		s.fail(c, domain.Errorf(domain.ENOTFOUND, "this idea has no pilot"))
		return
	}
	s.writePilot(c, http.StatusOK, i)
}

// putPilotRequest is a new plan and, when it changes what the decision approved, why.
type putPilotRequest struct {
	pilotPlanRequest
	Reason string `json:"reason" binding:"max=2000,text"`
}

// handlePutPilot replaces the plan of a running pilot (cdo, owner).
func (s *Server) handlePutPilot(c *gin.Context) {
	f, ok := s.funnel(c)
	if !ok {
		return
	}
	var req putPilotRequest
	if !s.bindJSON(c, &req) {
		return
	}
	v, err := ifMatchVersion(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	p, err := req.toDomain("")
	if err != nil {
		s.fail(c, err)
		return
	}
	i, err := f.UpdatePilotPlan(c.Request.Context(), c.Param("id"), *p, req.Reason, v)
	if err != nil {
		s.fail(c, unprefix(err, "pilotPlan."))
		return
	}
	s.writePilot(c, http.StatusOK, i)
}

// unprefix drops a field prefix from validation errors (the plan is the whole body here).
func unprefix(err error, prefix string) error {
	e := domain.AsError(err)
	if e == nil || len(e.Fields) == 0 {
		return err
	}
	out := *e
	out.Fields = nil
	for _, f := range e.Fields {
		if len(f.Field) > len(prefix) && f.Field[:len(prefix)] == prefix {
			f.Field = f.Field[len(prefix):]
		}
		out.Fields = append(out.Fields, f)
	}
	return &out
}

type pilotUpdateRequest struct {
	Note         string `json:"note" binding:"max=5000,text"`
	Measurements []struct {
		KPIKey string   `json:"kpiKey" binding:"required,max=40"`
		Date   string   `json:"date" binding:"required,max=40"`
		Value  *float64 `json:"value" binding:"required"`
	} `json:"measurements" binding:"max=100,dive"`
}

// handlePostPilotUpdate adds a progress note with KPI measurements (cdo, owner).
func (s *Server) handlePostPilotUpdate(c *gin.Context) {
	f, ok := s.funnel(c)
	if !ok {
		return
	}
	var req pilotUpdateRequest
	if !s.bindJSON(c, &req) {
		return
	}
	u := domain.PilotUpdate{Note: req.Note}
	for n, m := range req.Measurements {
		d, err := parseTime("measurements["+strconv.Itoa(n)+"].date", m.Date)
		if err != nil {
			s.fail(c, err)
			return
		}
		u.Measurements = append(u.Measurements, domain.Measurement{KPIKey: m.KPIKey, Date: d, Value: *m.Value})
	}
	i, pu, err := f.AddPilotUpdate(c.Request.Context(), c.Param("id"), u)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.publishEngagement(c.Request.Context(), domain.PilotUpdateEvent(i, pu))
	s.writePilot(c, http.StatusCreated, i)
}
