package httpapi

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// reportedCommentResponse is an entry of the moderation queue: the comment as the cdo sees
// it, its idea, and how often, when and why it was reported (not by whom).
type reportedCommentResponse struct {
	Comment commentResponse `json:"comment"`
	Idea    struct {
		ID    string       `json:"id"`
		Title string       `json:"title"`
		Stage domain.Stage `json:"stage"`
	} `json:"idea"`
	Reports         int       `json:"reports"`
	FirstReportedAt time.Time `json:"firstReportedAt"`
	LastReportedAt  time.Time `json:"lastReportedAt"`
	Reasons         []string  `json:"reasons"`
}

// auditCommentDismiss is the audit action of dismissing a comment's reports.
const auditCommentDismiss = "comment.dismiss_reports"

// handleReportedComments lists the moderation queue (cdo): reported comments that are
// neither hidden nor deleted, most recently reported first. An entry whose comment was
// hidden or deleted meanwhile (or whose idea is gone) leaves the queue as it is met.
func (s *Server) handleReportedComments(c *gin.Context) {
	limit, cursor, ok := s.parsePage(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	queue, next, total, err := s.Store.FindReportedComments(ctx, limit, cursor)
	if err != nil {
		s.fail(c, err)
		return
	}
	a := actor(c)
	out := make([]reportedCommentResponse, 0, len(queue))
	var comments []*domain.Comment
	var authorIDs []string
	for _, q := range queue {
		cm, err := s.Store.FindCommentByID(ctx, q.CommentID)
		var i *domain.Idea
		if err == nil {
			i, err = s.engagementIdea(c, cm.IdeaID)
		}
		if domain.ErrorCode(err) == domain.ENOTFOUND || err == nil && (cm.Deleted || cm.Hidden != nil) {
			// Settled elsewhere: out of the queue.
			if derr := s.Store.DismissReports(ctx, q.CommentID); derr != nil && domain.ErrorCode(derr) != domain.ENOTFOUND {
				s.logger.WarnContext(ctx, "moderation queue entry not removed", "err", derr, "comment", q.CommentID)
			}
			total--
			continue
		}
		if err != nil {
			s.fail(c, err)
			return
		}
		r := reportedCommentResponse{Reports: q.Reports, FirstReportedAt: q.FirstAt, LastReportedAt: q.LastAt, Reasons: q.Reasons}
		if r.Reasons == nil {
			r.Reasons = []string{}
		}
		r.Idea.ID, r.Idea.Title, r.Idea.Stage = i.ID, i.Title, i.Stage
		out = append(out, r)
		comments = append(comments, cm)
		authorIDs = append(authorIDs, cm.AuthorID)
	}
	authors := s.refs(ctx, authorIDs...)
	for n, cm := range comments {
		out[n].Comment = s.toComment(a, cm, authors)
	}
	c.JSON(http.StatusOK, newList(out, next, max(total, len(out))))
}

// handleDismissReports keeps a reported comment as it is and takes it out of the queue
// (cdo); recorded in the audit log. Dismissing a comment that is not in the queue is no error;
// one that was deleted or hidden meanwhile leaves the queue with 409 (comment_deleted,
// comment_already_hidden), since it is not kept.
func (s *Server) handleDismissReports(c *gin.Context) {
	cm, _, err := s.commentOfVisibleIdea(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	if err := s.Store.DismissReports(ctx, cm.ID); err != nil {
		s.fail(c, err)
		return
	}
	// Settled meanwhile: out of the queue now, but nothing was kept — say so.
	switch {
	case cm.Deleted:
		s.fail(c, domain.Conflict(domain.RCommentDeleted, "the comment has been deleted"))
		return
	case cm.Hidden != nil:
		s.fail(c, domain.Conflict(domain.RCommentAlreadyHidden, "the comment is already hidden"))
		return
	}
	if cm.ReportCount > 0 {
		s.auditEngagement(ctx, domain.NewAuditEntry(ctx, auditCommentDismiss, "comment", cm.ID,
			map[string]string{"ideaId": cm.IdeaID}))
	}
	c.Status(http.StatusNoContent)
}
