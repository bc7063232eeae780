package search

import (
	"slices"
	"testing"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Bürgeramt":         "burgeramt",
		"Buergeramt":        "burgeramt",
		"BÜRGERAMT":         "burgeramt",
		"Straße":            "strasse",
		"STRASSE":           "strasse",
		"Grünflächenamt":    "grunflachenamt",
		"Gruenflaechenamt":  "grunflachenamt",
		"Öffentlicher Raum": "offentlicher raum",
		"Café":              "cafe",
		"E-Akte, 2026!":     "e akte  2026 ",
		"Quelle":            "quelle",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTerms(t *testing.T) {
	cases := map[string][]string{
		"Die Digitalisierung des Bürgeramts": {"digitalisier", "burgeramt"},
		"Parkplätze und der Parkplatz":       {"parkplatz", "parkplatz"},
		"für die und der":                    nil,
		"5G in der Stadt":                    {"5g", "stadt"},
	}
	for in, want := range cases {
		if got := Terms(in); !slices.Equal(got, want) {
			t.Errorf("Terms(%q) = %q, want %q", in, got, want)
		}
	}
}
