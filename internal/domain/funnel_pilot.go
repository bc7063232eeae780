package domain

import (
	"context"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// PilotUpdatesMax caps the updates of one pilot (they live in the idea's document).
const PilotUpdatesMax = 500

// CanManagePilot reports whether a may edit a pilot and post updates: the cdo or the
// pilot's owner.
func CanManagePilot(a *Actor, i *Idea) bool {
	return a != nil && (a.Has(RoleCDO) || i.Pilot != nil && a.UserID == i.Pilot.Plan.OwnerID)
}

func (f *Funnel) pilotIdea(ctx context.Context, ideaID string) (*Idea, error) {
	i, err := f.VisibleIdea(ctx, ideaID)
	if err != nil {
		return nil, err
	}
	if !CanManagePilot(ActorFromContext(ctx), i) {
		return nil, Errorf(EFORBIDDEN, "only the CDO's office and the pilot's owner manage the pilot")
	}
	if i.Stage != StagePilot || i.Pilot == nil {
		return nil, Conflict(RPilotNotRunning, "the idea is not in a running pilot (stage %q)", i.Stage).With("stage", string(i.Stage))
	}
	return i, nil
}

// UpdatePilotPlan replaces the plan of a running pilot (cdo, owner). The end date changes
// only through an extension (a decision), and KPIs that have measurements stay. What the
// decision approved — owner, department, start, budget, and each KPI's baseline, target and
// direction — only the cdo changes, with a reason; the audit entry records each change with
// its value before and after (PlanCommitmentChanges). The owner may add KPIs and word them.
// Errors: ENOTFOUND, EFORBIDDEN, ECONFLICT, EINVALID, EPRECONDITIONFAILED.
func (f *Funnel) UpdatePilotPlan(ctx context.Context, ideaID string, p PilotPlan, reason string, ifVersion int64) (*Idea, error) {
	if _, err := f.pilotIdea(ctx, ideaID); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if len([]rune(reason)) > 2000 {
		return nil, Invalid("reason", "must have at most 2000 characters")
	}
	var changes map[string]string
	if err := p.Validate(); err != nil {
		return nil, err
	}
	p.Normalize()
	if err := f.checkPlanRefs(ctx, &p); err != nil {
		return nil, err
	}
	i, err := f.updateIdea(ctx, ideaID, ifVersion, func(i *Idea) error {
		if i.Stage != StagePilot || i.Pilot == nil {
			return Conflict(RPilotNotRunning, "the idea is not in a running pilot").With("stage", string(i.Stage))
		}
		if !p.EndDate.Equal(i.Pilot.Plan.EndDate) {
			return InvalidFor("endDate", REndDateViaExtension, "extend the pilot with a transition to pilot (newEndDate) to change its end date")
		}
		for _, u := range i.Pilot.Updates {
			for _, m := range u.Measurements {
				if _, ok := p.KPI(m.KPIKey); !ok {
					return InvalidFor("kpis", RKPIHasMeasurements, "the KPI "+strconv.Quote(m.KPIKey)+" has measurements and cannot be removed").With("kpi", m.KPIKey)
				}
			}
		}
		changes = PlanCommitmentChanges(i.Pilot.Plan, p)
		if len(changes) > 0 {
			if !ActorFromContext(ctx).Has(RoleCDO) {
				return Because(EFORBIDDEN, RPlanCommitment, "owner, department, start, budget and the KPIs' baselines, targets and directions were approved with the plan; only the CDO's office changes them")
			}
			if reason == "" {
				return InvalidFor("reason", RReasonRequired, "say why the approved plan changes")
			}
		}
		i.Pilot.Plan = p
		i.LastActivityAt = f.now()
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(changes) > 0 {
		changes["reason"] = reason
	}
	f.audit(ctx, AuditPilotPlanUpdate, "idea", ideaID, changes)
	return i, nil
}

// PlanCommitmentChanges lists what a new plan changes of what the decision approved, each as
// "before → after": ownerId, departmentId, startDate, budgetEur, and per KPI (by key)
// kpi:<key>:baseline, :target, :direction, or kpi:<key> "removed" (no dots: the keys are
// document keys in the audit log). Names, units and new KPIs are not commitments. Nil when
// nothing approved changes.
func PlanCommitmentChanges(old, next PilotPlan) map[string]string {
	out := map[string]string{}
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	set := func(k, a, b string) {
		if a != b {
			out[k] = a + " → " + b
		}
	}
	set("ownerId", old.OwnerID, next.OwnerID)
	set("departmentId", old.DepartmentID, next.DepartmentID)
	set("startDate", old.StartDate.UTC().Format(time.DateOnly), next.StartDate.UTC().Format(time.DateOnly))
	set("budgetEur", num(old.BudgetEUR), num(next.BudgetEUR))
	for _, k := range old.KPIs {
		n, ok := next.KPI(k.Key)
		if !ok {
			out["kpi:"+k.Key] = "removed"
			continue
		}
		set("kpi:"+k.Key+":baseline", num(k.Baseline), num(n.Baseline))
		set("kpi:"+k.Key+":target", num(k.Target), num(n.Target))
		set("kpi:"+k.Key+":direction", k.Direction, n.Direction)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// AddPilotUpdate appends a progress note with KPI measurements to a running pilot (cdo,
// owner). Errors: ENOTFOUND, EFORBIDDEN, ECONFLICT, EINVALID.
func (f *Funnel) AddPilotUpdate(ctx context.Context, ideaID string, u PilotUpdate) (*Idea, *PilotUpdate, error) {
	if _, err := f.pilotIdea(ctx, ideaID); err != nil {
		return nil, nil, err
	}
	now := f.now()
	u.Note = strings.TrimSpace(u.Note)
	if len([]rune(u.Note)) > 5000 {
		return nil, nil, Invalid("note", "must have at most 5000 characters")
	}
	if u.Note == "" && len(u.Measurements) == 0 {
		return nil, nil, InvalidFor("note", RNoteOrMeasurement, "write a note or give at least one measurement")
	}
	if len(u.Measurements) > 100 {
		return nil, nil, Invalid("measurements", "must have at most 100 entries")
	}
	u.ID, u.AuthorID, u.At = f.NewID(), ActorFromContext(ctx).UserID, now
	i, err := f.updateIdea(ctx, ideaID, 0, func(i *Idea) error {
		if i.Stage != StagePilot || i.Pilot == nil {
			return Conflict(RPilotNotRunning, "the idea is not in a running pilot").With("stage", string(i.Stage))
		}
		if len(i.Pilot.Updates) >= PilotUpdatesMax {
			return Conflict(RPilotUpdatesFull, "the pilot has reached %d updates", PilotUpdatesMax).With("max", strconv.Itoa(PilotUpdatesMax))
		}
		for n, m := range u.Measurements {
			f := "measurements[" + strconv.Itoa(n) + "]."
			if _, ok := i.Pilot.Plan.KPI(m.KPIKey); !ok {
				return InvalidFor(f+"kpiKey", RKPIUnknown, "is not a KPI of the pilot")
			}
			if m.Date.IsZero() || m.Date.After(now.Add(24*time.Hour)) {
				return InvalidFor(f+"date", RDateInFuture, "must be a date not in the future")
			}
			// A measurement belongs to the pilot: from its first day on (a baseline taken
			// before is the KPI's baseline).
			if start := i.Pilot.Plan.StartDate.UTC().Truncate(24 * time.Hour); m.Date.Before(start) {
				return InvalidFor(f+"date", RDateBeforePilot, "must not be before the pilot's start").With("start", start.Format(time.DateOnly))
			}
		}
		i.Pilot.Updates = append(i.Pilot.Updates, u)
		i.LastActivityAt = now
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	f.audit(ctx, AuditPilotUpdate, "idea", ideaID, map[string]string{"update": u.ID})
	return i, &u, nil
}

// Trends of a KPI, judged by its direction.
const (
	TrendImproving = "improving"
	TrendWorsening = "worsening"
	TrendSteady    = "steady"
	TrendUnknown   = "unknown"
)

// KPIStatus is where a KPI of a pilot stands.
type KPIStatus struct {
	KPI          KPI
	Latest       *Measurement
	Progress     *float64 // percent from baseline (0) to target (100)
	Trend        string
	Measurements []Measurement // oldest first
}

// PilotKPIStatus returns each KPI's measurements, latest value, progress towards the target
// and the trend of the last two measurements (improving / worsening in the KPI's direction).
func PilotKPIStatus(p *Pilot) []KPIStatus {
	out := make([]KPIStatus, 0, len(p.Plan.KPIs))
	for _, k := range p.Plan.KPIs {
		st := KPIStatus{KPI: k, Trend: TrendUnknown, Measurements: []Measurement{}}
		for _, u := range p.Updates {
			for _, m := range u.Measurements {
				if m.KPIKey == k.Key {
					st.Measurements = append(st.Measurements, m)
				}
			}
		}
		// Stable: measurements of one date keep the order they were posted in.
		sort.SliceStable(st.Measurements, func(a, b int) bool { return st.Measurements[a].Date.Before(st.Measurements[b].Date) })
		if n := len(st.Measurements); n > 0 {
			last := st.Measurements[n-1]
			st.Latest = &last
			pr := k.Progress(last.Value)
			st.Progress = &pr
			if n > 1 {
				d := last.Value - st.Measurements[n-2].Value
				if k.Direction == DirectionDecrease {
					d = -d
				}
				switch {
				case d > 0:
					st.Trend = TrendImproving
				case d < 0:
					st.Trend = TrendWorsening
				default:
					st.Trend = TrendSteady
				}
			}
		}
		out = append(out, st)
	}
	return out
}

// RolloutInput is what the cdo writes about a rollout.
type RolloutInput struct {
	Departments []RolloutDepartment
	Reusable    bool
	Contact     string
}

// UpdateRollout sets the departments and their status, and the "reusable by other
// municipalities" flag, of an idea in rollout or implemented (cdo). Marking it reusable
// publishes its reuse profile in the deployment's shared catalogue; unmarking withdraws it.
// Errors: ENOTFOUND, EFORBIDDEN, ECONFLICT, EINVALID, EPRECONDITIONFAILED.
func (f *Funnel) UpdateRollout(ctx context.Context, ideaID string, in RolloutInput, ifVersion int64) (*Idea, error) {
	if !ActorFromContext(ctx).Has(RoleCDO) {
		return nil, Errorf(EFORBIDDEN, "only the CDO's office manages rollouts")
	}
	if _, err := f.VisibleIdea(ctx, ideaID); err != nil {
		return nil, err
	}
	if len(in.Departments) == 0 || len(in.Departments) > 100 {
		return nil, InvalidFor("departments", RRolloutDepartments, "name 1–100 target departments")
	}
	if len([]rune(in.Contact)) > 300 {
		return nil, Invalid("contact", "must have at most 300 characters")
	}
	if in.Reusable && strings.TrimSpace(in.Contact) == "" {
		return nil, InvalidFor("contact", RReuseContactRequired, "name a contact for the reuse profile: who other municipalities can ask")
	}
	seen := map[string]bool{}
	for n, d := range in.Departments {
		field := "departments[" + strconv.Itoa(n) + "]."
		if seen[d.DepartmentID] {
			return nil, InvalidFor(field+"departmentId", RListedTwice, "is listed twice")
		}
		seen[d.DepartmentID] = true
		if !ValidRolloutStatus(d.Status) {
			return nil, Invalid(field+"status", "must be one of: planned, in_progress, done")
		}
		if err := f.checkDepartment(ctx, d.DepartmentID, field+"departmentId"); err != nil {
			return nil, err
		}
	}
	now := f.now()
	var wasPublished bool
	i, err := f.updateIdea(ctx, ideaID, ifVersion, func(i *Idea) error {
		if i.Stage != StageRollout && i.Stage != StageImplemented {
			return Conflict(RNotInRollout, "the idea is not in rollout (stage %q)", i.Stage).With("stage", string(i.Stage))
		}
		wasPublished = i.ReusePublished
		old := map[string]RolloutDepartment{}
		if i.Rollout != nil {
			for _, d := range i.Rollout.Departments {
				old[d.DepartmentID] = d
			}
		}
		r := &Rollout{Reusable: in.Reusable, Contact: strings.TrimSpace(in.Contact)}
		for _, d := range in.Departments {
			d.UpdatedAt = now
			if o, ok := old[d.DepartmentID]; ok && o.Status == d.Status {
				d.UpdatedAt = o.UpdatedAt
			}
			r.Departments = append(r.Departments, d)
		}
		i.Rollout = r
		i.ReusePublished = in.Reusable
		i.LastActivityAt = now
		return nil
	})
	if err != nil {
		return nil, err
	}
	f.audit(ctx, AuditRolloutUpdate, "idea", ideaID, nil)
	if err := f.syncReuseProfile(ctx, i, wasPublished); err != nil {
		return nil, err
	}
	return i, nil
}

// syncReuseProfile publishes, refreshes or withdraws an idea's profile in the catalogue.
func (f *Funnel) syncReuseProfile(ctx context.Context, i *Idea, wasPublished bool) error {
	if f.Catalogue == nil {
		return nil
	}
	if !i.ReusePublished {
		if wasPublished {
			if err := f.Catalogue.UnpublishReuseProfile(ctx, ReuseProfileID(i.TenantID, i.ID)); err != nil {
				return err
			}
			f.audit(ctx, AuditReuseUnpublish, "idea", i.ID, nil)
		}
		return nil
	}
	p, err := f.BuildReuseProfile(ctx, i)
	if err != nil {
		return err
	}
	if err := f.Catalogue.PublishReuseProfile(ctx, p); err != nil {
		return err
	}
	if !wasPublished {
		f.audit(ctx, AuditReusePublish, "idea", i.ID, map[string]string{"profile": p.ID})
	}
	return nil
}

// departmentNames maps department IDs to "code — name".
func (f *Funnel) departmentNames(ctx context.Context) (map[string]string, error) {
	ds, err := f.Departments.FindDepartments(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]string, len(ds))
	for _, d := range ds {
		m[d.ID] = d.Code + " — " + d.Name
	}
	return m, nil
}

// sortedUnique returns the distinct non-empty strings of ss in order.
func sortedUnique(ss []string) []string {
	out := slices.Clone(ss)
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) > 0 && out[0] == "" {
		out = out[1:]
	}
	return out
}
