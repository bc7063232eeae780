package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

type statusResponse struct {
	Status string `json:"status"`
}

// handleHealthz reports that the process is up; it does not touch the store.
func (s *Server) handleHealthz(c *gin.Context) {
	c.JSON(http.StatusOK, statusResponse{Status: "ok"})
}

// handleReadyz reports whether the store answers a ping.
func (s *Server) handleReadyz(c *gin.Context) {
	// The store monitor's finding first: during an outage it answers at once.
	if s.store.down.Load() {
		c.Header("Retry-After", "2")
		c.JSON(http.StatusServiceUnavailable, statusResponse{Status: "store unavailable"})
		return
	}
	if err := s.Store.Ping(c.Request.Context()); err != nil {
		// A refused connection is an outage at once, as the monitor judges it: the API then
		// refuses requests from now on instead of until the monitor's next ping (up to a
		// second later), so that /readyz failing and the API answering 503 agree.
		if domain.ErrorCode(err) == domain.EUNAVAILABLE {
			s.noteStoreDown(err)
		}
		c.Header("Retry-After", "2")
		c.JSON(http.StatusServiceUnavailable, statusResponse{Status: "store unavailable"})
		return
	}
	c.JSON(http.StatusOK, statusResponse{Status: "ok"})
}

func (s *Server) handleOpenAPI(c *gin.Context) {
	c.Header("Cache-Control", "no-cache")
	c.Data(http.StatusOK, "application/yaml; charset=utf-8", s.OpenAPI)
}
