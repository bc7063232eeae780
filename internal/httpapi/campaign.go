package httpapi

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

type campaignResponse struct {
	ID                  string     `json:"id"`
	Title               string     `json:"title"`
	Question            string     `json:"question"`
	Description         string     `json:"description"`
	DescriptionHTML     string     `json:"descriptionHtml"`
	Audience            string     `json:"audience"`
	Status              string     `json:"status"`
	AcceptingIdeas      bool       `json:"acceptingIdeas"`
	OpensAt             *time.Time `json:"opensAt"`
	ClosesAt            *time.Time `json:"closesAt"`
	OpenedAt            *time.Time `json:"openedAt"`
	ClosedAt            *time.Time `json:"closedAt"`
	CriteriaSetID       *string    `json:"criteriaSetId"`
	ReviewersPerIdea    int        `json:"reviewersPerIdea"`
	SponsorDepartmentID *string    `json:"sponsorDepartmentId"`
	Version             int64      `json:"version"`
	CreatedAt           time.Time  `json:"createdAt"`
	UpdatedAt           time.Time  `json:"updatedAt"`
}

func (s *Server) toCampaign(cp *domain.Campaign) campaignResponse {
	return campaignResponse{
		ID: cp.ID, Title: cp.Title, Question: cp.Question, Description: cp.Description,
		DescriptionHTML: s.Markdown.Full(cp.Description), Audience: string(cp.Audience), Status: string(cp.Status),
		AcceptingIdeas: cp.AcceptsIdeas(s.Now()), OpensAt: optTime(cp.OpensAt), ClosesAt: optTime(cp.ClosesAt),
		OpenedAt: optTime(cp.OpenedAt), ClosedAt: optTime(cp.ClosedAt), CriteriaSetID: optString(cp.CriteriaSetID),
		ReviewersPerIdea: cp.ReviewersPerIdea, SponsorDepartmentID: optString(cp.SponsorDepartmentID),
		Version: cp.Version, CreatedAt: cp.CreatedAt, UpdatedAt: cp.UpdatedAt,
	}
}

func (s *Server) campaignStore() (domain.CampaignStore, error) {
	st, ok := s.Store.(domain.CampaignStore)
	if !ok {
		return nil, errors.New("the campaign store is not available")
	}
	return st, nil
}

// handleListCampaigns lists the campaigns the caller may see, newest first (campaigns are
// few, so the list is one page).
func (s *Server) handleListCampaigns(c *gin.Context) {
	status := c.Query("status")
	if status != "" && !domain.ValidCampaignStatus(domain.CampaignStatus(status)) {
		s.fail(c, domain.Invalid("status", "must be draft, open or closed"))
		return
	}
	st, err := s.campaignStore()
	if err != nil {
		s.fail(c, err)
		return
	}
	cs, err := st.FindCampaigns(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	a := actor(c)
	out := []campaignResponse{}
	for _, cp := range cs {
		if domain.CanSeeCampaign(a, cp) && (status == "" || string(cp.Status) == status) {
			out = append(out, s.toCampaign(cp))
		}
	}
	c.JSON(http.StatusOK, newList(out, "", len(out)))
}

func (s *Server) handleGetCampaign(c *gin.Context) {
	st, err := s.campaignStore()
	if err != nil {
		s.fail(c, err)
		return
	}
	cp, err := st.FindCampaignByID(c.Request.Context(), c.Param("id"))
	if err == nil && !domain.CanSeeCampaign(actor(c), cp) {
		err = domain.Errorf(domain.ENOTFOUND, "campaign not found")
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("ETag", etag(cp.Version))
	c.JSON(http.StatusOK, s.toCampaign(cp))
}

type campaignRequest struct {
	Title               *string `json:"title" binding:"omitempty,min=5,max=120,line,nonblank"`
	Question            *string `json:"question" binding:"omitempty,max=300,text"`
	Description         *string `json:"description" binding:"omitempty,max=20000,text"`
	Audience            *string `json:"audience" binding:"omitempty,oneof=internal public"`
	Status              *string `json:"status" binding:"omitempty,oneof=draft open closed"`
	OpensAt             *string `json:"opensAt" binding:"omitempty,max=40"`
	ClosesAt            *string `json:"closesAt" binding:"omitempty,max=40"`
	CriteriaSetID       *string `json:"criteriaSetId" binding:"omitempty,max=64,line"`
	ReviewersPerIdea    *int    `json:"reviewersPerIdea" binding:"omitempty,min=1,max=10"`
	SponsorDepartmentID *string `json:"sponsorDepartmentId" binding:"omitempty,max=64,line"`
}

// apply writes the request's fields to cp; an empty date string clears the date.
func (s *Server) applyCampaign(c *gin.Context, cp *domain.Campaign, req *campaignRequest) error {
	str := func(dst *string, v *string) {
		if v != nil {
			*dst = strings.TrimSpace(*v)
		}
	}
	str(&cp.Title, req.Title)
	str(&cp.Question, req.Question)
	if req.Description != nil {
		cp.Description = *req.Description
	}
	if req.CriteriaSetID != nil && strings.TrimSpace(*req.CriteriaSetID) != cp.CriteriaSetID {
		id := strings.TrimSpace(*req.CriteriaSetID)
		if id != "" {
			// The set must exist, and once a campaign uses it its criteria keys are frozen.
			if _, err := s.Funnel.Criteria.FindCriteriaSetByID(c.Request.Context(), id); err != nil {
				if domain.ErrorCode(err) == domain.ENOTFOUND {
					return domain.InvalidFor("criteriaSetId", domain.RNoSuchCriteriaSet, "no such criteria set")
				}
				return err
			}
			if err := s.Funnel.Criteria.MarkCriteriaSetInUse(c.Request.Context(), id); err != nil {
				return err
			}
		}
		cp.CriteriaSetID = id
	}
	if req.Audience != nil {
		cp.Audience = domain.Visibility(*req.Audience)
	}
	if req.ReviewersPerIdea != nil {
		cp.ReviewersPerIdea = *req.ReviewersPerIdea
	}
	for _, d := range []struct {
		name string
		v    *string
		dst  *time.Time
	}{{"opensAt", req.OpensAt, &cp.OpensAt}, {"closesAt", req.ClosesAt, &cp.ClosesAt}} {
		if d.v == nil {
			continue
		}
		if *d.v == "" {
			*d.dst = time.Time{}
			continue
		}
		t, err := time.Parse(time.RFC3339, *d.v)
		if err != nil {
			return domain.Invalid(d.name, "must be a date-time like 2026-05-01T00:00:00Z")
		}
		*d.dst = t.UTC()
	}
	if req.SponsorDepartmentID != nil && *req.SponsorDepartmentID != cp.SponsorDepartmentID {
		if *req.SponsorDepartmentID != "" {
			d, err := s.Store.FindDepartmentByID(c.Request.Context(), *req.SponsorDepartmentID)
			if err != nil {
				if domain.ErrorCode(err) == domain.ENOTFOUND {
					return domain.InvalidFor("sponsorDepartmentId", domain.RNoSuchDepartment, "no such department")
				}
				return err
			}
			if !d.Active {
				return domain.InvalidFor("sponsorDepartmentId", domain.RInactiveDepartment, "is not an active department of this municipality")
			}
		}
		cp.SponsorDepartmentID = *req.SponsorDepartmentID
	}
	if err := cp.Validate(); err != nil {
		return err
	}
	if req.Status != nil {
		return cp.SetStatus(domain.CampaignStatus(*req.Status), s.Now().UTC())
	}
	return nil
}

// handleCreateCampaign creates a campaign (cdo); it starts as a draft unless status says open.
func (s *Server) handleCreateCampaign(c *gin.Context) {
	var req campaignRequest
	if !s.bindJSON(c, &req) {
		return
	}
	if req.Title == nil || req.Audience == nil {
		f := "title"
		if req.Title != nil {
			f = "audience"
		}
		s.fail(c, domain.Invalid(f, "is required"))
		return
	}
	st, err := s.campaignStore()
	if err != nil {
		s.fail(c, err)
		return
	}
	cp := &domain.Campaign{Status: domain.CampaignDraft, ReviewersPerIdea: domain.ReviewersPerIdeaDefault, CreatedBy: actor(c).UserID}
	if err := s.applyCampaign(c, cp, &req); err != nil {
		s.fail(c, err)
		return
	}
	if err := st.CreateCampaign(c.Request.Context(), cp); err != nil {
		s.fail(c, err)
		return
	}
	s.recordCampaignAudit(c, "campaign.create", cp)
	c.Header("ETag", etag(cp.Version))
	c.Header("Location", "/api/v1/campaigns/"+cp.ID)
	c.JSON(http.StatusCreated, s.toCampaign(cp))
}

// handlePatchCampaign edits a campaign or moves its status forward (cdo).
func (s *Server) handlePatchCampaign(c *gin.Context) {
	var req campaignRequest
	if !s.bindJSON(c, &req) {
		return
	}
	st, err := s.campaignStore()
	if err != nil {
		s.fail(c, err)
		return
	}
	cp, err := st.FindCampaignByID(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := checkVersion(c, cp.Version, false); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.applyCampaign(c, cp, &req); err != nil {
		s.fail(c, err)
		return
	}
	if err := st.UpdateCampaign(c.Request.Context(), cp); err != nil {
		s.fail(c, err)
		return
	}
	s.recordCampaignAudit(c, "campaign.update", cp)
	c.Header("ETag", etag(cp.Version))
	c.JSON(http.StatusOK, s.toCampaign(cp))
}

func (s *Server) recordCampaignAudit(c *gin.Context, action string, cp *domain.Campaign) {
	ctx := c.Request.Context()
	if r, ok := s.Store.(domain.AuditRecorder); ok {
		e := domain.NewAuditEntry(ctx, action, "campaign", cp.ID, map[string]string{"status": string(cp.Status)})
		if err := r.RecordAudit(ctx, e); err != nil {
			s.logger.ErrorContext(ctx, "audit record failed", "err", err, "action", action)
		}
	}
}
