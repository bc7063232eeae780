package httpapi

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

type criteriaSetResponse struct {
	ID          string              `json:"id"`
	Name        string              `json:"name"`
	Description string              `json:"description"`
	Criteria    []criterionResponse `json:"criteria"`
	// InUse: reviews or campaigns refer to the set; its criteria keys are frozen.
	InUse     bool      `json:"inUse"`
	IsDefault bool      `json:"isDefault"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

func toCriteriaSet(cs *domain.CriteriaSet, defaultID string) criteriaSetResponse {
	r := criteriaSetResponse{ID: cs.ID, Name: cs.Name, Description: cs.Description, Criteria: []criterionResponse{}, InUse: cs.InUse,
		IsDefault: cs.ID == defaultID, Version: cs.Version, CreatedAt: cs.CreatedAt, UpdatedAt: cs.UpdatedAt}
	for _, c := range cs.Criteria {
		r.Criteria = append(r.Criteria, criterionResponse(c))
	}
	return r
}

type criteriaSetRequest struct {
	Name        string `json:"name" binding:"required,min=2,max=120,line,nonblank"`
	Description string `json:"description" binding:"max=2000,text"`
	Criteria    []struct {
		Key         string `json:"key" binding:"required,max=40"`
		Label       string `json:"label" binding:"required,min=2,max=120,line"`
		Description string `json:"description" binding:"max=1000,text"`
		Weight      int    `json:"weight" binding:"required,min=1,max=100"`
	} `json:"criteria" binding:"required,min=1,max=12,dive"`
	// IsDefault makes the set the default for ideas outside campaigns.
	IsDefault bool `json:"isDefault"`
}

func (r *criteriaSetRequest) apply(cs *domain.CriteriaSet) {
	cs.Name, cs.Description, cs.Criteria = r.Name, r.Description, nil
	for _, c := range r.Criteria {
		cs.Criteria = append(cs.Criteria, domain.Criterion{Key: c.Key, Label: c.Label, Description: c.Description, Weight: c.Weight})
	}
}

// defaultCriteriaSetID ensures the seeded default set and returns the default's ID.
func (s *Server) defaultCriteriaSetID(c *gin.Context, f *domain.Funnel) (string, error) {
	cs, err := f.Criteria.EnsureDefaultCriteriaSet(c.Request.Context())
	if err != nil {
		return "", err
	}
	return cs.ID, nil
}

func (s *Server) handleListCriteriaSets(c *gin.Context) {
	f, ok := s.funnel(c)
	if !ok {
		return
	}
	def, err := s.defaultCriteriaSetID(c, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	sets, err := f.Criteria.FindCriteriaSets(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]criteriaSetResponse, len(sets))
	for n, cs := range sets {
		out[n] = toCriteriaSet(cs, def)
	}
	c.JSON(http.StatusOK, newList(out, "", len(out)))
}

func (s *Server) handleGetCriteriaSet(c *gin.Context) {
	f, ok := s.funnel(c)
	if !ok {
		return
	}
	def, err := s.defaultCriteriaSetID(c, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	cs, err := f.Criteria.FindCriteriaSetByID(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("ETag", etag(cs.Version))
	c.JSON(http.StatusOK, toCriteriaSet(cs, def))
}

func (s *Server) handleCreateCriteriaSet(c *gin.Context) {
	f, ok := s.funnel(c)
	if !ok {
		return
	}
	var req criteriaSetRequest
	if !s.bindJSON(c, &req) {
		return
	}
	cs := &domain.CriteriaSet{}
	req.apply(cs)
	if err := cs.Validate(); err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	if err := f.Criteria.CreateCriteriaSet(ctx, cs); err != nil {
		s.fail(c, err)
		return
	}
	s.recordAudit(ctx, domain.AuditCriteriaCreate, "criteria_set", cs.ID, nil)
	def, err := s.setDefaultCriteria(c, f, cs.ID, req.IsDefault)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("ETag", etag(cs.Version))
	c.JSON(http.StatusCreated, toCriteriaSet(cs, def))
}

// setDefaultCriteria makes id the default set when asked and returns the default's ID.
func (s *Server) setDefaultCriteria(c *gin.Context, f *domain.Funnel, id string, makeDefault bool) (string, error) {
	if !makeDefault {
		return s.defaultCriteriaSetID(c, f)
	}
	ctx := c.Request.Context()
	for range 5 {
		st, err := f.Settings.FindFunnelSettings(ctx)
		if err != nil {
			return "", err
		}
		st.DefaultCriteriaSetID = id
		err = f.Settings.SaveFunnelSettings(ctx, st)
		if domain.ErrorCode(err) == domain.EPRECONDITIONFAILED {
			continue
		}
		return id, err
	}
	return "", domain.Conflict(domain.RBusy, "the settings are being changed right now; try again")
}

// handlePutCriteriaSet replaces a set's name, description and criteria (cdo); a set in use
// keeps its keys (409).
func (s *Server) handlePutCriteriaSet(c *gin.Context) {
	f, ok := s.funnel(c)
	if !ok {
		return
	}
	var req criteriaSetRequest
	if !s.bindJSON(c, &req) {
		return
	}
	ctx := c.Request.Context()
	cs, err := f.Criteria.FindCriteriaSetByID(ctx, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := checkVersion(c, cs.Version, false); err != nil {
		s.fail(c, err)
		return
	}
	req.apply(cs)
	if err := cs.Validate(); err != nil {
		s.fail(c, err)
		return
	}
	if err := f.Criteria.UpdateCriteriaSet(ctx, cs); err != nil {
		s.fail(c, err)
		return
	}
	s.recordAudit(ctx, domain.AuditCriteriaUpdate, "criteria_set", cs.ID, nil)
	def, err := s.setDefaultCriteria(c, f, cs.ID, req.IsDefault)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("ETag", etag(cs.Version))
	c.JSON(http.StatusOK, toCriteriaSet(cs, def))
}
