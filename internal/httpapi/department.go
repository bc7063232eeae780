package httpapi

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"golang.org/x/text/unicode/norm"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

func (s *Server) handleListDepartments(c *gin.Context) {
	ds, err := s.Store.FindDepartments(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]departmentResponse, len(ds))
	for i, d := range ds {
		out[i] = toDepartment(d)
	}
	c.JSON(http.StatusOK, newList(out, "", len(out)))
}

type createDepartmentRequest struct {
	Code string `json:"code" binding:"required,min=1,max=12,line,nonblank"`
	Name string `json:"name" binding:"required,min=2,max=120,line,nonblank"`
}

func (s *Server) handleCreateDepartment(c *gin.Context) {
	var req createDepartmentRequest
	if !s.bindJSON(c, &req) {
		return
	}
	// Codes and names are kept without the spaces around them, so " 32" is "32".
	d := &domain.Department{Code: departmentCode(req.Code), Name: strings.TrimSpace(req.Name), Active: true}
	ctx := c.Request.Context()
	if err := s.Store.CreateDepartment(ctx, d); err != nil {
		s.fail(c, err)
		return
	}
	s.auditEngagement(ctx, domain.NewAuditEntry(ctx, "department.create", "department", d.ID, map[string]string{"code": d.Code, "name": d.Name}))
	c.Header("ETag", etag(d.Version))
	c.JSON(http.StatusCreated, toDepartment(d))
}

type patchDepartmentRequest struct {
	Code   *string `json:"code" binding:"omitempty,min=1,max=12,line,nonblank"`
	Name   *string `json:"name" binding:"omitempty,min=2,max=120,line,nonblank"`
	Active *bool   `json:"active"`
}

func (s *Server) handlePatchDepartment(c *gin.Context) {
	var req patchDepartmentRequest
	if !s.bindJSON(c, &req) {
		return
	}
	ctx := c.Request.Context()
	d, err := s.Store.FindDepartmentByID(ctx, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := checkVersion(c, d.Version, false); err != nil {
		s.fail(c, err)
		return
	}
	before := *d
	if req.Code != nil {
		d.Code = departmentCode(*req.Code)
	}
	if req.Name != nil {
		d.Name = strings.TrimSpace(*req.Name)
	}
	if req.Active != nil {
		d.Active = *req.Active
	}
	if err := s.Store.UpdateDepartment(ctx, d); err != nil {
		s.fail(c, err)
		return
	}
	details := map[string]string{}
	if before.Code != d.Code {
		details["code"] = d.Code
	}
	if before.Name != d.Name {
		details["name"] = d.Name
	}
	if before.Active != d.Active {
		details["active"] = strconv.FormatBool(d.Active)
	}
	if len(details) > 0 {
		s.auditEngagement(ctx, domain.NewAuditEntry(ctx, "department.update", "department", d.ID, details))
	}
	c.Header("ETag", etag(d.Version))
	c.JSON(http.StatusOK, toDepartment(d))
}

// departmentCode is a code as stored: trimmed, and in its compatibility form, so "０１" typed
// with a Japanese or Chinese input method is "01" (NFKC).
func departmentCode(code string) string {
	return strings.TrimSpace(norm.NFKC.String(code))
}
