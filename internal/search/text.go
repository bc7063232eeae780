// Package search is the in-memory, per-tenant index of ideas behind every idea list: filters,
// sorts, keyset pagination, German-aware full-text search ranked with BM25F, and similar
// ideas (cosine over stems and character trigrams of title and summary).
//
// Lists and searches never read the database: the embedded store scans whole collections
// for anything but _id lookups (see MONGODB.md), so each instance keeps the ideas' list
// fields and text statistics in memory, updated synchronously by the writes of its own
// process (read-your-writes) and by polling the idea change feed for the writes of other
// instances (Follower). Visibility is applied with domain.CanSeeIdea, evaluated per role
// combination and idea (kept as bitsets) plus per own idea of the caller, so totals count
// only what the caller may see.
package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/german"
	"golang.org/x/text/unicode/norm"
)

// Fold lower-cases s and folds it the German way: diacritics are removed (ä → a, é → e),
// ß becomes ss, and the transliterations ae, oe, ue become a, o, u (not "ue" after q), so
// "Bürgeramt", "Buergeramt" and "Burgeramt" are the same word. Everything that is not a
// letter or digit becomes a space.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		s = norm.NFKD.String(s)
	}
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			c := byte(r)
			switch {
			case c >= 'A' && c <= 'Z':
				b.WriteByte(c + 'a' - 'A')
			case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
				b.WriteByte(c)
			default:
				b.WriteByte(' ')
			}
		case unicode.Is(unicode.Mn, r):
			// combining marks of decomposed letters: dropped
		case r == 'ß' || r == 'ẞ':
			b.WriteString("ss")
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteByte(' ')
		}
	}
	return foldTransliterations(b.String())
}

// foldTransliterations turns ae, oe, ue into a, o, u (except "que").
func foldTransliterations(s string) string {
	if !strings.Contains(s, "e") {
		return s
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		out = append(out, c)
		if (c == 'a' || c == 'o' || c == 'u') && i+1 < len(s) && s[i+1] == 'e' && !(c == 'u' && i > 0 && s[i-1] == 'q') {
			i++ // skip the e
		}
	}
	return string(out)
}

// words calls fn for every folded word of s with at least two characters (or one digit).
func words(s string, fn func(w string)) {
	for _, w := range strings.Fields(Fold(s)) {
		if len(w) >= 2 || w[0] >= '0' && w[0] <= '9' {
			fn(w)
		}
	}
}

// Stem returns the Snowball German stem of a folded word.
func Stem(w string) string {
	if len(w) <= 3 {
		return w
	}
	env := snowballstem.NewEnv(w)
	german.Stem(env)
	return env.Current()
}

// Terms returns the index terms of s: folded words without stop words, stemmed.
func Terms(s string) []string {
	var out []string
	words(s, func(w string) {
		if !stopWords[w] {
			out = append(out, Stem(w))
		}
	})
	return out
}

// IsStopWord reports whether the folded word w is ignored by search.
func IsStopWord(w string) bool { return stopWords[w] }

// stopWords are common German (and a few English) function words, folded.
var stopWords = foldedSet(`
aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes
auch auf aus bei beim bin bis bist da damit dann das dass dein deine dem den denn der des dessen
deshalb die dies diese diesem diesen dieser dieses doch dort du durch ein eine einem einen einer
eines einige einmal er es etwas euch euer eure für gegen gewesen hab habe haben hat hatte hätte
hier hin hinter ich ihr ihre im in indem ins ist jede jedem jeden jeder jedes jetzt kann kein keine
können könnte machen man manche mehr mein meine mit muss müssen nach nicht nichts noch nun nur ob
oder ohne sehr sein seine sich sie sind so solche soll sollte sondern sonst über um und uns unser
unsere unter viel vom von vor wann war waren warum was weil welche welchem welchen welcher welches
wenn wer werde werden wie wieder will wir wird wo wollen würde zu zum zur zwar zwischen
a an and are as at be by for from how in is it of on or the this to was what when where which with
`)

func foldedSet(list string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(list) {
		m[Fold(w)] = true
	}
	return m
}
