package domain

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Answers to a checklist item.
const (
	AnswerYes           = "yes"
	AnswerNo            = "no"
	AnswerNotApplicable = "not_applicable"
)

// ChecklistItem is one question of the public-sector gate checklist asked at the
// decision → pilot gate.
type ChecklistItem struct {
	Key      string
	Label    string
	Required bool
}

// FunnelSettings are the tenant's settings of the funnel: the gate checklist and the
// default criteria set. Version 0 means "never saved" (defaults).
type FunnelSettings struct {
	TenantID             string
	Checklist            []ChecklistItem
	DefaultCriteriaSetID string
	Version              int64
	UpdatedAt            time.Time
}

// DefaultChecklist is the checklist of PRODUCT.md.
func DefaultChecklist() []ChecklistItem {
	return []ChecklistItem{
		{Key: "dpia", Label: "Datenschutz-Folgenabschätzung durchgeführt oder nicht erforderlich", Required: true},
		{Key: "it_security", Label: "IT-Sicherheit geprüft", Required: true},
		{Key: "staff_council", Label: "Personalrat beteiligt", Required: true},
		{Key: "budget_line", Label: "Haushaltsmittel verfügbar", Required: true},
		{Key: "legal_basis", Label: "Rechtsgrundlage benannt", Required: true},
	}
}

var checklistKeyRe = regexp.MustCompile(`^[a-z][a-z0-9_]{1,39}$`)

// ValidateChecklist checks a checklist configuration: 0–30 items with unique keys and labels.
func ValidateChecklist(items []ChecklistItem) error {
	if len(items) > 30 {
		return Invalid("items", "must have at most 30 items")
	}
	seen := map[string]bool{}
	for i, it := range items {
		f := "items[" + strconv.Itoa(i) + "]."
		if !checklistKeyRe.MatchString(it.Key) {
			return Invalid(f+"key", "must be 2–40 lower-case letters, digits or underscores, starting with a letter")
		}
		if seen[it.Key] {
			return Invalid(f+"key", "must be unique")
		}
		seen[it.Key] = true
		if n := len([]rune(strings.TrimSpace(it.Label))); n < 2 || n > 200 {
			return Invalid(f+"label", "must have 2–200 characters")
		}
	}
	return nil
}

// CheckChecklistAnswers checks answers against the tenant's checklist: every required item
// answered yes, no or not_applicable, no unknown or duplicate items, notes ≤ 1000 chars.
func CheckChecklistAnswers(items []ChecklistItem, answers []ChecklistAnswer) error {
	known := map[string]bool{}
	for _, it := range items {
		known[it.Key] = true
	}
	got := map[string]bool{}
	for i, a := range answers {
		f := "checklist[" + strconv.Itoa(i) + "]."
		if !known[a.Key] {
			return InvalidFor(f+"key", RChecklistUnknown, "is not an item of this municipality's checklist")
		}
		if got[a.Key] {
			return InvalidFor(f+"key", RChecklistTwice, "is answered twice")
		}
		got[a.Key] = true
		switch a.Answer {
		case AnswerYes, AnswerNo, AnswerNotApplicable:
		default:
			return Invalid(f+"answer", "must be one of: yes, no, not_applicable")
		}
		if len([]rune(a.Note)) > 1000 {
			return Invalid(f+"note", "must have at most 1000 characters")
		}
	}
	for _, it := range items {
		if it.Required && !got[it.Key] {
			return InvalidFor("checklist", RChecklistMissing, "the checklist item "+strconv.Quote(it.Key)+" ("+it.Label+") must be answered").With("item", it.Label)
		}
	}
	return nil
}

// FunnelSettingsStore persists the funnel settings of the context's tenant.
type FunnelSettingsStore interface {
	// FindFunnelSettings returns the settings, or the defaults (Version 0) if never saved.
	FindFunnelSettings(ctx context.Context) (*FunnelSettings, error)
	// SaveFunnelSettings writes s if s.Version matches (0: not saved yet), then bumps it;
	// EPRECONDITIONFAILED.
	SaveFunnelSettings(ctx context.Context, s *FunnelSettings) error
}
