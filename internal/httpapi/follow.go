package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

type followResponse struct {
	IdeaID        string `json:"ideaId"`
	Following     bool   `json:"following"`
	FollowerCount int    `json:"followerCount"`
}

// handlePutFollow follows an idea (idempotent).
func (s *Server) handlePutFollow(c *gin.Context) {
	i, err := s.engagementIdea(c, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	a := actor(c)
	if err := domain.MayFollow(a, i); err != nil {
		s.fail(c, err)
		return
	}
	if _, err := s.Store.Follow(c.Request.Context(), i.ID, a.UserID); err != nil {
		s.fail(c, err)
		return
	}
	s.respondFollow(c, i.ID, true)
}

// handleDeleteFollow unfollows an idea (idempotent).
func (s *Server) handleDeleteFollow(c *gin.Context) {
	i, err := s.engagementIdea(c, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if _, err := s.Store.Unfollow(c.Request.Context(), i.ID, actor(c).UserID); err != nil {
		s.fail(c, err)
		return
	}
	s.respondFollow(c, i.ID, false)
}

func (s *Server) respondFollow(c *gin.Context, ideaID string, following bool) {
	i, err := s.freshCounts(c.Request.Context(), ideaID)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, followResponse{IdeaID: ideaID, Following: following, FollowerCount: max(i.FollowerCount, 0)})
}
