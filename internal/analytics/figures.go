package analytics

import "context"

// DatasetFigures is the dashboard itself as a table: one row per figure (section, what it
// is about, which measure, value), for a spreadsheet or a report. Its filters and SLA
// targets are those of GET /analytics/funnel.
const DatasetFigures = "figures"

// figureColumns are the columns of the figures dataset.
var figureColumns = []Column{{"section", Text}, {"key", Text}, {"label", Text}, {"metric", Text}, {"value", Number}}

// ExportFigures computes the report for opts and emits its figures.
func (s *Service) ExportFigures(ctx context.Context, opts Options, emit func(Row) error) error {
	r, err := s.Funnel(ctx, opts)
	if err != nil {
		return err
	}
	for _, row := range FigureRows(r) {
		if err := emit(row); err != nil {
			return err
		}
	}
	return nil
}

// FigureRows flattens a report: sections stages, conversion, timeInStage, sla, throughput,
// department, campaign, source, pilots, reviewers and agreement. Labels are names (a
// department's "code — name", a campaign's title, a reviewer's display name); absent
// values (a rate of nothing) are nil.
func FigureRows(r *Report) []Row {
	var out []Row
	add := func(section, key, label, metric string, v any) {
		switch x := v.(type) {
		case int:
			v = float64(x)
		case *float64:
			if x == nil {
				v = nil
			} else {
				v = *x
			}
		}
		out = append(out, Row{section, key, label, metric, v})
	}
	add("cohort", "", "", "ideas", r.Ideas)
	for _, s := range r.Stages {
		add("stages", string(s.Stage), "", "count", s.Count)
	}
	for _, g := range r.Conversion {
		k := string(g.From) + "→" + string(g.To)
		add("conversion", k, "", "entered", g.Entered)
		add("conversion", k, "", "advanced", g.Advanced)
		add("conversion", k, "", "pending", g.Pending)
		add("conversion", k, "", "rate", g.Rate)
		add("conversion", k, "", "rateOfDecided", g.RateOfDecided)
	}
	for _, t := range r.TimeInStage {
		k := string(t.Stage)
		add("timeInStage", k, "", "visits", t.Visits)
		add("timeInStage", k, "", "open", t.Open)
		add("timeInStage", k, "", "medianDays", t.MedianDays)
		add("timeInStage", k, "", "p90Days", t.P90Days)
		add("timeInStage", k, "", "completedMedianDays", t.CompletedMedianDays)
		add("timeInStage", k, "", "completedP90Days", t.CompletedP90Days)
	}
	for _, t := range r.SLA.Targets {
		k := string(t.Stage)
		add("sla", k, "", "targetDays", t.Days)
		add("sla", k, "", "waiting", t.Waiting)
		add("sla", k, "", "overdue", t.Overdue)
	}
	for _, m := range r.Throughput {
		add("throughput", m.Month, "", "submitted", m.Submitted)
		add("throughput", m.Month, "", "decided", m.Decided)
		add("throughput", m.Month, "", "piloted", m.Piloted)
		add("throughput", m.Month, "", "rolledOut", m.RolledOut)
	}
	for _, b := range []struct {
		section string
		rows    []Breakdown
	}{{"department", r.ByDepartment}, {"campaign", r.ByCampaign}, {"source", r.BySource}} {
		for _, x := range b.rows {
			add(b.section, x.Key, x.Label, "ideas", x.Ideas)
			add(b.section, x.Key, x.Label, "open", x.Open)
			add(b.section, x.Key, x.Label, "passedScreening", x.PassedScreening)
			add(b.section, x.Key, x.Label, "piloted", x.Piloted)
			add(b.section, x.Key, x.Label, "rolledOut", x.RolledOut)
			add(b.section, x.Key, x.Label, "implemented", x.Implemented)
			add(b.section, x.Key, x.Label, "rejected", x.Rejected)
		}
	}
	p := r.Pilots
	for _, f := range []struct {
		metric string
		v      any
	}{{"running", p.Running}, {"finished", p.Finished}, {"kpisMet", p.KPIsMet}, {"rolledOut", p.RolledOut}, {"stopped", p.Stopped},
		{"successRate", p.SuccessRate}, {"rolloutRate", p.RolloutRate}, {"outcomes", p.Outcomes}, {"outcomesMet", p.OutcomesMet}, {"kpiRate", p.KPIRate}} {
		add("pilots", "", "", f.metric, f.v)
	}
	if r.Reviewers.Available {
		rows := append(append([]ReviewerRow(nil), r.Reviewers.Rows...), r.Reviewers.Total)
		for n, x := range rows {
			key, label := x.ReviewerID, x.Name
			if n == len(rows)-1 {
				key, label = "total", ""
			}
			for _, f := range []struct {
				metric string
				v      any
			}{{"assigned", x.Assigned}, {"declined", x.Declined}, {"submitted", x.Submitted}, {"onTime", x.OnTime}, {"late", x.Late},
				{"open", x.Open}, {"overdue", x.Overdue}, {"missed", x.Missed}, {"onTimeRate", x.OnTimeRate}, {"medianDaysToSubmit", x.MedianDaysToSubmit}} {
				add("reviewers", key, label, f.metric, f.v)
			}
		}
	}
	for _, a := range r.Agreement {
		add("agreement", a.CampaignID, a.Label, "ideas", a.Ideas)
		add("agreement", a.CampaignID, a.Label, "reviews", a.Reviews)
		add("agreement", a.CampaignID, a.Label, "alpha", a.Alpha)
	}
	return out
}
