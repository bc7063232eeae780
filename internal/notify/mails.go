package notify

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"net/url"
	"strings"
	texttemplate "text/template"
	"time"
	"unicode/utf8"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// A notification e-mail has a plain-text and an HTML part made from the same content. The
// HTML part goes through html/template, so titles, names, reasons and comment text are
// escaped; the text part is plain text and needs no escaping.
type mailContent struct {
	Lang     string
	Subject  string
	Greeting string
	Lines    []string
	Quote    string
	// After are paragraphs after the quote.
	After       []string
	Ideas       []ideaLink
	ActionLabel string
	ActionURL   string
	Why         string
	Unsubscribe string
	UnsubURL    string
	// OneClickURL is where a mail program unsubscribes with one POST (List-Unsubscribe).
	OneClickURL string
	Settings    string
	SettingsURL string
}

type ideaLink struct {
	Text string
	URL  string
}

const textLayout = `{{.Greeting}}
{{range .Lines}}
{{.}}
{{end}}{{if .Quote}}
{{.Quote}}
{{end}}{{range .After}}
{{.}}
{{end}}{{range .Ideas}}
- {{.Text}}
  {{.URL}}
{{end}}{{if .ActionURL}}
{{.ActionLabel}}: {{.ActionURL}}
{{end}}
-- 
{{.Why}}
{{.Unsubscribe}}: {{.UnsubURL}}
{{.Settings}}: {{.SettingsURL}}
`

const htmlLayout = `<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family:sans-serif;line-height:1.5;color:#1a1a1a;max-width:40em">
<p>{{.Greeting}}</p>
{{range .Lines}}<p>{{.}}</p>
{{end}}{{if .Quote}}<blockquote style="border-left:3px solid #ccc;margin:0;padding-left:1em;white-space:pre-wrap">{{.Quote}}</blockquote>
{{end}}{{range .After}}<p>{{.}}</p>
{{end}}{{if .Ideas}}<ul>{{range .Ideas}}<li><a href="{{.URL}}">{{.Text}}</a></li>{{end}}</ul>
{{end}}{{if .ActionURL}}<p><a href="{{.ActionURL}}" style="display:inline-block;padding:.5em 1em;background:#005ca9;color:#fff;text-decoration:none;border-radius:4px">{{.ActionLabel}}</a></p>
{{end}}<hr style="border:none;border-top:1px solid #ddd">
<p style="color:#555;font-size:.9em">{{.Why}}<br>
<a href="{{.UnsubURL}}">{{.Unsubscribe}}</a> · <a href="{{.SettingsURL}}">{{.Settings}}</a></p>
</body></html>
`

var (
	textTmpl = texttemplate.Must(texttemplate.New("text").Parse(textLayout))
	htmlTmpl = htmltemplate.Must(htmltemplate.New("html").Parse(htmlLayout))
)

func (c *mailContent) render(to string) (domain.Mail, error) {
	var t, h bytes.Buffer
	if err := textTmpl.Execute(&t, c); err != nil {
		return domain.Mail{}, fmt.Errorf("render text mail: %w", err)
	}
	if err := htmlTmpl.Execute(&h, c); err != nil {
		return domain.Mail{}, fmt.Errorf("render HTML mail: %w", err)
	}
	return domain.Mail{To: to, Subject: c.Subject, Text: t.String(), HTML: h.String(), Unsubscribe: c.OneClickURL}, nil
}

var stageNames = map[string]map[domain.Stage]string{
	domain.LocaleDE: {
		domain.StageDraft: "Entwurf", domain.StageSubmitted: "Eingereicht", domain.StageScreening: "Sichtung",
		domain.StageEvaluation: "Bewertung", domain.StageDecision: "Entscheidung", domain.StagePilot: "Pilot",
		domain.StageRollout: "Einführung", domain.StageImplemented: "Umgesetzt", domain.StageRejected: "Abgelehnt",
		domain.StageMerged: "Zusammengeführt", domain.StageParked: "Zurückgestellt", domain.StageStopped: "Pilot beendet",
		domain.StageWithdrawn: "Zurückgezogen",
	},
	domain.LocaleEN: {
		domain.StageDraft: "Draft", domain.StageSubmitted: "Submitted", domain.StageScreening: "Screening",
		domain.StageEvaluation: "Evaluation", domain.StageDecision: "Decision", domain.StagePilot: "Pilot",
		domain.StageRollout: "Rollout", domain.StageImplemented: "Implemented", domain.StageRejected: "Rejected",
		domain.StageMerged: "Merged", domain.StageParked: "Parked", domain.StageStopped: "Pilot stopped",
		domain.StageWithdrawn: "Withdrawn",
	},
}

// typeNames name the event types in the footer ("you get this because …") and in the SPA's
// settings (the SPA has its own catalogue; these are for mails).
var typeNames = map[string]map[domain.EventType]string{
	domain.LocaleDE: {
		domain.EventStageChanged: "Phasenwechsel", domain.EventDecisionMade: "Entscheidungen",
		domain.EventReviewAssigned: "neue Bewertungsaufgaben", domain.EventReviewDueSoon: "Erinnerungen an fällige Bewertungen",
		domain.EventReviewOverdue: "überfällige Bewertungen", domain.EventComment: "neue Kommentare",
		domain.EventMention: "Erwähnungen", domain.EventPilotUpdate: "Neuigkeiten aus Pilotprojekten",
		domain.EventCommentHidden: "ausgeblendete Kommentare", domain.EventSLAOverdue: "Ideen über der Zielzeit",
		domain.EventReviewDeclined: "abgelehnte Bewertungsaufgaben", AllTypes: "die tägliche Zusammenfassung",
	},
	domain.LocaleEN: {
		domain.EventStageChanged: "stage changes", domain.EventDecisionMade: "decisions",
		domain.EventReviewAssigned: "new review assignments", domain.EventReviewDueSoon: "reminders of reviews due",
		domain.EventReviewOverdue: "overdue reviews", domain.EventComment: "new comments",
		domain.EventMention: "mentions", domain.EventPilotUpdate: "pilot updates",
		domain.EventCommentHidden: "hidden comments", domain.EventSLAOverdue: "ideas past their target time",
		domain.EventReviewDeclined: "declined review assignments", AllTypes: "the daily digest",
	},
}

func locale(u *domain.User) string {
	if u.Locale == domain.LocaleEN {
		return domain.LocaleEN
	}
	return domain.LocaleDE
}

func stageName(lang string, s domain.Stage) string {
	if n, ok := stageNames[lang][s]; ok {
		return n
	}
	return string(s)
}

func formatDate(lang string, t time.Time) string {
	if lang == domain.LocaleEN {
		return t.UTC().Format("2 January 2006")
	}
	return t.UTC().Format("02.01.2006")
}

// excerpt shortens s to about n characters at a word boundary.
func excerpt(s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	if i := strings.LastIndexAny(string(r), " \n\t"); i > n/2 {
		return strings.TrimSpace(string(r)[:i]) + " …"
	}
	return string(r) + "…"
}

// links builds the URLs of e-mails.
type links struct {
	base string
}

func (l links) idea(id string) string { return l.base + "/ideas/" + url.PathEscape(id) }
func (l links) comment(ideaID, commentID string) string {
	return l.idea(ideaID) + "#comment-" + url.PathEscape(commentID)
}
func (l links) settings() string { return l.base + "/settings/notifications" }
func (l links) unsubscribe(token string) string {
	return l.base + "/unsubscribe?token=" + url.QueryEscape(token)
}

// oneClick is the API's one-click unsubscribe (RFC 8058), which mail programs POST to.
func (l links) oneClick(token string) string {
	return l.base + "/api/v1/notifications/unsubscribe/one-click?token=" + url.QueryEscape(token)
}

// quoted wraps a title in the language's quotation marks.
func quoted(lang, s string) string {
	if lang == domain.LocaleEN {
		return "“" + s + "”"
	}
	return "„" + s + "“"
}

// notificationMail renders the single e-mail of notification n to user u.
// mailCase is what a notification's mail says beyond the notification: whether the recipient
// is one of the idea's authors, and whether the stage change is the authors' answer to the
// questions of "needs information".
type mailCase struct{ author, answer bool }

func notificationMail(l links, u *domain.User, n *domain.Notification, mc mailCase, unsubToken string) (domain.Mail, error) {
	lang := locale(u)
	c := &mailContent{Lang: lang, ActionURL: l.idea(n.IdeaID)}
	en := lang == domain.LocaleEN
	pick := func(de, eng string) string {
		if en {
			return eng
		}
		return de
	}
	c.Greeting = pick("Guten Tag "+u.DisplayName+",", "Hello "+u.DisplayName+",")
	c.ActionLabel = pick("Idee ansehen", "View the idea")
	title := quoted(lang, n.IdeaTitle)
	actor := n.ActorName
	// Authors are told what the innovation office decided, not who in it (as in the history).
	if mc.author && !mc.answer && (n.Type == domain.EventStageChanged || n.Type == domain.EventDecisionMade) {
		actor = ""
	}
	if actor == "" {
		actor = pick("Das Innovationsbüro", "The innovation office")
	}
	reason := func() {
		if n.Reason != "" {
			c.Lines = append(c.Lines, pick("Begründung: ", "Reason: ")+n.Reason)
		}
	}
	switch n.Type {
	case domain.EventStageChanged:
		switch {
		case n.From == domain.StageScreening && n.To == domain.StageSubmitted:
			// "Needs information": the questions are the reason.
			c.Subject = pick("Rückfragen zur Idee "+title, "Questions about the idea "+title)
			c.Lines = append(c.Lines, pick(
				fmt.Sprintf("%s hat Rückfragen zur Idee %s:", actor, title),
				fmt.Sprintf("%s has questions about the idea %s:", actor, title)))
			c.Quote = n.Reason
			if mc.author {
				c.After = append(c.After, pick(
					"Bitte ergänzen Sie Ihre Idee und senden Sie Ihre Antwort über die Seite der Idee; danach wird sie weiter gesichtet.",
					"Please add to your idea and send your answer from the idea's page; the screening then goes on."))
				c.ActionLabel = pick("Rückfragen beantworten", "Answer the questions")
			}
		case mc.answer:
			c.Subject = pick("Antwort auf die Rückfragen zu "+title, "Answer to the questions about "+title)
			c.Lines = append(c.Lines, pick(
				fmt.Sprintf("%s hat die Rückfragen zur Idee %s beantwortet; die Idee ist wieder in der Sichtung:", actor, title),
				fmt.Sprintf("%s answered the questions about the idea %s; the idea is back in screening:", actor, title)))
			c.Quote = n.Reason
		default:
			c.Subject = pick(title+" ist jetzt in der Phase „"+stageName(lang, n.To)+"“", title+" moved to “"+stageName(lang, n.To)+"”")
			c.Lines = append(c.Lines, pick(
				fmt.Sprintf("%s hat die Idee %s von „%s“ nach „%s“ verschoben.", actor, title, stageName(lang, n.From), stageName(lang, n.To)),
				fmt.Sprintf("%s moved the idea %s from “%s” to “%s”.", actor, title, stageName(lang, n.From), stageName(lang, n.To))))
			reason()
		}
	case domain.EventDecisionMade:
		c.Subject = pick("Entscheidung zu "+title+": "+stageName(lang, n.To), "Decision on "+title+": "+stageName(lang, n.To))
		c.Lines = append(c.Lines, pick(
			fmt.Sprintf("Über die Idee %s wurde entschieden: „%s“.", title, stageName(lang, n.To)),
			fmt.Sprintf("A decision was made on the idea %s: “%s”.", title, stageName(lang, n.To))))
		reason()
	case domain.EventReviewAssigned:
		c.Subject = pick("Neue Bewertungsaufgabe: "+title, "New review assignment: "+title)
		c.Lines = append(c.Lines, pick(
			fmt.Sprintf("Sie wurden gebeten, die Idee %s bis zum %s zu bewerten.", title, formatDate(lang, n.DueAt)),
			fmt.Sprintf("You were asked to review the idea %s by %s.", title, formatDate(lang, n.DueAt))))
		c.ActionLabel = pick("Zur Bewertung", "Start the review")
	case domain.EventReviewDueSoon:
		c.Subject = pick("Erinnerung: Bewertung von "+title+" ist am "+formatDate(lang, n.DueAt)+" fällig",
			"Reminder: your review of "+title+" is due on "+formatDate(lang, n.DueAt))
		c.Lines = append(c.Lines, pick(
			fmt.Sprintf("Ihre Bewertung der Idee %s ist am %s fällig.", title, formatDate(lang, n.DueAt)),
			fmt.Sprintf("Your review of the idea %s is due on %s.", title, formatDate(lang, n.DueAt))))
		c.ActionLabel = pick("Zur Bewertung", "Go to the review")
	case domain.EventReviewOverdue:
		c.Subject = pick("Überfällig: Bewertung von "+title, "Overdue: your review of "+title)
		c.Lines = append(c.Lines, pick(
			fmt.Sprintf("Ihre Bewertung der Idee %s war am %s fällig. Bitte reichen Sie sie ein oder melden Sie sich beim Innovationsbüro.", title, formatDate(lang, n.DueAt)),
			fmt.Sprintf("Your review of the idea %s was due on %s. Please submit it or contact the innovation office.", title, formatDate(lang, n.DueAt))))
		c.ActionLabel = pick("Zur Bewertung", "Go to the review")
	case domain.EventComment:
		c.Subject = pick("Neuer Kommentar zu "+title, "New comment on "+title)
		c.Lines = append(c.Lines, pick(actor+" hat die Idee "+title+" kommentiert:", actor+" commented on the idea "+title+":"))
		c.Quote = n.Excerpt
		c.ActionURL, c.ActionLabel = l.comment(n.IdeaID, n.CommentID), pick("Zum Kommentar", "View the comment")
	case domain.EventMention:
		c.Subject = pick(actor+" hat Sie in einem Kommentar zu "+title+" erwähnt", actor+" mentioned you in a comment on "+title)
		c.Lines = append(c.Lines, pick(actor+" hat Sie in einem Kommentar zur Idee "+title+" erwähnt:", actor+" mentioned you in a comment on the idea "+title+":"))
		c.Quote = n.Excerpt
		c.ActionURL, c.ActionLabel = l.comment(n.IdeaID, n.CommentID), pick("Zum Kommentar", "View the comment")
	case domain.EventPilotUpdate:
		c.Subject = pick("Neuigkeiten aus dem Pilotprojekt "+title, "Pilot update: "+title)
		c.Lines = append(c.Lines, pick(actor+" hat über den Stand des Pilotprojekts "+title+" berichtet:", actor+" posted an update on the pilot "+title+":"))
		c.Quote = n.Excerpt
	case domain.EventCommentHidden:
		c.Subject = pick("Ihr Kommentar zu "+title+" wurde ausgeblendet", "Your comment on "+title+" was hidden")
		c.Lines = append(c.Lines, pick(
			"Das Innovationsbüro hat Ihren Kommentar zur Idee "+title+" ausgeblendet. Sie und das Innovationsbüro sehen ihn weiterhin; alle anderen sehen, dass und warum er ausgeblendet wurde.",
			"The innovation office hid your comment on the idea "+title+". You and the innovation office still see it; everyone else sees that and why it was hidden."))
		reason()
		c.Quote = n.Excerpt
		c.ActionURL = l.comment(n.IdeaID, n.CommentID)
	case domain.EventReviewDeclined:
		c.Subject = pick("Bewertung abgelehnt: "+title, "Review declined: "+title)
		c.Lines = append(c.Lines, pick(
			fmt.Sprintf("%s lehnt die Bewertung der Idee %s wegen eines Interessenkonflikts ab. Bitte weisen Sie die Bewertung jemand anderem zu.", actor, title),
			fmt.Sprintf("%s declined to review the idea %s for a conflict of interest. Please assign the review to someone else.", actor, title)))
		reason()
		c.ActionLabel = pick("Zur Idee", "Go to the idea")
	case domain.EventSLAOverdue:
		c.Subject = pick(fmt.Sprintf("%d Ideen warten länger als die Zielzeit", len(n.Ideas)), fmt.Sprintf("%d ideas wait longer than their target time", len(n.Ideas)))
		if len(n.Ideas) == 1 {
			c.Subject = pick("1 Idee wartet länger als die Zielzeit", "1 idea waits longer than its target time")
		}
		c.Lines = append(c.Lines, pick("Diese Ideen warten in Sichtung oder Bewertung länger als die vereinbarte Zielzeit:",
			"These ideas have waited in screening or evaluation longer than the agreed target time:"))
		for _, x := range n.Ideas {
			c.Ideas = append(c.Ideas, ideaLink{URL: l.idea(x.ID), Text: pick(
				fmt.Sprintf("%s – %s seit %d Tagen", x.Title, stageName(lang, x.Stage), x.Days),
				fmt.Sprintf("%s – %s for %d days", x.Title, stageName(lang, x.Stage), x.Days))})
		}
		c.ActionURL = ""
	default:
		return domain.Mail{}, fmt.Errorf("no e-mail for event type %q", n.Type)
	}
	footer(c, lang, n.Type, l, unsubToken)
	return c.render(u.Email)
}

func footer(c *mailContent, lang string, t domain.EventType, l links, token string) {
	name := typeNames[lang][t]
	if lang == domain.LocaleEN {
		c.Why = "You receive this e-mail because your Ideenwerk settings include e-mails about " + name + "."
		c.Unsubscribe, c.Settings = "No more e-mails about "+name, "Notification settings"
	} else {
		c.Why = "Sie erhalten diese E-Mail, weil Sie in Ideenwerk E-Mails über " + name + " erhalten möchten."
		c.Unsubscribe, c.Settings = "Keine E-Mails mehr über "+name, "Benachrichtigungseinstellungen"
	}
	if t == AllTypes {
		if lang == domain.LocaleEN {
			c.Why, c.Unsubscribe = "You receive this daily digest because you chose it in your Ideenwerk settings.", "Stop the daily digest"
		} else {
			c.Why, c.Unsubscribe = "Sie erhalten diese tägliche Zusammenfassung, weil Sie sie in Ideenwerk gewählt haben.", "Tägliche Zusammenfassung abbestellen"
		}
	}
	c.UnsubURL, c.SettingsURL, c.OneClickURL = l.unsubscribe(token), l.settings(), l.oneClick(token)
}

// summaryLine is one notification as a line of the digest.
func summaryLine(lang string, n *domain.Notification) string {
	en := lang == domain.LocaleEN
	title := quoted(lang, n.IdeaTitle)
	actor := n.ActorName
	pick := func(de, eng string) string {
		if en {
			return eng
		}
		return de
	}
	switch n.Type {
	case domain.EventStageChanged, domain.EventDecisionMade:
		return pick(title+": jetzt „"+stageName(lang, n.To)+"“", title+": now “"+stageName(lang, n.To)+"”")
	case domain.EventReviewAssigned:
		return pick("Bewertung von "+title+" bis "+formatDate(lang, n.DueAt), "Review "+title+" by "+formatDate(lang, n.DueAt))
	case domain.EventReviewDueSoon, domain.EventReviewOverdue:
		return pick("Bewertung von "+title+" fällig am "+formatDate(lang, n.DueAt), "Review of "+title+" due "+formatDate(lang, n.DueAt))
	case domain.EventComment:
		return pick(actor+" zu "+title+": "+excerpt(n.Excerpt, 120), actor+" on "+title+": "+excerpt(n.Excerpt, 120))
	case domain.EventMention:
		return pick(actor+" hat Sie erwähnt ("+title+"): "+excerpt(n.Excerpt, 120), actor+" mentioned you ("+title+"): "+excerpt(n.Excerpt, 120))
	case domain.EventPilotUpdate:
		return pick("Pilotprojekt "+title+": "+excerpt(n.Excerpt, 120), "Pilot "+title+": "+excerpt(n.Excerpt, 120))
	case domain.EventCommentHidden:
		return pick("Ihr Kommentar zu "+title+" wurde ausgeblendet", "Your comment on "+title+" was hidden")
	case domain.EventReviewDeclined:
		return pick(actor+" lehnt die Bewertung von "+title+" ab", actor+" declined to review "+title)
	case domain.EventSLAOverdue:
		return pick(fmt.Sprintf("%d Ideen über der Zielzeit", len(n.Ideas)), fmt.Sprintf("%d ideas past their target time", len(n.Ideas)))
	}
	return title
}

// digestMail renders the daily digest of user u.
func digestMail(l links, u *domain.User, items []*domain.Notification, unsubToken string) (domain.Mail, error) {
	lang := locale(u)
	c := &mailContent{Lang: lang}
	if lang == domain.LocaleEN {
		c.Subject = fmt.Sprintf("Ideenwerk: your daily digest (%d)", len(items))
		c.Greeting = "Hello " + u.DisplayName + ","
		c.Lines = []string{"this is what happened in Ideenwerk since your last digest:"}
	} else {
		c.Subject = fmt.Sprintf("Ideenwerk: Ihre tägliche Zusammenfassung (%d)", len(items))
		c.Greeting = "Guten Tag " + u.DisplayName + ","
		c.Lines = []string{"das ist in Ideenwerk seit Ihrer letzten Zusammenfassung passiert:"}
	}
	for _, n := range items {
		link := l.idea(n.IdeaID)
		if n.CommentID != "" {
			link = l.comment(n.IdeaID, n.CommentID)
		}
		if n.IdeaID == "" {
			link = l.settings()
			if len(n.Ideas) > 0 {
				link = l.idea(n.Ideas[0].ID)
			}
		}
		c.Ideas = append(c.Ideas, ideaLink{Text: summaryLine(lang, n), URL: link})
	}
	footer(c, lang, AllTypes, l, unsubToken)
	return c.render(u.Email)
}
