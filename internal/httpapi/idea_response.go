package httpapi

import (
	"context"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// ideaScore is the aggregated review score; individual reviews live elsewhere.
type ideaScore struct {
	Weighted     float64 `json:"weighted"`
	ReviewCount  int     `json:"reviewCount"`
	Disagreement bool    `json:"disagreement"`
}

// ideaSummaryResponse is an idea in a list.
type ideaSummaryResponse struct {
	ID               string       `json:"id"`
	Title            string       `json:"title"`
	Summary          string       `json:"summary"`
	Stage            domain.Stage `json:"stage"`
	StageSince       time.Time    `json:"stageSince"`
	NeedsInformation bool         `json:"needsInformation"`
	Visibility       string       `json:"visibility"`
	Source           string       `json:"source"`
	CampaignID       *string      `json:"campaignId"`
	DepartmentID     *string      `json:"departmentId"`
	Tags             []string     `json:"tags"`
	TargetGroups     []string     `json:"targetGroups"`
	Author           userRef      `json:"author"`
	CoAuthors        []userRef    `json:"coAuthors"`
	SupportCount     int          `json:"supportCount"`
	FollowerCount    int          `json:"followerCount"`
	CommentCount     int          `json:"commentCount"`
	AttachmentCount  int          `json:"attachmentCount"`
	Score            *ideaScore   `json:"score"`
	Version          int64        `json:"version"`
	CreatedAt        time.Time    `json:"createdAt"`
	UpdatedAt        time.Time    `json:"updatedAt"`
	SubmittedAt      *time.Time   `json:"submittedAt"`
	LastActivityAt   time.Time    `json:"lastActivityAt"`
}

// ideaResponse is one idea with its texts and what the caller may do with it.
type ideaResponse struct {
	ideaSummaryResponse
	Description     string          `json:"description"`
	DescriptionHTML string          `json:"descriptionHtml"`
	Problem         string          `json:"problem"`
	ExpectedBenefit string          `json:"expectedBenefit"`
	MergedInto      *string         `json:"mergedInto"`
	Origin          *ideaOrigin     `json:"origin"` // ideas imported from another municipality's reuse profile
	Permissions     ideaPermissions `json:"permissions"`
	// Supported and Following describe the caller's own engagement (false when anonymous).
	Supported bool `json:"supported"`
	Following bool `json:"following"`
}

// ideaOrigin is the municipality and profile an imported idea came from ("Einer für alle").
type ideaOrigin struct {
	Municipality string    `json:"municipality"`
	TenantID     string    `json:"tenantId"`
	IdeaID       string    `json:"ideaId"`
	ProfileURL   *string   `json:"profileUrl"`
	ImportedAt   time.Time `json:"importedAt"`
}

func toIdeaOrigin(o *domain.ReuseOrigin) *ideaOrigin {
	if o == nil {
		return nil
	}
	return &ideaOrigin{Municipality: o.TenantName, TenantID: o.TenantID, IdeaID: o.IdeaID, ProfileURL: optString(o.ProfileURL), ImportedAt: o.ImportedAt}
}

type ideaPermissions struct {
	Edit    bool `json:"edit"`
	Delete  bool `json:"delete"`
	Reviews bool `json:"reviews"`
}

// showsScore says whether a may see the aggregated score. The CDO's office always. While
// the reviews come in (screening, evaluation) nobody else: a reviewer still to write theirs
// must not see the others' (blind review; after submitting, GET /ideas/{id}/reviews shows
// the aggregate), and authors would read single reviewers' scores. Afterwards staff and
// the idea's authors.
func showsScore(a *domain.Actor, i *domain.Idea) bool {
	if a.Has(domain.RoleCDO) {
		return true
	}
	if i.Stage == domain.StageScreening || i.Stage == domain.StageEvaluation {
		return false
	}
	return a.IsStaff() || a != nil && i.IsAuthor(a.UserID)
}

func (s *Server) toIdeaSummary(a *domain.Actor, i *domain.Idea, names map[string]userRef) ideaSummaryResponse {
	r := ideaSummaryResponse{
		ID: i.ID, Title: i.Title, Summary: i.Summary, Stage: i.Stage, StageSince: i.StageSince,
		NeedsInformation: i.NeedsInformation(), Visibility: string(i.Visibility), Source: string(i.Source),
		CampaignID: optString(i.CampaignID), DepartmentID: optString(i.DepartmentID),
		Tags: nonNilStrings(i.Tags), TargetGroups: nonNilStrings(i.TargetGroups),
		Author: names[i.AuthorID], CoAuthors: make([]userRef, 0, len(i.CoAuthorIDs)),
		SupportCount: i.SupportCount, FollowerCount: i.FollowerCount, CommentCount: i.CommentCount,
		AttachmentCount: i.AttachmentCount, Version: i.Version, CreatedAt: i.CreatedAt, UpdatedAt: i.UpdatedAt,
		SubmittedAt: optTime(i.SubmittedAt), LastActivityAt: i.LastActivityAt,
	}
	for _, id := range i.CoAuthorIDs {
		r.CoAuthors = append(r.CoAuthors, names[id])
	}
	if i.Score != nil && i.Score.ReviewCount > 0 && showsScore(a, i) {
		r.Score = &ideaScore{Weighted: i.Score.Weighted, ReviewCount: i.Score.ReviewCount, Disagreement: i.Score.Disagreement}
	}
	return r
}

func (s *Server) toIdea(ctx context.Context, a *domain.Actor, i *domain.Idea) ideaResponse {
	return s.toIdeaRendered(ctx, a, i, s.Markdown.Full(i.Description))
}

// toIdeaRendered is toIdea with the description already rendered (detailIdea caches it).
func (s *Server) toIdeaRendered(ctx context.Context, a *domain.Actor, i *domain.Idea, html string) ideaResponse {
	names := s.refs(ctx, append([]string{i.AuthorID}, i.CoAuthorIDs...)...)
	r := ideaResponse{
		ideaSummaryResponse: s.toIdeaSummary(a, i, names),
		Description:         i.Description, DescriptionHTML: html,
		Problem: i.Problem, ExpectedBenefit: i.ExpectedBenefit, MergedInto: optString(i.MergedInto), Origin: toIdeaOrigin(i.Origin),
		Permissions: ideaPermissions{Edit: domain.MayEditIdea(a, i) == nil, Delete: domain.MayDeleteIdea(a, i) == nil, Reviews: s.readsReviews(ctx, a, i)},
	}
	if a != nil && s.Store != nil {
		r.Supported, r.Following = s.viewerFlags(ctx, a, i)
	}
	return r
}

// readsReviews says whether GET /ideas/{id}/reviews answers a (domain.ReviewAccessFor), so
// the SPA asks only when it does. Only a reviewer who is neither cdo nor author costs a
// lookup of the idea's assignments (from the cache on an exclusive store).
func (s *Server) readsReviews(ctx context.Context, a *domain.Actor, i *domain.Idea) bool {
	switch {
	case a == nil:
		return false
	case a.Has(domain.RoleCDO) || i.IsAuthor(a.UserID):
		return true
	case !a.Has(domain.RoleReviewer) || s.Funnel == nil:
		return false
	}
	rs, err := s.Funnel.Reviews.FindIdeaReviewers(ctx, i.ID)
	if err != nil {
		return false
	}
	return domain.ReviewAccessFor(a, i, rs, nil) != domain.ReviewAccessNone
}

// toIdeaSummaries resolves every author of a page with one cache pass.
func (s *Server) toIdeaSummaries(ctx context.Context, a *domain.Actor, ideas []*domain.Idea) []ideaSummaryResponse {
	ids := make([]string, 0, len(ideas))
	for _, i := range ideas {
		ids = append(ids, i.AuthorID)
		ids = append(ids, i.CoAuthorIDs...)
	}
	names := s.refs(ctx, ids...)
	out := make([]ideaSummaryResponse, len(ideas))
	for k, i := range ideas {
		out[k] = s.toIdeaSummary(a, i, names)
	}
	return out
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Public (transparency) view: no user IDs, no counts of followers, no scores.

type publicIdeaSummaryResponse struct {
	ID             string       `json:"id"`
	Title          string       `json:"title"`
	Summary        string       `json:"summary"`
	Stage          domain.Stage `json:"stage"`
	StageSince     time.Time    `json:"stageSince"`
	Source         string       `json:"source"`
	CampaignID     *string      `json:"campaignId"`
	DepartmentID   *string      `json:"departmentId"`
	Tags           []string     `json:"tags"`
	AuthorName     string       `json:"authorName"`
	SupportCount   int          `json:"supportCount"`
	CommentCount   int          `json:"commentCount"`
	CreatedAt      time.Time    `json:"createdAt"`
	LastActivityAt time.Time    `json:"lastActivityAt"`
}

type publicDecisionResponse struct {
	From   domain.Stage `json:"from"`
	To     domain.Stage `json:"to"`
	At     time.Time    `json:"at"`
	Reason string       `json:"reason"`
}

type publicIdeaResponse struct {
	publicIdeaSummaryResponse
	Description     string                   `json:"description"`
	DescriptionHTML string                   `json:"descriptionHtml"`
	Problem         string                   `json:"problem"`
	ExpectedBenefit string                   `json:"expectedBenefit"`
	TargetGroups    []string                 `json:"targetGroups"`
	Decisions       []publicDecisionResponse `json:"decisions"`
}

func toPublicIdeaSummary(i *domain.Idea, names map[string]userRef) publicIdeaSummaryResponse {
	return publicIdeaSummaryResponse{
		ID: i.ID, Title: i.Title, Summary: i.Summary, Stage: i.Stage, StageSince: i.StageSince, Source: string(i.Source),
		CampaignID: optString(i.CampaignID), DepartmentID: optString(i.DepartmentID), Tags: nonNilStrings(i.Tags),
		AuthorName: names[i.AuthorID].DisplayName, SupportCount: i.SupportCount, CommentCount: i.CommentCount,
		CreatedAt: i.CreatedAt, LastActivityAt: i.LastActivityAt,
	}
}
