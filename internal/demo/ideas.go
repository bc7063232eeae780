package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// ideaSeeder is what seeding ideas needs; stores without it get no demo ideas.
type ideaSeeder interface {
	domain.IdeaStore
	domain.CampaignStore
}

// DemoCampaigns are the demo's calls for ideas.
var DemoCampaigns = []struct {
	Title, Question string
	Audience        domain.Visibility
	Status          domain.CampaignStatus
	Sponsor         string
}{
	{"Digitale Verwaltung 2026", "Welche Verwaltungsabläufe sollten wir als Nächstes digitalisieren?", domain.VisibilityInternal, domain.CampaignOpen, "10"},
	{"Klimafreundlich mobil in Münster", "Wie kommen Bürgerinnen und Bürger klimafreundlicher durch die Stadt?", domain.VisibilityPublic, domain.CampaignOpen, "66"},
	{"Sauberes Münster", "Wie halten wir Plätze, Parks und Straßen gemeinsam sauber?", domain.VisibilityPublic, domain.CampaignClosed, "70"},
}

type demoIdea struct {
	title, summary, problem, benefit string
	dept                             string
	campaign                         int // index into DemoCampaigns, -1 for the open idea box
	stage                            domain.Stage
	author                           string // e-mail of a demo user
	public                           bool
	tags                             []string
}

const (
	cdoMail      = "cdo@ideenwerk.example"
	employeeMail = "employee@ideenwerk.example"
	citizenMail  = "citizen@ideenwerk.example"
	reviewerMail = "reviewer@ideenwerk.example"
	reviewer2    = "reviewer2@ideenwerk.example"
	adminMail    = "admin@ideenwerk.example"
)

// demoIdeas cover every stage, both sources, all three campaigns and the open idea box.
var demoIdeas = []demoIdea{
	{"Online-Terminvergabe im Bürgeramt", "Termine für Personalausweis und Meldebescheinigung rund um die Uhr online buchen statt Wartemarken zu ziehen.", "Morgens bilden sich lange Schlangen vor dem Bürgeramt.", "Kürzere Wartezeiten, planbare Arbeit am Schalter.", "33", 0, domain.StagePilot, employeeMail, true, []string{"Bürgeramt", "Termine", "Digitalisierung"}},
	{"Digitale Bauakte", "Bauanträge vollständig digital einreichen und den Bearbeitungsstand online verfolgen.", "Papierakten wandern zwischen fünf Ämtern.", "Schnellere Genehmigungen, weniger Rückfragen.", "61", 0, domain.StageEvaluation, adminMail, false, []string{"Bauen", "Digitalisierung", "E-Akte"}},
	{"E-Rechnung für Lieferanten", "Rechnungen nur noch als XRechnung annehmen und automatisch dem Auftrag zuordnen.", "Rechnungen werden abgetippt.", "Weniger Erfassungsfehler, schnellere Zahlung.", "20", 0, domain.StageRollout, reviewerMail, false, []string{"Finanzen", "XRechnung"}},
	{"Chatbot für häufige Fragen", "Ein Chatbot beantwortet Fragen zu Öffnungszeiten, Gebühren und Unterlagen.", "Das Bürgertelefon ist überlastet.", "Entlastung des Servicetelefons.", "11", 0, domain.StageScreening, employeeMail, true, []string{"Service", "KI"}},
	{"Digitale Gewerbeanmeldung", "Gewerbe online an-, um- und abmelden mit Bezahlung per ePayment.", "Gewerbetreibende müssen persönlich erscheinen.", "Einer für alle: Lösung anderer Kommunen nachnutzen.", "32", 0, domain.StageDecision, cdoMail, true, []string{"Wirtschaft", "OZG"}},
	{"Elektronische Personalakte", "Personalakten digital führen, mit Zugriffsrechten und Löschfristen.", "Akten liegen in Stahlschränken.", "Schneller Zugriff, Datenschutz per Design.", "10", 0, domain.StageImplemented, adminMail, false, []string{"Personal", "E-Akte"}},
	{"Mobiles Arbeiten mit Dokumentenscanner-App", "Außendienst scannt Unterlagen direkt in die E-Akte.", "Belege gehen auf dem Weg ins Büro verloren.", "Medienbruchfreie Vorgänge.", "32", 0, domain.StageSubmitted, employeeMail, false, []string{"Außendienst", "E-Akte"}},
	{"Gemeinsamer Terminkalender für Besprechungsräume", "Alle Räume im Stadthaus über einen Kalender buchen.", "Räume sind doppelt belegt oder leer.", "Bessere Auslastung.", "10", 0, domain.StageRejected, reviewer2, false, []string{"Organisation"}},
	{"Automatische Übersetzung von Bescheiden", "Erläuterungen zu Bescheiden in leichter Sprache und zehn Sprachen anbieten.", "Viele verstehen Bescheide nicht.", "Weniger Widersprüche und Rückfragen.", "33", 0, domain.StageDraft, employeeMail, false, []string{"Sprache", "KI"}},
	{"Sensoren für freie Parkplätze", "Parkplatzsensoren zeigen freie Plätze in der Innenstadt in einer App an.", "Parksuchverkehr verstopft die Altstadt.", "Weniger Verkehr und Abgase.", "66", 1, domain.StageEvaluation, citizenMail, true, []string{"Mobilität", "Parken", "Sensoren"}},
	{"Mehr Fahrradstellplätze am Hauptbahnhof", "Eine zweite Radstation mit 2.000 Stellplätzen am Bremer Platz.", "Räder blockieren Gehwege.", "Sicheres Parken, freie Wege.", "66", 1, domain.StagePilot, citizenMail, true, []string{"Fahrrad", "Mobilität"}},
	{"Grüne Welle für Radfahrende", "Ampeln auf den Hauptradrouten auf 20 km/h abstimmen.", "Radfahrende halten an jeder Ampel.", "Schneller und sicherer mit dem Rad.", "66", 1, domain.StageScreening, citizenMail, true, []string{"Fahrrad", "Ampeln"}},
	{"Lastenräder zum Ausleihen", "Kostenlose Lastenräder an Stadtteilbibliotheken ausleihen.", "Für Einkäufe wird das Auto genommen.", "Weniger Autofahrten.", "66", 1, domain.StageDecision, employeeMail, true, []string{"Fahrrad", "Sharing"}},
	{"Busfahrplan in Echtzeit an allen Haltestellen", "Digitale Anzeigen mit Echtzeitdaten an allen Haltestellen.", "Fahrgäste wissen nicht, wann der Bus kommt.", "Verlässlicher Nahverkehr.", "66", 1, domain.StageSubmitted, citizenMail, true, []string{"Bus", "ÖPNV"}},
	{"Tempo 30 vor allen Schulen", "Vor jeder Schule gilt Tempo 30 von 7 bis 17 Uhr.", "Schulwege sind gefährlich.", "Mehr Sicherheit für Kinder.", "32", 1, domain.StageParked, citizenMail, true, []string{"Schule", "Verkehrssicherheit"}},
	{"Carsharing für Dienstfahrten", "Dienstwagenpool durch Carsharing-Fahrzeuge ersetzen.", "Dienstwagen stehen die meiste Zeit.", "Weniger Kosten und Fahrzeuge.", "10", 1, domain.StageImplemented, reviewerMail, true, []string{"Carsharing", "Fuhrpark"}},
	{"Mitfahrbank in den Außenstadtteilen", "Bänke, an denen man auf eine Mitfahrgelegenheit in die Stadt wartet.", "Schlechte Busanbindung am Stadtrand.", "Mobilität ohne eigenes Auto.", "66", 1, domain.StageWithdrawn, citizenMail, true, []string{"Mobilität"}},
	{"Mängelmelder-App für Müll und Schlaglöcher", "Mit Foto und Standort Mängel melden und den Bearbeitungsstand sehen.", "Meldungen per Telefon gehen verloren.", "Schnellere Beseitigung.", "70", 2, domain.StageRollout, citizenMail, true, []string{"Sauberkeit", "App"}},
	{"Smarte Mülleimer mit Füllstandssensor", "Sensoren melden volle Mülleimer, Touren werden danach geplant.", "Mülleimer quellen über, andere werden halbleer geleert.", "Effizientere Touren.", "70", 2, domain.StageEvaluation, employeeMail, true, []string{"Sauberkeit", "Sensoren"}},
	{"Patenschaften für Spielplätze", "Nachbarschaften übernehmen Patenschaften für Spielplätze.", "Schäden werden spät bemerkt.", "Sauberere Spielplätze.", "67", 2, domain.StageRejected, citizenMail, true, []string{"Spielplätze", "Ehrenamt"}},
	{"Zigarettenstummel-Sammelboxen", "Abstimmungsboxen für Kippen an Haltestellen aufstellen.", "Kippen landen auf dem Boden.", "Sauberere Haltestellen.", "70", 2, domain.StageScreening, citizenMail, true, []string{"Sauberkeit"}},
	{"Stadtbäume gießen per App", "Bürgerinnen und Bürger übernehmen das Gießen von Straßenbäumen und tragen es in einer App ein.", "Junge Bäume vertrocknen im Sommer.", "Mehr Bäume überleben.", "67", -1, domain.StagePilot, citizenMail, true, []string{"Bäume", "Klima", "Ehrenamt"}},
	{"Hitzeaktionsplan mit Trinkbrunnen", "Trinkbrunnen und kühle Orte auf einer Karte für Hitzetage.", "Ältere Menschen leiden unter Hitze.", "Gesundheitsschutz.", "67", -1, domain.StageDecision, employeeMail, true, []string{"Klima", "Gesundheit"}},
	{"WLAN in allen Schulen", "Flächendeckendes WLAN in allen städtischen Schulen.", "Digitaler Unterricht scheitert am Netz.", "Zeitgemäßer Unterricht.", "40", -1, domain.StageRollout, reviewer2, true, []string{"Schule", "Digitalisierung"}},
	{"Kita-Platz-Vergabe online", "Eltern melden den Bedarf online und sehen freie Plätze in allen Kitas.", "Eltern melden sich bei zehn Kitas einzeln an.", "Transparente Vergabe.", "51", -1, domain.StageEvaluation, citizenMail, true, []string{"Kita", "Familie", "Digitalisierung"}},
	{"Jugendbeteiligung per Messenger", "Jugendliche stimmen über Projekte im Stadtteil per Messenger ab.", "Jugendliche beteiligen sich kaum.", "Mehr Beteiligung.", "51", -1, domain.StageSubmitted, citizenMail, true, []string{"Jugend", "Beteiligung"}},
	{"Feuerwehr-Einsatzdaten als Open Data", "Anonymisierte Einsatzdaten als offene Daten veröffentlichen.", "Daten liegen ungenutzt vor.", "Transparenz und Forschung.", "37", -1, domain.StageScreening, employeeMail, true, []string{"Open Data", "Feuerwehr"}},
	{"Drohnen zur Lageerkundung", "Drohnen liefern Lagebilder bei Großbränden.", "Die Lage ist schwer zu überblicken.", "Sicherere Einsätze.", "37", -1, domain.StageImplemented, reviewerMail, false, []string{"Feuerwehr", "Drohnen"}},
	{"Digitale Schultafeln warten", "Zentrale Wartung der digitalen Tafeln durch die IT.", "Defekte Tafeln bleiben wochenlang defekt.", "Weniger Unterrichtsausfall.", "40", -1, domain.StageStopped, employeeMail, false, []string{"Schule", "IT"}},
	{"Leerstandskataster für Gewerbeflächen", "Leerstehende Läden online sichtbar machen, um Zwischennutzung zu fördern.", "Leerstand in der Innenstadt wächst.", "Belebte Innenstadt.", "61", -1, domain.StageParked, cdoMail, true, []string{"Innenstadt", "Wirtschaft"}},
	{"Blühwiesen statt Rasen", "Städtische Rasenflächen in Blühwiesen umwandeln.", "Insekten finden kaum Nahrung.", "Artenvielfalt und weniger Mähen.", "67", -1, domain.StageImplemented, citizenMail, true, []string{"Klima", "Artenvielfalt"}},
	{"Sperrmüll online anmelden", "Sperrmülltermine online buchen mit Erinnerung per E-Mail.", "Telefonische Anmeldung nur vormittags.", "Bequemer Service.", "70", -1, domain.StageRollout, citizenMail, true, []string{"Abfall", "Termine"}},
	{"Digitale Kassenbücher in Bürgerbüros", "Barkassen der Bürgerbüros digital führen und abrechnen.", "Kassenabschlüsse dauern lange.", "Weniger Aufwand in der Kämmerei.", "20", -1, domain.StageEvaluation, reviewer2, false, []string{"Finanzen"}},
	{"Bürgerhaushalt online", "Bürgerinnen und Bürger schlagen Projekte für den Haushalt vor und stimmen ab.", "Der Haushalt ist schwer verständlich.", "Mehr Beteiligung.", "20", -1, domain.StageSubmitted, citizenMail, true, []string{"Beteiligung", "Haushalt"}},
	{"Laternen mit Bewegungsmelder", "Straßenlaternen in Nebenstraßen dimmen und bei Bewegung aufhellen.", "Straßenbeleuchtung verbraucht viel Strom.", "Energie sparen.", "66", -1, domain.StageScreening, employeeMail, true, []string{"Energie", "Klima"}},
	{"Vorlagen für Ratsbeschlüsse vereinheitlichen", "Eine gemeinsame Vorlage und Textbausteine für Ratsvorlagen.", "Jedes Amt schreibt anders.", "Schnellere Bearbeitung.", "10", -1, domain.StageDraft, adminMail, false, []string{"Organisation"}},
	{"Ausweis-Abholung per Abholfach", "Fertige Ausweise rund um die Uhr aus einem Abholfach holen.", "Für die Abholung braucht es einen zweiten Termin.", "Ein Termin weniger.", "33", -1, domain.StageDecision, citizenMail, true, []string{"Bürgeramt", "Service"}},
	{"Bürgeramt-Termine per SMS bestätigen", "Termine im Bürgeramt per SMS bestätigen oder absagen.", "Viele Termine verfallen ungenutzt.", "Weniger Leerlauf.", "33", -1, domain.StageSubmitted, citizenMail, true, []string{"Bürgeramt", "Termine"}},
	{"Schulwegplaner als Karte", "Sichere Schulwege auf einer Karte für Eltern.", "Eltern fahren Kinder mit dem Auto.", "Mehr Kinder gehen zu Fuß.", "40", -1, domain.StageEvaluation, citizenMail, true, []string{"Schule", "Verkehrssicherheit"}},
	{"Open-Source-Software in der Verwaltung", "Bei Neuanschaffungen Open-Source-Lösungen bevorzugen und mit anderen Kommunen teilen.", "Abhängigkeit von einzelnen Herstellern.", "Einer für alle: gemeinsam entwickeln.", "10", -1, domain.StageDraft, cdoMail, false, []string{"Open Source", "IT"}},
}

// stagePath is the chain of decisions that leads from draft to a stage.
var stagePath = map[domain.Stage][]domain.Stage{
	domain.StageDraft:       {},
	domain.StageSubmitted:   {domain.StageSubmitted},
	domain.StageScreening:   {domain.StageSubmitted, domain.StageScreening},
	domain.StageEvaluation:  {domain.StageSubmitted, domain.StageScreening, domain.StageEvaluation},
	domain.StageDecision:    {domain.StageSubmitted, domain.StageScreening, domain.StageEvaluation, domain.StageDecision},
	domain.StagePilot:       {domain.StageSubmitted, domain.StageScreening, domain.StageEvaluation, domain.StageDecision, domain.StagePilot},
	domain.StageRollout:     {domain.StageSubmitted, domain.StageScreening, domain.StageEvaluation, domain.StageDecision, domain.StagePilot, domain.StageRollout},
	domain.StageImplemented: {domain.StageSubmitted, domain.StageScreening, domain.StageEvaluation, domain.StageDecision, domain.StagePilot, domain.StageRollout, domain.StageImplemented},
	domain.StageRejected:    {domain.StageSubmitted, domain.StageScreening, domain.StageRejected},
	domain.StageParked:      {domain.StageSubmitted, domain.StageScreening, domain.StageEvaluation, domain.StageDecision, domain.StageParked},
	domain.StageStopped:     {domain.StageSubmitted, domain.StageScreening, domain.StageEvaluation, domain.StageDecision, domain.StagePilot, domain.StageStopped},
	domain.StageWithdrawn:   {domain.StageSubmitted, domain.StageWithdrawn},
}

var reasons = map[domain.Stage]string{
	domain.StageRejected:  "Die Idee lässt sich mit den vorhandenen Mitteln derzeit nicht umsetzen; eine ähnliche Lösung ist bereits in Planung.",
	domain.StageParked:    "Gute Idee, aber erst nach dem Haushaltsbeschluss des nächsten Jahres finanzierbar.",
	domain.StageStopped:   "Der Pilot hat die Ziele nicht erreicht; die Erkenntnisse fließen in ein Folgeprojekt.",
	domain.StageWithdrawn: "Von der Autorin zurückgezogen.",
}

// SeedIdeas creates the demo campaigns and ideas with their decision records, and supports
// where the store keeps them. It runs only as part of a fresh seed.
func SeedIdeas(ctx context.Context, s Store, res *Result) error {
	is, ok := s.(ideaSeeder)
	if !ok {
		return nil
	}
	now := time.Now().UTC().Truncate(time.Second)
	var campaigns []string
	for k, dc := range DemoCampaigns {
		c := &domain.Campaign{Title: dc.Title, Question: dc.Question, Audience: dc.Audience, Status: domain.CampaignDraft,
			Description:      "Wir freuen uns auf Ihre Vorschläge. Jede Idee wird vom Innovationsbüro geprüft.",
			ReviewersPerIdea: domain.ReviewersPerIdeaDefault, SponsorDepartmentID: res.Departments[dc.Sponsor],
			CreatedBy: res.Users[cdoMail], OpensAt: now.AddDate(0, 0, -90+k*10)}
		if dc.Status != domain.CampaignDraft {
			c.Status, c.OpenedAt = domain.CampaignOpen, c.OpensAt
		}
		if dc.Status == domain.CampaignClosed {
			c.Status, c.ClosedAt, c.ClosesAt = domain.CampaignClosed, now.AddDate(0, 0, -10), now.AddDate(0, 0, -10)
		} else {
			c.ClosesAt = now.AddDate(0, 3, 0)
		}
		if err := is.CreateCampaign(ctx, c); err != nil {
			return fmt.Errorf("demo campaign: %w", err)
		}
		campaigns = append(campaigns, c.ID)
	}
	supporters := []string{res.Users[citizenMail], res.Users[employeeMail], res.Users[reviewerMail], res.Users[reviewer2], res.Users[adminMail]}
	byTitle := map[string]string{}
	for k, d := range demoIdeas {
		i := demoIdeaToIdea(d, k, res, campaigns, now)
		if err := is.CreateIdea(ctx, i); err != nil {
			return fmt.Errorf("demo idea %q: %w", d.title, err)
		}
		byTitle[d.title] = i.ID
		if sup, ok := s.(domain.SupportStore); ok && i.Stage != domain.StageDraft && !i.Stage.Terminal() {
			for n, u := range supporters {
				if n <= k%len(supporters) && !i.IsAuthor(u) {
					if _, err := sup.AddSupport(ctx, i.ID, u); err != nil {
						return fmt.Errorf("demo support: %w", err)
					}
				}
			}
		}
	}
	return seedDiscussion(ctx, s, res, byTitle)
}

func demoIdeaToIdea(d demoIdea, k int, res *Result, campaigns []string, now time.Time) *domain.Idea {
	author := res.Users[d.author]
	src, vis := domain.SourceStaff, domain.VisibilityInternal
	if d.author == citizenMail {
		src = domain.SourceCitizen
	}
	if d.public || src == domain.SourceCitizen {
		vis = domain.VisibilityPublic
	}
	path := stagePath[d.stage]
	// Decisions are five days apart, except that a pilot the idea has left ran for its
	// planned three months (a running pilot is planned for six).
	pilotDays := 0
	if i := slices.Index(path, domain.StagePilot); i >= 0 && i < len(path)-1 {
		pilotDays = 90
	}
	created := now.Add(-time.Duration(len(path)*5+max(pilotDays-5, 0)+k%7+2) * 24 * time.Hour)
	i := &domain.Idea{
		Title: d.title, Summary: d.summary, Problem: d.problem, ExpectedBenefit: d.benefit,
		// Problem and benefit have fields of their own (the idea page shows them): the
		// description says how it could go.
		Description: fmt.Sprintf("## Vorschlag\n\n%s\n\n## So könnte es gehen\n\n1. Bedarf und Zuständigkeit mit dem Fachbereich klären\n2. In einem Stadtteil erproben\n3. Erfahrungen anderer Kommunen nutzen (*Einer für alle*)\n",
			d.summary),
		TargetGroups: []string{domain.TargetCitizens}, Tags: d.tags, DepartmentID: res.Departments[d.dept],
		Visibility: vis, Source: src, AuthorID: author, Stage: domain.StageDraft, CreatedAt: created,
	}
	if k%4 == 1 {
		i.TargetGroups = append(i.TargetGroups, domain.TargetStaff)
	}
	if d.campaign >= 0 {
		i.CampaignID = campaigns[d.campaign]
		if DemoCampaigns[d.campaign].Audience == domain.VisibilityInternal {
			i.Visibility = domain.VisibilityInternal
		}
	}
	at := created
	cdo := res.Users[cdoMail]
	for _, to := range path {
		if i.Stage == domain.StagePilot && pilotDays > 0 {
			at = i.Pilot.Plan.EndDate
		} else {
			at = at.Add(5 * 24 * time.Hour)
		}
		dec := domain.Decision{From: i.Stage, To: to, ActorID: cdo, At: at, Reason: reasons[to]}
		switch to {
		case domain.StageSubmitted:
			dec.ActorID = author
			i.SubmittedAt = at
		case domain.StageWithdrawn:
			dec.ActorID = author
		case domain.StageEvaluation:
			i.ScreeningPassed = true
		case domain.StageDecision:
			i.Score = &domain.ScoreSummary{Weighted: float64(55 + (k*7)%40), ReviewCount: 2,
				Recommend: map[string]int{"go": 2}}
			dec.ScoreSnapshot = i.Score.Clone()
		case domain.StagePilot:
			plan := domain.PilotPlan{OwnerID: cdo, DepartmentID: i.DepartmentID, StartDate: at, EndDate: at.AddDate(0, 6, 0),
				BudgetEUR: float64(20000 + k*1500), KPIs: []domain.KPI{{Key: "zufriedenheit", Name: "Zufriedenheit", Unit: "%",
					Baseline: 60, Target: 80, Direction: domain.DirectionIncrease}}}
			if pilotDays > 0 {
				plan.EndDate = at.AddDate(0, 0, pilotDays)
			}
			i.Pilot = &domain.Pilot{Plan: plan}
			dec.PilotPlan = &plan
		case domain.StageRollout, domain.StageStopped:
			res := &domain.PilotResults{Outcomes: []domain.KPIOutcome{{KPIKey: "zufriedenheit", Value: 84, Met: to == domain.StageRollout}},
				LessonsLearned: "Frühe Einbindung der Beschäftigten war entscheidend."}
			if to == domain.StageStopped {
				res.Outcomes[0].Value = 62
			}
			i.Pilot.Results = res
			dec.PilotResults = res
			if to == domain.StageRollout {
				i.Rollout = &domain.Rollout{Departments: []domain.RolloutDepartment{{DepartmentID: i.DepartmentID, Status: domain.RolloutInProgress, UpdatedAt: at}}}
				dec.Departments = []string{i.DepartmentID}
			}
		case domain.StageParked:
			i.RevisitAt = now.AddDate(0, 4, 0)
			dec.RevisitAt = i.RevisitAt
		}
		i.Decisions = append(i.Decisions, dec)
		i.Stage, i.StageSince = to, at
	}
	if i.Stage == domain.StageImplemented && i.Rollout != nil {
		i.Rollout.Departments[0].Status = domain.RolloutDone
	}
	i.LastActivityAt = at
	return i
}
