package domain

import (
	"context"
	"math"
	"strconv"
	"strings"
	"time"
)

// Recommendation is a reviewer's overall verdict.
type Recommendation string

// Recommendations.
const (
	RecommendGo               Recommendation = "go"
	RecommendNoGo             Recommendation = "no_go"
	RecommendNeedsInformation Recommendation = "needs_information"
)

// Confidence levels of a review.
const (
	ConfidenceLow    = "low"
	ConfidenceMedium = "medium"
	ConfidenceHigh   = "high"
)

// ReviewStatus says whether a review counts.
type ReviewStatus string

// Review statuses: drafts are the reviewer's own; only submitted reviews count in the
// aggregate and at the gate.
const (
	ReviewDraft     ReviewStatus = "draft"
	ReviewSubmitted ReviewStatus = "submitted"
)

// Disagreement thresholds of PRODUCT.md.
const (
	DisagreementStdDev = 1.0
	DisagreementRange  = 2
)

// CriterionScore is a reviewer's score and comment on one criterion.
type CriterionScore struct {
	Key     string
	Score   int
	Comment string
}

// Review is one reviewer's evaluation of one idea; its ID is "<ideaId>:<reviewerId>".
type Review struct {
	ID             string
	TenantID       string
	IdeaID         string
	ReviewerID     string
	CriteriaSetID  string
	Scores         []CriterionScore
	Recommendation Recommendation
	Confidence     string
	Comment        string
	// NoConflict is the reviewer's declaration of having no conflict of interest, made
	// before scoring.
	NoConflict  bool
	Status      ReviewStatus
	SubmittedAt time.Time
	Version     int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// ReviewID returns the composite ID of a reviewer's review of an idea.
func ReviewID(ideaID, reviewerID string) string { return ideaID + ":" + reviewerID }

// Validate checks a review against its criteria set. Drafts may be partial; a submitted
// review scores every criterion and has a recommendation and a confidence.
func (r *Review) Validate(set *CriteriaSet) error {
	if !r.NoConflict {
		return InvalidFor("noConflictOfInterest", RNoConflictDeclared, "declare that you have no conflict of interest before scoring, or decline the review")
	}
	seen := map[string]bool{}
	for i, s := range r.Scores {
		f := "scores[" + strconv.Itoa(i) + "]."
		if _, ok := set.Criterion(s.Key); !ok {
			return InvalidFor(f+"key", RCriterionUnknown, "is not a criterion of this idea's criteria set")
		}
		if seen[s.Key] {
			return InvalidFor(f+"key", RCriterionTwice, "is scored twice")
		}
		seen[s.Key] = true
		if s.Score < ScoreMin || s.Score > ScoreMax {
			return Invalid(f+"score", "must be 1–5")
		}
		if len([]rune(s.Comment)) > 2000 {
			return Invalid(f+"comment", "must have at most 2000 characters")
		}
	}
	switch r.Recommendation {
	case "", RecommendGo, RecommendNoGo, RecommendNeedsInformation:
	default:
		return Invalid("recommendation", "must be one of: go, no_go, needs_information")
	}
	switch r.Confidence {
	case "", ConfidenceLow, ConfidenceMedium, ConfidenceHigh:
	default:
		return Invalid("confidence", "must be one of: low, medium, high")
	}
	if len([]rune(r.Comment)) > 5000 {
		return Invalid("comment", "must have at most 5000 characters")
	}
	if r.Status != ReviewSubmitted {
		return nil
	}
	for _, c := range set.Criteria {
		if !seen[c.Key] {
			return InvalidFor("scores", RScoresMissing, "score every criterion before submitting (missing: "+c.Key+")").With("criterion", c.Label)
		}
	}
	if r.Recommendation == "" {
		return InvalidFor("recommendation", RRecommendationRequired, "is required to submit")
	}
	if r.Confidence == "" {
		return InvalidFor("confidence", RConfidenceRequired, "is required to submit")
	}
	return nil
}

// Aggregate computes the score summary of the submitted reviews under set:
//   - per criterion: mean, min, max, population standard deviation and count;
//   - weighted score 0–100: the weighted mean of the criterion means (weights of criteria
//     nobody scored are left out), mapped from the 1–5 scale by (mean − 1) / 4 · 100;
//   - disagreement when any criterion has a standard deviation ≥ 1.0 or a range ≥ 2.
//
// Means and deviations are rounded to two decimals, the weighted score to one. It returns
// nil when no review is submitted.
func Aggregate(set *CriteriaSet, reviews []*Review) *ScoreSummary {
	var sub []*Review
	for _, r := range reviews {
		if r.Status == ReviewSubmitted {
			sub = append(sub, r)
		}
	}
	if len(sub) == 0 {
		return nil
	}
	s := &ScoreSummary{ReviewCount: len(sub), Recommend: map[string]int{}}
	for _, r := range sub {
		if r.Recommendation != "" {
			s.Recommend[string(r.Recommendation)]++
		}
	}
	var wsum, wtotal float64
	for _, c := range set.Criteria {
		var vals []int
		for _, r := range sub {
			for _, sc := range r.Scores {
				if sc.Key == c.Key {
					vals = append(vals, sc.Score)
				}
			}
		}
		st := CriterionStats{Key: c.Key, Weight: c.Weight, N: len(vals)}
		if len(vals) > 0 {
			mean, sd, lo, hi := stats(vals)
			st.Mean, st.StdDev, st.Min, st.Max = round(mean, 2), round(sd, 2), lo, hi
			if sd >= DisagreementStdDev-1e-9 || hi-lo >= DisagreementRange {
				s.Disagreement = true
			}
			wsum += float64(c.Weight) * mean
			wtotal += float64(c.Weight)
		}
		s.Criteria = append(s.Criteria, st)
	}
	if wtotal > 0 {
		s.Weighted = round((wsum/wtotal-1)/4*100, 1)
	}
	return s
}

func stats(vals []int) (mean, sd float64, lo, hi int) {
	lo, hi = vals[0], vals[0]
	for _, v := range vals {
		mean += float64(v)
		lo, hi = min(lo, v), max(hi, v)
	}
	mean /= float64(len(vals))
	for _, v := range vals {
		d := float64(v) - mean
		sd += d * d
	}
	return mean, math.Sqrt(sd / float64(len(vals))), lo, hi
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

// AssignmentStatus is the state of a reviewer's assignment.
type AssignmentStatus string

// Assignment statuses. A declined assignment (conflict of interest) no longer counts.
const (
	AssignmentActive   AssignmentStatus = "assigned"
	AssignmentDeclined AssignmentStatus = "declined"
)

// Assignment is one reviewer assigned to an idea.
type Assignment struct {
	ReviewerID    string
	DueAt         time.Time
	AssignedBy    string
	AssignedAt    time.Time
	Status        AssignmentStatus
	DeclineReason string
	DeclinedAt    time.Time
	// Released: the assignment was ended because the reviewer's account was deactivated or
	// deleted (ReleaseAssignments), not declined by the reviewer: once the account is active
	// again, the reviewer can be assigned anew.
	Released bool
}

// The reasons ReleaseAssignments records (in the language of the decision records).
const (
	ReleasedDeactivated = "Konto deaktiviert"
	ReleasedDeleted     = "Konto gelöscht"
)

// WasReleased reports whether the assignment ended with the reviewer's account, not by
// their decline; assignments released before the flag existed are known by their reason.
func (a Assignment) WasReleased() bool {
	return a.Status == AssignmentDeclined && (a.Released || a.DeclineReason == ReleasedDeactivated || a.DeclineReason == ReleasedDeleted)
}

// IdeaReviewers are the assignments of one idea and the criteria set its reviews use.
// Version 0 means none were ever saved.
type IdeaReviewers struct {
	IdeaID        string
	TenantID      string
	CriteriaSetID string
	Assignments   []Assignment
	Version       int64
	UpdatedAt     time.Time
}

// Active returns the assignments that count (not declined).
func (r *IdeaReviewers) Active() []Assignment {
	var out []Assignment
	for _, a := range r.Assignments {
		if a.Status == AssignmentActive {
			out = append(out, a)
		}
	}
	return out
}

// Find returns the assignment of reviewerID.
func (r *IdeaReviewers) Find(reviewerID string) (*Assignment, bool) {
	for i := range r.Assignments {
		if r.Assignments[i].ReviewerID == reviewerID {
			return &r.Assignments[i], true
		}
	}
	return nil, false
}

// IsAssigned reports whether reviewerID holds an active assignment.
func (r *IdeaReviewers) IsAssigned(reviewerID string) bool {
	a, ok := r.Find(reviewerID)
	return ok && a.Status == AssignmentActive
}

// CheckAssignable refuses reviewers who may not review the idea: authors and co-authors,
// users without the reviewer role, inactive users.
func CheckAssignable(i *Idea, u *User) error {
	if i.IsAuthor(u.ID) {
		return Because(EINVALID, RReviewerIsAuthor, "%s wrote or co-wrote this idea and cannot review it", u.DisplayName).With("name", u.DisplayName)
	}
	if !u.Has(RoleReviewer) {
		return Because(EINVALID, RReviewerNotReviewer, "%s does not hold the reviewer role", u.DisplayName).With("name", u.DisplayName)
	}
	if u.Status != UserActive {
		return Because(EINVALID, RReviewerInactive, "%s is not an active user", u.DisplayName).With("name", u.DisplayName)
	}
	return nil
}

// ValidateDeclineReason checks the reason of a declined review.
func ValidateDeclineReason(reason string) error {
	if n := len([]rune(strings.TrimSpace(reason))); n < 3 || n > 2000 {
		return InvalidFor("reason", RDeclineReason, "give the reason of your conflict of interest (3–2000 characters)")
	}
	return nil
}

// QueueItem is one entry of a reviewer's queue.
type QueueItem struct {
	IdeaID     string
	DueAt      time.Time
	AssignedAt time.Time
}

// ReviewStore persists assignments and reviews of the context's tenant.
type ReviewStore interface {
	// FindIdeaReviewers returns the assignments of an idea; an empty value (Version 0)
	// when there are none.
	FindIdeaReviewers(ctx context.Context, ideaID string) (*IdeaReviewers, error)
	// SaveIdeaReviewers writes the assignments if r.Version matches (0: create), bumps it
	// and keeps the reviewers' queues in step; EPRECONDITIONFAILED.
	SaveIdeaReviewers(ctx context.Context, r *IdeaReviewers) error
	// FindReviewerQueue returns the ideas actively assigned to reviewerID as their queue
	// lists them, soonest due first; the idea's assignments confirm an entry.
	FindReviewerQueue(ctx context.Context, reviewerID string) ([]QueueItem, error)
	// AssignedIdeaIDs returns the IDs of the ideas actively assigned to reviewerID (for the
	// "assigned to me" filter of the idea list).
	AssignedIdeaIDs(ctx context.Context, reviewerID string) ([]string, error)
	// FindReview returns a reviewer's review of an idea; ENOTFOUND.
	FindReview(ctx context.Context, ideaID, reviewerID string) (*Review, error)
	// FindReviews returns the reviews of the given reviewers of an idea (missing ones are
	// skipped), in the order given.
	FindReviews(ctx context.Context, ideaID string, reviewerIDs []string) ([]*Review, error)
	// SaveReview creates (Version 0) or replaces a review guarded by its version, then
	// bumps it; EPRECONDITIONFAILED, ECONFLICT when created twice.
	SaveReview(ctx context.Context, r *Review) error
	// DeleteReview removes a review if present.
	DeleteReview(ctx context.Context, ideaID, reviewerID string) error
}
