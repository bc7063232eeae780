package httpapi

import (
	"net/http"
	"strings"

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
	ctx := c.Request.Context()
	t := *domain.TenantFromContext(ctx)
	var changed []string
	set := func(field string, dst *string, v *string) {
		if v != nil && *dst != *v {
			*dst = *v
			changed = append(changed, field)
		}
	}
	set("name", &t.Name, req.Name)
	set("primaryColor", &t.Branding.PrimaryColor, req.PrimaryColor)
	set("logoUrl", &t.Branding.LogoURL, req.LogoURL)
	set("contactEmail", &t.Branding.ContactEmail, req.ContactEmail)
	set("imprintUrl", &t.Branding.ImprintURL, req.ImprintURL)
	set("privacyUrl", &t.Branding.PrivacyURL, req.PrivacyURL)
	if err := s.Store.UpdateTenant(ctx, &t); err != nil {
		s.fail(c, err)
		return
	}
	if len(changed) > 0 {
		s.auditEngagement(ctx, domain.NewAuditEntry(ctx, "tenant.update", "tenant", t.ID, map[string]string{"changed": strings.Join(changed, ",")}))
	}
	s.Tenants.Invalidate()
	c.JSON(http.StatusOK, s.tenantResponse(&t))
}
