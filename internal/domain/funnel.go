package domain

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Performer says who may perform a transition.
type Performer string

// Performers: the idea's author (submit, withdraw) or the cdo (everything else).
const (
	ByAuthor Performer = "author"
	ByCDO    Performer = "cdo"
)

// SystemActorID is the actor of transitions the product makes itself (a parked idea
// coming back to screening when its revisit date is due).
const SystemActorID = "system"

// TransitionRule is one row of the funnel's transition table.
type TransitionRule struct {
	From, To Stage
	By       Performer
	// ReasonRequired: rejected, merged, parked, stopped and "needs information" need a
	// reason; an override at the decision gate needs one too (checked separately).
	ReasonRequired bool
}

// transitionRules is the funnel of PRODUCT.md, and nothing else. Drafts are deleted, not
// withdrawn; ideas past the decision cannot be withdrawn.
var transitionRules = []TransitionRule{
	{From: StageDraft, To: StageSubmitted, By: ByAuthor},
	{From: StageSubmitted, To: StageScreening, By: ByCDO}, // or the authors' answer (MayPerform)
	{From: StageSubmitted, To: StageWithdrawn, By: ByAuthor},
	{From: StageScreening, To: StageEvaluation, By: ByCDO},
	{From: StageScreening, To: StageRejected, By: ByCDO, ReasonRequired: true},
	{From: StageScreening, To: StageMerged, By: ByCDO, ReasonRequired: true},
	{From: StageScreening, To: StageSubmitted, By: ByCDO, ReasonRequired: true}, // needs information
	{From: StageScreening, To: StageWithdrawn, By: ByAuthor},
	{From: StageEvaluation, To: StageDecision, By: ByCDO},
	{From: StageEvaluation, To: StageWithdrawn, By: ByAuthor},
	{From: StageDecision, To: StagePilot, By: ByCDO},
	{From: StageDecision, To: StageRejected, By: ByCDO, ReasonRequired: true},
	{From: StageDecision, To: StageParked, By: ByCDO, ReasonRequired: true},
	{From: StageParked, To: StageScreening, By: ByCDO},
	{From: StagePilot, To: StageRollout, By: ByCDO},
	{From: StagePilot, To: StageStopped, By: ByCDO, ReasonRequired: true},
	{From: StagePilot, To: StagePilot, By: ByCDO}, // extension with a new end date
	{From: StageRollout, To: StageImplemented, By: ByCDO},
}

// TransitionRules returns a copy of the transition table.
func TransitionRules() []TransitionRule { return slices.Clone(transitionRules) }

// FindTransitionRule returns the rule for from → to.
func FindTransitionRule(from, to Stage) (TransitionRule, bool) {
	for _, r := range transitionRules {
		if r.From == from && r.To == to {
			return r, true
		}
	}
	return TransitionRule{}, false
}

// MayPerform reports whether a may perform rule on idea: the author (or a co-author) submits,
// only the author withdraws, the cdo does the rest — except that the authors of an idea sent
// back with questions answer them by returning it to screening (IsAnswer).
func (r TransitionRule) MayPerform(a *Actor, i *Idea) bool {
	if a == nil {
		return false
	}
	if r.IsAnswer(a, i) {
		return true
	}
	switch r.By {
	case ByAuthor:
		if r.To == StageWithdrawn {
			return a.UserID == i.AuthorID
		}
		return i.IsAuthor(a.UserID)
	case ByCDO:
		return a.Has(RoleCDO)
	}
	return false
}

// IsAnswer reports whether rule, performed by a, is the authors' answer to the questions of
// "needs information": an author who is not of the cdo's office returns the idea to
// screening. The answer is the decision's reason, so it is required.
func (r TransitionRule) IsAnswer(a *Actor, i *Idea) bool {
	return r.From == StageSubmitted && r.To == StageScreening && a != nil && !a.Has(RoleCDO) &&
		i.NeedsInformation() && i.IsAuthor(a.UserID)
}

// NextStages lists the stages a may move idea to (for the UI; the gates' data are not checked).
func NextStages(a *Actor, i *Idea) []Stage {
	out := []Stage{}
	for _, r := range transitionRules {
		if r.From == i.Stage && r.MayPerform(a, i) {
			out = append(out, r.To)
		}
	}
	return out
}

// TransitionRequest asks to move an idea to another stage, with the data its gate needs.
type TransitionRequest struct {
	To       Stage
	Reason   string
	Override bool // evaluation → decision with reviews outstanding (needs a reason)
	// Gate data; each transition accepts only what it needs.
	RevisitAt   time.Time         // → parked
	MergeInto   string            // → merged
	PilotPlan   *PilotPlan        // decision → pilot
	Checklist   []ChecklistAnswer // decision → pilot
	Results     *PilotResults     // pilot → rollout, pilot → stopped
	NewEndDate  time.Time         // pilot → pilot (extension)
	Departments []string          // pilot → rollout

	// Set by the caller: the new decision's ID, the request ID and the facts the gate
	// checks that live outside the idea.
	DecisionID string
	RequestID  string
	Facts      GateFacts
}

// GateFacts are what a gate checks beyond the idea and the request; the caller loads them.
type GateFacts struct {
	// ReviewsAssigned and ReviewsSubmitted count the idea's active assignments and their
	// submitted reviews (evaluation → decision).
	ReviewsAssigned  int
	ReviewsSubmitted int
	// ReviewersRequired is what the idea's campaign asks for per idea (0: no campaign), and
	// ReviewersAssigned the idea's active assignments (screening → evaluation).
	ReviewersRequired int
	ReviewersAssigned int
	// Checklist is the tenant's gate checklist (decision → pilot).
	Checklist []ChecklistItem
	// MergeTarget is the idea named by MergeInto (screening → merged).
	MergeTarget *Idea
}

// Text limits of decisions.
const (
	ReasonMin = 3
	ReasonMax = 5000
	// LessonsMin keeps "lessons learned" from being a placeholder.
	LessonsMin = 10
)

// Transition validates req against the transition table and the gate's data, and applies
// it to the in-memory idea: stage, stage time, flags, pilot, rollout, and a new decision
// record appended to i.Decisions. Nothing is changed on error. Errors:
//   - EINVALID: unknown target stage, missing or malformed gate data, data the transition
//     does not take;
//   - ECONFLICT: the transition is not allowed from the current stage, or the gate's state
//     is not met (reviews outstanding without an override);
//   - EFORBIDDEN: the actor may not perform it.
//
// Persisting the idea (one atomic update guarded by its version) is the caller's job.
func Transition(i *Idea, a *Actor, req TransitionRequest, now time.Time) (Decision, error) {
	if !ValidStage(req.To) {
		return Decision{}, Invalid("to", "must be a stage of the funnel")
	}
	rule, ok := FindTransitionRule(i.Stage, req.To)
	if !ok {
		return Decision{}, Conflict(RTransitionNotAllowed, "an idea in stage %q cannot move to %q", i.Stage, req.To).With("stage", string(i.Stage), "to", string(req.To))
	}
	if !rule.MayPerform(a, i) {
		switch {
		case rule.By == ByAuthor && rule.To == StageWithdrawn:
			return Decision{}, Errorf(EFORBIDDEN, "only the author can withdraw an idea")
		case rule.By == ByAuthor:
			return Decision{}, Errorf(EFORBIDDEN, "only the authors can submit an idea")
		}
		return Decision{}, Errorf(EFORBIDDEN, "only the CDO's office can move an idea from %q to %q", i.Stage, req.To)
	}
	if err := checkGateData(i, rule, req, rule.IsAnswer(a, i), now); err != nil {
		return Decision{}, err
	}
	return apply(i, a, rule, req, now), nil
}

// checkGateData checks the request against the gate of rule without changing anything.
func checkGateData(i *Idea, rule TransitionRule, req TransitionRequest, answer bool, now time.Time) error {
	reason := strings.TrimSpace(req.Reason)
	if len([]rune(req.Reason)) > ReasonMax {
		return Invalid("reason", "must have at most 5000 characters")
	}
	needReason := rule.ReasonRequired || req.Override || answer
	if needReason && len([]rune(reason)) < ReasonMin {
		msg, why := "a reason is required for this decision", RReasonRequired
		if answer {
			msg, why = "write your answer to the questions as the reason", RAnswerRequired
		} else if rule.From == StageScreening && rule.To == StageSubmitted {
			msg, why = "write the questions for the author as the reason", RQuestionsRequired
		} else if req.Override {
			msg, why = "an override needs a reason", ROverrideReason
		}
		return InvalidFor("reason", why, msg)
	}
	// Refuse data this transition does not take, so a client never believes it was stored.
	unused := map[string]bool{
		"override":    req.Override && !(rule.From == StageEvaluation && rule.To == StageDecision),
		"revisitAt":   !req.RevisitAt.IsZero() && rule.To != StageParked,
		"mergeInto":   req.MergeInto != "" && rule.To != StageMerged,
		"pilotPlan":   req.PilotPlan != nil && !(rule.From == StageDecision && rule.To == StagePilot),
		"checklist":   len(req.Checklist) > 0 && !(rule.From == StageDecision && rule.To == StagePilot),
		"results":     req.Results != nil && !(rule.From == StagePilot && (rule.To == StageRollout || rule.To == StageStopped)),
		"newEndDate":  !req.NewEndDate.IsZero() && !(rule.From == StagePilot && rule.To == StagePilot),
		"departments": len(req.Departments) > 0 && !(rule.From == StagePilot && rule.To == StageRollout),
	}
	for _, f := range []string{"override", "revisitAt", "mergeInto", "pilotPlan", "checklist", "results", "newEndDate", "departments"} {
		if unused[f] {
			return InvalidFor(f, RNotUsedHere, fmt.Sprintf("is not used when moving from %q to %q", rule.From, rule.To)).With("stage", string(rule.From), "to", string(rule.To))
		}
	}

	switch {
	case rule.From == StageDraft && rule.To == StageSubmitted:
		if strings.TrimSpace(i.Description) == "" {
			return InvalidFor("description", RDescriptionRequired, "an idea needs a description before it is submitted")
		}
	case rule.To == StageMerged:
		if req.MergeInto == "" {
			return InvalidFor("mergeInto", RMergeTargetRequired, "name the idea this one duplicates")
		}
		t := req.Facts.MergeTarget
		if req.MergeInto == i.ID {
			return InvalidFor("mergeInto", RMergeIntoSelf, "an idea cannot be merged into itself")
		}
		if t == nil || t.ID != req.MergeInto {
			return InvalidFor("mergeInto", RMergeTargetMissing, "the target idea does not exist")
		}
		if t.Stage == StageDraft || t.Stage.Terminal() {
			return InvalidFor("mergeInto", RMergeTargetStage, fmt.Sprintf("the target idea is in stage %q and cannot take a merge", t.Stage)).With("stage", string(t.Stage))
		}
	case rule.To == StageParked:
		if req.RevisitAt.IsZero() {
			return InvalidFor("revisitAt", RRevisitRequired, "a parked idea needs a revisit date")
		}
		if !req.RevisitAt.After(now) {
			return InvalidFor("revisitAt", RRevisitPast, "the revisit date must be in the future")
		}
	case rule.From == StageScreening && rule.To == StageEvaluation:
		if f := req.Facts; f.ReviewersAssigned < f.ReviewersRequired {
			return Conflict(RTooFewReviewers, "the campaign asks for %d reviewers per idea; assigned so far: %d", f.ReviewersRequired, f.ReviewersAssigned).
				With("required", strconv.Itoa(f.ReviewersRequired), "assigned", strconv.Itoa(f.ReviewersAssigned))
		}
	case rule.From == StageEvaluation && rule.To == StageDecision:
		f := req.Facts
		complete := f.ReviewsAssigned > 0 && f.ReviewsSubmitted >= f.ReviewsAssigned
		if !complete && !req.Override {
			return Conflict(RReviewsOutstanding, "%d of %d assigned reviews are submitted; wait for them or override with a reason",
				f.ReviewsSubmitted, f.ReviewsAssigned).With("submitted", strconv.Itoa(f.ReviewsSubmitted), "assigned", strconv.Itoa(f.ReviewsAssigned))
		}
	case rule.From == StageDecision && rule.To == StagePilot:
		if req.PilotPlan == nil {
			return InvalidFor("pilotPlan", RPilotPlanRequired, "entering the pilot needs a pilot plan")
		}
		p := *req.PilotPlan
		if err := p.Validate(); err != nil {
			return err
		}
		if err := CheckChecklistAnswers(req.Facts.Checklist, req.Checklist); err != nil {
			return err
		}
	case rule.From == StagePilot && rule.To == StagePilot:
		if req.NewEndDate.IsZero() {
			return InvalidFor("newEndDate", RNewEndDateRequired, "extending the pilot needs a new end date")
		}
		if i.Pilot == nil || !req.NewEndDate.After(i.Pilot.Plan.EndDate) {
			return InvalidFor("newEndDate", RNewEndDateLater, "the new end date must be later than the current one")
		}
	case rule.From == StagePilot && (rule.To == StageRollout || rule.To == StageStopped):
		if req.Results == nil {
			return InvalidFor("results", RResultsRequired, "leaving the pilot needs a result for every KPI and the lessons learned")
		}
		if i.Pilot == nil {
			return Conflict(RNoPilotPlan, "the idea has no pilot plan")
		}
		if _, err := CheckResults(&i.Pilot.Plan, req.Results); err != nil {
			return err
		}
		if rule.To == StageRollout {
			if err := checkDepartments(req.Departments); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkDepartments(ds []string) error {
	if len(ds) == 0 {
		return InvalidFor("departments", RRolloutDepartments, "name the target departments of the rollout")
	}
	if len(ds) > 100 {
		return Invalid("departments", "must have at most 100 entries")
	}
	seen := map[string]bool{}
	for _, d := range ds {
		if d == "" || seen[d] {
			return Invalid("departments", "must be distinct department IDs")
		}
		seen[d] = true
	}
	return nil
}

// apply changes the idea after the checks passed.
func apply(i *Idea, a *Actor, rule TransitionRule, req TransitionRequest, now time.Time) Decision {
	d := Decision{
		ID: req.DecisionID, From: rule.From, To: rule.To, ActorID: a.UserID, At: now,
		Reason: strings.TrimSpace(req.Reason), RequestID: req.RequestID,
	}
	switch {
	case rule.From == StageDraft && rule.To == StageSubmitted:
		if i.SubmittedAt.IsZero() {
			i.SubmittedAt = now
		}
	case rule.From == StageScreening && rule.To == StageEvaluation:
		i.ScreeningPassed = true
	case rule.From == StageEvaluation && rule.To == StageDecision:
		d.Override = req.Override
		d.ScoreSnapshot = i.Score.Clone()
	case rule.To == StageParked:
		i.RevisitAt = req.RevisitAt.UTC()
		d.RevisitAt = i.RevisitAt
	case rule.From == StageParked:
		i.RevisitAt = time.Time{}
	case rule.To == StageMerged:
		i.MergedInto = req.MergeInto
		d.MergedInto = req.MergeInto
	case rule.From == StageDecision && rule.To == StagePilot:
		p := *req.PilotPlan
		p.Normalize()
		i.Pilot = &Pilot{Plan: p}
		pc := p.Clone()
		d.PilotPlan = &pc
		// The record lists every item of the checklist as it was asked: an optional item left
		// open says so, so an auditor sees it was skipped.
		d.Checklist = slices.Clone(req.Checklist)
		for n := range d.Checklist {
			for _, it := range req.Facts.Checklist {
				if it.Key == d.Checklist[n].Key {
					d.Checklist[n].Label = it.Label
				}
			}
		}
		for _, it := range req.Facts.Checklist {
			if !slices.ContainsFunc(d.Checklist, func(a ChecklistAnswer) bool { return a.Key == it.Key }) {
				d.Checklist = append(d.Checklist, ChecklistAnswer{Key: it.Key, Answer: ChecklistUnanswered, Label: it.Label})
			}
		}
	case rule.From == StagePilot && rule.To == StagePilot:
		i.Pilot.Plan.EndDate = req.NewEndDate.UTC()
		d.NewEndDate = i.Pilot.Plan.EndDate
	case rule.From == StagePilot:
		res, _ := CheckResults(&i.Pilot.Plan, req.Results)
		i.Pilot.Results = res
		rc := *res
		rc.Outcomes = slices.Clone(res.Outcomes)
		d.PilotResults = &rc
		if rule.To == StageRollout {
			i.Rollout = &Rollout{}
			for _, dep := range req.Departments {
				i.Rollout.Departments = append(i.Rollout.Departments, RolloutDepartment{DepartmentID: dep, Status: RolloutPlanned, UpdatedAt: now})
			}
			d.Departments = slices.Clone(req.Departments)
		}
	}
	if rule.To != rule.From {
		i.Stage, i.StageSince = rule.To, now
	}
	i.LastActivityAt = now
	i.Decisions = append(i.Decisions, d)
	return d
}

// Clone returns a deep copy (nil for nil).
func (s *ScoreSummary) Clone() *ScoreSummary {
	if s == nil {
		return nil
	}
	c := *s
	c.Criteria = slices.Clone(s.Criteria)
	if s.Recommend != nil {
		c.Recommend = make(map[string]int, len(s.Recommend))
		for k, v := range s.Recommend {
			c.Recommend[k] = v
		}
	}
	return &c
}

// KPI directions.
const (
	DirectionIncrease = "increase"
	DirectionDecrease = "decrease"
)

// Rollout statuses per department.
const (
	RolloutPlanned    = "planned"
	RolloutInProgress = "in_progress"
	RolloutDone       = "done"
)

// ValidRolloutStatus reports whether s is a rollout status.
func ValidRolloutStatus(s string) bool {
	return s == RolloutPlanned || s == RolloutInProgress || s == RolloutDone
}

var kpiKeyRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// KPIsMax caps the KPIs of a pilot.
const KPIsMax = 20

// Validate checks a pilot plan: owner, owning department, start before end, a budget of
// at least 0 EUR, 1–20 KPIs each with name, unit, direction and a target beyond the
// baseline in that direction. Field names are prefixed "pilotPlan.".
func (p *PilotPlan) Validate() error {
	if p.OwnerID == "" {
		return InvalidFor("pilotPlan.ownerId", RPilotOwnerRequired, "name the pilot's owner")
	}
	if p.DepartmentID == "" {
		return InvalidFor("pilotPlan.departmentId", RPilotDepartment, "name the owning department")
	}
	if p.StartDate.IsZero() || p.EndDate.IsZero() {
		return InvalidFor("pilotPlan.endDate", RPilotDatesRequired, "a pilot needs a start and an end date")
	}
	if !p.StartDate.Before(p.EndDate) {
		return InvalidFor("pilotPlan.endDate", REndAfterStart, "must be after the start date")
	}
	if p.BudgetEUR < 0 || p.BudgetEUR > 1e12 {
		return Invalid("pilotPlan.budgetEur", "must be an amount in EUR of at least 0")
	}
	if len(p.KPIs) == 0 {
		return InvalidFor("pilotPlan.kpis", RKPIsRequired, "a pilot needs at least one KPI with baseline and target")
	}
	if len(p.KPIs) > KPIsMax {
		return Invalid("pilotPlan.kpis", "must have at most 20 KPIs")
	}
	seen := map[string]bool{}
	for n, k := range p.KPIs {
		f := "pilotPlan.kpis[" + strconv.Itoa(n) + "]."
		if k.Key != "" {
			if !kpiKeyRe.MatchString(k.Key) {
				return Invalid(f+"key", "must be 1–40 lower-case letters, digits, dashes or underscores")
			}
			if seen[k.Key] {
				return Invalid(f+"key", "must be unique")
			}
			seen[k.Key] = true
		}
		if l := len([]rune(strings.TrimSpace(k.Name))); l < 2 || l > 120 {
			return Invalid(f+"name", "must have 2–120 characters")
		}
		if l := len([]rune(strings.TrimSpace(k.Unit))); l < 1 || l > 30 {
			return Invalid(f+"unit", "must have 1–30 characters")
		}
		switch k.Direction {
		case DirectionIncrease:
			if !(k.Target > k.Baseline) {
				return InvalidFor(f+"target", RKPITargetAbove, "must be above the baseline for a KPI that should increase")
			}
		case DirectionDecrease:
			if !(k.Target < k.Baseline) {
				return InvalidFor(f+"target", RKPITargetBelow, "must be below the baseline for a KPI that should decrease")
			}
		default:
			return Invalid(f+"direction", "must be one of: increase, decrease")
		}
	}
	return nil
}

// Normalize gives every KPI a key ("kpi-1", …) and trims texts.
func (p *PilotPlan) Normalize() {
	p.KPIs = slices.Clone(p.KPIs)
	used := map[string]bool{}
	for _, k := range p.KPIs {
		used[k.Key] = true
	}
	n := 1
	for i := range p.KPIs {
		k := &p.KPIs[i]
		k.Name, k.Unit = strings.TrimSpace(k.Name), strings.TrimSpace(k.Unit)
		for k.Key == "" {
			if c := "kpi-" + strconv.Itoa(n); !used[c] {
				k.Key, used[c] = c, true
			}
			n++
		}
	}
	p.StartDate, p.EndDate = p.StartDate.UTC(), p.EndDate.UTC()
}

// Clone returns a deep copy.
func (p PilotPlan) Clone() PilotPlan {
	p.KPIs = slices.Clone(p.KPIs)
	return p
}

// KPI returns the KPI with key k.
func (p *PilotPlan) KPI(k string) (KPI, bool) {
	for _, x := range p.KPIs {
		if x.Key == k {
			return x, true
		}
	}
	return KPI{}, false
}

// MetTarget reports whether value reaches the KPI's target in its direction.
func (k KPI) MetTarget(v float64) bool {
	if k.Direction == DirectionDecrease {
		return v <= k.Target
	}
	return v >= k.Target
}

// Progress is how far value has come from baseline towards target, in percent (0 at the
// baseline, 100 at the target; may be negative or above 100).
func (k KPI) Progress(v float64) float64 {
	if k.Target == k.Baseline {
		return 0
	}
	return round((v-k.Baseline)/(k.Target-k.Baseline)*100, 1)
}

// CheckResults checks pilot results against the plan — exactly one outcome per KPI and
// lessons learned — and returns them with Met computed from the values.
func CheckResults(p *PilotPlan, r *PilotResults) (*PilotResults, error) {
	if l := len([]rune(strings.TrimSpace(r.LessonsLearned))); l < LessonsMin || l > 20000 {
		return nil, InvalidFor("results.lessonsLearned", RLessonsRequired, "write the lessons learned (10–20,000 characters)")
	}
	out := &PilotResults{LessonsLearned: strings.TrimSpace(r.LessonsLearned)}
	seen := map[string]bool{}
	for n, o := range r.Outcomes {
		f := "results.outcomes[" + strconv.Itoa(n) + "]."
		k, ok := p.KPI(o.KPIKey)
		if !ok {
			return nil, InvalidFor(f+"kpiKey", RKPIUnknown, "is not a KPI of the pilot")
		}
		if seen[o.KPIKey] {
			return nil, InvalidFor(f+"kpiKey", RKPITwice, "has two results")
		}
		seen[o.KPIKey] = true
		if len([]rune(o.Comment)) > 2000 {
			return nil, Invalid(f+"comment", "must have at most 2000 characters")
		}
		o.Met = k.MetTarget(o.Value)
		out.Outcomes = append(out.Outcomes, o)
	}
	for _, k := range p.KPIs {
		if !seen[k.Key] {
			return nil, InvalidFor("results.outcomes", RKPIResultMissing, "give a result for the KPI "+strconv.Quote(k.Key)+" ("+k.Name+")").With("kpi", k.Name)
		}
	}
	return out, nil
}
