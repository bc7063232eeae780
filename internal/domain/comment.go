package domain

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits of comments.
const (
	CommentBodyMax   = 5000
	CommentReasonMin = 3
	CommentReasonMax = 1000
)

// Comment is one contribution to an idea's discussion, written in a Markdown subset.
//
// Deleting a comment keeps a placeholder: the text is erased (the author wanted it gone),
// but the slot stays, so the remaining discussion — which may answer it — still reads in
// order, as in Decidim and CONSUL. Hiding (moderation by the cdo) keeps the text for the
// cdo and the author and shows everyone else that and why it was hidden.
type Comment struct {
	ID       string
	TenantID string
	IdeaID   string
	AuthorID string
	Body     string // Markdown as written; "" once deleted
	Edited   bool
	Deleted  bool
	Hidden   *CommentHidden
	// ReportCount counts distinct users who reported the comment (moderation queue).
	ReportCount int
	Version     int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
	DeletedAt   time.Time
}

// CommentHidden records a moderation decision.
type CommentHidden struct {
	ByID   string
	At     time.Time
	Reason string
}

// CommentReport is one user's report of a comment.
type CommentReport struct {
	CommentID  string
	IdeaID     string
	ReporterID string
	Reason     string
	CreatedAt  time.Time
}

// ReportedComment is a comment in the moderation queue: how often and why it was reported
// (reasons oldest first; the reporters stay anonymous to the moderators).
type ReportedComment struct {
	CommentID string
	IdeaID    string
	Reports   int
	FirstAt   time.Time
	LastAt    time.Time
	Reasons   []string
}

// CommentStore persists comments of ideas of the context's tenant. Creating and deleting
// keep the idea's CommentCount (live comments: not deleted; hidden ones count) in step.
type CommentStore interface {
	// CreateComment stores c (ID, TenantID, Version and times are set) and raises the
	// idea's CommentCount.
	CreateComment(ctx context.Context, c *Comment) error
	// FindCommentByID returns a comment of the tenant, placeholders included; ENOTFOUND.
	FindCommentByID(ctx context.Context, id string) (*Comment, error)
	// FindComments lists the comments of ideaID oldest first, limit per page, after the
	// opaque cursor; it returns the next cursor ("" at the end) and the total.
	// EINVALID for a cursor it did not make.
	FindComments(ctx context.Context, ideaID string, limit int, cursor string) ([]*Comment, string, int, error)
	// EditComment replaces the body if version still matches; EPRECONDITIONFAILED,
	// ENOTFOUND, ECONFLICT (deleted).
	EditComment(ctx context.Context, id, body string, version int64) (*Comment, error)
	// DeleteComment erases the text and leaves a placeholder; lowers the idea's
	// CommentCount once. Deleting a deleted comment changes nothing.
	DeleteComment(ctx context.Context, id string) (*Comment, error)
	// HideComment records the moderation decision h; ECONFLICT if already hidden or deleted.
	HideComment(ctx context.Context, id string, h CommentHidden) (*Comment, error)
	// ReportComment records r once per user and comment and raises the comment's
	// ReportCount; ECONFLICT if the user already reported it.
	ReportComment(ctx context.Context, r *CommentReport) error
	// FindReportedComments lists the moderation queue: comments reported and not yet hidden,
	// deleted or dismissed, most recently reported first, limit per page after the opaque
	// cursor; it returns the next cursor ("" at the end) and the total.
	FindReportedComments(ctx context.Context, limit int, cursor string) ([]*ReportedComment, string, int, error)
	// DismissReports takes a comment out of the queue as it is and sets its ReportCount to
	// zero (a hidden or deleted one keeps it); ENOTFOUND for an unknown comment. Dismissing
	// twice changes nothing.
	DismissReports(ctx context.Context, commentID string) error
	// ReportedBy tells which of an idea's comments the user has reported (only the
	// comments given are looked at, one lookup each).
	ReportedBy(ctx context.Context, ideaID, userID string, commentIDs []string) (map[string]bool, error)
}

// NormalizeCommentText trims s and checks it as a comment body or a reason: between
// min and max characters, no control characters but line breaks and tabs. field names
// the JSON field in the error.
func NormalizeCommentText(field, s string, min, max int) (string, error) {
	if !utf8.ValidString(s) {
		return "", Invalid(field, "must be valid UTF-8 text")
	}
	s = strings.TrimSpace(s)
	if strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t'
	}) {
		return "", Invalid(field, "must not contain control characters")
	}
	n := utf8.RuneCountInString(s)
	if n < min {
		if min <= 1 {
			return "", Invalid(field, "must not be empty")
		}
		return "", Invalid(field, "must have at least "+strconv.Itoa(min)+" characters")
	}
	if n > max {
		return "", Invalid(field, "must have at most "+strconv.Itoa(max)+" characters")
	}
	return s, nil
}

// MayComment says whether a caller who can see the idea may comment on it: any signed-in
// user, on any idea but a draft (drafts have no audience yet).
func MayComment(a *Actor, i *Idea) error {
	if a == nil {
		return Errorf(EUNAUTHORIZED, "sign in to comment")
	}
	if i.Stage == StageDraft {
		return Conflict(RCommentsOnDraft, "drafts cannot be discussed yet; submit the idea first")
	}
	return nil
}

// MayChangeComment says whether a may edit or delete c: only its author, and a deleted
// comment is gone for good; a hidden one can be deleted but not edited (the moderation
// decision would otherwise apply to a different text).
func MayChangeComment(a *Actor, c *Comment, edit bool) error {
	if a == nil {
		return Errorf(EUNAUTHORIZED, "sign in to do this")
	}
	if c.AuthorID != a.UserID {
		return Errorf(EFORBIDDEN, "only the author can change a comment")
	}
	if c.Deleted {
		return Conflict(RCommentDeleted, "the comment has been deleted")
	}
	if edit && c.Hidden != nil {
		return Conflict(RCommentHidden, "a hidden comment cannot be edited")
	}
	return nil
}

// MayReportComment: any signed-in user but the author, on a comment that is still shown.
func MayReportComment(a *Actor, c *Comment) error {
	if a == nil {
		return Errorf(EUNAUTHORIZED, "sign in to report a comment")
	}
	if c.AuthorID == a.UserID {
		return Errorf(EFORBIDDEN, "you cannot report your own comment")
	}
	if c.Deleted {
		return Conflict(RCommentDeleted, "the comment has been deleted")
	}
	return nil
}

// MayHideComment: the cdo hides comments that are neither deleted nor hidden already.
func MayHideComment(a *Actor, c *Comment) error {
	if !a.Has(RoleCDO) {
		return Errorf(EFORBIDDEN, "only the innovation office (cdo) can hide comments")
	}
	if c.Deleted {
		return Conflict(RCommentDeleted, "the comment has been deleted")
	}
	if c.Hidden != nil {
		return Conflict(RCommentAlreadyHidden, "the comment is already hidden")
	}
	return nil
}

// MaySeeCommentText says whether a sees the text of c: everyone unless it is hidden; then
// only its author and the cdo.
func MaySeeCommentText(a *Actor, c *Comment) bool {
	if c.Hidden == nil {
		return true
	}
	return a != nil && (a.UserID == c.AuthorID || a.Has(RoleCDO))
}
