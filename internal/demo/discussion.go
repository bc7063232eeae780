package demo

import (
	"context"
	"fmt"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// demoComment is a contribution to a demo idea's discussion; reportedBy and reason make it
// one the cdo finds in the moderation queue.
type demoComment struct {
	idea, author, body string
	reportedBy, reason string
}

// demoDiscussion gives a few public ideas a discussion, and the moderation queue one
// borderline case to decide: sharp criticism that someone reported as unobjective.
var demoDiscussion = []demoComment{
	// An internal idea: staff discuss it.
	{idea: "Online-Terminvergabe im Bürgeramt", author: reviewer2, body: "Bitte auch Termine am Samstagvormittag anbieten – viele Berufstätige schaffen es unter der Woche nicht."},
	{idea: "Online-Terminvergabe im Bürgeramt", author: reviewerMail, body: "Im Pilot sind die Schlangen am Morgen schon **deutlich kürzer**. Samstage prüfen wir für die zweite Phase."},
	// Public ideas: citizens and staff.
	{idea: "Sensoren für freie Parkplätze", author: employeeMail, body: "Gibt es Erfahrungen aus anderen Städten? Hamburg und Darmstadt testen so etwas bereits."},
	{idea: "Sensoren für freie Parkplätze", author: citizenMail, body: "Ja, Darmstadt zeigt die freien Plätze seit einem Jahr in seiner App an – das ließe sich nachnutzen (*Einer für alle*)."},
	{idea: "Mehr Fahrradstellplätze am Hauptbahnhof", author: employeeMail, body: "Die Radstation am Bremer Platz ist morgens voll – ein zweiter Standort auf der Ostseite wäre ideal."},
	{idea: "Hitzeaktionsplan mit Trinkbrunnen", author: citizenMail, body: "Trinkbrunnen? Typisch Verwaltung, erst wird jahrelang geplant und dann passiert gar nichts!!!",
		reportedBy: employeeMail, reason: "Unsachlich und pauschal – bitte prüfen."},
}

// seedDiscussion adds the demo comments (and the report) where the store keeps them.
func seedDiscussion(ctx context.Context, s Store, res *Result, ideas map[string]string) error {
	cs, ok := s.(domain.CommentStore)
	if !ok {
		return nil
	}
	for _, d := range demoDiscussion {
		c := &domain.Comment{IdeaID: ideas[d.idea], AuthorID: res.Users[d.author], Body: d.body}
		if err := cs.CreateComment(ctx, c); err != nil {
			return fmt.Errorf("demo comment on %q: %w", d.idea, err)
		}
		if d.reportedBy != "" {
			if err := cs.ReportComment(ctx, &domain.CommentReport{CommentID: c.ID, ReporterID: res.Users[d.reportedBy], Reason: d.reason}); err != nil {
				return fmt.Errorf("demo report: %w", err)
			}
		}
	}
	return nil
}
