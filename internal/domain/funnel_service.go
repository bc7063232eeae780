package domain

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"time"
)

// EngagementMerger moves the supports and followers of a merged idea to its target (the
// engagement stores implement it; supports and follows of one user are not doubled).
type EngagementMerger interface {
	MoveEngagement(ctx context.Context, fromIdeaID, toIdeaID string) error
}

// ParkedRef names a parked idea and when it is due back in screening.
type ParkedRef struct {
	TenantID  string
	IdeaID    string
	RevisitAt time.Time
}

// ParkedIndex lists parked ideas deployment-wide, so the due ones are found without
// scanning every idea.
type ParkedIndex interface {
	// SetParked records that ideaID of the context's tenant is parked until revisitAt.
	SetParked(ctx context.Context, ideaID string, revisitAt time.Time) error
	// ClearParked forgets a parked idea (no error if absent).
	ClearParked(ctx context.Context, ideaID string) error
	// FindDueParked returns parked ideas of every tenant due at now.
	FindDueParked(ctx context.Context, now time.Time) ([]ParkedRef, error)
}

// Funnel carries out the funnel's use cases on the stores: it loads what a gate needs,
// applies the pure rules (Transition, Aggregate, …) and persists each change as one atomic
// update of the idea guarded by its version, then records the audit entry. HTTP handlers
// and background workers share it.
type Funnel struct {
	Ideas       IdeaStore
	Users       UserStore
	Departments DepartmentStore
	Tenants     TenantStore
	Reviews     ReviewStore
	Criteria    CriteriaStore
	Settings    FunnelSettingsStore
	Parked      ParkedIndex
	Catalogue   ReuseCatalogue
	Audit       AuditRecorder
	// Merger is optional until the engagement stores implement it.
	Merger EngagementMerger
	// Campaign finds an idea's campaign (its criteria set, its reviewers per idea); optional.
	Campaign func(ctx context.Context, campaignID string) (*Campaign, error)
	Logger   *slog.Logger
	Now      func() time.Time
	NewID    func() string
}

func (f *Funnel) now() time.Time { return f.Now().UTC().Truncate(time.Millisecond) }

func (f *Funnel) logger() *slog.Logger {
	if f.Logger == nil {
		return slog.Default()
	}
	return f.Logger
}

// audit records an entry; a failure is logged, not returned, because the change it
// describes has already happened.
func (f *Funnel) audit(ctx context.Context, action, targetType, targetID string, details map[string]string) {
	if f.Audit == nil {
		return
	}
	if err := f.Audit.RecordAudit(ctx, NewAuditEntry(ctx, action, targetType, targetID, details)); err != nil {
		f.logger().ErrorContext(ctx, "audit record failed", "err", err, "action", action, "target", targetID)
	}
}

// VisibleIdea loads an idea the context's actor may see; ENOTFOUND otherwise.
func (f *Funnel) VisibleIdea(ctx context.Context, id string) (*Idea, error) {
	i, err := f.Ideas.FindIdeaByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !CanSeeIdea(ActorFromContext(ctx), i) {
		return nil, Errorf(ENOTFOUND, "idea not found")
	}
	return i, nil
}

// updateIdea applies fn to the freshest version of an idea and writes it, retrying when
// someone else wrote in between. With ifVersion > 0 it writes only that version (no retry).
// errUnchanged tells updateIdea that fn changed nothing, so nothing is written.
var errUnchanged = errors.New("unchanged")

func (f *Funnel) updateIdea(ctx context.Context, id string, ifVersion int64, fn func(*Idea) error) (*Idea, error) {
	for range 20 {
		i, err := f.Ideas.FindIdeaByID(ctx, id)
		if err != nil {
			return nil, err
		}
		if ifVersion > 0 && i.Version != ifVersion {
			return nil, Errorf(EPRECONDITIONFAILED, "someone else changed this idea in the meantime; reload and try again")
		}
		if err := fn(i); err == errUnchanged {
			return i, nil
		} else if err != nil {
			return nil, err
		}
		err = f.Ideas.UpdateIdea(ctx, i)
		if ErrorCode(err) == EPRECONDITIONFAILED && ifVersion == 0 {
			continue
		}
		return i, err
	}
	return nil, Conflict(RBusy, "the idea is being changed by others right now; try again")
}

// Transition moves a visible idea as req asks, on behalf of the context's actor. With
// ifVersion > 0 the idea must still be at that version. The stage, version and the new
// decision record change in one update guarded by the version loaded, so of concurrent
// transitions from one version exactly one wins and the others get EPRECONDITIONFAILED.
// Errors: those of Transition, ENOTFOUND, EPRECONDITIONFAILED.
func (f *Funnel) Transition(ctx context.Context, ideaID string, req TransitionRequest, ifVersion int64) (*Idea, Decision, error) {
	a := ActorFromContext(ctx)
	i, err := f.VisibleIdea(ctx, ideaID)
	if err != nil {
		return nil, Decision{}, err
	}
	if ifVersion > 0 && i.Version != ifVersion {
		return nil, Decision{}, Errorf(EPRECONDITIONFAILED, "someone else changed this idea in the meantime; reload and try again")
	}
	// Gate facts are loaded only for a transition the actor may perform, so wrong stages and
	// roles are answered before anything else is looked at.
	if rule, ok := FindTransitionRule(i.Stage, req.To); ok && rule.MayPerform(a, i) {
		if err := f.loadFacts(ctx, i, rule, &req); err != nil {
			return nil, Decision{}, err
		}
	}
	req.DecisionID, req.RequestID = f.NewID(), RequestIDFromContext(ctx)
	from := i.Stage
	d, err := Transition(i, a, req, f.now())
	if err != nil {
		return nil, Decision{}, err
	}
	if err := f.checkReferences(ctx, i, d); err != nil {
		return nil, Decision{}, err
	}
	if err := f.Ideas.UpdateIdea(ctx, i); err != nil {
		if ErrorCode(err) == EPRECONDITIONFAILED {
			return nil, Decision{}, Errorf(EPRECONDITIONFAILED, "someone else changed this idea in the meantime; reload and try again")
		}
		return nil, Decision{}, err
	}
	f.afterTransition(ctx, i, d)
	f.audit(ctx, AuditIdeaTransition, "idea", i.ID, map[string]string{"from": string(from), "to": string(d.To), "decisionId": d.ID})
	return i, d, nil
}

func (f *Funnel) loadFacts(ctx context.Context, i *Idea, rule TransitionRule, req *TransitionRequest) error {
	switch {
	case rule.From == StageScreening && rule.To == StageEvaluation:
		if i.CampaignID == "" || f.Campaign == nil {
			return nil
		}
		c, err := f.Campaign(ctx, i.CampaignID)
		switch {
		case ErrorCode(err) == ENOTFOUND:
			return nil
		case err != nil:
			return err
		}
		rs, err := f.Reviews.FindIdeaReviewers(ctx, i.ID)
		if err != nil {
			return err
		}
		req.Facts.ReviewersRequired, req.Facts.ReviewersAssigned = c.ReviewersPerIdea, len(rs.Active())
	case rule.From == StageEvaluation && rule.To == StageDecision:
		rs, err := f.Reviews.FindIdeaReviewers(ctx, i.ID)
		if err != nil {
			return err
		}
		active := rs.Active()
		ids := make([]string, len(active))
		for n, as := range active {
			ids[n] = as.ReviewerID
		}
		reviews, err := f.Reviews.FindReviews(ctx, i.ID, ids)
		if err != nil {
			return err
		}
		req.Facts.ReviewsAssigned = len(active)
		for _, r := range reviews {
			if r.Status == ReviewSubmitted {
				req.Facts.ReviewsSubmitted++
			}
		}
	case rule.From == StageDecision && rule.To == StagePilot:
		s, err := f.Settings.FindFunnelSettings(ctx)
		if err != nil {
			return err
		}
		req.Facts.Checklist = s.Checklist
	case rule.To == StageMerged && req.MergeInto != "" && req.MergeInto != i.ID:
		t, err := f.Ideas.FindIdeaByID(ctx, req.MergeInto)
		if err != nil && ErrorCode(err) != ENOTFOUND {
			return err
		}
		req.Facts.MergeTarget = t
	}
	return nil
}

// checkReferences checks that the users and departments a decision names exist.
func (f *Funnel) checkReferences(ctx context.Context, i *Idea, d Decision) error {
	if d.PilotPlan != nil {
		if err := f.checkPlanRefs(ctx, d.PilotPlan); err != nil {
			return err
		}
	}
	for _, dep := range d.Departments {
		if err := f.checkDepartment(ctx, dep, "departments"); err != nil {
			return err
		}
	}
	return nil
}

func (f *Funnel) checkPlanRefs(ctx context.Context, p *PilotPlan) error {
	u, err := f.Users.FindUserByID(ctx, p.OwnerID)
	if ErrorCode(err) == ENOTFOUND || err == nil && u.Status != UserActive {
		return InvalidFor("pilotPlan.ownerId", RInactiveUser, "is not an active user of this municipality")
	}
	if err != nil {
		return err
	}
	return f.checkDepartment(ctx, p.DepartmentID, "pilotPlan.departmentId")
}

func (f *Funnel) checkDepartment(ctx context.Context, id, field string) error {
	d, err := f.Departments.FindDepartmentByID(ctx, id)
	if ErrorCode(err) == ENOTFOUND || err == nil && !d.Active {
		return InvalidFor(field, RInactiveDepartment, "is not an active department of this municipality")
	}
	return err
}

// afterTransition does what follows a stored transition and may be repeated safely:
// the parked index, the merge links and the move of supports and followers. Failures are
// logged; the decision stands.
func (f *Funnel) afterTransition(ctx context.Context, i *Idea, d Decision) {
	log := func(what string, err error) {
		if err != nil {
			f.logger().ErrorContext(ctx, "after transition: "+what, "err", err, "idea", i.ID, "to", d.To)
		}
	}
	if f.Parked != nil {
		switch {
		case d.To == StageParked:
			log("park", f.Parked.SetParked(ctx, i.ID, d.RevisitAt))
		case d.From == StageParked:
			log("unpark", f.Parked.ClearParked(ctx, i.ID))
		}
	}
	if d.To == StageMerged {
		_, err := f.updateIdea(ctx, d.MergedInto, 0, func(t *Idea) error {
			if !slices.Contains(t.MergedFrom, i.ID) {
				t.MergedFrom = append(t.MergedFrom, i.ID)
			}
			t.LastActivityAt = d.At
			return nil
		})
		log("link merge target", err)
		if f.Merger != nil {
			log("move supports and followers", f.Merger.MoveEngagement(ctx, i.ID, d.MergedInto))
		}
	}
}

// ReviveDueParkedIdeas moves every parked idea whose revisit date is due at now back to
// screening (a decision by the system actor), in every tenant. The notifications worker
// calls it periodically (under its lease); it is idempotent. It returns how many ideas
// came back.
func (f *Funnel) ReviveDueParkedIdeas(ctx context.Context, now time.Time) (int, error) {
	refs, err := f.Parked.FindDueParked(ctx, now)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, ref := range refs {
		tctx := WithTenant(ctx, &Tenant{ID: ref.TenantID})
		sys := &Actor{UserID: SystemActorID, TenantID: ref.TenantID, Roles: []Role{RoleCDO}}
		tctx = WithActor(tctx, sys)
		i, err := f.updateIdea(tctx, ref.IdeaID, 0, func(i *Idea) error {
			if i.Stage != StageParked {
				return Errorf(ECONFLICT, "not parked")
			}
			_, err := Transition(i, sys, TransitionRequest{To: StageScreening, DecisionID: f.NewID(),
				Reason: "Wiedervorlage: das Datum der Wiedervorlage ist erreicht."}, now.UTC().Truncate(time.Millisecond))
			return err
		})
		switch ErrorCode(err) {
		case "":
			n++
			f.audit(tctx, AuditIdeaTransition, "idea", i.ID, map[string]string{"from": string(StageParked), "to": string(StageScreening), "revived": "true"})
			fallthrough
		case ECONFLICT, ENOTFOUND:
			if cerr := f.Parked.ClearParked(tctx, ref.IdeaID); cerr != nil {
				f.logger().ErrorContext(ctx, "clear parked idea", "err", cerr, "idea", ref.IdeaID)
			}
		default:
			f.logger().ErrorContext(ctx, "revive parked idea", "err", err, "idea", ref.IdeaID)
		}
	}
	return n, nil
}
