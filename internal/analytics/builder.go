package analytics

import (
	"cmp"
	"slices"
	"sort"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// maxMonths caps the throughput series (twenty years).
const maxMonths = 240

// Builder accumulates ideas and their reviews one at a time, keeping only what the
// figures need, so ideas can be streamed from the store. It is not safe for concurrent use.
type Builder struct {
	opts    Options
	reviews bool

	cohort    int
	stages    map[domain.Stage]int
	reached   map[domain.Stage]int
	pending   map[domain.Stage]int
	visits    map[domain.Stage][]float64
	completed map[domain.Stage][]float64
	open      map[domain.Stage]int

	slaWaiting map[domain.Stage]int
	slaOverdue map[domain.Stage]int
	overdue    []OverdueIdea

	months     map[string]*MonthThroughput
	firstEvent time.Time
	lastEvent  time.Time

	byDepartment, byCampaign, bySource map[string]*Breakdown

	pilots    PilotStats
	reviewers map[string]*reviewerAcc
	agreement map[string]*agreementAcc
}

type reviewerAcc struct {
	row      ReviewerRow
	toSubmit []float64
}

type agreementAcc struct {
	ideas   int
	reviews []*domain.Review
}

// NewBuilder starts a computation.
func NewBuilder(opts Options) *Builder {
	if opts.SLA == nil {
		opts.SLA = DefaultSLA()
	}
	if opts.OverdueLimit <= 0 {
		opts.OverdueLimit = 100
	}
	opts.Now = opts.Now.UTC()
	return &Builder{
		opts:   opts,
		stages: map[domain.Stage]int{}, reached: map[domain.Stage]int{}, pending: map[domain.Stage]int{},
		visits: map[domain.Stage][]float64{}, completed: map[domain.Stage][]float64{}, open: map[domain.Stage]int{},
		slaWaiting: map[domain.Stage]int{}, slaOverdue: map[domain.Stage]int{},
		months:       map[string]*MonthThroughput{},
		byDepartment: map[string]*Breakdown{}, byCampaign: map[string]*Breakdown{}, bySource: map[string]*Breakdown{},
		reviewers: map[string]*reviewerAcc{}, agreement: map[string]*agreementAcc{},
	}
}

// EnableReviews marks the reviewer figures as available (a review store exists), even
// if no idea has reviews.
func (b *Builder) EnableReviews() { b.reviews = true }

// Matches reports whether the idea counts at all: not a draft, and in the filter's
// campaign, department and source.
func (b *Builder) Matches(i *domain.Idea) bool {
	f := b.opts.Filter
	return i.Stage != domain.StageDraft && i.Stage != "" &&
		(f.CampaignID == "" || i.CampaignID == f.CampaignID) &&
		(f.DepartmentID == "" || i.DepartmentID == f.DepartmentID) &&
		(f.Source == "" || i.Source == f.Source)
}

func (b *Builder) inPeriod(t time.Time) bool {
	f := b.opts.Filter
	return (f.From.IsZero() || !t.Before(f.From)) && (f.To.IsZero() || t.Before(f.To))
}

// SubmissionTime is when an idea was first submitted (see the package documentation).
func SubmissionTime(i *domain.Idea) time.Time {
	for _, d := range i.Decisions {
		if d.From == domain.StageDraft && d.To == domain.StageSubmitted {
			return d.At
		}
	}
	if !i.SubmittedAt.IsZero() {
		return i.SubmittedAt
	}
	return i.CreatedAt
}

// Reached returns the stages an idea has reached (see the package documentation).
func Reached(i *domain.Idea) map[domain.Stage]bool {
	out := map[domain.Stage]bool{}
	top := -1
	mark := func(s domain.Stage) {
		out[s] = true
		if k := slices.Index(mainPath, s); k > top {
			top = k
		}
	}
	mark(i.Stage)
	for _, d := range i.Decisions {
		mark(d.To)
	}
	if i.Stage != domain.StageDraft {
		top = max(top, 0)
	}
	for k := 0; k <= top; k++ {
		out[mainPath[k]] = true
	}
	return out
}

// AddIdea adds an idea of the tenant. It reports whether the idea may have reviews
// (it matches the filter and reached evaluation), for which AddReviews should be called.
func (b *Builder) AddIdea(i *domain.Idea) (wantReviews bool) {
	if !b.Matches(i) {
		return false
	}
	reached := Reached(i)
	ds := sortedDecisions(i)
	b.addState(i, ds)
	b.addEvents(i, ds)
	if b.inPeriod(SubmissionTime(i)) {
		b.addCohort(i, ds, reached)
	}
	return reached[domain.StageEvaluation]
}

func sortedDecisions(i *domain.Idea) []domain.Decision {
	ds := slices.Clone(i.Decisions)
	sort.SliceStable(ds, func(a, c int) bool { return ds[a].At.Before(ds[c].At) })
	return ds
}

// addState adds the figures of the moment: SLA and running pilots.
func (b *Builder) addState(i *domain.Idea, ds []domain.Decision) {
	if i.Stage == domain.StagePilot {
		b.pilots.Running++
	}
	target, ok := b.opts.SLA[i.Stage]
	if !ok || target <= 0 {
		return
	}
	since := i.StageSince
	for _, d := range ds {
		if d.To == i.Stage && d.From != d.To {
			since = d.At
		}
	}
	b.slaWaiting[i.Stage]++
	waiting := b.opts.Now.Sub(since)
	limit := time.Duration(target) * 24 * time.Hour
	if waiting <= limit {
		return
	}
	b.slaOverdue[i.Stage]++
	b.overdue = append(b.overdue, OverdueIdea{
		IdeaID: i.ID, Title: i.Title, Stage: i.Stage, Since: since,
		DaysWaiting: round2(days(waiting)), DaysOverdue: round2(days(waiting - limit)),
	})
}

// addEvents adds what happened in the period: throughput and finished pilots.
func (b *Builder) addEvents(i *domain.Idea, ds []domain.Decision) {
	if t := SubmissionTime(i); b.inPeriod(t) {
		b.month(t).Submitted++
	}
	for _, d := range ds {
		if !b.inPeriod(d.At) {
			continue
		}
		switch {
		case d.From == domain.StageDecision && (d.To == domain.StagePilot || d.To == domain.StageRejected || d.To == domain.StageParked):
			m := b.month(d.At)
			m.Decided++
			if d.To == domain.StagePilot {
				m.Piloted++
			}
		case d.From == domain.StagePilot && (d.To == domain.StageRollout || d.To == domain.StageStopped):
			if d.To == domain.StageRollout {
				b.month(d.At).RolledOut++
			}
			b.addFinishedPilot(i, d)
		}
	}
}

func (b *Builder) addFinishedPilot(i *domain.Idea, d domain.Decision) {
	p := &b.pilots
	p.Finished++
	if d.To == domain.StageRollout {
		p.RolledOut++
	} else {
		p.Stopped++
	}
	res := d.PilotResults
	if res == nil && i.Pilot != nil {
		res = i.Pilot.Results
	}
	if res == nil {
		return
	}
	met := 0
	for _, o := range res.Outcomes {
		if o.Met {
			met++
		}
	}
	p.Outcomes += len(res.Outcomes)
	p.OutcomesMet += met
	if len(res.Outcomes) > 0 && met == len(res.Outcomes) {
		p.KPIsMet++
	}
}

func (b *Builder) month(t time.Time) *MonthThroughput {
	t = t.UTC()
	if b.firstEvent.IsZero() || t.Before(b.firstEvent) {
		b.firstEvent = t
	}
	if t.After(b.lastEvent) {
		b.lastEvent = t
	}
	k := t.Format("2006-01")
	m, ok := b.months[k]
	if !ok {
		m = &MonthThroughput{Month: k}
		b.months[k] = m
	}
	return m
}

// addCohort adds an idea submitted in the period.
func (b *Builder) addCohort(i *domain.Idea, ds []domain.Decision, reached map[domain.Stage]bool) {
	b.cohort++
	b.stages[i.Stage]++
	for k, s := range mainPath {
		if !reached[s] {
			continue
		}
		b.reached[s]++
		if i.Stage == s && (k+1 == len(mainPath) || !reached[mainPath[k+1]]) {
			b.pending[s]++
		}
	}
	b.addVisits(i, ds)
	for _, g := range []struct {
		m   map[string]*Breakdown
		key string
	}{{b.byDepartment, i.DepartmentID}, {b.byCampaign, i.CampaignID}, {b.bySource, string(i.Source)}} {
		r, ok := g.m[g.key]
		if !ok {
			r = &Breakdown{Key: g.key}
			g.m[g.key] = r
		}
		r.Ideas++
		if !i.Stage.Terminal() {
			r.Open++
		}
		if reached[domain.StageEvaluation] {
			r.PassedScreening++
		}
		if reached[domain.StagePilot] {
			r.Piloted++
		}
		if reached[domain.StageRollout] {
			r.RolledOut++
		}
		switch i.Stage {
		case domain.StageImplemented:
			r.Implemented++
		case domain.StageRejected:
			r.Rejected++
		}
	}
}

// addVisits measures the stage visits of an idea (see the package documentation).
func (b *Builder) addVisits(i *domain.Idea, ds []domain.Decision) {
	for k, d := range ds {
		if d.From == d.To || !slices.Contains(timedStages, d.To) {
			continue
		}
		var end time.Time
		for _, n := range ds[k+1:] {
			if n.From != n.To {
				end = n.At
				break
			}
		}
		if end.IsZero() {
			if i.Stage != d.To {
				continue // inconsistent history: the visit's end is unknown
			}
			b.open[d.To]++
			b.visits[d.To] = append(b.visits[d.To], days(b.opts.Now.Sub(d.At)))
			continue
		}
		v := days(end.Sub(d.At))
		b.visits[d.To] = append(b.visits[d.To], v)
		b.completed[d.To] = append(b.completed[d.To], v)
	}
}

// AddReviews adds the assignments and reviews of an idea that AddIdea asked for.
func (b *Builder) AddReviews(i *domain.Idea, rs *domain.IdeaReviewers, reviews []*domain.Review) {
	b.reviews = true
	if !b.Matches(i) {
		return
	}
	submitted := map[string]*domain.Review{}
	for _, r := range reviews {
		if r != nil && r.Status == domain.ReviewSubmitted {
			submitted[r.ReviewerID] = r
		}
	}
	if rs != nil {
		for _, a := range rs.Assignments {
			if !b.inPeriod(a.AssignedAt) {
				continue
			}
			acc, ok := b.reviewers[a.ReviewerID]
			if !ok {
				acc = &reviewerAcc{row: ReviewerRow{ReviewerID: a.ReviewerID}}
				b.reviewers[a.ReviewerID] = acc
			}
			row := &acc.row
			row.Assigned++
			if a.Status == domain.AssignmentDeclined {
				row.Declined++
				continue
			}
			if r, ok := submitted[a.ReviewerID]; ok {
				row.Submitted++
				if a.DueAt.IsZero() || !r.SubmittedAt.After(a.DueAt) {
					row.OnTime++
				} else {
					row.Late++
				}
				acc.toSubmit = append(acc.toSubmit, days(r.SubmittedAt.Sub(a.AssignedAt)))
				continue
			}
			if i.Stage == domain.StageEvaluation {
				row.Open++
				if !a.DueAt.IsZero() && b.opts.Now.After(a.DueAt) {
					row.Overdue++
				}
			} else {
				row.Missed++
			}
		}
	}
	if len(submitted) == 0 || !b.inPeriod(SubmissionTime(i)) {
		return
	}
	acc, ok := b.agreement[i.CampaignID]
	if !ok {
		acc = &agreementAcc{}
		b.agreement[i.CampaignID] = acc
	}
	acc.ideas++
	for _, r := range reviews {
		if r == nil || r.Status != domain.ReviewSubmitted {
			continue
		}
		// Keep only what the agreement needs; comments can be long.
		scores := make([]domain.CriterionScore, len(r.Scores))
		for k, s := range r.Scores {
			scores[k] = domain.CriterionScore{Key: s.Key, Score: s.Score}
		}
		acc.reviews = append(acc.reviews, &domain.Review{IdeaID: i.ID, ReviewerID: r.ReviewerID, Status: r.Status, Scores: scores})
	}
}

// Report returns the figures of everything added.
func (b *Builder) Report() *Report {
	r := &Report{GeneratedAt: b.opts.Now, Filter: b.opts.Filter, Ideas: b.cohort}
	for _, s := range domain.AllStages {
		if s != domain.StageDraft {
			r.Stages = append(r.Stages, StageCount{Stage: s, Count: b.stages[s]})
		}
	}
	for k := 0; k+1 < len(mainPath); k++ {
		from, to := mainPath[k], mainPath[k+1]
		g := GateConversion{From: from, To: to, Entered: b.reached[from], Advanced: b.reached[to], Pending: b.pending[from]}
		g.Rate = ratio(g.Advanced, g.Entered)
		g.RateOfDecided = ratio(g.Advanced, g.Entered-g.Pending)
		r.Conversion = append(r.Conversion, g)
	}
	for _, s := range timedStages {
		r.TimeInStage = append(r.TimeInStage, StageTime{
			Stage: s, Visits: len(b.visits[s]), Open: b.open[s],
			MedianDays: percentileDays(b.visits[s], 50), P90Days: percentileDays(b.visits[s], 90),
			CompletedMedianDays: percentileDays(b.completed[s], 50), CompletedP90Days: percentileDays(b.completed[s], 90),
		})
	}
	r.SLA = b.slaReport()
	r.Throughput = b.throughput()
	r.ByDepartment, r.ByCampaign, r.BySource = sortedBreakdowns(b.byDepartment), sortedBreakdowns(b.byCampaign), sortedBreakdowns(b.bySource)
	p := b.pilots
	p.SuccessRate, p.RolloutRate, p.KPIRate = ratio(p.KPIsMet, p.Finished), ratio(p.RolledOut, p.Finished), ratio(p.OutcomesMet, p.Outcomes)
	r.Pilots = p
	r.Reviewers = b.reviewerStats()
	r.Agreement = b.agreementStats()
	return r
}

func (b *Builder) slaReport() SLAReport {
	var out SLAReport
	var stages []domain.Stage
	for s := range b.opts.SLA {
		stages = append(stages, s)
	}
	slices.SortFunc(stages, func(x, y domain.Stage) int {
		return cmp.Compare(slices.Index(domain.AllStages, x), slices.Index(domain.AllStages, y))
	})
	for _, s := range stages {
		if b.opts.SLA[s] > 0 {
			out.Targets = append(out.Targets, SLAStage{Stage: s, Days: b.opts.SLA[s], Waiting: b.slaWaiting[s], Overdue: b.slaOverdue[s]})
		}
	}
	od := slices.Clone(b.overdue)
	slices.SortFunc(od, func(x, y OverdueIdea) int {
		if c := cmp.Compare(y.DaysOverdue, x.DaysOverdue); c != 0 {
			return c
		}
		return cmp.Compare(x.IdeaID, y.IdeaID)
	})
	if len(od) > b.opts.OverdueLimit {
		od = od[:b.opts.OverdueLimit]
	}
	out.Overdue = od
	return out
}

// throughput lists every month of the period (or from the first event to now), zeros
// included, so charts have no gaps.
func (b *Builder) throughput() []MonthThroughput {
	f := b.opts.Filter
	start, end := f.From, f.To.Add(-time.Nanosecond)
	if f.From.IsZero() {
		start = b.firstEvent
	}
	if f.To.IsZero() {
		end = b.opts.Now
		if b.lastEvent.After(end) {
			end = b.lastEvent
		}
	}
	if start.IsZero() || end.Before(start) {
		return []MonthThroughput{}
	}
	start, end = start.UTC(), end.UTC()
	first := time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(end.Year(), end.Month(), 1, 0, 0, 0, 0, time.UTC)
	if n := (last.Year()-first.Year())*12 + int(last.Month()-first.Month()) + 1; n > maxMonths {
		first = last.AddDate(0, -(maxMonths - 1), 0)
	}
	var out []MonthThroughput
	for m := first; !m.After(last); m = m.AddDate(0, 1, 0) {
		k := m.Format("2006-01")
		if v, ok := b.months[k]; ok {
			out = append(out, *v)
		} else {
			out = append(out, MonthThroughput{Month: k})
		}
	}
	return out
}

func sortedBreakdowns(m map[string]*Breakdown) []Breakdown {
	out := make([]Breakdown, 0, len(m))
	for _, v := range m {
		out = append(out, *v)
	}
	slices.SortFunc(out, func(x, y Breakdown) int { return cmp.Compare(x.Key, y.Key) })
	return out
}

func (b *Builder) reviewerStats() ReviewerStats {
	st := ReviewerStats{Available: b.reviews, Rows: []ReviewerRow{}}
	var all []float64
	t := &st.Total
	for _, acc := range b.reviewers {
		row := acc.row
		row.OnTimeRate = ratio(row.OnTime, row.Submitted+row.Overdue+row.Missed)
		row.MedianDaysToSubmit = percentileDays(acc.toSubmit, 50)
		st.Rows = append(st.Rows, row)
		all = append(all, acc.toSubmit...)
		t.Assigned += row.Assigned
		t.Declined += row.Declined
		t.Submitted += row.Submitted
		t.OnTime += row.OnTime
		t.Late += row.Late
		t.Open += row.Open
		t.Overdue += row.Overdue
		t.Missed += row.Missed
	}
	t.OnTimeRate = ratio(t.OnTime, t.Submitted+t.Overdue+t.Missed)
	t.MedianDaysToSubmit = percentileDays(all, 50)
	slices.SortFunc(st.Rows, func(x, y ReviewerRow) int {
		if c := cmp.Compare(y.Open, x.Open); c != 0 {
			return c
		}
		return cmp.Compare(x.ReviewerID, y.ReviewerID)
	})
	return st
}

func (b *Builder) agreementStats() []Agreement {
	out := []Agreement{}
	for k, acc := range b.agreement {
		a := Agreement{CampaignID: k, Ideas: acc.ideas, Reviews: len(acc.reviews), Rating: RatingUndefined}
		if alpha, ok := domain.ReviewAgreement(acc.reviews); ok {
			a.Alpha = ptr(round3(alpha))
			switch {
			case alpha >= 0.8:
				a.Rating = RatingReliable
			case alpha >= 0.667:
				a.Rating = RatingTentative
			default:
				a.Rating = RatingUnreliable
			}
		}
		out = append(out, a)
	}
	slices.SortFunc(out, func(x, y Agreement) int { return cmp.Compare(x.CampaignID, y.CampaignID) })
	return out
}
