package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// The public transparency view: what anyone sees without signing in, whoever asks — public
// ideas once screening has passed, their stage and the reasons of every decision, with no
// personal data beyond the authors' display names.

func (s *Server) handleListPublicIdeas(c *gin.Context) {
	ctx := c.Request.Context()
	q, err := parseIdeaQuery(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if q.Sort == "score" {
		s.fail(c, domain.Invalid("sort", "must be newest, supports, activity or relevance"))
		return
	}
	tid, err := domain.TenantID(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	page, err := s.IdeaIndex.Search(tid, nil, q)
	if err != nil {
		s.fail(c, err)
		return
	}
	ids := make([]string, len(page.Items))
	for k, i := range page.Items {
		ids[k] = i.AuthorID
	}
	names := s.refs(ctx, ids...)
	out := make([]publicIdeaSummaryResponse, len(page.Items))
	for k, i := range page.Items {
		out[k] = toPublicIdeaSummary(i, names)
	}
	renderJSON(c, http.StatusOK, newList(out, page.Next, page.Total))
}

func (s *Server) handleGetPublicIdea(c *gin.Context) {
	ctx := c.Request.Context()
	i, html, err := s.detailIdea(ctx, nil, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	r := publicIdeaResponse{
		publicIdeaSummaryResponse: toPublicIdeaSummary(i, s.refs(ctx, i.AuthorID)),
		Description:               i.Description, DescriptionHTML: html,
		Problem: i.Problem, ExpectedBenefit: i.ExpectedBenefit, TargetGroups: nonNilStrings(i.TargetGroups),
		Decisions: make([]publicDecisionResponse, len(i.Decisions)),
	}
	for k, d := range i.Decisions {
		r.Decisions[k] = publicDecisionResponse{From: d.From, To: d.To, At: d.At, Reason: d.Reason}
		if i.PrivateReason(d) {
			r.Decisions[k].Reason = ""
		}
	}
	renderJSON(c, http.StatusOK, r)
}
