package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

type commentHiddenResponse struct {
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

// commentResponse shows a comment. Body and bodyHtml are null when the caller may not
// read the text: deleted comments, and hidden ones to everyone but their author and the cdo.
type commentResponse struct {
	ID       string                 `json:"id"`
	IdeaID   string                 `json:"ideaId"`
	Author   userRef                `json:"author"`
	Body     *string                `json:"body"`
	BodyHTML *string                `json:"bodyHtml"`
	Edited   bool                   `json:"edited"`
	Deleted  bool                   `json:"deleted"`
	Hidden   *commentHiddenResponse `json:"hidden"`
	// ReportCount is shown to the cdo only (moderation).
	ReportCount *int `json:"reportCount,omitempty"`
	Mine        bool `json:"mine"`
	// ReportedByMe: the caller reported the comment already (not offered again).
	ReportedByMe bool      `json:"reportedByMe"`
	CreatedAt    time.Time `json:"createdAt"`
	UpdatedAt    time.Time `json:"updatedAt"`
}

func (s *Server) toComment(a *domain.Actor, cm *domain.Comment, authors map[string]userRef) commentResponse {
	r := commentResponse{
		ID: cm.ID, IdeaID: cm.IdeaID, Author: authors[cm.AuthorID], Edited: cm.Edited, Deleted: cm.Deleted,
		Mine: a != nil && a.UserID == cm.AuthorID, CreatedAt: cm.CreatedAt, UpdatedAt: cm.UpdatedAt,
	}
	if r.Author.ID == "" {
		r.Author = userRef{ID: cm.AuthorID, Deleted: true}
	}
	if cm.Hidden != nil && !cm.Deleted {
		r.Hidden = &commentHiddenResponse{Reason: cm.Hidden.Reason, At: cm.Hidden.At}
	}
	if !cm.Deleted && domain.MaySeeCommentText(a, cm) {
		body, html := cm.Body, s.Markdown.Subset(cm.Body)
		r.Body, r.BodyHTML = &body, &html
	}
	if a.Has(domain.RoleCDO) {
		n := cm.ReportCount
		r.ReportCount = &n
	}
	return r
}

func (s *Server) respondComment(c *gin.Context, status int, cm *domain.Comment) {
	a := actor(c)
	c.Header("ETag", etag(cm.Version))
	c.JSON(status, s.toComment(a, cm, s.refs(c.Request.Context(), cm.AuthorID)))
}

// handleListComments lists an idea's discussion, oldest first.
func (s *Server) handleListComments(c *gin.Context) {
	i, err := s.engagementIdea(c, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	limit, cursor, ok := s.parsePage(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	cms, next, total, err := s.Store.FindComments(ctx, i.ID, limit, cursor)
	if err != nil {
		s.fail(c, err)
		return
	}
	ids := make([]string, len(cms))
	for n, cm := range cms {
		ids[n] = cm.AuthorID
	}
	authors := s.refs(ctx, ids...)
	a := actor(c)
	// Whether the caller reported a comment is looked up only for comments someone reported.
	var reported map[string]bool
	if a != nil {
		var suspect []string
		for _, cm := range cms {
			if cm.ReportCount > 0 && cm.AuthorID != a.UserID {
				suspect = append(suspect, cm.ID)
			}
		}
		if len(suspect) > 0 {
			if reported, err = s.Store.ReportedBy(ctx, i.ID, a.UserID, suspect); err != nil {
				s.fail(c, err)
				return
			}
		}
	}
	out := make([]commentResponse, len(cms))
	for n, cm := range cms {
		out[n] = s.toComment(a, cm, authors)
		out[n].ReportedByMe = reported[cm.ID]
	}
	c.JSON(http.StatusOK, newList(out, next, total))
}

type commentRequest struct {
	Body string `json:"body" binding:"required"`
}

// handleCreateComment adds a comment; the commenter then follows the idea (as in Fider),
// so they hear about answers.
func (s *Server) handleCreateComment(c *gin.Context) {
	i, err := s.engagementIdea(c, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	a := actor(c)
	if err := domain.MayComment(a, i); err != nil {
		s.fail(c, err)
		return
	}
	var req commentRequest
	if !s.bindJSON(c, &req) {
		return
	}
	body, err := domain.NormalizeCommentText("body", req.Body, 1, domain.CommentBodyMax)
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	cm := &domain.Comment{IdeaID: i.ID, AuthorID: a.UserID, Body: body}
	if err := s.Store.CreateComment(ctx, cm); err != nil {
		s.fail(c, err)
		return
	}
	if _, err := s.Store.Follow(ctx, i.ID, a.UserID); err != nil {
		s.logger.WarnContext(ctx, "auto-follow after comment failed", "err", err, "idea", i.ID)
		s.noteFailedWrite(c) // the follow may stand without its counter
	}
	s.publishEngagement(ctx, domain.CommentEvent(cm))
	s.respondComment(c, http.StatusCreated, cm)
}

// commentOfVisibleIdea loads a comment whose idea the caller can see; 404 otherwise.
func (s *Server) commentOfVisibleIdea(c *gin.Context) (*domain.Comment, *domain.Idea, error) {
	cm, err := s.Store.FindCommentByID(c.Request.Context(), c.Param("id"))
	if err != nil {
		return nil, nil, err
	}
	i, err := s.engagementIdea(c, cm.IdeaID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, nil, domain.Errorf(domain.ENOTFOUND, "comment not found")
	}
	return cm, i, err
}

// handlePatchComment lets the author edit the text (If-Match optional).
func (s *Server) handlePatchComment(c *gin.Context) {
	cm, _, err := s.commentOfVisibleIdea(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := domain.MayChangeComment(actor(c), cm, true); err != nil {
		s.fail(c, err)
		return
	}
	var req commentRequest
	if !s.bindJSON(c, &req) {
		return
	}
	body, err := domain.NormalizeCommentText("body", req.Body, 1, domain.CommentBodyMax)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := checkVersion(c, cm.Version, false); err != nil {
		s.fail(c, err)
		return
	}
	cm, err = s.Store.EditComment(c.Request.Context(), cm.ID, body, cm.Version)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.respondComment(c, http.StatusOK, cm)
}

// handleDeleteComment lets the author delete a comment; a placeholder keeps its place.
func (s *Server) handleDeleteComment(c *gin.Context) {
	cm, _, err := s.commentOfVisibleIdea(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := domain.MayChangeComment(actor(c), cm, false); err != nil {
		s.fail(c, err)
		return
	}
	if err := checkVersion(c, cm.Version, false); err != nil {
		s.fail(c, err)
		return
	}
	if _, err := s.Store.DeleteComment(c.Request.Context(), cm.ID); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

type commentReasonRequest struct {
	Reason string `json:"reason" binding:"required"`
}

// moderationRequest loads the comment of a visible idea, checks the caller may act on it
// (report or hide) and reads the required reason; on failure it has answered already.
func (s *Server) moderationRequest(c *gin.Context, may func(*domain.Actor, *domain.Comment) error) (*domain.Comment, string, bool) {
	cm, _, err := s.commentOfVisibleIdea(c)
	if err != nil {
		s.fail(c, err)
		return nil, "", false
	}
	if err := may(actor(c), cm); err != nil {
		s.fail(c, err)
		return nil, "", false
	}
	var req commentReasonRequest
	if !s.bindJSON(c, &req) {
		return nil, "", false
	}
	reason, err := domain.NormalizeCommentText("reason", req.Reason, domain.CommentReasonMin, domain.CommentReasonMax)
	if err != nil {
		s.fail(c, err)
		return nil, "", false
	}
	return cm, reason, true
}

// handleReportComment records a report, once per user.
func (s *Server) handleReportComment(c *gin.Context) {
	cm, reason, ok := s.moderationRequest(c, domain.MayReportComment)
	if !ok {
		return
	}
	err := s.Store.ReportComment(c.Request.Context(), &domain.CommentReport{CommentID: cm.ID, ReporterID: actor(c).UserID, Reason: reason})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// handleHideComment hides a comment (cdo, with a reason) and records it in the audit log.
func (s *Server) handleHideComment(c *gin.Context) {
	cm, reason, ok := s.moderationRequest(c, domain.MayHideComment)
	if !ok {
		return
	}
	a := actor(c)
	ctx := c.Request.Context()
	cm, err := s.Store.HideComment(ctx, cm.ID, domain.CommentHidden{ByID: a.UserID, At: s.Now(), Reason: reason})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.auditEngagement(ctx, domain.NewAuditEntry(ctx, auditCommentHide, "comment", cm.ID,
		map[string]string{"ideaId": cm.IdeaID, "reason": reason}))
	s.publishEngagement(ctx, domain.CommentHiddenEvent(cm))
	s.respondComment(c, http.StatusOK, cm)
}

// publishEngagement queues a notification event; a failure is logged, never returned.
func (s *Server) publishEngagement(ctx context.Context, e domain.Event) {
	if s.Events == nil {
		return
	}
	// The change has happened: a client that gives up now must not lose its notification.
	dctx, stop := domain.Detach(ctx)
	defer stop()
	if err := s.Events.Publish(dctx, e); err != nil {
		s.logger.ErrorContext(ctx, "notification event not queued", "err", err, "type", e.Type, "idea", e.IdeaID)
	}
}

// auditCommentHide is the audit action of hiding a comment.
const auditCommentHide = "comment.hide"

// auditEngagement appends e to the audit log. The change it records has happened already
// (and the comment itself keeps who hid it, when and why), so a failure is logged rather
// than turned into an error for the moderator.
func (s *Server) auditEngagement(ctx context.Context, e *domain.AuditEntry) {
	rec, ok := s.Store.(domain.AuditRecorder)
	if !ok {
		s.logger.ErrorContext(ctx, "no audit recorder; audit entry lost", "action", e.Action, "target", e.TargetID)
		return
	}
	if err := rec.RecordAudit(ctx, e); err != nil {
		s.logger.ErrorContext(ctx, "audit entry not recorded", "err", err, "action", e.Action, "target", e.TargetID)
	}
}
