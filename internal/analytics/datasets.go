package analytics

import (
	"context"
	"strings"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Exports: the records behind the figures as flat tables, one definition for CSV and JSON.
// They carry user IDs (pseudonymous) but no names or e-mail addresses; who is who stays in
// the application, where the cdo can look it up.

// Kind is the type of a column's values.
type Kind int

// Column kinds. Text is user-supplied text (guarded against spreadsheet formulas in CSV);
// Scores are a review's scores, an object in JSON and "key=score; …" in CSV.
const (
	Text Kind = iota
	Number
	Integer
	Bool
	Time
	List
	Scores
)

// Column is one column of a dataset.
type Column struct {
	Name string
	Kind Kind
}

// Dataset names of the exports.
const (
	DatasetIdeas     = "ideas"
	DatasetDecisions = "decisions"
	DatasetReviews   = "reviews"
	DatasetPilots    = "pilots"
)

// Datasets lists the export datasets in order.
var Datasets = []string{DatasetIdeas, DatasetDecisions, DatasetReviews, DatasetPilots, DatasetFigures}

// Columns returns the columns of a dataset (nil for an unknown one).
func Columns(dataset string) []Column {
	switch dataset {
	case DatasetIdeas:
		return []Column{
			{"id", Text}, {"title", Text}, {"summary", Text}, {"stage", Text}, {"stageSince", Time},
			{"visibility", Text}, {"source", Text}, {"departmentId", Text}, {"department", Text},
			{"campaignId", Text}, {"campaign", Text}, {"authorId", Text}, {"tags", List}, {"targetGroups", List},
			{"createdAt", Time}, {"submittedAt", Time}, {"lastActivityAt", Time}, {"screeningPassed", Bool},
			{"supportCount", Integer}, {"followerCount", Integer}, {"commentCount", Integer}, {"attachmentCount", Integer},
			{"score", Number}, {"reviewCount", Integer}, {"disagreement", Bool}, {"decisionCount", Integer}, {"mergedInto", Text},
		}
	case DatasetDecisions:
		return []Column{
			{"ideaId", Text}, {"ideaTitle", Text}, {"id", Text}, {"from", Text}, {"to", Text}, {"at", Time},
			{"daysInPreviousStage", Number}, {"actorId", Text}, {"reason", Text}, {"override", Bool}, {"score", Number},
			{"mergedInto", Text}, {"revisitAt", Time}, {"newEndDate", Time}, {"departments", List},
		}
	case DatasetReviews:
		return []Column{
			{"ideaId", Text}, {"ideaTitle", Text}, {"campaignId", Text}, {"reviewerId", Text}, {"assignment", Text},
			{"assignedAt", Time}, {"dueAt", Time}, {"declineReason", Text}, {"status", Text}, {"submittedAt", Time},
			{"onTime", Bool}, {"recommendation", Text}, {"confidence", Text}, {"scores", Scores}, {"comment", Text},
		}
	case DatasetFigures:
		return figureColumns
	case DatasetPilots:
		return []Column{
			{"ideaId", Text}, {"ideaTitle", Text}, {"stage", Text}, {"outcome", Text}, {"ownerId", Text},
			{"departmentId", Text}, {"department", Text}, {"startDate", Time}, {"endDate", Time}, {"budgetEur", Number},
			{"kpiKey", Text}, {"kpiName", Text}, {"unit", Text}, {"direction", Text}, {"baseline", Number}, {"target", Number},
			{"latestValue", Number}, {"latestAt", Time}, {"resultValue", Number}, {"met", Bool}, {"lessonsLearned", Text},
		}
	}
	return nil
}

// Labels name departments and campaigns in exports.
type Labels struct {
	Departments map[string]string
	Campaigns   map[string]string
}

// Labels loads the names of the tenant's departments and campaigns (empty maps for
// stores not given).
func (s *Service) Labels(ctx context.Context) (Labels, error) {
	l := Labels{Departments: map[string]string{}, Campaigns: map[string]string{}}
	if s.Departments != nil {
		ds, err := s.Departments.FindDepartments(ctx)
		if err != nil {
			return l, err
		}
		for _, d := range ds {
			l.Departments[d.ID] = d.Code + " — " + d.Name
		}
	}
	if s.Campaigns != nil {
		cs, err := s.Campaigns.FindCampaigns(ctx)
		if err != nil {
			return l, err
		}
		for _, c := range cs {
			l.Campaigns[c.ID] = c.Title
		}
	}
	return l, nil
}

// Row is one row of a dataset: values in column order (string, float64, int, bool,
// time.Time, []string, map[string]int or nil).
type Row []any

// Export streams the rows of a dataset for the ideas of the context's tenant that match
// the filter (cohort semantics: the period selects ideas by submission time; drafts never
// appear). Ideas come in the store's order.
func (s *Service) Export(ctx context.Context, dataset string, f Filter, emit func(Row) error) error {
	labels, err := s.Labels(ctx)
	if err != nil {
		return err
	}
	b := NewBuilder(Options{Filter: f})
	return s.ScanIdeas(ctx, func(i *domain.Idea) error {
		if !b.Matches(i) || !b.inPeriod(SubmissionTime(i)) {
			return nil
		}
		switch dataset {
		case DatasetIdeas:
			return emit(ideaRow(i, labels))
		case DatasetDecisions:
			return decisionRows(i, emit)
		case DatasetPilots:
			return pilotRows(i, labels, emit)
		case DatasetReviews:
			if s.Reviews == nil || !Reached(i)[domain.StageEvaluation] {
				return nil
			}
			rs, reviews, err := s.IdeaReviews(ctx, i.ID)
			if err != nil {
				return err
			}
			return reviewRows(i, rs, reviews, emit)
		}
		return domain.Invalid("dataset", "must be one of: "+strings.Join(Datasets, ", "))
	})
}

func ideaRow(i *domain.Idea, l Labels) Row {
	var score any
	reviews, disagreement := 0, false
	if i.Score != nil {
		score, reviews, disagreement = i.Score.Weighted, i.Score.ReviewCount, i.Score.Disagreement
	}
	return Row{
		i.ID, i.Title, i.Summary, string(i.Stage), i.StageSince,
		string(i.Visibility), string(i.Source), i.DepartmentID, l.Departments[i.DepartmentID],
		i.CampaignID, l.Campaigns[i.CampaignID], i.AuthorID, i.Tags, i.TargetGroups,
		i.CreatedAt, SubmissionTime(i), i.LastActivityAt, i.ScreeningPassed,
		i.SupportCount, i.FollowerCount, i.CommentCount, i.AttachmentCount,
		score, reviews, disagreement, len(i.Decisions), i.MergedInto,
	}
}

func decisionRows(i *domain.Idea, emit func(Row) error) error {
	prev := i.CreatedAt
	for _, d := range sortedDecisions(i) {
		var score any
		if d.ScoreSnapshot != nil {
			score = d.ScoreSnapshot.Weighted
		}
		var inPrev any
		if !prev.IsZero() {
			inPrev = round2(days(d.At.Sub(prev)))
		}
		err := emit(Row{
			i.ID, i.Title, d.ID, string(d.From), string(d.To), d.At,
			inPrev, d.ActorID, d.Reason, d.Override, score,
			d.MergedInto, d.RevisitAt, d.NewEndDate, d.Departments,
		})
		if err != nil {
			return err
		}
		if d.From != d.To {
			prev = d.At
		}
	}
	return nil
}

func pilotRows(i *domain.Idea, l Labels, emit func(Row) error) error {
	if i.Pilot == nil {
		return nil
	}
	p := i.Pilot
	outcome := "running"
	switch i.Stage {
	case domain.StageRollout, domain.StageImplemented:
		outcome = "rollout"
	case domain.StageStopped:
		outcome = "stopped"
	}
	for _, k := range p.Plan.KPIs {
		var latest, latestAt, result, met any
		var lt time.Time
		for _, u := range p.Updates {
			for _, m := range u.Measurements {
				if m.KPIKey == k.Key && !m.Date.Before(lt) {
					lt, latest, latestAt = m.Date, m.Value, m.Date
				}
			}
		}
		if p.Results != nil {
			for _, o := range p.Results.Outcomes {
				if o.KPIKey == k.Key {
					result, met = o.Value, o.Met
				}
			}
		}
		lessons := ""
		if p.Results != nil {
			lessons = p.Results.LessonsLearned
		}
		err := emit(Row{
			i.ID, i.Title, string(i.Stage), outcome, p.Plan.OwnerID,
			p.Plan.DepartmentID, l.Departments[p.Plan.DepartmentID], p.Plan.StartDate, p.Plan.EndDate, p.Plan.BudgetEUR,
			k.Key, k.Name, k.Unit, k.Direction, k.Baseline, k.Target,
			latest, latestAt, result, met, lessons,
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func reviewRows(i *domain.Idea, rs *domain.IdeaReviewers, reviews []*domain.Review, emit func(Row) error) error {
	if rs == nil {
		return nil
	}
	byReviewer := map[string]*domain.Review{}
	for _, r := range reviews {
		if r != nil {
			byReviewer[r.ReviewerID] = r
		}
	}
	for _, a := range rs.Assignments {
		row := Row{i.ID, i.Title, i.CampaignID, a.ReviewerID, string(a.Status), a.AssignedAt, a.DueAt, a.DeclineReason,
			nil, nil, nil, nil, nil, nil, nil}
		// A draft is the reviewer's own until submitted: only its existence shows.
		if r, ok := byReviewer[a.ReviewerID]; ok {
			row[8] = string(r.Status)
			if r.Status == domain.ReviewSubmitted {
				scores := map[string]int{}
				for _, sc := range r.Scores {
					scores[sc.Key] = sc.Score
				}
				row[9], row[10] = r.SubmittedAt, a.DueAt.IsZero() || !r.SubmittedAt.After(a.DueAt)
				row[11], row[12], row[13], row[14] = string(r.Recommendation), r.Confidence, scores, r.Comment
			}
		}
		if err := emit(row); err != nil {
			return err
		}
	}
	return nil
}
