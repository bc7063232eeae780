package httpapi

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// GET /public/export.json: the open data of a municipality — its public ideas that passed
// screening (exactly those anonymous visitors may see), with their history, pilots and
// rollouts. The format is api/open-data.schema.json (version OpenDataVersion). It holds
// no personal data: no names, no e-mail addresses, no user IDs; departments appear by
// code and name, campaigns by ID and title. The text of ideas and the reasons of decisions
// are published as the transparency page shows them.

// OpenDataVersion is the version of the open-data format.
const OpenDataVersion = "1.0"

type openDataRef struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

type openDataCampaign struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

type openDataDecision struct {
	From   string    `json:"from"`
	To     string    `json:"to"`
	At     time.Time `json:"at"`
	Reason string    `json:"reason"`
}

type openDataKPI struct {
	Name      string   `json:"name"`
	Unit      string   `json:"unit"`
	Direction string   `json:"direction"`
	Baseline  float64  `json:"baseline"`
	Target    float64  `json:"target"`
	Result    *float64 `json:"result"`
	Met       *bool    `json:"met"`
}

type openDataPilot struct {
	Department     *openDataRef  `json:"department"`
	StartDate      time.Time     `json:"startDate"`
	EndDate        time.Time     `json:"endDate"`
	BudgetEUR      float64       `json:"budgetEur"`
	KPIs           []openDataKPI `json:"kpis"`
	LessonsLearned *string       `json:"lessonsLearned"`
}

type openDataRolloutDepartment struct {
	Department *openDataRef `json:"department"`
	Status     string       `json:"status"`
}

type openDataRollout struct {
	Departments []openDataRolloutDepartment `json:"departments"`
	Reusable    bool                        `json:"reusable"`
}

type openDataIdea struct {
	ID              string             `json:"id"`
	Title           string             `json:"title"`
	Summary         string             `json:"summary"`
	Description     string             `json:"description"`
	Problem         string             `json:"problem"`
	ExpectedBenefit string             `json:"expectedBenefit"`
	TargetGroups    []string           `json:"targetGroups"`
	Tags            []string           `json:"tags"`
	Department      *openDataRef       `json:"department"`
	Campaign        *openDataCampaign  `json:"campaign"`
	Source          string             `json:"source"`
	Stage           string             `json:"stage"`
	SubmittedAt     *time.Time         `json:"submittedAt"`
	StageSince      time.Time          `json:"stageSince"`
	SupportCount    int                `json:"supportCount"`
	CommentCount    int                `json:"commentCount"`
	History         []openDataDecision `json:"history"`
	Pilot           *openDataPilot     `json:"pilot"`
	Rollout         *openDataRollout   `json:"rollout"`
}

// isOpenData reports whether an idea belongs to the open data: what an anonymous visitor
// may see (domain.CanSeeIdea without an actor).
func isOpenData(i *domain.Idea) bool {
	return i.Stage != domain.StageDraft && domain.CanSeeIdea(nil, i)
}

func toOpenDataIdea(i *domain.Idea, deps map[string]openDataRef, camps map[string]string) openDataIdea {
	dep := func(id string) *openDataRef {
		if d, ok := deps[id]; ok {
			return &d
		}
		return nil
	}
	o := openDataIdea{
		ID: i.ID, Title: i.Title, Summary: i.Summary, Description: i.Description, Problem: i.Problem,
		ExpectedBenefit: i.ExpectedBenefit, TargetGroups: openDataStrings(i.TargetGroups), Tags: openDataStrings(i.Tags),
		Department: dep(i.DepartmentID), Source: string(i.Source), Stage: string(i.Stage), StageSince: i.StageSince.UTC(),
		SupportCount: i.SupportCount, CommentCount: i.CommentCount, History: []openDataDecision{},
	}
	if t, ok := camps[i.CampaignID]; ok {
		o.Campaign = &openDataCampaign{ID: i.CampaignID, Title: t}
	}
	for _, d := range i.Decisions {
		if d.From == domain.StageDraft && d.To == domain.StageSubmitted && o.SubmittedAt == nil {
			at := d.At.UTC()
			o.SubmittedAt = &at
		}
		od := openDataDecision{From: string(d.From), To: string(d.To), At: d.At.UTC(), Reason: d.Reason}
		if i.PrivateReason(d) {
			od.Reason = ""
		}
		o.History = append(o.History, od)
	}
	if o.SubmittedAt == nil && !i.SubmittedAt.IsZero() {
		at := i.SubmittedAt.UTC()
		o.SubmittedAt = &at
	}
	if p := i.Pilot; p != nil {
		op := &openDataPilot{Department: dep(p.Plan.DepartmentID), StartDate: p.Plan.StartDate.UTC(), EndDate: p.Plan.EndDate.UTC(),
			BudgetEUR: p.Plan.BudgetEUR, KPIs: []openDataKPI{}}
		for _, k := range p.Plan.KPIs {
			ok := openDataKPI{Name: k.Name, Unit: k.Unit, Direction: k.Direction, Baseline: k.Baseline, Target: k.Target}
			if p.Results != nil {
				for _, r := range p.Results.Outcomes {
					if r.KPIKey == k.Key {
						v, met := r.Value, r.Met
						ok.Result, ok.Met = &v, &met
					}
				}
			}
			op.KPIs = append(op.KPIs, ok)
		}
		if p.Results != nil && p.Results.LessonsLearned != "" {
			l := p.Results.LessonsLearned
			op.LessonsLearned = &l
		}
		o.Pilot = op
	}
	if r := i.Rollout; r != nil {
		or := &openDataRollout{Departments: []openDataRolloutDepartment{}, Reusable: r.Reusable}
		for _, d := range r.Departments {
			or.Departments = append(or.Departments, openDataRolloutDepartment{Department: dep(d.DepartmentID), Status: d.Status})
		}
		o.Rollout = or
	}
	return o
}

func openDataStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// handlePublicExport streams the open data of the request's tenant.
func (s *Server) handlePublicExport(c *gin.Context) {
	ctx := c.Request.Context()
	t := domain.TenantFromContext(ctx)
	svc, err := s.analyticsService()
	if err != nil {
		s.fail(c, err)
		return
	}
	deps := map[string]openDataRef{}
	ds, err := s.Store.FindDepartments(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, d := range ds {
		deps[d.ID] = openDataRef{Code: d.Code, Name: d.Name}
	}
	// Only campaigns the public may see are named.
	camps := map[string]string{}
	if svc.Campaigns != nil {
		cs, err := svc.Campaigns.FindCampaigns(ctx)
		if err != nil {
			s.fail(c, err)
			return
		}
		for _, cp := range cs {
			if cp.Audience == domain.VisibilityPublic && cp.Status != domain.CampaignDraft {
				camps[cp.ID] = cp.Title
			}
		}
	}
	head, err := json.Marshal(map[string]any{
		"schemaVersion": OpenDataVersion,
		"publisher":     map[string]string{"name": t.Name, "slug": t.Slug},
		"generatedAt":   s.Now().UTC(),
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	h := c.Writer.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("Access-Control-Allow-Origin", "*")
	c.Status(http.StatusOK)
	bw := bufio.NewWriterSize(c.Writer, 32<<10)
	_, err = io.WriteString(bw, string(head[:len(head)-1])+`,"ideas":[`)
	n := 0
	if err == nil {
		err = svc.ScanIdeas(ctx, func(i *domain.Idea) error {
			if !isOpenData(i) {
				return nil
			}
			b, err := json.Marshal(toOpenDataIdea(i, deps, camps))
			if err != nil {
				return err
			}
			if n > 0 {
				bw.WriteByte(',')
			}
			bw.WriteByte('\n')
			n++
			_, err = bw.Write(b)
			return err
		})
	}
	if err == nil {
		_, err = io.WriteString(bw, "\n]}\n")
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		s.logger.ErrorContext(ctx, "open data export interrupted", "err", err, "ideas", n)
		panic(http.ErrAbortHandler)
	}
}
