package domain

import (
	"context"
	"time"
)

// Engagement: supports and follows. Both are "one per user per idea" facts whose counts are
// kept on the idea (SupportCount, FollowerCount). Stores insert the fact under the unique key
// "<ideaId>:<userId>" first and change the counter only when the insert (or delete) actually
// happened, so concurrent and repeated requests never count twice. A crash between the two
// steps leaves a counter off by one, which `ideenwerk doctor` recounts.

// FactChange tells of a change of an idea's counters made by a store in this process, and
// of the support or follow behind it. Revision is the idea's revision after the change: a
// cache that knows the idea's supporters and followers exactly at Revision-1 knows them at
// Revision by applying the change (every write of an idea raises its revision by one).
type FactChange struct {
	TenantID, IdeaID string
	Revision         int64
	// UserID's support (or follow, with Follow) was recorded (On) or withdrawn; UserID is
	// empty when no support or follow changed (a comment, an attachment).
	UserID     string
	Follow, On bool
	// Unknown: supports or follows changed in a way not told (a repair, a bulk load).
	Unknown bool
	// Counts are the idea's counters after the change.
	Counts IdeaCounts
}

// IdeaCounts are an idea's denormalised counters and its last activity.
type IdeaCounts struct {
	Supports, Followers, Comments, Attachments int
	LastActivityAt                             time.Time
}

// Plus returns c changed by d.
func (c IdeaCounts) Plus(d CounterDelta) IdeaCounts {
	c.Supports += d.Supports
	c.Followers += d.Followers
	c.Comments += d.Comments
	c.Attachments += d.Attachments
	return c
}

// CountsOf returns the counters of i.
func CountsOf(i *Idea) IdeaCounts {
	return IdeaCounts{Supports: i.SupportCount, Followers: i.FollowerCount, Comments: i.CommentCount,
		Attachments: i.AttachmentCount, LastActivityAt: i.LastActivityAt}
}

// SetCounts sets the counters of i.
func (i *Idea) SetCounts(c IdeaCounts) {
	i.SupportCount, i.FollowerCount, i.CommentCount, i.AttachmentCount = c.Supports, c.Followers, c.Comments, c.Attachments
	i.LastActivityAt = c.LastActivityAt
}

// FactObserver is told of every FactChange, right after it happened.
type FactObserver func(FactChange)

// EngagementScanner lists every support and follow of every tenant (fn's follow tells them
// apart), in no particular order.
type EngagementScanner interface {
	ScanEngagement(ctx context.Context, fn func(tenantID, ideaID, userID string, follow bool) error) error
}

// SupportStore persists supports of ideas of the context's tenant.
type SupportStore interface {
	// AddSupport records that userID supports ideaID and raises the idea's SupportCount.
	// It reports false (and changes nothing) if the user already supports the idea.
	// ENOTFOUND if the idea does not exist.
	AddSupport(ctx context.Context, ideaID, userID string) (added bool, err error)
	// RemoveSupport withdraws userID's support and lowers the count; false if there was none.
	RemoveSupport(ctx context.Context, ideaID, userID string) (removed bool, err error)
	// HasSupported reports whether userID supports ideaID.
	HasSupported(ctx context.Context, ideaID, userID string) (bool, error)
	// IdeaSupporterIDs lists the users supporting ideaID (merging moves them to another idea).
	IdeaSupporterIDs(ctx context.Context, ideaID string) ([]string, error)
	// CountSupports counts the support records of ideaID (for doctor and tests; the idea's
	// SupportCount is what lists show).
	CountSupports(ctx context.Context, ideaID string) (int, error)
}

// FollowStore persists who follows which idea of the context's tenant.
type FollowStore interface {
	// Follow makes userID follow ideaID and raises the idea's FollowerCount; false if the
	// user already follows it. ENOTFOUND if the idea does not exist.
	Follow(ctx context.Context, ideaID, userID string) (added bool, err error)
	// Unfollow ends following and lowers the count; false if the user did not follow.
	Unfollow(ctx context.Context, ideaID, userID string) (removed bool, err error)
	// IsFollowing reports whether userID follows ideaID.
	IsFollowing(ctx context.Context, ideaID, userID string) (bool, error)
	// FollowedIdeaIDs lists the ideas userID follows, most recently followed last. It is one
	// key lookup (a per-user list), fast enough for the "followed" filter of every list request.
	FollowedIdeaIDs(ctx context.Context, userID string) ([]string, error)
	// IdeaFollowerIDs lists the users following ideaID (for notifications).
	IdeaFollowerIDs(ctx context.Context, ideaID string) ([]string, error)
}

// MaySupport says whether a caller who can see the idea may support it: authors and
// co-authors may not support their own idea (EFORBIDDEN), and supports are collected only
// while an idea is in the funnel — not on drafts or ideas that left it (ECONFLICT).
// Withdrawing a support is always allowed.
func MaySupport(a *Actor, i *Idea) error {
	if a == nil {
		return Errorf(EUNAUTHORIZED, "sign in to support ideas")
	}
	if i.IsAuthor(a.UserID) {
		return Errorf(EFORBIDDEN, "you cannot support your own idea")
	}
	if i.Stage == StageDraft || i.Stage.Terminal() {
		return Conflict(RSupportClosed, "this idea is %s; it no longer collects supports", i.Stage).With("stage", string(i.Stage))
	}
	return nil
}

// MayFollow says whether a signed-in caller who can see the idea may follow it. Any
// stage is fine: people follow rejected ideas to see whether they come back.
func MayFollow(a *Actor, i *Idea) error {
	if a == nil {
		return Errorf(EUNAUTHORIZED, "sign in to follow ideas")
	}
	return nil
}

// EngagementRepair reports what RepairEngagement corrected: the counter changes applied to
// the idea, and the follow lists the idea was added to or removed from.
type EngagementRepair struct {
	Delta            CounterDelta
	FollowListsFixed int
}

// Changed reports whether anything was corrected.
func (r EngagementRepair) Changed() bool {
	return r.Delta != (CounterDelta{}) || r.FollowListsFixed > 0
}

// EngagementDoctor repairs what a crash between the two writes of an engagement change can
// leave behind (`ideenwerk doctor`). Run it while the idea is quiet: it corrects counters
// by the difference it measured, so a support arriving meanwhile may need a second run.
type EngagementDoctor interface {
	// RepairEngagement recounts the supports, followers, live comments and attachments of
	// ideaID from their records, corrects the idea's counters, and puts the idea into the
	// follow list of each follower that lacks it. ENOTFOUND.
	RepairEngagement(ctx context.Context, ideaID string) (EngagementRepair, error)
	// RepairFollowList removes from userID's follow list the ideas the user no longer
	// follows and returns how many it removed.
	RepairFollowList(ctx context.Context, userID string) (int, error)
}

// EngagementPurger removes everything engagement stored about an idea that no longer
// exists (a deleted draft): files, comments and their reports, supports, follows and the
// followers' list entries. It changes no counters, is idempotent, and is called after the
// idea was deleted, so a refused delete (stale version) loses nothing.
type EngagementPurger interface {
	PurgeIdeaEngagement(ctx context.Context, ideaID string) error
}

// UserEngagement is what engagement stores about one user, for the GDPR export
// (GET /me/export).
type UserEngagement struct {
	SupportedIdeaIDs []string
	FollowedIdeaIDs  []string
	Comments         []*Comment
	Reports          []*CommentReport
}

// UserEngagementExporter collects a user's engagement records. It scans every partition,
// which is fine for a rare export and nothing else.
type UserEngagementExporter interface {
	UserEngagement(ctx context.Context, userID string) (*UserEngagement, error)
}
