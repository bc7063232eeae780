package httpapi

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/search"
)

type criterionStatsResponse struct {
	Key    string  `json:"key"`
	Weight int     `json:"weight"`
	Mean   float64 `json:"mean"`
	Min    int     `json:"min"`
	Max    int     `json:"max"`
	StdDev float64 `json:"stdDev"`
	N      int     `json:"n"`
}

type recommendationCounts struct {
	Go               int `json:"go"`
	NoGo             int `json:"noGo"`
	NeedsInformation int `json:"needsInformation"`
}

// scoreResponse is the aggregate of an idea's reviews; it never names reviewers.
type scoreResponse struct {
	Weighted        float64                  `json:"weighted"`
	ReviewCount     int                      `json:"reviewCount"`
	Disagreement    bool                     `json:"disagreement"`
	Criteria        []criterionStatsResponse `json:"criteria"`
	Recommendations recommendationCounts     `json:"recommendations"`
}

func toScore(s *domain.ScoreSummary) *scoreResponse {
	if s == nil {
		return nil
	}
	r := &scoreResponse{Weighted: s.Weighted, ReviewCount: s.ReviewCount, Disagreement: s.Disagreement,
		Criteria: []criterionStatsResponse{}, Recommendations: recommendationCounts{
			Go: s.Recommend[string(domain.RecommendGo)], NoGo: s.Recommend[string(domain.RecommendNoGo)],
			NeedsInformation: s.Recommend[string(domain.RecommendNeedsInformation)]}}
	for _, c := range s.Criteria {
		r.Criteria = append(r.Criteria, criterionStatsResponse(c))
	}
	return r
}

// --- reviewers -------------------------------------------------------------------------

type assignmentResponse struct {
	Reviewer      funnelUser `json:"reviewer"`
	DueAt         time.Time  `json:"dueAt"`
	AssignedAt    time.Time  `json:"assignedAt"`
	Status        string     `json:"status"`
	DeclineReason *string    `json:"declineReason"`
	Released      bool       `json:"released"`     // declined because the account ended, not by the reviewer
	ReviewStatus  string     `json:"reviewStatus"` // none, draft, submitted
	Overdue       bool       `json:"overdue"`
}

type reviewersResponse struct {
	IdeaID        string               `json:"ideaId"`
	CriteriaSetID *string              `json:"criteriaSetId"`
	Items         []assignmentResponse `json:"items"`
	Version       int64                `json:"version"`
}

func (s *Server) toReviewers(ctx context.Context, f *domain.Funnel, rs *domain.IdeaReviewers) (reviewersResponse, error) {
	out := reviewersResponse{IdeaID: rs.IdeaID, CriteriaSetID: optString(rs.CriteriaSetID), Items: []assignmentResponse{}, Version: rs.Version}
	ids := make([]string, len(rs.Assignments))
	for n, a := range rs.Assignments {
		ids[n] = a.ReviewerID
	}
	reviews, err := f.Reviews.FindReviews(ctx, rs.IdeaID, ids)
	if err != nil {
		return out, err
	}
	status := map[string]string{}
	for _, r := range reviews {
		status[r.ReviewerID] = string(r.Status)
	}
	users := s.funnelUsers(ctx, ids...)
	now := s.Now()
	for _, a := range rs.Assignments {
		st := status[a.ReviewerID]
		if st == "" {
			st = "none"
		}
		out.Items = append(out.Items, assignmentResponse{Reviewer: users[a.ReviewerID], DueAt: a.DueAt, AssignedAt: a.AssignedAt,
			Status: string(a.Status), DeclineReason: optString(a.DeclineReason), Released: a.WasReleased(), ReviewStatus: st,
			Overdue: a.Status == domain.AssignmentActive && st != string(domain.ReviewSubmitted) && now.After(a.DueAt)})
	}
	return out, nil
}

func (s *Server) writeReviewers(c *gin.Context, status int, f *domain.Funnel, rs *domain.IdeaReviewers) {
	out, err := s.toReviewers(c.Request.Context(), f, rs)
	if err != nil {
		s.fail(c, err)
		return
	}
	if rs.Version > 0 {
		c.Header("ETag", etag(rs.Version))
	}
	c.JSON(status, out)
}

func (s *Server) handleGetReviewers(c *gin.Context) {
	f, ok := s.funnel(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	if _, err := f.VisibleIdea(ctx, c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	rs, err := f.Reviews.FindIdeaReviewers(ctx, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeReviewers(c, http.StatusOK, f, rs)
}

type putReviewersRequest struct {
	Reviewers []struct {
		ReviewerID string `json:"reviewerId" binding:"required,max=64"`
		DueAt      string `json:"dueAt" binding:"required,max=40"`
	} `json:"reviewers" binding:"max=10,dive"`
}

func (s *Server) handlePutReviewers(c *gin.Context) {
	f, ok := s.funnel(c)
	if !ok {
		return
	}
	var req putReviewersRequest
	if !s.bindJSON(c, &req) {
		return
	}
	v, err := ifMatchVersion(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	in := make([]domain.AssignmentInput, len(req.Reviewers))
	for n, r := range req.Reviewers {
		due, err := parseDeadline("reviewers["+strconv.Itoa(n)+"].dueAt", r.DueAt)
		if err != nil {
			s.fail(c, err)
			return
		}
		in[n] = domain.AssignmentInput{ReviewerID: r.ReviewerID, DueAt: due}
	}
	rs, err := f.AssignReviewers(c.Request.Context(), c.Param("id"), in, v)
	if err != nil {
		s.fail(c, err)
		return
	}
	// Keyed events: reviewers whose assignment did not change hear nothing new.
	for _, as := range rs.Active() {
		s.publishEngagement(c.Request.Context(), domain.ReviewAssignedEvent(rs.IdeaID, actor(c).UserID, as))
	}
	s.writeReviewers(c, http.StatusOK, f, rs)
}

// --- reviews ---------------------------------------------------------------------------

type criterionScoreResponse struct {
	Key     string `json:"key"`
	Score   int    `json:"score"`
	Comment string `json:"comment"`
}

type reviewResponse struct {
	ID string `json:"id"`
	// Reviewer is named to the cdo and to its own author only (blind review).
	Reviewer       *funnelUser              `json:"reviewer"`
	Mine           bool                     `json:"mine"`
	Status         string                   `json:"status"`
	NoConflict     bool                     `json:"noConflictOfInterest"`
	Scores         []criterionScoreResponse `json:"scores"`
	Recommendation *string                  `json:"recommendation"`
	Confidence     *string                  `json:"confidence"`
	Comment        string                   `json:"comment"`
	SubmittedAt    *time.Time               `json:"submittedAt"`
	UpdatedAt      time.Time                `json:"updatedAt"`
	Version        int64                    `json:"version"`
}

func toReview(r *domain.Review, mine bool, reviewer *funnelUser) reviewResponse {
	out := reviewResponse{ID: r.ID, Reviewer: reviewer, Mine: mine, Status: string(r.Status), NoConflict: r.NoConflict,
		Scores: []criterionScoreResponse{}, Recommendation: optString(string(r.Recommendation)), Confidence: optString(r.Confidence),
		Comment: r.Comment, SubmittedAt: optTime(r.SubmittedAt), UpdatedAt: r.UpdatedAt, Version: r.Version}
	for _, sc := range r.Scores {
		out.Scores = append(out.Scores, criterionScoreResponse(sc))
	}
	return out
}

type criterionResponse struct {
	Key         string `json:"key"`
	Label       string `json:"label"`
	Description string `json:"description"`
	Weight      int    `json:"weight"`
}

type reviewsResponse struct {
	// Access says what the caller sees: all (cdo), peers (a reviewer who submitted),
	// own (a reviewer who has not), aggregate (authors).
	Access    string              `json:"access"`
	Criteria  []criterionResponse `json:"criteria"`
	Aggregate *scoreResponse      `json:"aggregate"`
	Mine      *reviewResponse     `json:"mine"`
	Reviews   []reviewResponse    `json:"reviews"`
}

// handleGetReviews shows an idea's reviews by the blind-review rule (domain.ReviewAccessFor).
func (s *Server) handleGetReviews(c *gin.Context) {
	f, ok := s.funnel(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	a := actor(c)
	i, err := f.VisibleIdea(ctx, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	rs, err := f.Reviews.FindIdeaReviewers(ctx, i.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	var mine *domain.Review
	if a != nil {
		if r, err := f.Reviews.FindReview(ctx, i.ID, a.UserID); err == nil {
			mine = r
		}
	}
	access := domain.ReviewAccessFor(a, i, rs, mine)
	out := reviewsResponse{Criteria: []criterionResponse{}, Reviews: []reviewResponse{}}
	switch access {
	case domain.ReviewAccessNone:
		s.fail(c, domain.Errorf(domain.EFORBIDDEN, "only the CDO's office, the assigned reviewers and the authors see the reviews of an idea"))
		return
	case domain.ReviewAccessAggregate:
		out.Access = "aggregate"
	case domain.ReviewAccessOwn:
		out.Access = "own"
	case domain.ReviewAccessPeers:
		out.Access = "peers"
	case domain.ReviewAccessAll:
		out.Access = "all"
	}
	// Authors get the feedback once the reviews are done (the idea left evaluation): while
	// they come in one by one, the averages would be single reviewers' scores.
	inReview := i.Stage == domain.StageScreening || i.Stage == domain.StageEvaluation
	if access != domain.ReviewAccessOwn && !(access == domain.ReviewAccessAggregate && inReview) {
		out.Aggregate = toScore(i.Score)
	}
	if rs.CriteriaSetID != "" {
		if cs, err := f.Criteria.FindCriteriaSetByID(ctx, rs.CriteriaSetID); err == nil {
			for _, cr := range cs.Criteria {
				out.Criteria = append(out.Criteria, criterionResponse(cr))
			}
		}
	}
	if mine != nil && access >= domain.ReviewAccessOwn {
		me := s.funnelUsers(ctx, a.UserID)[a.UserID]
		r := toReview(mine, true, &me)
		out.Mine = &r
	}
	if access >= domain.ReviewAccessPeers {
		var ids []string
		for _, as := range rs.Active() {
			ids = append(ids, as.ReviewerID)
		}
		reviews, err := f.Reviews.FindReviews(ctx, i.ID, ids)
		if err != nil {
			s.fail(c, err)
			return
		}
		users := map[string]funnelUser{}
		if access == domain.ReviewAccessAll {
			users = s.funnelUsers(ctx, ids...)
		}
		for _, r := range reviews {
			if r.Status != domain.ReviewSubmitted || a != nil && r.ReviewerID == a.UserID {
				continue
			}
			var who *funnelUser
			if u, ok := users[r.ReviewerID]; ok {
				who = &u
			}
			rr := toReview(r, false, who)
			if access != domain.ReviewAccessAll {
				rr.ID = "" // the composite ID names the reviewer
			}
			out.Reviews = append(out.Reviews, rr)
		}
	}
	c.JSON(http.StatusOK, out)
}

type putReviewRequest struct {
	NoConflict *bool `json:"noConflictOfInterest" binding:"required"`
	Scores     []struct {
		Key     string `json:"key" binding:"required,max=40"`
		Score   int    `json:"score" binding:"required,min=1,max=5"`
		Comment string `json:"comment" binding:"max=2000,text"`
	} `json:"scores" binding:"max=12,dive"`
	Recommendation string `json:"recommendation" binding:"omitempty,oneof=go no_go needs_information"`
	Confidence     string `json:"confidence" binding:"omitempty,oneof=low medium high"`
	Comment        string `json:"comment" binding:"max=5000,text"`
	Draft          bool   `json:"draft"`
}

// handlePutMyReview creates or updates the caller's review (assigned reviewers, idea in
// evaluation); If-Match (the review's ETag) is optional.
func (s *Server) handlePutMyReview(c *gin.Context) {
	f, ok := s.funnel(c)
	if !ok {
		return
	}
	var req putReviewRequest
	if !s.bindJSON(c, &req) {
		return
	}
	v, err := ifMatchVersion(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	in := domain.ReviewInput{NoConflict: *req.NoConflict, Recommendation: domain.Recommendation(req.Recommendation),
		Confidence: req.Confidence, Comment: req.Comment, Draft: req.Draft}
	for _, sc := range req.Scores {
		in.Scores = append(in.Scores, domain.CriterionScore{Key: sc.Key, Score: sc.Score, Comment: sc.Comment})
	}
	ctx := c.Request.Context()
	r, _, err := f.SaveMyReview(ctx, c.Param("id"), in, v)
	if err != nil {
		s.fail(c, err)
		return
	}
	a := actor(c)
	me := s.funnelUsers(ctx, a.UserID)[a.UserID]
	c.Header("ETag", etag(r.Version))
	c.JSON(http.StatusOK, toReview(r, true, &me))
}

type declineRequest struct {
	Reason string `json:"reason" binding:"required,min=3,max=2000,text"`
}

// handleDeclineReview frees the caller's assignment for a conflict of interest.
func (s *Server) handleDeclineReview(c *gin.Context) {
	f, ok := s.funnel(c)
	if !ok {
		return
	}
	var req declineRequest
	if !s.bindJSON(c, &req) {
		return
	}
	if _, err := f.DeclineReview(c.Request.Context(), c.Param("id"), req.Reason); err != nil {
		s.fail(c, err)
		return
	}
	// The cdo's office assigns someone else: it hears of it.
	s.publishEngagement(c.Request.Context(), domain.ReviewDeclinedEvent(c.Param("id"), actor(c).UserID, strings.TrimSpace(req.Reason)))
	c.Status(http.StatusNoContent)
}

// --- ranking ---------------------------------------------------------------------------

type rankingItem struct {
	Rank int `json:"rank"`
	Idea struct {
		ID    string       `json:"id"`
		Title string       `json:"title"`
		Stage domain.Stage `json:"stage"`
	} `json:"idea"`
	Score *scoreResponse `json:"score"`
}

// campaignIdeaLister lists the ideas of a campaign; the search index or the idea store may
// provide it. Without one the ranking scans the ideas.
type campaignIdeaLister interface {
	ScanIdeas(ctx context.Context, fn func(*domain.Idea) error) error
}

// campaignIdeas returns the ideas of a campaign the caller may see (drafts excluded): the
// IDs from the in-memory index, then each idea by key for its full score; without an index
// a scan of the ideas.
// ranked says whether an idea in stage st competes in its campaign's ranking: not a draft,
// and not merged into another or withdrawn by its authors.
func ranked(st domain.Stage) bool {
	return st != domain.StageDraft && st != domain.StageMerged && st != domain.StageWithdrawn
}

func (s *Server) campaignIdeas(c *gin.Context, lister campaignIdeaLister, tid, campaignID string) ([]*domain.Idea, error) {
	ctx := c.Request.Context()
	a := actor(c)
	var ideas []*domain.Idea
	if s.IdeaIndex == nil {
		err := lister.ScanIdeas(ctx, func(i *domain.Idea) error {
			if i.TenantID == tid && i.CampaignID == campaignID && domain.CanSeeIdea(a, i) && ranked(i.Stage) {
				ideas = append(ideas, i)
			}
			return nil
		})
		return ideas, err
	}
	q := search.Query{CampaignID: campaignID, Sort: "score", Limit: 100}
	for range 100 {
		page, err := s.IdeaIndex.Search(tid, a, q)
		if err != nil {
			return nil, err
		}
		for _, slim := range page.Items {
			if !ranked(slim.Stage) {
				continue
			}
			i, err := s.Funnel.Ideas.FindIdeaByID(ctx, slim.ID)
			if err != nil {
				continue // removed meanwhile
			}
			ideas = append(ideas, i)
		}
		if page.Next == "" {
			break
		}
		q.Cursor = page.Next
	}
	return ideas, nil
}

// handleCampaignRanking ranks a campaign's scored ideas by weighted score (cdo); ideas
// without reviews follow, newest first.
func (s *Server) handleCampaignRanking(c *gin.Context) {
	if _, ok := s.funnel(c); !ok {
		return
	}
	ctx := c.Request.Context()
	cs, ok := s.Store.(domain.CampaignStore)
	lister, ok2 := s.Store.(campaignIdeaLister)
	if !ok || !ok2 {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "campaigns are not available"))
		return
	}
	tid, err := domain.TenantID(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	camp, err := cs.FindCampaignByID(ctx, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	ideas, err := s.campaignIdeas(c, lister, tid, camp.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	slices.SortStableFunc(ideas, func(x, y *domain.Idea) int {
		switch {
		case x.Score != nil && y.Score == nil:
			return -1
		case x.Score == nil && y.Score != nil:
			return 1
		case x.Score != nil && y.Score != nil && x.Score.Weighted != y.Score.Weighted:
			if x.Score.Weighted > y.Score.Weighted {
				return -1
			}
			return 1
		}
		return y.CreatedAt.Compare(x.CreatedAt)
	})
	out := make([]rankingItem, len(ideas))
	for n, i := range ideas {
		out[n].Rank = n + 1
		out[n].Idea.ID, out[n].Idea.Title, out[n].Idea.Stage = i.ID, i.Title, i.Stage
		out[n].Score = toScore(i.Score)
	}
	c.JSON(http.StatusOK, newList(out, "", len(out)))
}
