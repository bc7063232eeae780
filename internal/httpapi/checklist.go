package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

type checklistItemResponse struct {
	Key      string `json:"key"`
	Label    string `json:"label"`
	Required bool   `json:"required"`
}

type checklistResponse struct {
	Items   []checklistItemResponse `json:"items"`
	Version int64                   `json:"version"`
}

func writeChecklist(c *gin.Context, st *domain.FunnelSettings) {
	out := checklistResponse{Items: []checklistItemResponse{}, Version: st.Version}
	for _, it := range st.Checklist {
		out.Items = append(out.Items, checklistItemResponse(it))
	}
	if st.Version > 0 {
		c.Header("ETag", etag(st.Version))
	}
	c.JSON(http.StatusOK, out)
}

// handleGetChecklist shows the tenant's gate checklist (the default until the cdo saves one).
func (s *Server) handleGetChecklist(c *gin.Context) {
	f, ok := s.funnel(c)
	if !ok {
		return
	}
	st, err := f.Settings.FindFunnelSettings(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	writeChecklist(c, st)
}

type putChecklistRequest struct {
	Items []struct {
		Key      string `json:"key" binding:"required,max=40"`
		Label    string `json:"label" binding:"required,min=2,max=200,line"`
		Required bool   `json:"required"`
	} `json:"items" binding:"max=30,dive"`
}

// handlePutChecklist replaces the tenant's gate checklist (cdo).
func (s *Server) handlePutChecklist(c *gin.Context) {
	f, ok := s.funnel(c)
	if !ok {
		return
	}
	var req putChecklistRequest
	if !s.bindJSON(c, &req) {
		return
	}
	ctx := c.Request.Context()
	st, err := f.Settings.FindFunnelSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	if st.Version > 0 {
		if err := checkVersion(c, st.Version, false); err != nil {
			s.fail(c, err)
			return
		}
	}
	st.Checklist = nil
	for _, it := range req.Items {
		st.Checklist = append(st.Checklist, domain.ChecklistItem{Key: it.Key, Label: it.Label, Required: it.Required})
	}
	if err := domain.ValidateChecklist(st.Checklist); err != nil {
		s.fail(c, err)
		return
	}
	if err := f.Settings.SaveFunnelSettings(ctx, st); err != nil {
		s.fail(c, err)
		return
	}
	s.recordAudit(ctx, domain.AuditChecklistUpdate, "settings", "checklist", nil)
	writeChecklist(c, st)
}
