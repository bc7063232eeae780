package httpapi

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Engagement handlers (supports, follows, comments, attachments) share these helpers.

// engagementIdea loads the idea of the request with the one visibility rule (visibleIdea):
// an idea the caller may not see does not exist for them.
//
// The idea comes from the idea index when it has it — the shared slim copy, which must not
// be changed, with everything the visibility and engagement rules look at — and is as
// fresh as the lists: a change made on another instance a moment ago may not be there yet,
// and the write that follows still fails if the idea is gone.
func (s *Server) engagementIdea(c *gin.Context, id string) (*domain.Idea, error) {
	ctx := c.Request.Context()
	a := actor(c)
	if tid, err := domain.TenantID(ctx); err == nil {
		if i, ok := s.IdeaIndex.Get(tid, id); ok {
			if !domain.CanSeeIdea(a, i) {
				return nil, domain.Errorf(domain.ENOTFOUND, "idea not found")
			}
			return i, nil
		}
	}
	return s.visibleIdea(ctx, a, id)
}

// freshCounts returns an idea's counters after this request changed them: from the idea
// index, which this instance's writes update before they return, else from the store.
func (s *Server) freshCounts(ctx context.Context, id string) (*domain.Idea, error) {
	if tid, err := domain.TenantID(ctx); err == nil {
		if i, ok := s.IdeaIndex.Get(tid, id); ok {
			return i, nil
		}
	}
	st, err := s.ideaStore()
	if err != nil {
		return nil, err
	}
	return st.FindIdeaByID(ctx, id)
}

// userRef names a user to other users: ID and display name, never the e-mail address.
type userRef struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	// Deleted marks content of an account that was deleted (GDPR); the name is then empty.
	Deleted bool `json:"deleted"`
}

type supportResponse struct {
	IdeaID       string `json:"ideaId"`
	Supported    bool   `json:"supported"`
	SupportCount int    `json:"supportCount"`
}

// handlePutSupport supports an idea (idempotent).
func (s *Server) handlePutSupport(c *gin.Context) {
	i, err := s.engagementIdea(c, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	a := actor(c)
	if err := domain.MaySupport(a, i); err != nil {
		s.fail(c, err)
		return
	}
	if _, err := s.Store.AddSupport(c.Request.Context(), i.ID, a.UserID); err != nil {
		s.fail(c, err)
		return
	}
	s.respondSupport(c, i.ID, true)
}

// handleDeleteSupport withdraws a support (idempotent; allowed in every stage).
func (s *Server) handleDeleteSupport(c *gin.Context) {
	i, err := s.engagementIdea(c, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if _, err := s.Store.RemoveSupport(c.Request.Context(), i.ID, actor(c).UserID); err != nil {
		s.fail(c, err)
		return
	}
	s.respondSupport(c, i.ID, false)
}

func (s *Server) respondSupport(c *gin.Context, ideaID string, supported bool) {
	i, err := s.freshCounts(c.Request.Context(), ideaID)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, supportResponse{IdeaID: ideaID, Supported: supported, SupportCount: max(i.SupportCount, 0)})
}
