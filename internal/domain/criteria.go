package domain

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Scale of every criterion: reviewers score 1 (poor) to 5 (excellent).
const (
	ScoreMin = 1
	ScoreMax = 5
	// CriteriaMax caps the criteria of one set; more would make reviews a chore.
	CriteriaMax = 12
)

// Criterion is one weighted evaluation criterion.
type Criterion struct {
	Key         string
	Label       string
	Description string
	Weight      int // percent; the weights of a set sum to 100
}

// CriteriaSet is a named list of weighted criteria. A set in use (referenced by a campaign
// or by reviews) keeps its criteria keys, so scores stay comparable; labels, descriptions
// and weights may still change.
type CriteriaSet struct {
	ID          string
	TenantID    string
	Name        string
	Description string
	Criteria    []Criterion
	// InUse is set once a review or a campaign refers to the set.
	InUse     bool
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

var criterionKeyRe = regexp.MustCompile(`^[a-z][a-z0-9_]{1,39}$`)

// Validate checks the invariants of a criteria set: a name, 1–12 criteria with unique
// keys and labels, weights of 1–100 that sum to 100.
func (cs *CriteriaSet) Validate() error {
	if n := len([]rune(strings.TrimSpace(cs.Name))); n < 2 || n > 120 {
		return Invalid("name", "must have 2–120 characters")
	}
	if len(cs.Criteria) == 0 || len(cs.Criteria) > CriteriaMax {
		return Invalid("criteria", "must have 1–12 criteria")
	}
	sum := 0
	seen := map[string]bool{}
	for i, c := range cs.Criteria {
		f := func(name string) string { return "criteria[" + strconv.Itoa(i) + "]." + name }
		if !criterionKeyRe.MatchString(c.Key) {
			return Invalid(f("key"), "must be 2–40 lower-case letters, digits or underscores, starting with a letter")
		}
		if seen[c.Key] {
			return Invalid(f("key"), "must be unique within the set")
		}
		seen[c.Key] = true
		if n := len([]rune(strings.TrimSpace(c.Label))); n < 2 || n > 120 {
			return Invalid(f("label"), "must have 2–120 characters")
		}
		if len([]rune(c.Description)) > 1000 {
			return Invalid(f("description"), "must have at most 1000 characters")
		}
		if c.Weight < 1 || c.Weight > 100 {
			return Invalid(f("weight"), "must be 1–100")
		}
		sum += c.Weight
	}
	if sum != 100 {
		return InvalidFor("criteria", RWeightsSum, "weights must sum to 100 (they sum to "+strconv.Itoa(sum)+")").With("sum", strconv.Itoa(sum))
	}
	return nil
}

// Keys returns the criteria keys in order.
func (cs *CriteriaSet) Keys() []string {
	out := make([]string, len(cs.Criteria))
	for i, c := range cs.Criteria {
		out[i] = c.Key
	}
	return out
}

// Criterion returns the criterion with key k.
func (cs *CriteriaSet) Criterion(k string) (Criterion, bool) {
	for _, c := range cs.Criteria {
		if c.Key == k {
			return c, true
		}
	}
	return Criterion{}, false
}

// SameKeys reports whether two sets have the same criteria keys (in any order).
func SameKeys(a, b *CriteriaSet) bool {
	ka, kb := a.Keys(), b.Keys()
	slices.Sort(ka)
	slices.Sort(kb)
	return slices.Equal(ka, kb)
}

// CheckCriteriaChange refuses a change of the keys of a set in use (ECONFLICT).
func CheckCriteriaChange(old, updated *CriteriaSet) error {
	if old.InUse && !SameKeys(old, updated) {
		return Conflict(RCriteriaKeysInUse, "this criteria set is in use by reviews or campaigns; its criteria keys cannot change (labels, descriptions and weights can)")
	}
	return nil
}

// DefaultCriteria is the default set of PRODUCT.md.
func DefaultCriteria() []Criterion {
	return []Criterion{
		{Key: "citizen_benefit", Label: "Nutzen für Bürgerinnen und Bürger", Weight: 30,
			Description: "Wie sehr verbessert die Idee Leistungen oder Leben der Bürgerinnen und Bürger?"},
		{Key: "efficiency", Label: "Effizienz / Kosten", Weight: 20,
			Description: "Spart die Idee Zeit, Geld oder Aufwand in der Verwaltung?"},
		{Key: "feasibility", Label: "Umsetzbarkeit", Weight: 20,
			Description: "Ist die Idee mit vertretbarem Aufwand, Recht und Technik umsetzbar?"},
		{Key: "strategy_fit", Label: "Passung zur Digitalstrategie", Weight: 15,
			Description: "Trägt die Idee zu den Zielen der Digitalstrategie der Stadt bei?"},
		{Key: "reusability", Label: "Nachnutzbarkeit – Einer für alle", Weight: 15,
			Description: "Können andere Kommunen die Lösung übernehmen?"},
	}
}

// DefaultCriteriaSetName names the seeded default set.
const DefaultCriteriaSetName = "Standard-Bewertungskriterien"

// CriteriaStore persists criteria sets of the context's tenant.
type CriteriaStore interface {
	// CreateCriteriaSet stores a new set (ID, TenantID, Version=1, times are set).
	CreateCriteriaSet(ctx context.Context, cs *CriteriaSet) error
	// FindCriteriaSetByID returns a set; ENOTFOUND.
	FindCriteriaSetByID(ctx context.Context, id string) (*CriteriaSet, error)
	// FindCriteriaSets lists the tenant's sets by name.
	FindCriteriaSets(ctx context.Context) ([]*CriteriaSet, error)
	// UpdateCriteriaSet writes name, description and criteria guarded by cs.Version;
	// EPRECONDITIONFAILED, ENOTFOUND, ECONFLICT when the set is in use and its keys change.
	UpdateCriteriaSet(ctx context.Context, cs *CriteriaSet) error
	// MarkCriteriaSetInUse freezes the set's keys (campaigns call it when they refer to a
	// set; reviews do it on save); ENOTFOUND.
	MarkCriteriaSetInUse(ctx context.Context, id string) error
	// EnsureDefaultCriteriaSet returns the tenant's default set, creating the set of
	// PRODUCT.md if the tenant has none (idempotent, safe to call concurrently).
	EnsureDefaultCriteriaSet(ctx context.Context) (*CriteriaSet, error)
}
