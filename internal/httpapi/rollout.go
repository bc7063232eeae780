package httpapi

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

type rolloutDepartmentResponse struct {
	DepartmentID string    `json:"departmentId"`
	Status       string    `json:"status"`
	UpdatedAt    time.Time `json:"updatedAt"`
}

type rolloutResponse struct {
	IdeaID      string                      `json:"ideaId"`
	Stage       domain.Stage                `json:"stage"`
	Departments []rolloutDepartmentResponse `json:"departments"`
	// Done counts the departments whose adoption is done.
	Done     int    `json:"done"`
	Reusable bool   `json:"reusable"`
	Contact  string `json:"contact"`
	// ReuseProfileID names the published profile in the shared catalogue.
	ReuseProfileID *string `json:"reuseProfileId"`
	Version        int64   `json:"version"`
}

func writeRollout(c *gin.Context, i *domain.Idea) {
	out := rolloutResponse{IdeaID: i.ID, Stage: i.Stage, Departments: []rolloutDepartmentResponse{}, Version: i.Version}
	if r := i.Rollout; r != nil {
		out.Reusable, out.Contact = r.Reusable, r.Contact
		for _, d := range r.Departments {
			out.Departments = append(out.Departments, rolloutDepartmentResponse(d))
			if d.Status == domain.RolloutDone {
				out.Done++
			}
		}
	}
	if i.ReusePublished {
		out.ReuseProfileID = optString(domain.ReuseProfileID(i.TenantID, i.ID))
	}
	c.Header("ETag", etag(i.Version))
	c.JSON(http.StatusOK, out)
}

// handleGetRollout shows the rollout of an idea to whoever may read the idea.
func (s *Server) handleGetRollout(c *gin.Context) {
	f, ok := s.funnel(c)
	if !ok {
		return
	}
	i, err := f.VisibleIdea(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if i.Rollout == nil {
		s.fail(c, domain.Errorf(domain.ENOTFOUND, "this idea has no rollout"))
		return
	}
	writeRollout(c, i)
}

type putRolloutRequest struct {
	Departments []struct {
		DepartmentID string `json:"departmentId" binding:"required,max=64"`
		Status       string `json:"status" binding:"required,oneof=planned in_progress done"`
	} `json:"departments" binding:"required,min=1,max=100,dive"`
	Reusable bool   `json:"reusable"`
	Contact  string `json:"contact" binding:"max=300,line"`
}

// handlePutRollout sets the departments' status and the reuse flag (cdo); marking the idea
// reusable publishes its reuse profile in the shared catalogue.
func (s *Server) handlePutRollout(c *gin.Context) {
	f, ok := s.funnel(c)
	if !ok {
		return
	}
	var req putRolloutRequest
	if !s.bindJSON(c, &req) {
		return
	}
	v, err := ifMatchVersion(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	in := domain.RolloutInput{Reusable: req.Reusable, Contact: req.Contact}
	for _, d := range req.Departments {
		in.Departments = append(in.Departments, domain.RolloutDepartment{DepartmentID: d.DepartmentID, Status: d.Status})
	}
	i, err := f.UpdateRollout(c.Request.Context(), c.Param("id"), in, v)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeRollout(c, i)
}
