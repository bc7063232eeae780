package httpapi

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/analytics"
	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// analyticsService returns the configured service or one reading Store (the store of
// this project implements every part; a part it lacks is left out).
func (s *Server) analyticsService() (*analytics.Service, error) {
	if s.Analytics != nil {
		return s.Analytics, nil
	}
	scan, ok := s.Store.(analytics.IdeaScanner)
	if !ok {
		return nil, domain.Errorf(domain.EUNAVAILABLE, "analytics are not available on this server")
	}
	a := &analytics.Service{Ideas: scan, Departments: s.Store, Users: s.Store}
	if r, ok := s.Store.(analytics.ReviewReader); ok {
		a.Reviews = r
	}
	if c, ok := s.Store.(analytics.CampaignLister); ok {
		a.Campaigns = c
	}
	return a, nil
}

// analyticsFilter reads the filter of the analytics routes: from, to (a date-time, or a
// date: from that day's start, to the end of that day), campaign, department, source.
func analyticsFilter(c *gin.Context) (analytics.Filter, error) {
	var f analytics.Filter
	var err error
	if f.From, err = analyticsTime("from", c.Query("from"), false); err != nil {
		return f, err
	}
	if f.To, err = analyticsTime("to", c.Query("to"), true); err != nil {
		return f, err
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.To.After(f.From) {
		return f, domain.Invalid("to", "must be after from")
	}
	f.CampaignID, f.DepartmentID = c.Query("campaign"), c.Query("department")
	if len(f.CampaignID) > 100 || len(f.DepartmentID) > 100 {
		return f, domain.Invalid("campaign", "is not an ID")
	}
	switch src := domain.Source(c.Query("source")); src {
	case "", domain.SourceStaff, domain.SourceCitizen, domain.SourceOtherMunicipality:
		f.Source = src
	default:
		return f, domain.Invalid("source", "must be staff, citizen or other_municipality")
	}
	return f, nil
}

func analyticsTime(field, v string, endOfDay bool) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse("2006-01-02", v); err == nil {
		if endOfDay {
			t = t.AddDate(0, 0, 1)
		}
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, domain.Invalid(field, "must be a date (2026-12-31) or a date-time (RFC 3339)")
}

func analyticsSLADays(c *gin.Context, name string, def int) (int, error) {
	v := c.Query(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 365 {
		return 0, domain.Invalid(name, "must be a number of days from 1 to 365")
	}
	return n, nil
}

// analyticsOptions reads what the dashboard and its exports share: the filter, and the SLA
// targets — the configured ones, or those the request asks for (slaScreeningDays,
// slaEvaluationDays).
func (s *Server) analyticsOptions(c *gin.Context) (analytics.Options, error) {
	f, err := analyticsFilter(c)
	if err != nil {
		return analytics.Options{}, err
	}
	sla := analytics.SLATargets{}
	for k, v := range s.AnalyticsSLA {
		sla[k] = v
	}
	if s.AnalyticsSLA == nil {
		sla = analytics.DefaultSLA()
	}
	for _, q := range []struct {
		name  string
		stage domain.Stage
	}{{"slaScreeningDays", domain.StageScreening}, {"slaEvaluationDays", domain.StageEvaluation}} {
		if sla[q.stage], err = analyticsSLADays(c, q.name, sla[q.stage]); err != nil {
			return analytics.Options{}, err
		}
	}
	return analytics.Options{Filter: f, Now: s.Now(), SLA: sla}, nil
}

// handleAnalyticsFunnel answers the dashboard's figures (see internal/analytics for what
// each one means).
func (s *Server) handleAnalyticsFunnel(c *gin.Context) {
	opts, err := s.analyticsOptions(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	svc, err := s.analyticsService()
	if err != nil {
		s.fail(c, err)
		return
	}
	r, err := svc.Funnel(c.Request.Context(), opts)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "private, no-store")
	c.JSON(http.StatusOK, toFunnelResponse(r))
}

// Response types of the dashboard.

type funnelResponse struct {
	GeneratedAt  time.Time             `json:"generatedAt"`
	Filter       funnelFilterResponse  `json:"filter"`
	Ideas        int                   `json:"ideas"`
	Stages       []stageCountResponse  `json:"stages"`
	Conversion   []conversionResponse  `json:"conversion"`
	TimeInStage  []stageTimeResponse   `json:"timeInStage"`
	SLA          slaResponse           `json:"sla"`
	Throughput   []throughputResponse  `json:"throughput"`
	ByDepartment []breakdownResponse   `json:"byDepartment"`
	ByCampaign   []breakdownResponse   `json:"byCampaign"`
	BySource     []breakdownResponse   `json:"bySource"`
	Pilots       pilotStatsResponse    `json:"pilots"`
	Reviewers    reviewerStatsResponse `json:"reviewers"`
	Agreement    []agreementResponse   `json:"agreement"`
}

type funnelFilterResponse struct {
	From         *time.Time `json:"from"`
	To           *time.Time `json:"to"`
	CampaignID   *string    `json:"campaignId"`
	DepartmentID *string    `json:"departmentId"`
	Source       *string    `json:"source"`
}

type stageCountResponse struct {
	Stage string `json:"stage"`
	Count int    `json:"count"`
}

type conversionResponse struct {
	From          string   `json:"from"`
	To            string   `json:"to"`
	Entered       int      `json:"entered"`
	Advanced      int      `json:"advanced"`
	Pending       int      `json:"pending"`
	Rate          *float64 `json:"rate"`
	RateOfDecided *float64 `json:"rateOfDecided"`
}

type stageTimeResponse struct {
	Stage               string   `json:"stage"`
	Visits              int      `json:"visits"`
	Open                int      `json:"open"`
	MedianDays          *float64 `json:"medianDays"`
	P90Days             *float64 `json:"p90Days"`
	CompletedMedianDays *float64 `json:"completedMedianDays"`
	CompletedP90Days    *float64 `json:"completedP90Days"`
}

type slaResponse struct {
	Targets []slaTargetResponse   `json:"targets"`
	Overdue []overdueIdeaResponse `json:"overdue"`
}

type slaTargetResponse struct {
	Stage   string `json:"stage"`
	Days    int    `json:"days"`
	Waiting int    `json:"waiting"`
	Overdue int    `json:"overdue"`
}

type overdueIdeaResponse struct {
	IdeaID      string    `json:"ideaId"`
	Title       string    `json:"title"`
	Stage       string    `json:"stage"`
	Since       time.Time `json:"since"`
	DaysWaiting float64   `json:"daysWaiting"`
	DaysOverdue float64   `json:"daysOverdue"`
}

type throughputResponse struct {
	Month     string `json:"month"`
	Submitted int    `json:"submitted"`
	Decided   int    `json:"decided"`
	Piloted   int    `json:"piloted"`
	RolledOut int    `json:"rolledOut"`
}

type breakdownResponse struct {
	Key             *string `json:"key"`
	Label           *string `json:"label"`
	Ideas           int     `json:"ideas"`
	Open            int     `json:"open"`
	PassedScreening int     `json:"passedScreening"`
	Piloted         int     `json:"piloted"`
	RolledOut       int     `json:"rolledOut"`
	Implemented     int     `json:"implemented"`
	Rejected        int     `json:"rejected"`
}

type pilotStatsResponse struct {
	Running     int      `json:"running"`
	Finished    int      `json:"finished"`
	KPIsMet     int      `json:"kpisMet"`
	RolledOut   int      `json:"rolledOut"`
	Stopped     int      `json:"stopped"`
	SuccessRate *float64 `json:"successRate"`
	RolloutRate *float64 `json:"rolloutRate"`
	Outcomes    int      `json:"outcomes"`
	OutcomesMet int      `json:"outcomesMet"`
	KPIRate     *float64 `json:"kpiRate"`
}

type reviewerStatsResponse struct {
	Available bool                  `json:"available"`
	Rows      []reviewerRowResponse `json:"rows"`
	Total     reviewerRowResponse   `json:"total"`
}

type reviewerRowResponse struct {
	ReviewerID         *string  `json:"reviewerId"`
	Name               *string  `json:"name"`
	Assigned           int      `json:"assigned"`
	Declined           int      `json:"declined"`
	Submitted          int      `json:"submitted"`
	OnTime             int      `json:"onTime"`
	Late               int      `json:"late"`
	Open               int      `json:"open"`
	Overdue            int      `json:"overdue"`
	Missed             int      `json:"missed"`
	OnTimeRate         *float64 `json:"onTimeRate"`
	MedianDaysToSubmit *float64 `json:"medianDaysToSubmit"`
}

type agreementResponse struct {
	CampaignID *string  `json:"campaignId"`
	Label      *string  `json:"label"`
	Ideas      int      `json:"ideas"`
	Reviews    int      `json:"reviews"`
	Alpha      *float64 `json:"alpha"`
	Rating     string   `json:"rating"`
}

func optTimeAnalytics(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func toFunnelResponse(r *analytics.Report) funnelResponse {
	out := funnelResponse{
		GeneratedAt: r.GeneratedAt,
		Filter: funnelFilterResponse{From: optTimeAnalytics(r.Filter.From), To: optTimeAnalytics(r.Filter.To),
			CampaignID: optString(r.Filter.CampaignID), DepartmentID: optString(r.Filter.DepartmentID), Source: optString(string(r.Filter.Source))},
		Ideas:        r.Ideas,
		Stages:       []stageCountResponse{},
		Conversion:   []conversionResponse{},
		TimeInStage:  []stageTimeResponse{},
		SLA:          slaResponse{Targets: []slaTargetResponse{}, Overdue: []overdueIdeaResponse{}},
		Throughput:   []throughputResponse{},
		ByDepartment: toBreakdowns(r.ByDepartment),
		ByCampaign:   toBreakdowns(r.ByCampaign),
		BySource:     toBreakdowns(r.BySource),
		Pilots: pilotStatsResponse{Running: r.Pilots.Running, Finished: r.Pilots.Finished, KPIsMet: r.Pilots.KPIsMet,
			RolledOut: r.Pilots.RolledOut, Stopped: r.Pilots.Stopped, SuccessRate: r.Pilots.SuccessRate,
			RolloutRate: r.Pilots.RolloutRate, Outcomes: r.Pilots.Outcomes, OutcomesMet: r.Pilots.OutcomesMet, KPIRate: r.Pilots.KPIRate},
		Reviewers: reviewerStatsResponse{Available: r.Reviewers.Available, Rows: []reviewerRowResponse{}, Total: toReviewerRow(r.Reviewers.Total)},
		Agreement: []agreementResponse{},
	}
	for _, s := range r.Stages {
		out.Stages = append(out.Stages, stageCountResponse{Stage: string(s.Stage), Count: s.Count})
	}
	for _, g := range r.Conversion {
		out.Conversion = append(out.Conversion, conversionResponse{From: string(g.From), To: string(g.To), Entered: g.Entered,
			Advanced: g.Advanced, Pending: g.Pending, Rate: g.Rate, RateOfDecided: g.RateOfDecided})
	}
	for _, t := range r.TimeInStage {
		out.TimeInStage = append(out.TimeInStage, stageTimeResponse{Stage: string(t.Stage), Visits: t.Visits, Open: t.Open,
			MedianDays: t.MedianDays, P90Days: t.P90Days, CompletedMedianDays: t.CompletedMedianDays, CompletedP90Days: t.CompletedP90Days})
	}
	for _, t := range r.SLA.Targets {
		out.SLA.Targets = append(out.SLA.Targets, slaTargetResponse{Stage: string(t.Stage), Days: t.Days, Waiting: t.Waiting, Overdue: t.Overdue})
	}
	for _, o := range r.SLA.Overdue {
		out.SLA.Overdue = append(out.SLA.Overdue, overdueIdeaResponse{IdeaID: o.IdeaID, Title: o.Title, Stage: string(o.Stage),
			Since: o.Since, DaysWaiting: o.DaysWaiting, DaysOverdue: o.DaysOverdue})
	}
	for _, m := range r.Throughput {
		out.Throughput = append(out.Throughput, throughputResponse(m))
	}
	for _, row := range r.Reviewers.Rows {
		out.Reviewers.Rows = append(out.Reviewers.Rows, toReviewerRow(row))
	}
	for _, a := range r.Agreement {
		out.Agreement = append(out.Agreement, agreementResponse{CampaignID: optString(a.CampaignID), Label: optString(a.Label),
			Ideas: a.Ideas, Reviews: a.Reviews, Alpha: a.Alpha, Rating: a.Rating})
	}
	return out
}

func toBreakdowns(bs []analytics.Breakdown) []breakdownResponse {
	out := make([]breakdownResponse, 0, len(bs))
	for _, b := range bs {
		out = append(out, breakdownResponse{Key: optString(b.Key), Label: optString(b.Label), Ideas: b.Ideas, Open: b.Open,
			PassedScreening: b.PassedScreening, Piloted: b.Piloted, RolledOut: b.RolledOut, Implemented: b.Implemented, Rejected: b.Rejected})
	}
	return out
}

func toReviewerRow(r analytics.ReviewerRow) reviewerRowResponse {
	return reviewerRowResponse{ReviewerID: optString(r.ReviewerID), Name: optString(strings.TrimSpace(r.Name)), Assigned: r.Assigned,
		Declined: r.Declined, Submitted: r.Submitted, OnTime: r.OnTime, Late: r.Late, Open: r.Open, Overdue: r.Overdue,
		Missed: r.Missed, OnTimeRate: r.OnTimeRate, MedianDaysToSubmit: r.MedianDaysToSubmit}
}
