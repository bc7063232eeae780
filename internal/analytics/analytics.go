// Package analytics computes the CDO's funnel figures from the decision records of ideas,
// the reviewers' assignments and their reviews. The computation (Builder) is pure: the same
// ideas, reviews, filter and clock give the same figures, so every number on the dashboard
// can be reproduced from an export. Service feeds the Builder from the stores, streaming,
// and Datasets turn the same records into the CSV and JSON exports.
//
// The embedded store lacks most aggregation accumulators and computes a $group with two
// accumulators wrongly (see MONGODB.md), so nothing here asks the database to aggregate.
//
// # What the period means
//
// A filter's period [From, To) selects different things for three kinds of figures:
//
//   - cohort figures describe the ideas submitted in the period (all non-draft ideas when
//     no period is given): counts per stage, conversion between gates, time in stage,
//     breakdowns by department, campaign and source, and reviewer agreement;
//   - event figures count what happened in the period, whenever the idea was submitted:
//     monthly throughput, finished pilots and their success, reviewer assignments made;
//   - state figures describe the moment of the request and ignore the period: ideas past
//     their SLA and running pilots.
//
// Campaign, department and source filters apply to all three. Drafts never count: they
// are private to their authors until submitted.
//
// # Definitions
//
// Submission time: the first decision draft → submitted; ideas without one (imported from
// another municipality) use SubmittedAt, then CreatedAt.
//
// Reached a stage: a decision record leads into the stage or the idea is in it now. The main
// path submitted → screening → evaluation → decision → pilot → rollout → implemented can
// only be walked in order, so reaching a stage implies reaching the ones before it.
//
// Conversion of a gate A → B: entered = cohort ideas that reached A, advanced = those that
// reached B, pending = those still in A; rate = advanced / entered and rateOfDecided =
// advanced / (entered − pending), which leaves out ideas the gate has not ruled on yet.
//
// Time in stage: every decision opens a visit of the stage it leads to; the next decision
// that leaves the stage (extensions pilot → pilot do not) closes it. Visits of terminal
// stages and of drafts are not measured. A visit still open at Now is measured up to Now:
// medianDays and p90Days include such visits (they are then lower bounds, since those ideas
// will stay longer), completedMedianDays and completedP90Days use closed visits only, and
// open says how many were open. Percentiles interpolate linearly between the closest ranks
// (Excel's PERCENTILE.INC / MEDIAN), in days with two decimals.
//
// SLA: an idea now in a stage with a target (default: screening 14 days, evaluation 21
// days) is overdue once it has been in that stage longer than the target, counted from its
// last decision into the stage.
//
// Throughput per calendar month (UTC): submitted = decisions draft → submitted; decided =
// decisions leaving the decision stage (to pilot, rejected or parked); piloted = decision
// → pilot; rolledOut = pilot → rollout.
//
// Pilot success: a pilot finishes with the decision that leaves it for rollout or stopped.
// successRate = finished pilots whose every KPI met its target (the results recorded in
// that decision) / finished pilots; rolloutRate = finished pilots that went to rollout /
// finished pilots; kpiRate = KPI outcomes that met their target / all KPI outcomes.
//
// Reviewers (assignments made in the period): a declined assignment counts only as
// declined. An active one is submitted (on time when submitted by its due date or without
// one, late otherwise), open while its idea is still in evaluation (overdue once the due
// date passed), or missed when the idea left evaluation without the review. onTimeRate =
// onTime / (submitted + overdue + missed): the share of the assignments that were due (or
// done) that were done in time; workload is the number of open assignments.
//
// Agreement per campaign (ideas outside a campaign form the group "", the open idea box):
// Krippendorff's alpha with the interval metric over the submitted reviews of the cohort's
// ideas, each (idea, criterion) one unit, computed by domain.ReviewAgreement. Rated after
// Krippendorff: ≥ 0.800 reliable, ≥ 0.667 tentative, below that unreliable; undefined when
// there is nothing to compare (fewer than two ratings of a unit, or no variation at all).
package analytics

import (
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Filter narrows the ideas the figures are computed over. Zero fields do not filter.
type Filter struct {
	// From and To bound the period [From, To).
	From, To     time.Time
	CampaignID   string
	DepartmentID string
	Source       domain.Source
}

// Default SLA targets in days (PRODUCT.md: "ideas waiting past a target time").
const (
	DefaultSLAScreeningDays  = 14
	DefaultSLAEvaluationDays = 21
)

// SLATargets are the maximum days an idea should wait in a stage.
type SLATargets map[domain.Stage]int

// DefaultSLA returns the default targets.
func DefaultSLA() SLATargets {
	return SLATargets{domain.StageScreening: DefaultSLAScreeningDays, domain.StageEvaluation: DefaultSLAEvaluationDays}
}

// Options configure a computation.
type Options struct {
	Filter Filter
	// Now closes open stage visits and decides what is overdue.
	Now time.Time
	// SLA targets; DefaultSLA when nil.
	SLA SLATargets
	// OverdueLimit caps the list of overdue ideas (the counts stay exact); 100 when 0.
	OverdueLimit int
}

// Report holds every figure of the dashboard.
type Report struct {
	GeneratedAt time.Time
	Filter      Filter
	// Ideas is the size of the cohort.
	Ideas       int
	Stages      []StageCount
	Conversion  []GateConversion
	TimeInStage []StageTime
	SLA         SLAReport
	Throughput  []MonthThroughput
	// Breakdowns of the cohort, sorted by key ("" = none).
	ByDepartment []Breakdown
	ByCampaign   []Breakdown
	BySource     []Breakdown
	Pilots       PilotStats
	Reviewers    ReviewerStats
	Agreement    []Agreement
}

// StageCount is the number of cohort ideas now in a stage.
type StageCount struct {
	Stage domain.Stage
	Count int
}

// GateConversion is the conversion of one gate of the main path.
type GateConversion struct {
	From, To      domain.Stage
	Entered       int
	Advanced      int
	Pending       int
	Rate          *float64
	RateOfDecided *float64
}

// StageTime is how long ideas stay in a stage, in days.
type StageTime struct {
	Stage               domain.Stage
	Visits              int
	Open                int
	MedianDays          *float64
	P90Days             *float64
	CompletedMedianDays *float64
	CompletedP90Days    *float64
}

// SLAReport lists the ideas waiting past their stage's target.
type SLAReport struct {
	Targets []SLAStage
	// Overdue ideas, longest overdue first, at most Options.OverdueLimit.
	Overdue []OverdueIdea
}

// SLAStage is the target of one stage and how many ideas wait in it.
type SLAStage struct {
	Stage   domain.Stage
	Days    int
	Waiting int
	Overdue int
}

// OverdueIdea is an idea waiting past its target.
type OverdueIdea struct {
	IdeaID      string
	Title       string
	Stage       domain.Stage
	Since       time.Time
	DaysWaiting float64
	DaysOverdue float64
}

// MonthThroughput counts the events of one calendar month (UTC), "2026-03".
type MonthThroughput struct {
	Month     string
	Submitted int
	Decided   int
	Piloted   int
	RolledOut int
}

// Breakdown summarises the cohort ideas of one department, campaign or source.
type Breakdown struct {
	Key   string
	Label string
	Ideas int
	// Open ideas are in a non-terminal stage (parked included).
	Open            int
	PassedScreening int
	Piloted         int
	RolledOut       int
	Implemented     int
	Rejected        int
}

// PilotStats describe pilots finished in the period and those running now.
type PilotStats struct {
	Running     int
	Finished    int
	KPIsMet     int
	RolledOut   int
	Stopped     int
	SuccessRate *float64
	RolloutRate *float64
	Outcomes    int
	OutcomesMet int
	KPIRate     *float64
}

// ReviewerStats are the reviewers' workload and punctuality.
type ReviewerStats struct {
	// Available is false when no review store was given (the figures are then empty).
	Available bool
	Rows      []ReviewerRow
	Total     ReviewerRow
}

// ReviewerRow counts one reviewer's assignments made in the period.
type ReviewerRow struct {
	ReviewerID string
	Name       string
	Assigned   int
	Declined   int
	Submitted  int
	OnTime     int
	Late       int
	Open       int
	Overdue    int
	Missed     int
	OnTimeRate *float64
	// MedianDaysToSubmit is the median of assignment → submission.
	MedianDaysToSubmit *float64
}

// Agreement is the inter-rater agreement of one campaign's reviews.
type Agreement struct {
	CampaignID string
	Label      string
	Ideas      int
	Reviews    int
	Alpha      *float64
	// Rating: reliable, tentative, unreliable or undefined.
	Rating string
}

// Agreement ratings.
const (
	RatingReliable   = "reliable"
	RatingTentative  = "tentative"
	RatingUnreliable = "unreliable"
	RatingUndefined  = "undefined"
)

// mainPath is the funnel's main path in order; gates are its consecutive pairs.
var mainPath = []domain.Stage{
	domain.StageSubmitted, domain.StageScreening, domain.StageEvaluation, domain.StageDecision,
	domain.StagePilot, domain.StageRollout, domain.StageImplemented,
}

// timedStages are the stages whose time is measured: every non-terminal stage but draft.
var timedStages = []domain.Stage{
	domain.StageSubmitted, domain.StageScreening, domain.StageEvaluation, domain.StageDecision,
	domain.StagePilot, domain.StageRollout, domain.StageParked,
}
