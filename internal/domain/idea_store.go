package domain

import "context"

// CounterDelta changes an idea's denormalised counters atomically ($inc), without bumping
// its version: a support must not make an author's open edit stale.
type CounterDelta struct {
	Supports    int
	Followers   int
	Comments    int
	Attachments int
}

// IdeaStore persists ideas of the context's tenant. Every successful write also appends to
// the idea change feed, which keeps the in-memory list and search index of every instance
// coherent.
type IdeaStore interface {
	// CreateIdea stores a new idea (ID, TenantID, Version=1, Revision=1 and UpdatedAt are
	// set; CreatedAt, StageSince and LastActivityAt are set when zero, so imports and the
	// demo can give ideas their past; decisions without an ID get one).
	CreateIdea(ctx context.Context, i *Idea) error
	// FindIdeaByID returns an idea of the tenant, without any visibility check; ENOTFOUND.
	FindIdeaByID(ctx context.Context, id string) (*Idea, error)
	// UpdateIdea writes every field but the counters and the score (UpdateIdeaScore) if i.Version still matches the stored
	// version, then bumps i.Version and i.UpdatedAt. EPRECONDITIONFAILED on a stale version,
	// ENOTFOUND. This is the one atomic single-document update behind edits and transitions.
	UpdateIdea(ctx context.Context, i *Idea) error
	// DeleteIdea removes an idea if its version matches; EPRECONDITIONFAILED, ENOTFOUND.
	DeleteIdea(ctx context.Context, id string, version int64) error
	// IncIdeaCounters applies d atomically and bumps the revision (not the version); a
	// positive change of supports, comments or attachments also sets LastActivityAt.
	// ENOTFOUND.
	IncIdeaCounters(ctx context.Context, id string, d CounterDelta) error
	// UpdateIdeaScore calls fn with the idea as stored and, if fn reports a change, stores
	// the score fn returns. No other write to the idea (on any instance) comes between the
	// idea fn sees and the score written, so of concurrent updates the one computed last is
	// written last. The score bumps the revision, not the version (like the counters, it
	// never makes an edit stale), and leaves UpdatedAt as it is. Returns the idea as stored
	// afterwards; ENOTFOUND, or fn's error.
	UpdateIdeaScore(ctx context.Context, id string, fn func(*Idea) (score *ScoreSummary, changed bool, err error)) (*Idea, error)
}
