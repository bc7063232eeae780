package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/auth"
	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// GDPR: a user downloads all their data (art. 15/20) and deletes their account (art. 17).
// Authored content stays, shown under "deleted account"; the e-mail address and every
// credential are erased.

type personalDataExport struct {
	Format          string            `json:"format"`
	Version         string            `json:"version"`
	ExportedAt      time.Time         `json:"exportedAt"`
	User            userResponse      `json:"user"`
	Ideas           []ideaResponse    `json:"ideas"`
	SupportedIdeas  []string          `json:"supportedIdeaIds"`
	FollowedIdeas   []string          `json:"followedIdeaIds"`
	Comments        []exportedComment `json:"comments"`
	Reviews         []exportedReview  `json:"reviews"`
	Notifications   []map[string]any  `json:"notifications"`
	CommentsReports int               `json:"commentReports"`
}

type exportedComment struct {
	ID        string    `json:"id"`
	IdeaID    string    `json:"ideaId"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"createdAt"`
}

type exportedReview struct {
	IdeaID         string    `json:"ideaId"`
	Recommendation string    `json:"recommendation"`
	Comment        string    `json:"comment"`
	Status         string    `json:"status"`
	Scores         []any     `json:"scores"`
	UpdatedAt      time.Time `json:"updatedAt"`
}

// ideaScanner lists every idea (the export is rare; a scan is fine).
type ideaScanner interface {
	ScanIdeas(ctx context.Context, fn func(*domain.Idea) error) error
}

func (s *Server) handleExportMe(c *gin.Context) {
	ctx := c.Request.Context()
	a := actor(c)
	u, err := s.Store.FindUserByID(ctx, a.UserID)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := personalDataExport{
		Format: "ideenwerk.personal-data", Version: "1.0", ExportedAt: s.Now().UTC(), User: toUser(u, true),
		Ideas: []ideaResponse{}, SupportedIdeas: []string{}, FollowedIdeas: []string{},
		Comments: []exportedComment{}, Reviews: []exportedReview{}, Notifications: []map[string]any{},
	}
	tid := domain.TenantFromContext(ctx).ID
	if sc, ok := s.Store.(ideaScanner); ok {
		isReviewer := u.Has(domain.RoleReviewer)
		err := sc.ScanIdeas(ctx, func(i *domain.Idea) error {
			if i.TenantID != tid {
				return nil
			}
			if i.IsAuthor(u.ID) {
				out.Ideas = append(out.Ideas, s.toIdea(ctx, a, i))
			}
			if isReviewer && s.Funnel != nil && s.Funnel.Reviews != nil && i.Stage != domain.StageDraft {
				if r, err := s.Funnel.Reviews.FindReview(ctx, i.ID, u.ID); err == nil {
					scores := make([]any, len(r.Scores))
					for k, sc := range r.Scores {
						scores[k] = sc
					}
					out.Reviews = append(out.Reviews, exportedReview{IdeaID: i.ID, Recommendation: string(r.Recommendation),
						Comment: r.Comment, Status: string(r.Status), Scores: scores, UpdatedAt: r.UpdatedAt})
				}
			}
			return nil
		})
		if err != nil {
			s.fail(c, err)
			return
		}
	}
	if ex, ok := s.Store.(domain.UserEngagementExporter); ok {
		e, err := ex.UserEngagement(ctx, u.ID)
		if err != nil {
			s.fail(c, err)
			return
		}
		out.SupportedIdeas, out.FollowedIdeas, out.CommentsReports = e.SupportedIdeaIDs, e.FollowedIdeaIDs, len(e.Reports)
		for _, cm := range e.Comments {
			out.Comments = append(out.Comments, exportedComment{ID: cm.ID, IdeaID: cm.IdeaID, Body: cm.Body, CreatedAt: cm.CreatedAt})
		}
	}
	if s.Notify != nil {
		cursor := ""
		for range 20 {
			ns, next, _, _, err := s.Notify.Store.FindNotifications(ctx, u.ID, 100, cursor)
			if err != nil {
				break
			}
			for _, n := range ns {
				out.Notifications = append(out.Notifications, map[string]any{
					"type": n.Type, "ideaId": n.IdeaID, "ideaTitle": n.IdeaTitle, "reason": n.Reason, "excerpt": n.Excerpt, "createdAt": n.CreatedAt, "read": n.Read,
				})
			}
			if next == "" {
				break
			}
			cursor = next
		}
	}
	name := "ideenwerk-meine-daten.json"
	if u.Locale == "en" {
		name = "ideenwerk-my-data.json" // as the SPA names it in English
	}
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, out)
}

type deleteMeRequest struct {
	// Password confirms the deletion for accounts that have one; SSO accounts send confirm.
	Password string `json:"password" binding:"max=128"`
	Confirm  bool   `json:"confirm"`
}

func (s *Server) handleDeleteMe(c *gin.Context) {
	var req deleteMeRequest
	if !s.bindJSON(c, &req) {
		return
	}
	ctx := c.Request.Context()
	a := actor(c)
	u, err := s.Store.FindUserByID(ctx, a.UserID)
	if err != nil {
		s.fail(c, err)
		return
	}
	if u.Has(domain.RoleAdmin) {
		s.fail(c, domain.Conflict(domain.RAdminSelfDelete, "administrators cannot delete their own account; ask another administrator to remove your admin role first"))
		return
	}
	if u.PasswordHash != "" {
		if req.Password == "" {
			s.fail(c, domain.InvalidFor("password", domain.RPasswordToDelete, "enter your current password to delete your account"))
			return
		}
		if !auth.VerifyPassword(u.PasswordHash, req.Password) {
			s.fail(c, domain.InvalidFor("password", domain.RPasswordWrong, "the current password is wrong"))
			return
		}
	} else if !req.Confirm {
		s.fail(c, domain.InvalidFor("confirm", domain.RConfirmDelete, "confirm the deletion of your account"))
		return
	}
	followed := []string{}
	if ex, ok := s.Store.(domain.UserEngagementExporter); ok {
		if e, err := ex.UserEngagement(ctx, u.ID); err == nil {
			followed = e.FollowedIdeaIDs
		}
	}
	u.Email = "deleted-" + u.ID + "@deleted.invalid"
	u.DisplayName = "Gelöschtes Konto"
	u.Status, u.PasswordHash, u.OIDCSubject, u.DepartmentID = domain.UserDeleted, "", "", ""
	if err := s.Store.UpdateUser(ctx, u); err != nil {
		s.fail(c, err)
		return
	}
	s.forgetName(u.TenantID, u.ID)
	s.forgetAccount(ctx, u.ID)
	s.releaseAssignments(ctx, u.ID, domain.ReleasedDeleted)
	_ = s.Accounts.LogoutEverywhere(ctx, u.ID)
	for _, id := range followed {
		_, _ = s.Store.Unfollow(ctx, id, u.ID)
	}
	if ns, ok := s.Store.(domain.NotificationStore); ok {
		if err := ns.ClearNotifications(ctx, u.ID); err != nil {
			s.logger.ErrorContext(ctx, "clear the notifications of a deleted account", "user", u.ID, "err", err)
		}
	}
	s.recordAudit(ctx, "account.delete", "user", u.ID, nil)
	s.setRefreshCookie(c, "", -1)
	c.Status(http.StatusNoContent)
}
