package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Neighbour is the municipality whose reuse profile the demo's shared catalogue holds beside
// the demo city's own, so the demo CDO has something to import ("Einer für alle"). It is not
// a tenant of the deployment: like a profile file from another Ideenwerk, its publisher is
// the tenant "ext:<name>" (see ImportReuseProfile and the profile format's municipality).
const Neighbour = "Stadt Bielefeld"

// NeighbourProfileID is the catalogue ID of the neighbour's profile.
var NeighbourProfileID = domain.ReuseProfileID(neighbourTenantID, neighbourIdeaID)

const (
	neighbourTenantID = "ext:" + Neighbour
	// neighbourIdeaID is the idea's ID in the neighbour's Ideenwerk: fixed, so the profile
	// keeps its identity (and an import its claim) however often the demo is seeded.
	neighbourIdeaID = "0193f6a2-5c1e-7d40-9b3a-2f6e8c4d1a90"
)

// SeedNeighbourProfile publishes the neighbour's reuse profile into the shared catalogue
// unless it is there already. Stores without a catalogue get none.
func SeedNeighbourProfile(ctx context.Context, s Store) error {
	cat, ok := s.(domain.ReuseCatalogue)
	if !ok {
		return nil
	}
	_, err := cat.FindReuseProfileByID(ctx, NeighbourProfileID)
	if err == nil {
		return nil
	}
	if domain.ErrorCode(err) != domain.ENOTFOUND {
		return fmt.Errorf("demo neighbour profile: %w", err)
	}
	now := time.Now().UTC().Truncate(time.Second)
	p := neighbourProfile(now)
	// A profile is published by its own tenant; the neighbour has no tenant row, so its
	// publication runs in a context of its own.
	pub := domain.WithTenant(ctx, &domain.Tenant{ID: neighbourTenantID, Name: Neighbour})
	if err := cat.PublishReuseProfile(pub, p); err != nil {
		return fmt.Errorf("demo neighbour profile: %w", err)
	}
	return nil
}

func neighbourProfile(now time.Time) *domain.ReuseProfile {
	f := func(v float64) *float64 { return &v }
	b := func(v bool) *bool { return &v }
	start := time.Date(now.Year()-1, now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -3, 0)
	end := start.AddDate(0, 9, 0).Add(-time.Second)
	published := end.AddDate(0, 1, 14)
	return &domain.ReuseProfile{
		ID: NeighbourProfileID, Version: domain.ReuseFormatVersion, TenantID: neighbourTenantID, Municipality: Neighbour,
		IdeaID: neighbourIdeaID,
		Title:  "Digitaler Posteingang mit automatischer Verteilung",
		Summary: "Briefe an die Stadt werden zentral gescannt, automatisch dem zuständigen Amt zugeordnet und " +
			"landen noch am selben Tag in der E-Akte.",
		Problem: "Rund 1.800 Briefe am Tag kamen in sieben Poststellen an, wurden von Hand sortiert und per Hauspost " +
			"verteilt. Bis ein Schreiben bei der Sachbearbeitung lag, vergingen im Schnitt dreieinhalb Tage; " +
			"Fristen wurden knapp, Nachfragen von Bürgerinnen und Bürgern blieben liegen.",
		Solution: "Ein zentraler Scan-Dienstleister digitalisiert die Eingangspost am Tag des Eingangs. Eine " +
			"Klassifizierung erkennt Absender, Aktenzeichen und Anliegen und schlägt das zuständige Amt vor; " +
			"unsichere Fälle prüft ein Team der Poststelle.\n\n" +
			"- Übergabe in die E-Akte über die XDOMEA-Schnittstelle\n" +
			"- Originale werden 90 Tage aufbewahrt, dann vernichtet (ersetzendes Scannen nach TR-RESISCAN)\n" +
			"- Personalrat und Datenschutz von Beginn an beteiligt; Dienstvereinbarung liegt bei",
		ExpectedBenefit: "Schnellere Bearbeitung, eingehaltene Fristen und weniger Papier, Porto und Botengänge.",
		TargetGroups:    []string{domain.TargetCitizens, domain.TargetStaff},
		Tags:            []string{"E-Akte", "KI", "Posteingang", "Scannen"},
		Results: domain.ReuseResults{
			PilotStart: start, PilotEnd: end, BudgetEUR: 186000,
			KPIs: []domain.ReuseKPI{
				{Name: "Laufzeit vom Posteingang bis zur Sachbearbeitung", Unit: "Tage", Baseline: 3.5, Target: 1, Direction: "decrease", Result: f(0.8), Met: b(true)},
				{Name: "Automatisch richtig zugeordnete Schreiben", Unit: "%", Baseline: 0, Target: 80, Direction: "increase", Result: f(87), Met: b(true)},
				{Name: "Kosten für Papier, Porto und Hauspost", Unit: "€ je Monat", Baseline: 4200, Target: 2500, Direction: "decrease", Result: f(2900), Met: b(false)},
			},
			LessonsLearned: "Früh mit dem Personalrat und den Poststellen sprechen: Die Sorge um Arbeitsplätze war " +
				"größer als die um die Technik. Die Klassifizierung erst mit einem Amt trainieren, dann ausrollen. " +
				"Die Kostenziele hängen an der Hauspost, die wir zu spät umgestellt haben.",
		},
		Departments: []string{"100 — Amt für Personal, Organisation und Zentrale Leistungen", "320 — Bürgeramt", "500 — Amt für soziale Leistungen"},
		Contact: domain.ReuseContact{Organisation: Neighbour, Name: "Digitalisierungsbüro, Team Posteingang",
			Email: "digitalisierung@bielefeld.example"},
		PublishedAt: published, UpdatedAt: published,
	}
}
