package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

func (s *Server) tenantResponse(t *domain.Tenant) tenantResponse {
	return tenantResponse{
		ID: t.ID, Slug: t.Slug, Name: t.Name, Branding: brandingResponse(t.Branding), Features: s.features(),
	}
}

func (s *Server) features() []string {
	f := []string{"local-login"}
	if s.OIDCEnabled {
		f = append(f, "oidc")
	}
	return f
}

func (s *Server) handleGetTenant(c *gin.Context) {
	c.JSON(http.StatusOK, s.tenantResponse(domain.TenantFromContext(c.Request.Context())))
}

type patchTenantRequest struct {
	Name         *string `json:"name" binding:"omitempty,min=2,max=120,line"`
	PrimaryColor *string `json:"primaryColor" binding:"omitempty,hexcolor,len=7"`
	LogoURL      *string `json:"logoUrl" binding:"omitempty,max=500,http_url"`
	ContactEmail *string `json:"contactEmail" binding:"omitempty,max=254,email"`
	ImprintURL   *string `json:"imprintUrl" binding:"omitempty,max=500,http_url"`
	PrivacyURL   *string `json:"privacyUrl" binding:"omitempty,max=500,http_url"`
}

// handlePatchTenant lets the tenant's admin change its name and branding; hosts are managed
// with the CLI by the operator of the deployment.
func (s *Server) handlePatchTenant(c *gin.Context) {
	var req patchTenantRequest
	if !s.bindJSON(c, &req) {
		return
	}
	t := *domain.TenantFromContext(c.Request.Context())
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&t.Name, req.Name)
	set(&t.Branding.PrimaryColor, req.PrimaryColor)
	set(&t.Branding.LogoURL, req.LogoURL)
	set(&t.Branding.ContactEmail, req.ContactEmail)
	set(&t.Branding.ImprintURL, req.ImprintURL)
	set(&t.Branding.PrivacyURL, req.PrivacyURL)
	if err := s.Store.UpdateTenant(c.Request.Context(), &t); err != nil {
		s.fail(c, err)
		return
	}
	s.Tenants.Invalidate()
	c.JSON(http.StatusOK, s.tenantResponse(&t))
}
