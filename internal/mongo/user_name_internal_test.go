package mongo

import (
	"regexp"
	"testing"
)

// TestNamePattern: a name is found however its umlauts, ß and accents were typed, and the
// rest of the search text stays literal.
func TestNamePattern(t *testing.T) {
	for _, c := range []struct {
		q    string
		find []string
		miss []string
	}{
		{"Pruef", []string{"Robert Prüfer", "Pruefer", "Prufer"}, []string{"Profi"}},
		{"Prüf", []string{"Robert Prüfer", "Pruefer"}, nil},
		{"Mueller", []string{"Anna Müller", "Mueller", "Muller"}, []string{"Miller"}},
		{"strasse", []string{"Straße", "Strasse"}, []string{"Strase"}},
		{"Groß", []string{"Großmann", "Grossmann"}, nil},
		{"Michael", []string{"Michael Bauer"}, nil},
		{"Jacques", []string{"Jacques Weber"}, nil},
		{"Rene", []string{"René Klein", "Rene"}, nil},
		{"a.b", []string{"a.b"}, []string{"axb"}},
		{"(x", []string{"(x)"}, nil},
	} {
		re := regexp.MustCompile("(?i)" + namePattern(c.q))
		for _, n := range c.find {
			if !re.MatchString(n) {
				t.Errorf("%q does not find %q (%s)", c.q, n, re)
			}
		}
		for _, n := range c.miss {
			if re.MatchString(n) {
				t.Errorf("%q finds %q (%s)", c.q, n, re)
			}
		}
	}
}
