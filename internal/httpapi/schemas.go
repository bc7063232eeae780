package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/api"
	"github.com/ideenwerk/ideenwerk/internal/domain"
)

var errNoSuchSchema = domain.Errorf(domain.ENOTFOUND, "no such schema; see /api/docs")

// handleSchema serves one of the published JSON Schemas (reuse profile, open data), so
// another city's developers can validate what they read from or send to Ideenwerk.
func (s *Server) handleSchema(c *gin.Context) {
	var b []byte
	switch c.Param("name") {
	case "reuse-profile.json":
		b = api.ReuseProfileSchema
	case "open-data.json":
		b = api.OpenDataSchema
	default:
		s.fail(c, errNoSuchSchema)
		return
	}
	c.Header("Cache-Control", "public, max-age=3600")
	c.Data(http.StatusOK, "application/schema+json", b)
}
