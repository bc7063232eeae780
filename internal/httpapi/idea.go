package httpapi

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/search"
)

// ideaStores are the stores the idea endpoints need beyond Store.
type ideaStores interface {
	domain.IdeaStore
	domain.CampaignStore
}

func (s *Server) ideaStore() (ideaStores, error) {
	st, ok := s.Store.(ideaStores)
	if !ok {
		return nil, errors.New("the idea store is not available")
	}
	return st, nil
}

// visibleIdea loads an idea the caller may see; others do not exist for them.
func (s *Server) visibleIdea(ctx context.Context, a *domain.Actor, id string) (*domain.Idea, error) {
	st, err := s.ideaStore()
	if err != nil {
		return nil, err
	}
	i, err := st.FindIdeaByID(ctx, id)
	if domain.ErrorCode(err) == domain.ENOTFOUND || err == nil && !domain.CanSeeIdea(a, i) {
		return nil, domain.Errorf(domain.ENOTFOUND, "idea not found")
	}
	return i, err
}

// parseIdeaQuery reads the list parameters shared by /ideas and /public/ideas.
func parseIdeaQuery(c *gin.Context) (search.Query, error) {
	q := search.Query{
		Text: c.Query("q"), CampaignID: c.Query("campaign"), DepartmentID: c.Query("department"),
		Tag: c.Query("tag"), Sort: c.Query("sort"), Cursor: c.Query("cursor"),
	}
	switch {
	case len([]rune(q.Text)) > 200:
		return q, domain.Invalid("q", "must have at most 200 characters")
	case len(q.CampaignID) > 64:
		return q, domain.Invalid("campaign", "must have at most 64 characters")
	case len(q.DepartmentID) > 64:
		return q, domain.Invalid("department", "must have at most 64 characters")
	case len([]rune(q.Tag)) > domain.TagMax:
		return q, domain.Invalid("tag", "must have at most 40 characters")
	case len(q.Cursor) > 500:
		return q, domain.Invalid("cursor", "cursor is not valid for this list; start again without it")
	}
	if q.Sort != "" && !slices.Contains([]string{"newest", "supports", "score", "activity", "relevance"}, q.Sort) {
		return q, domain.Invalid("sort", "must be newest, supports, score, activity or relevance")
	}
	for _, v := range c.QueryArray("stage") {
		for _, st := range strings.Split(v, ",") {
			if !domain.ValidStage(domain.Stage(st)) {
				return q, domain.Invalid("stage", "must be stages of the funnel, e.g. stage=screening,evaluation")
			}
			q.Stages = append(q.Stages, domain.Stage(st))
		}
	}
	limit, err := parseLimit(c)
	if err != nil {
		return q, err
	}
	q.Limit = limit
	return q, nil
}

func queryBool(c *gin.Context, name string) (bool, error) {
	switch c.Query(name) {
	case "", "false":
		return false, nil
	case "true":
		return true, nil
	}
	return false, domain.Invalid(name, "must be true or false")
}

// handleListIdeas lists, filters, sorts and searches the ideas the caller may see. It reads
// the in-memory index only (plus the caller's follow or assignment list when asked).
func (s *Server) handleListIdeas(c *gin.Context) {
	ctx := c.Request.Context()
	a := actor(c)
	q, err := parseIdeaQuery(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if v := c.Query("visibility"); v != "" {
		if v != string(domain.VisibilityInternal) && v != string(domain.VisibilityPublic) {
			s.fail(c, domain.Invalid("visibility", "must be internal or public"))
			return
		}
		q.Visibility = domain.Visibility(v)
	}
	if v := c.Query("source"); v != "" {
		if v != string(domain.SourceStaff) && v != string(domain.SourceCitizen) && v != string(domain.SourceOtherMunicipality) {
			s.fail(c, domain.Invalid("source", "must be staff, citizen or other_municipality"))
			return
		}
		q.Source = domain.Source(v)
	}
	mine, err1 := queryBool(c, "mine")
	followed, err2 := queryBool(c, "followed")
	assigned, err3 := queryBool(c, "assigned")
	if err := cmp.Or(err1, err2, err3); err != nil {
		s.fail(c, err)
		return
	}
	if (mine || followed || assigned) && a == nil {
		s.fail(c, domain.Errorf(domain.EUNAUTHORIZED, "sign in to list your own, followed or assigned ideas"))
		return
	}
	if mine {
		q.AuthorID = a.UserID
	}
	if followed {
		q.Restrict = true
		if fl, ok := s.Store.(domain.FollowedIdeaLister); ok {
			ids, err := fl.FollowedIdeaIDs(ctx, a.UserID)
			if err != nil {
				s.fail(c, err)
				return
			}
			q.OnlyIDs = ids
		}
	}
	if assigned {
		var ids []string
		if al, ok := s.Store.(domain.AssignedIdeaLister); ok {
			if ids, err = al.AssignedIdeaIDs(ctx, a.UserID); err != nil {
				s.fail(c, err)
				return
			}
		}
		if followed {
			ids = intersectIDs(q.OnlyIDs, ids)
		}
		q.Restrict, q.OnlyIDs = true, ids
	}
	tid, err := domain.TenantID(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	page, err := s.IdeaIndex.Search(tid, a, q)
	if err != nil {
		s.fail(c, err)
		return
	}
	renderJSON(c, http.StatusOK, newList(s.toIdeaSummaries(ctx, a, page.Items), page.Next, page.Total))
}

func intersectIDs(a, b []string) []string {
	out := []string{}
	for _, x := range a {
		if slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// handleGetIdea shows one idea (404 for ideas the caller may not see).
func (s *Server) handleGetIdea(c *gin.Context) {
	a := actor(c)
	i, html, err := s.detailIdea(c.Request.Context(), a, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("ETag", etag(i.Version))
	renderJSON(c, http.StatusOK, s.toIdeaRendered(c.Request.Context(), a, i, html))
}

// createIdeaRequest holds what an author writes; author, stage, counters and scores are
// not fields of any request.
type createIdeaRequest struct {
	Title           string   `json:"title" binding:"required,min=5,max=120,line,nonblank"`
	Summary         string   `json:"summary" binding:"required,min=1,max=300,text,nonblank"`
	Description     string   `json:"description" binding:"max=20000,text"`
	Problem         string   `json:"problem" binding:"max=5000,text"`
	ExpectedBenefit string   `json:"expectedBenefit" binding:"max=5000,text"`
	TargetGroups    []string `json:"targetGroups" binding:"max=3,unique,dive,oneof=citizens businesses staff"`
	Tags            []string `json:"tags" binding:"max=10,dive,min=1,max=40,line"`
	DepartmentID    string   `json:"departmentId" binding:"max=64,line"`
	CampaignID      string   `json:"campaignId" binding:"max=64,line"`
	Visibility      string   `json:"visibility" binding:"omitempty,oneof=internal public"`
	CoAuthorIDs     []string `json:"coAuthorIds" binding:"max=5,unique,dive,min=1,max=64,line"`
	// Submit submits the idea at once (it then needs a description) instead of saving a draft.
	Submit bool `json:"submit"`
}

// handleCreateIdea saves a draft or submits an idea directly. Citizens' ideas are public;
// staff ideas are internal unless the author chooses public.
func (s *Server) handleCreateIdea(c *gin.Context) {
	var req createIdeaRequest
	if !s.bindJSON(c, &req) {
		return
	}
	ctx := c.Request.Context()
	a := actor(c)
	st, err := s.ideaStore()
	if err != nil {
		s.fail(c, err)
		return
	}
	i := &domain.Idea{
		Title: strings.TrimSpace(req.Title), Summary: strings.TrimSpace(req.Summary), Description: req.Description,
		Problem: req.Problem, ExpectedBenefit: req.ExpectedBenefit, TargetGroups: nonNilStrings(req.TargetGroups),
		Tags: domain.NormalizeTags(req.Tags), DepartmentID: req.DepartmentID, CampaignID: req.CampaignID,
		AuthorID: a.UserID, CoAuthorIDs: nonNilStrings(req.CoAuthorIDs), Stage: domain.StageDraft,
		Source: domain.SourceStaff, Visibility: domain.Visibility(req.Visibility),
	}
	if !a.IsStaff() {
		i.Source = domain.SourceCitizen
		if i.Visibility == domain.VisibilityInternal {
			s.fail(c, domain.InvalidFor("visibility", domain.RCitizenIdeasPublic, "ideas by citizens are always public"))
			return
		}
		i.Visibility = domain.VisibilityPublic
	} else if i.Visibility == "" {
		i.Visibility = domain.VisibilityInternal
	}
	if err := s.checkIdeaRefs(ctx, a, st, i, nil); err != nil {
		s.fail(c, err)
		return
	}
	if err := i.Validate(); err != nil {
		s.fail(c, err)
		return
	}
	if req.Submit {
		_, err := domain.Transition(i, a, domain.TransitionRequest{
			To: domain.StageSubmitted, DecisionID: uuid.Must(uuid.NewV7()).String(), RequestID: requestID(c),
		}, s.Now().UTC())
		if err != nil {
			s.fail(c, err)
			return
		}
	}
	if err := st.CreateIdea(ctx, i); err != nil {
		s.fail(c, err)
		return
	}
	if req.Submit && len(i.Decisions) > 0 {
		// Submitted at once: the same news (and webhook) as submitting a draft.
		s.publishEngagement(ctx, domain.TransitionEvent(i, i.Decisions[len(i.Decisions)-1]))
	}
	c.Header("ETag", etag(i.Version))
	c.Header("Location", "/api/v1/ideas/"+i.ID)
	c.JSON(http.StatusCreated, s.toIdea(ctx, a, i))
}

// checkIdeaRefs checks the campaign, department and co-authors an idea names (old is the
// stored idea on an edit): they must exist in the tenant; a new campaign must take ideas
// from the caller, and an internal campaign's ideas stay internal.
func (s *Server) checkIdeaRefs(ctx context.Context, a *domain.Actor, st ideaStores, i, old *domain.Idea) error {
	if i.CampaignID != "" {
		camp, err := st.FindCampaignByID(ctx, i.CampaignID)
		if err != nil || !domain.CanSeeCampaign(a, camp) {
			if err == nil || domain.ErrorCode(err) == domain.ENOTFOUND {
				return domain.InvalidFor("campaignId", domain.RNoSuchCampaign, "no such campaign")
			}
			return err
		}
		if old == nil || old.CampaignID != i.CampaignID {
			if err := domain.CheckCampaignForIdea(a, camp, s.Now()); err != nil && !(old != nil && a.Has(domain.RoleCDO)) {
				return err
			}
		}
		if camp.Audience == domain.VisibilityInternal && i.Visibility == domain.VisibilityPublic {
			return domain.InvalidFor("visibility", domain.RCampaignIdeasInternal, "ideas of an internal campaign are internal")
		}
	}
	if i.DepartmentID != "" && (old == nil || old.DepartmentID != i.DepartmentID) {
		d, err := s.Store.FindDepartmentByID(ctx, i.DepartmentID)
		if err != nil {
			if domain.ErrorCode(err) == domain.ENOTFOUND {
				return domain.InvalidFor("departmentId", domain.RNoSuchDepartment, "no such department")
			}
			return err
		}
		if !d.Active {
			return domain.InvalidFor("departmentId", domain.RInactiveDepartment, "is not an active department of this municipality")
		}
	}
	var reviewers *domain.IdeaReviewers // of an existing idea, read once a co-author is added
	for _, id := range i.CoAuthorIDs {
		if old != nil && slices.Contains(old.CoAuthorIDs, id) {
			continue
		}
		if id == i.AuthorID {
			return domain.InvalidFor("coAuthorIds", domain.RCoAuthorIsAuthor, "the author cannot be a co-author")
		}
		u, err := s.Store.FindUserByID(ctx, id)
		if err != nil || u.Status != domain.UserActive {
			if err == nil || domain.ErrorCode(err) == domain.ENOTFOUND {
				return domain.InvalidFor("coAuthorIds", domain.RNoSuchUser, "no such user")
			}
			return err
		}
		// Nobody reviews an idea they wrote (domain.CheckAssignable): a reviewer of the idea
		// cannot join its authors. The refusal names nobody: authors never learn who reviews.
		if old != nil && reviewers == nil && s.Funnel != nil {
			if reviewers, err = s.Funnel.Reviews.FindIdeaReviewers(ctx, i.ID); err != nil {
				return err
			}
		}
		if reviewers != nil && reviewers.IsAssigned(id) {
			return domain.InvalidFor("coAuthorIds", domain.RCoAuthorIsReviewer, "one of the people added cannot be a co-author of this idea")
		}
	}
	return nil
}

// patchIdeaRequest changes some fields of an idea; absent fields stay as they are.
type patchIdeaRequest struct {
	Title           *string   `json:"title" binding:"omitempty,min=5,max=120,line,nonblank"`
	Summary         *string   `json:"summary" binding:"omitempty,min=1,max=300,text,nonblank"`
	Description     *string   `json:"description" binding:"omitempty,max=20000,text"`
	Problem         *string   `json:"problem" binding:"omitempty,max=5000,text"`
	ExpectedBenefit *string   `json:"expectedBenefit" binding:"omitempty,max=5000,text"`
	TargetGroups    *[]string `json:"targetGroups" binding:"omitempty,max=3,unique,dive,oneof=citizens businesses staff"`
	Tags            *[]string `json:"tags" binding:"omitempty,max=10,dive,min=1,max=40,line"`
	DepartmentID    *string   `json:"departmentId" binding:"omitempty,max=64,line"`
	CampaignID      *string   `json:"campaignId" binding:"omitempty,max=64,line"`
	Visibility      *string   `json:"visibility" binding:"omitempty,oneof=internal public"`
	CoAuthorIDs     *[]string `json:"coAuthorIds" binding:"omitempty,max=5,unique,dive,min=1,max=64,line"`
}

// handlePatchIdea edits an idea: its authors while it is a draft or needs information, the
// cdo at any time (recorded in the audit log). If-Match is required; a stale one gets 412
// and changes nothing.
func (s *Server) handlePatchIdea(c *gin.Context) {
	var req patchIdeaRequest
	if !s.bindJSON(c, &req) {
		return
	}
	ctx := c.Request.Context()
	a := actor(c)
	st, err := s.ideaStore()
	if err != nil {
		s.fail(c, err)
		return
	}
	old, err := s.visibleIdea(ctx, a, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := domain.MayEditIdea(a, old); err != nil {
		s.fail(c, err)
		return
	}
	if err := checkVersion(c, old.Version, true); err != nil {
		s.fail(c, err)
		return
	}
	i := *old
	var changed []string
	set := func(name string, dst *string, v *string, trim bool) {
		if v == nil {
			return
		}
		nv := *v
		if trim {
			nv = strings.TrimSpace(nv)
		}
		if nv != *dst {
			*dst = nv
			changed = append(changed, name)
		}
	}
	set("title", &i.Title, req.Title, true)
	set("summary", &i.Summary, req.Summary, true)
	set("description", &i.Description, req.Description, false)
	set("problem", &i.Problem, req.Problem, false)
	set("expectedBenefit", &i.ExpectedBenefit, req.ExpectedBenefit, false)
	set("departmentId", &i.DepartmentID, req.DepartmentID, false)
	set("campaignId", &i.CampaignID, req.CampaignID, false)
	if req.Visibility != nil && domain.Visibility(*req.Visibility) != i.Visibility {
		i.Visibility = domain.Visibility(*req.Visibility)
		changed = append(changed, "visibility")
	}
	if req.TargetGroups != nil && !slices.Equal(*req.TargetGroups, i.TargetGroups) {
		i.TargetGroups = nonNilStrings(*req.TargetGroups)
		changed = append(changed, "targetGroups")
	}
	if req.Tags != nil {
		if tags := domain.NormalizeTags(*req.Tags); !slices.Equal(tags, i.Tags) {
			i.Tags = tags
			changed = append(changed, "tags")
		}
	}
	if req.CoAuthorIDs != nil && !slices.Equal(*req.CoAuthorIDs, i.CoAuthorIDs) {
		if a.UserID != old.AuthorID && !a.Has(domain.RoleCDO) {
			s.fail(c, &domain.Error{Code: domain.EFORBIDDEN, Message: "only the author can change the co-authors",
				Fields: []domain.FieldError{{Field: "coAuthorIds", Message: "only the author can change it"}}})
			return
		}
		i.CoAuthorIDs = nonNilStrings(*req.CoAuthorIDs)
		changed = append(changed, "coAuthorIds")
	}
	if err := s.checkIdeaRefs(ctx, a, st, &i, old); err != nil {
		s.fail(c, err)
		return
	}
	if err := i.Validate(); err != nil {
		s.fail(c, err)
		return
	}
	if len(changed) > 0 {
		i.LastActivityAt = s.Now().UTC()
		if err := st.UpdateIdea(ctx, &i); err != nil {
			s.fail(c, err)
			return
		}
		// A reviewer assigned while the co-authors were checked (checkIdeaRefs) is found
		// now, after the write, and their assignment undone (domain.DropAuthorsAssignments).
		if s.Funnel != nil && slices.Contains(changed, "coAuthorIds") && (i.Stage == domain.StageScreening || i.Stage == domain.StageEvaluation) {
			if _, err := s.Funnel.DropAuthorsAssignments(ctx, &i); err != nil {
				s.logger.ErrorContext(ctx, "drop assignments of new co-authors", "err", err, "idea", i.ID)
			}
		}
		if !old.IsAuthor(a.UserID) || old.Stage != domain.StageDraft {
			s.recordIdeaAudit(ctx, "idea.update", i.ID, map[string]string{"fields": strings.Join(changed, ","), "stage": string(i.Stage)})
		}
	}
	c.Header("ETag", etag(i.Version))
	c.JSON(http.StatusOK, s.toIdea(ctx, a, &i))
}

// recordIdeaAudit appends to the audit log when the store keeps one.
func (s *Server) recordIdeaAudit(ctx context.Context, action, ideaID string, details map[string]string) {
	if r, ok := s.Store.(domain.AuditRecorder); ok {
		dctx, stop := domain.Detach(ctx)
		defer stop()
		if err := r.RecordAudit(dctx, domain.NewAuditEntry(ctx, action, "idea", ideaID, details)); err != nil {
			s.logger.ErrorContext(ctx, "audit record failed", "err", err, "action", action)
		}
	}
}

// handleDeleteIdea deletes a draft (its author only; If-Match required).
func (s *Server) handleDeleteIdea(c *gin.Context) {
	ctx := c.Request.Context()
	a := actor(c)
	st, err := s.ideaStore()
	if err != nil {
		s.fail(c, err)
		return
	}
	i, err := s.visibleIdea(ctx, a, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := domain.MayDeleteIdea(a, i); err != nil {
		s.fail(c, err)
		return
	}
	if err := checkVersion(c, i.Version, true); err != nil {
		s.fail(c, err)
		return
	}
	if err := st.DeleteIdea(ctx, i.ID, i.Version); err != nil {
		s.fail(c, err)
		return
	}
	// Drafts can have attachments (and comments by co-authors): remove them too. A failure
	// leaves orphans for `ideenwerk doctor`, never a half-deleted idea.
	if err := s.Store.PurgeIdeaEngagement(ctx, i.ID); err != nil {
		s.logger.WarnContext(ctx, "purge engagement of a deleted draft", "idea", i.ID, "err", err)
	}
	c.Status(http.StatusNoContent)
}

type similarRequest struct {
	Title   string `json:"title" binding:"max=120,line"`
	Summary string `json:"summary" binding:"max=300,text"`
	// ExcludeID leaves out the idea being edited.
	ExcludeID string `json:"excludeId" binding:"max=64,line"`
}

type similarItem struct {
	ID      string       `json:"id"`
	Title   string       `json:"title"`
	Summary string       `json:"summary"`
	Stage   domain.Stage `json:"stage"`
	Score   float64      `json:"score"`
}

// handleSimilarIdeas suggests up to five visible ideas like a draft's title and summary.
func (s *Server) handleSimilarIdeas(c *gin.Context) {
	var req similarRequest
	if !s.bindJSON(c, &req) {
		return
	}
	if strings.TrimSpace(req.Title+req.Summary) == "" {
		s.fail(c, domain.InvalidFor("title", domain.RTitleOrSummary, "send a title or a summary"))
		return
	}
	tid, err := domain.TenantID(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	ms := s.IdeaIndex.Similar(tid, actor(c), req.Title, req.Summary, req.ExcludeID, 5)
	out := make([]similarItem, len(ms))
	for k, m := range ms {
		out[k] = similarItem{ID: m.Idea.ID, Title: m.Idea.Title, Summary: m.Idea.Summary, Stage: m.Idea.Stage, Score: m.Score}
	}
	renderJSON(c, http.StatusOK, gin.H{"items": out})
}
