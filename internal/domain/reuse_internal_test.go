package domain

import (
	"strings"
	"testing"
)

// TestImportDescriptionIsGerman: the results an imported idea's description lists are
// written as the rest of it, in German (decimal comma, thousands dots).
func TestImportDescriptionIsGerman(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 3.5: "3,5", 4200: "4.200", 186000: "186.000", -1234.25: "-1.234,25", 1e6: "1.000.000"} {
		if got := ftoa(v); got != want {
			t.Errorf("ftoa(%v) = %q, want %q", v, got, want)
		}
	}
	r := 0.8
	d := importDescription(&ReuseProfile{Municipality: "Stadt Bielefeld", Solution: "Scannen.", Results: ReuseResults{
		KPIs:           []ReuseKPI{{Name: "Laufzeit", Unit: "Tage", Baseline: 3.5, Target: 1, Result: &r}},
		LessonsLearned: "Früh den Personalrat einbinden."}})
	for _, want := range []string{"Ausgangswert 3,5, Ziel 1, Ergebnis 0,8", "**Erkenntnisse:** Früh den Personalrat einbinden."} {
		if !strings.Contains(d, want) {
			t.Errorf("description lacks %q:\n%s", want, d)
		}
	}
}
