package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

func (s *Server) handleGetMe(c *gin.Context) {
	u, err := s.Store.FindUserByID(c.Request.Context(), actor(c).UserID)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("ETag", etag(u.Version))
	c.JSON(http.StatusOK, toUser(u, true))
}

// patchMeRequest holds what users may change of themselves: never roles, status or e-mail.
type patchMeRequest struct {
	DisplayName *string `json:"displayName" binding:"omitempty,min=2,max=80,line,nonblank"`
	Locale      *string `json:"locale" binding:"omitempty,oneof=de en"`
	// NotificationPreferences changes the channels of some event types (see notification.go).
	NotificationPreferences map[domain.EventType]channelPrefsPatch `json:"notificationPreferences" binding:"omitempty,max=20,dive,keys,oneof=stage_changed decision_made review_assigned review_due_soon review_overdue comment mention pilot_update comment_hidden sla_overdue,endkeys"`
}

func (s *Server) handlePatchMe(c *gin.Context) {
	var req patchMeRequest
	if !s.bindJSON(c, &req) {
		return
	}
	ctx := c.Request.Context()
	u, err := s.Store.FindUserByID(ctx, actor(c).UserID)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := checkVersion(c, u.Version, false); err != nil {
		s.fail(c, err)
		return
	}
	if req.DisplayName != nil {
		u.DisplayName = *req.DisplayName
	}
	if req.Locale != nil {
		u.Locale = *req.Locale
	}
	applyPreferencesPatch(u, req.NotificationPreferences)
	if err := s.Store.UpdateUser(ctx, u); err != nil {
		s.fail(c, err)
		return
	}
	s.forgetName(u.TenantID, u.ID)
	c.Header("ETag", etag(u.Version))
	c.JSON(http.StatusOK, toUser(u, true))
}

type changePasswordRequest struct {
	CurrentPassword string `json:"currentPassword" binding:"required,max=128"`
	NewPassword     string `json:"newPassword" binding:"required,max=128"`
}

func (s *Server) handleChangePassword(c *gin.Context) {
	var req changePasswordRequest
	if !s.bindJSON(c, &req) {
		return
	}
	if err := s.Accounts.ChangePassword(c.Request.Context(), actor(c).UserID, req.CurrentPassword, req.NewPassword); err != nil {
		if e := domain.AsError(err); e != nil && len(e.Fields) == 1 && e.Fields[0].Field == "password" {
			e.Fields[0].Field = "newPassword"
		}
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
