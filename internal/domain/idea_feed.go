package domain

import "context"

// IdeaChange is one change in the idea change feed: which idea changed, to which revision,
// or that it was deleted; Seq is the feed entry that holds it (an entry holds the changes
// of one group commit). The feed is how every instance's in-memory index of ideas stays
// coherent without change streams (which the embedded store lacks).
type IdeaChange struct {
	Seq      int64
	TenantID string
	IdeaID   string
	Revision int64
	Deleted  bool
}

// IdeaFeed reads the idea change feed and the ideas behind it, across all tenants.
type IdeaFeed interface {
	// IdeaFeedHead returns the sequence number of the latest entry (0 for none).
	IdeaFeedHead(ctx context.Context) (int64, error)
	// IdeaChangesAt returns the changes of the entry with sequence number seq; ENOTFOUND
	// for a gap (a write in flight, a writer that stopped between its two steps, or a
	// pruned entry).
	IdeaChangesAt(ctx context.Context, seq int64) ([]IdeaChange, error)
	// LoadIdea returns an idea of any tenant by ID; ENOTFOUND.
	LoadIdea(ctx context.Context, tenantID, id string) (*Idea, error)
	// ScanIdeas calls fn with every idea of every tenant, in no particular order.
	ScanIdeas(ctx context.Context, fn func(*Idea) error) error
}

// IdeaObserver is told of every idea written through a store in this process, right
// after the write, with the stored state (deleted: only ID and TenantID are set).
type IdeaObserver func(i *Idea, deleted bool)

// FollowedIdeaLister serves the "followed" filter of idea lists (implemented by the
// follow store).
type FollowedIdeaLister interface {
	FollowedIdeaIDs(ctx context.Context, userID string) ([]string, error)
}

// AssignedIdeaLister serves the "assigned to me" filter of idea lists (implemented by the
// review store).
type AssignedIdeaLister interface {
	AssignedIdeaIDs(ctx context.Context, reviewerID string) ([]string, error)
}
