package httpapi

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

func (s *Server) tenantResponse(t *domain.Tenant) tenantResponse {
	return tenantResponse{
		ID: t.ID, Slug: t.Slug, Name: t.Name, Branding: brandingResponse(t.Branding), Features: s.features(), Version: t.Version,
	}
}

func (s *Server) features() []string {
	f := []string{"local-login"}
	if s.OIDCEnabled {
		f = append(f, "oidc")
	}
	return f
}

// handleGetTenant shows the tenant of the request's host. Everyone gets the resolver's copy
// (at most seconds old); an admin, who may change it, the stored one with its ETag.
func (s *Server) handleGetTenant(c *gin.Context) {
	ctx := c.Request.Context()
	t := domain.TenantFromContext(ctx)
	if actor(c).Has(domain.RoleAdmin) {
		fresh, err := s.Store.FindTenantBySlug(ctx, t.Slug)
		if err != nil {
			s.fail(c, err)
			return
		}
		t = fresh
		c.Header("ETag", etag(t.Version))
	}
	c.JSON(http.StatusOK, s.tenantResponse(t))
}

type patchTenantRequest struct {
	Name         *string `json:"name" binding:"omitempty,min=2,max=120,line,nonblank"`
	PrimaryColor *string `json:"primaryColor" binding:"omitempty,hexcolor,len=7"`
	// An empty URL removes it. The logo must be https: the SPA's content security policy
	// shows no images from plain http.
	LogoURL      *string `json:"logoUrl" binding:"omitempty,max=500,https_url_or_empty"`
	ContactEmail *string `json:"contactEmail" binding:"omitempty,max=254,email"`
	ImprintURL   *string `json:"imprintUrl" binding:"omitempty,max=500,http_url_or_empty"`
	PrivacyURL   *string `json:"privacyUrl" binding:"omitempty,max=500,http_url_or_empty"`
}

// handlePatchTenant lets the tenant's admin change its name and branding; hosts are managed
// with the CLI by the operator of the deployment.
func (s *Server) handlePatchTenant(c *gin.Context) {
	var req patchTenantRequest
	if !s.bindJSON(c, &req) {
		return
	}
	ctx := c.Request.Context()
	// The stored tenant, not the resolver's copy: what is written back is what was there.
	fresh, err := s.Store.FindTenantBySlug(ctx, domain.TenantFromContext(ctx).Slug)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := checkVersion(c, fresh.Version, false); err != nil {
		s.fail(c, err)
		return
	}
	t := *fresh
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
	c.Header("ETag", etag(t.Version))
	c.JSON(http.StatusOK, s.tenantResponse(&t))
}
