package domain

import (
	"context"
	"slices"
	"strconv"
	"time"
)

// AssignmentInput names a reviewer and the due date of their review.
type AssignmentInput struct {
	ReviewerID string
	DueAt      time.Time
}

// ReviewersMax caps the reviewers of one idea.
const ReviewersMax = 10

// AssignReviewers replaces the active reviewers of an idea in screening or evaluation
// (cdo). Reviewers keep their assignment time when they stay; declined assignments stay on
// record and cannot be renewed; reviewers who already submitted cannot be removed, drafts
// of removed reviewers are deleted. With ifVersion > 0 the assignments must still be at that
// version. Errors: EFORBIDDEN, ENOTFOUND, ECONFLICT (stage, declined, submitted),
// EINVALID, EPRECONDITIONFAILED.
func (f *Funnel) AssignReviewers(ctx context.Context, ideaID string, in []AssignmentInput, ifVersion int64) (*IdeaReviewers, error) {
	a := ActorFromContext(ctx)
	if !a.Has(RoleCDO) {
		return nil, Errorf(EFORBIDDEN, "only the CDO's office assigns reviewers")
	}
	i, err := f.VisibleIdea(ctx, ideaID)
	if err != nil {
		return nil, err
	}
	if i.Stage != StageScreening && i.Stage != StageEvaluation {
		return nil, Conflict(RReviewersStage, "reviewers are assigned in screening or evaluation; the idea is in %q", i.Stage).With("stage", string(i.Stage))
	}
	if len(in) > ReviewersMax {
		return nil, Invalid("reviewers", "must have at most 10 entries")
	}
	cur, err := f.Reviews.FindIdeaReviewers(ctx, ideaID)
	if err != nil {
		return nil, err
	}
	if ifVersion > 0 && cur.Version != ifVersion {
		return nil, Errorf(EPRECONDITIONFAILED, "someone else changed the reviewers in the meantime; reload and try again")
	}
	now := f.now()
	seen := map[string]bool{}
	for n, x := range in {
		field := "reviewers[" + strconv.Itoa(n) + "]"
		if seen[x.ReviewerID] {
			return nil, InvalidFor(field+".reviewerId", RListedTwice, "is listed twice")
		}
		seen[x.ReviewerID] = true
		// A reviewer who stays keeps an assignment that was valid when made: neither a due
		// date since passed nor a role since lost (a submitted review cannot be removed)
		// blocks changing the others.
		if old, ok := cur.Find(x.ReviewerID); ok && old.Status == AssignmentActive {
			if !x.DueAt.After(now) && !x.DueAt.Equal(old.DueAt) {
				return nil, InvalidFor(field+".dueAt", RDuePast, "must be in the future")
			}
			continue
		}
		if !x.DueAt.After(now) {
			return nil, InvalidFor(field+".dueAt", RDuePast, "must be in the future")
		}
		u, err := f.Users.FindUserByID(ctx, x.ReviewerID)
		if ErrorCode(err) == ENOTFOUND {
			return nil, InvalidFor(field+".reviewerId", RNoSuchUser, "is not a user of this municipality")
		}
		if err != nil {
			return nil, err
		}
		if err := CheckAssignable(i, u); err != nil {
			return nil, AsError(err).OnField(field + ".reviewerId")
		}
	}
	next := *cur
	next.Assignments = nil
	var removed []string
	for _, as := range cur.Assignments {
		switch {
		case as.Status == AssignmentDeclined:
			if seen[as.ReviewerID] {
				if as.WasReleased() {
					continue // the account is back: assigned anew below
				}
				return nil, Conflict(RReviewerDeclined, "a reviewer declined this idea for a conflict of interest and cannot be assigned again")
			}
			next.Assignments = append(next.Assignments, as)
		case !seen[as.ReviewerID]:
			removed = append(removed, as.ReviewerID)
		}
	}
	if len(removed) > 0 {
		rs, err := f.Reviews.FindReviews(ctx, ideaID, removed)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			if r.Status == ReviewSubmitted {
				return nil, Conflict(RReviewerSubmitted, "a reviewer who already submitted a review cannot be removed")
			}
		}
	}
	for _, x := range in {
		as := Assignment{ReviewerID: x.ReviewerID, DueAt: x.DueAt.UTC(), AssignedBy: a.UserID, AssignedAt: now, Status: AssignmentActive}
		if old, ok := cur.Find(x.ReviewerID); ok && old.Status == AssignmentActive {
			as.AssignedBy, as.AssignedAt = old.AssignedBy, old.AssignedAt
		}
		next.Assignments = append(next.Assignments, as)
	}
	if next.CriteriaSetID == "" {
		if next.CriteriaSetID, err = f.criteriaSetFor(ctx, i); err != nil {
			return nil, err
		}
	}
	next.IdeaID = ideaID
	if err := f.Reviews.SaveIdeaReviewers(ctx, &next); err != nil {
		return nil, err
	}
	// A co-author added while this ran passed its own check before the save above; the idea
	// is read again after it (see DropAuthorsAssignments): the co-author stays, the
	// assignment goes.
	var added []string
	for _, x := range in {
		if !cur.IsAssigned(x.ReviewerID) {
			added = append(added, x.ReviewerID)
		}
	}
	if len(added) > 0 {
		now, err := f.Ideas.FindIdeaByID(ctx, ideaID)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(added, now.IsAuthor) {
			if _, err := f.DropAuthorsAssignments(ctx, now); err != nil {
				return nil, err
			}
			return nil, Because(EINVALID, RReviewerIsAuthor, "one of the reviewers has just become a co-author of this idea and cannot review it")
		}
	}
	for _, id := range removed {
		if err := f.Reviews.DeleteReview(ctx, ideaID, id); err != nil {
			f.logger().ErrorContext(ctx, "delete draft review of removed reviewer", "err", err, "idea", ideaID)
		}
	}
	ids := make([]string, len(in))
	for n, x := range in {
		ids[n] = x.ReviewerID
	}
	f.audit(ctx, AuditReviewersAssign, "idea", ideaID, map[string]string{"reviewers": joinIDs(ids)})
	return &next, nil
}

func joinIDs(ids []string) string {
	s := ""
	for n, id := range ids {
		if n > 0 {
			s += ","
		}
		s += id
	}
	return s
}

// criteriaSetFor returns the criteria set an idea's reviews use: its campaign's, else the
// tenant's default.
func (f *Funnel) criteriaSetFor(ctx context.Context, i *Idea) (string, error) {
	if i.CampaignID != "" && f.Campaign != nil {
		c, err := f.Campaign(ctx, i.CampaignID)
		if err != nil && ErrorCode(err) != ENOTFOUND {
			return "", err
		}
		if err == nil && c.CriteriaSetID != "" {
			return c.CriteriaSetID, nil
		}
	}
	cs, err := f.Criteria.EnsureDefaultCriteriaSet(ctx)
	if err != nil {
		return "", err
	}
	return cs.ID, nil
}

// ReviewInput is what a reviewer writes.
type ReviewInput struct {
	NoConflict     bool
	Scores         []CriterionScore
	Recommendation Recommendation
	Confidence     string
	Comment        string
	// Draft saves without submitting; a submitted review stays submitted.
	Draft bool
}

// SaveMyReview creates or updates the context actor's review of an idea in evaluation,
// then recomputes the idea's aggregate. With ifVersion > 0 the review must still be at
// that version. Errors: ENOTFOUND, EFORBIDDEN (not assigned), ECONFLICT (stage),
// EINVALID, EPRECONDITIONFAILED.
func (f *Funnel) SaveMyReview(ctx context.Context, ideaID string, in ReviewInput, ifVersion int64) (*Review, *Idea, error) {
	a := ActorFromContext(ctx)
	i, err := f.VisibleIdea(ctx, ideaID)
	if err != nil {
		return nil, nil, err
	}
	rs, err := f.Reviews.FindIdeaReviewers(ctx, ideaID)
	if err != nil {
		return nil, nil, err
	}
	if a == nil || !rs.IsAssigned(a.UserID) {
		return nil, nil, Errorf(EFORBIDDEN, "you are not assigned to review this idea")
	}
	// Assignment refuses authors and co-authors; this holds when one became co-author later.
	if i.IsAuthor(a.UserID) {
		return nil, nil, Because(EFORBIDDEN, ROwnIdeaReview, "you wrote or co-wrote this idea and cannot review it")
	}
	if i.Stage != StageEvaluation {
		return nil, nil, Conflict(RReviewStage, "reviews can be written while the idea is in evaluation; it is in %q", i.Stage).With("stage", string(i.Stage))
	}
	set, err := f.Criteria.FindCriteriaSetByID(ctx, rs.CriteriaSetID)
	if err != nil {
		return nil, nil, err
	}
	r, err := f.Reviews.FindReview(ctx, ideaID, a.UserID)
	switch ErrorCode(err) {
	case ENOTFOUND:
		r = &Review{ID: ReviewID(ideaID, a.UserID), IdeaID: ideaID, ReviewerID: a.UserID, CriteriaSetID: set.ID, Status: ReviewDraft}
	case "":
	default:
		return nil, nil, err
	}
	if ifVersion > 0 && r.Version != ifVersion {
		return nil, nil, Errorf(EPRECONDITIONFAILED, "your review was changed in the meantime (another tab?); reload and try again")
	}
	wasSubmitted := r.Status == ReviewSubmitted
	if wasSubmitted && in.Draft {
		return nil, nil, InvalidFor("draft", RSubmittedStays, "a submitted review stays submitted; edit it without draft")
	}
	r.NoConflict, r.Scores, r.Recommendation, r.Confidence, r.Comment = in.NoConflict, slices.Clone(in.Scores), in.Recommendation, in.Confidence, in.Comment
	if !in.Draft {
		r.Status = ReviewSubmitted
	}
	if err := r.Validate(set); err != nil {
		return nil, nil, err
	}
	if r.Status == ReviewSubmitted && !wasSubmitted {
		r.SubmittedAt = f.now()
	}
	if err := f.Reviews.SaveReview(ctx, r); err != nil {
		if ErrorCode(err) == ECONFLICT {
			return nil, nil, Errorf(EPRECONDITIONFAILED, "your review was changed in the meantime (another tab?); reload and try again")
		}
		return nil, nil, err
	}
	if !set.InUse {
		if err := f.Criteria.MarkCriteriaSetInUse(ctx, set.ID); err != nil {
			f.logger().ErrorContext(ctx, "mark criteria set in use", "err", err, "set", set.ID)
		}
	}
	if r.Status == ReviewSubmitted {
		if i, err = f.RecomputeScore(ctx, ideaID); err != nil {
			return nil, nil, err
		}
	}
	action := AuditReviewSave
	if r.Status == ReviewSubmitted && !wasSubmitted {
		action = AuditReviewSubmit
	}
	f.audit(ctx, action, "idea", ideaID, map[string]string{"review": r.ID})
	return r, i, nil
}

// RecomputeScore recomputes the aggregate of an idea from all its submitted reviews and
// stores it. The reviews are read while the store holds the idea for the score's write
// (UpdateIdeaScore), so the score written last includes every review saved before it.
func (f *Funnel) RecomputeScore(ctx context.Context, ideaID string) (*Idea, error) {
	return f.Ideas.UpdateIdeaScore(ctx, ideaID, func(i *Idea) (*ScoreSummary, bool, error) {
		rs, err := f.Reviews.FindIdeaReviewers(ctx, ideaID)
		if err != nil {
			return nil, false, err
		}
		if rs.CriteriaSetID == "" {
			return nil, i.Score != nil, nil
		}
		set, err := f.Criteria.FindCriteriaSetByID(ctx, rs.CriteriaSetID)
		if err != nil {
			return nil, false, err
		}
		var ids []string
		for _, as := range rs.Active() {
			ids = append(ids, as.ReviewerID)
		}
		reviews, err := f.Reviews.FindReviews(ctx, ideaID, ids)
		if err != nil {
			return nil, false, err
		}
		score := Aggregate(set, reviews)
		return score, !SameScore(i.Score, score), nil
	})
}

// DeclineReview lets an assigned reviewer decline for a conflict of interest before they
// submitted; the assignment is freed (the cdo may assign someone else) and a draft deleted.
// Errors: ENOTFOUND, EFORBIDDEN (not assigned), ECONFLICT (already submitted, stage),
// EINVALID.
func (f *Funnel) DeclineReview(ctx context.Context, ideaID, reason string) (*IdeaReviewers, error) {
	a := ActorFromContext(ctx)
	i, err := f.VisibleIdea(ctx, ideaID)
	if err != nil {
		return nil, err
	}
	if err := ValidateDeclineReason(reason); err != nil {
		return nil, err
	}
	for range 10 {
		rs, err := f.Reviews.FindIdeaReviewers(ctx, ideaID)
		if err != nil {
			return nil, err
		}
		as, ok := rs.Find(a.UserID)
		if !ok || as.Status != AssignmentActive {
			return nil, Errorf(EFORBIDDEN, "you are not assigned to review this idea")
		}
		if i.Stage != StageScreening && i.Stage != StageEvaluation {
			return nil, Conflict(RReviewStage, "the idea has left evaluation").With("stage", string(i.Stage))
		}
		r, err := f.Reviews.FindReview(ctx, ideaID, a.UserID)
		if err == nil && r.Status == ReviewSubmitted {
			return nil, Conflict(RReviewSubmitted, "you already submitted your review; ask the CDO's office to handle the conflict")
		}
		as.Status, as.DeclineReason, as.DeclinedAt = AssignmentDeclined, reason, f.now()
		err = f.Reviews.SaveIdeaReviewers(ctx, rs)
		if ErrorCode(err) == EPRECONDITIONFAILED {
			continue
		}
		if err != nil {
			return nil, err
		}
		if err := f.Reviews.DeleteReview(ctx, ideaID, a.UserID); err != nil {
			f.logger().ErrorContext(ctx, "delete draft of declined review", "err", err, "idea", ideaID)
		}
		f.audit(ctx, AuditReviewDecline, "idea", ideaID, nil)
		return rs, nil
	}
	return nil, Conflict(RBusy, "the reviewers of this idea are being changed right now; try again")
}

// DropAuthorsAssignments removes the active assignments of the idea's authors and
// co-authors that have no submitted review, with their drafts, and returns their IDs.
//
// Adding a co-author and assigning the same person as reviewer write different documents
// (the idea, its reviewers), each after checking the other. Two such writes at the same
// moment could both pass. So each reads the other's document again after its own write:
// of two writes that each write first and read second, at least one reads the other's, and
// this undoes the assignment. Errors: those of the store.
func (f *Funnel) DropAuthorsAssignments(ctx context.Context, i *Idea) ([]string, error) {
	for range 10 {
		rs, err := f.Reviews.FindIdeaReviewers(ctx, i.ID)
		if err != nil {
			return nil, err
		}
		var dropped []string
		kept := rs.Assignments[:0:0]
		for _, as := range rs.Assignments {
			if as.Status == AssignmentActive && i.IsAuthor(as.ReviewerID) {
				if r, err := f.Reviews.FindReview(ctx, i.ID, as.ReviewerID); err != nil || r.Status != ReviewSubmitted {
					dropped = append(dropped, as.ReviewerID)
					continue
				}
			}
			kept = append(kept, as)
		}
		if len(dropped) == 0 {
			return nil, nil
		}
		next := *rs
		next.Assignments = kept
		err = f.Reviews.SaveIdeaReviewers(ctx, &next)
		if ErrorCode(err) == EPRECONDITIONFAILED {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, id := range dropped {
			if err := f.Reviews.DeleteReview(ctx, i.ID, id); err != nil {
				f.logger().ErrorContext(ctx, "delete draft review of an author", "err", err, "idea", i.ID)
			}
		}
		f.audit(ctx, AuditReviewersAssign, "idea", i.ID, map[string]string{"removed": joinIDs(dropped), "reason": "co-author"})
		return dropped, nil
	}
	return nil, Conflict(RBusy, "the reviewers of this idea are being changed right now; try again")
}

// ReviewAccess says what of an idea's reviews a caller may see.
type ReviewAccess int

// Review access levels.
const (
	// ReviewAccessNone: the caller sees nothing (not cdo, not assigned, not an author).
	ReviewAccessNone ReviewAccess = iota
	// ReviewAccessAggregate: authors see the aggregated feedback only.
	ReviewAccessAggregate
	// ReviewAccessOwn: an assigned reviewer who has not submitted sees their own review only (blind).
	ReviewAccessOwn
	// ReviewAccessPeers: an assigned reviewer who submitted also sees the other submitted
	// reviews, without their reviewers' identities.
	ReviewAccessPeers
	// ReviewAccessAll: the cdo sees every review with its reviewer and the aggregate.
	ReviewAccessAll
)

// ReviewAccessFor is the review visibility rule. The cdo sees everything; an assigned
// reviewer (who still holds the role) sees others' reviews only after submitting their own (blind); authors see the
// aggregated feedback, never individual reviews or reviewer identities.
func ReviewAccessFor(a *Actor, i *Idea, rs *IdeaReviewers, mine *Review) ReviewAccess {
	switch {
	case a == nil:
		return ReviewAccessNone
	case a.Has(RoleCDO):
		return ReviewAccessAll
	}
	if as, ok := rs.Find(a.UserID); ok && as.Status == AssignmentActive && a.Has(RoleReviewer) {
		if mine != nil && mine.Status == ReviewSubmitted {
			return ReviewAccessPeers
		}
		return ReviewAccessOwn
	}
	if i.IsAuthor(a.UserID) {
		return ReviewAccessAggregate
	}
	return ReviewAccessNone
}

// ReleaseAssignments ends the open review assignments of a user whose account was deleted or
// deactivated, in ideas still in screening or evaluation: each is recorded as declined with
// reason (and a draft review deleted), so the gate no longer waits for a review that cannot
// come and the cdo's office sees why. Submitted reviews stay. It returns the ideas released.
func (f *Funnel) ReleaseAssignments(ctx context.Context, userID, reason string) ([]string, error) {
	queue, err := f.Reviews.FindReviewerQueue(ctx, userID)
	if err != nil {
		return nil, err
	}
	var released []string
	for _, q := range queue {
		i, err := f.Ideas.FindIdeaByID(ctx, q.IdeaID)
		if ErrorCode(err) == ENOTFOUND {
			continue
		}
		if err != nil {
			return released, err
		}
		if i.Stage != StageScreening && i.Stage != StageEvaluation {
			continue
		}
		if r, err := f.Reviews.FindReview(ctx, i.ID, userID); err == nil && r.Status == ReviewSubmitted {
			continue
		}
		for try := 0; ; try++ {
			rs, err := f.Reviews.FindIdeaReviewers(ctx, i.ID)
			if err != nil {
				return released, err
			}
			as, ok := rs.Find(userID)
			if !ok || as.Status != AssignmentActive {
				break
			}
			as.Status, as.DeclineReason, as.DeclinedAt, as.Released = AssignmentDeclined, reason, f.now(), true
			err = f.Reviews.SaveIdeaReviewers(ctx, rs)
			if ErrorCode(err) == EPRECONDITIONFAILED && try < 10 {
				continue
			}
			if err != nil {
				return released, err
			}
			if err := f.Reviews.DeleteReview(ctx, i.ID, userID); err != nil {
				f.logger().ErrorContext(ctx, "delete draft of a released review", "err", err, "idea", i.ID)
			}
			released = append(released, i.ID)
			break
		}
	}
	return released, nil
}
