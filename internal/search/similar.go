package search

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Match is a similar idea with its similarity from 0 to 1.
type Match struct {
	Idea  *domain.Idea
	Score float64
}

// Weights of the similarity features: whole words (stems) count double, character
// trigrams of words catch shared parts of compounds ("Terminvergabe" ~ "Termin").
const (
	wordFeatureWeight    = 1.0
	trigramFeatureWeight = 0.5
	similarCandidates    = 64
	minSimilarity        = 0.08
)

// similarityFeatures are the stems of the non-stop words ("w" + stem) and the character
// trigrams of words with four or more letters ("#" + trigram), with their counts.
func similarityFeatures(text string) map[string]uint8 {
	out := map[string]uint8{}
	inc := func(f string) {
		if out[f] < math.MaxUint8 {
			out[f]++
		}
	}
	words(text, func(w string) {
		if stopWords[w] {
			return
		}
		inc("w" + Stem(w))
		if len(w) >= 4 {
			for k := 0; k+3 <= len(w); k++ {
				inc("#" + w[k:k+3])
			}
		}
	})
	return out
}

func featureWeight(f string) float32 {
	if strings.HasPrefix(f, "#") {
		return trigramFeatureWeight
	}
	return wordFeatureWeight
}

// Similar returns up to n ideas that a may see, most similar to title and summary first
// (cosine of TF-IDF vectors of stems and trigrams). Drafts and excludeID are left out.
func (x *Index) Similar(tenantID string, a *domain.Actor, title, summary, excludeID string, n int) []Match {
	q := similarityFeatures(title + " " + summary)
	t := x.tenant(tenantID, false)
	if t == nil || len(q) == 0 || n <= 0 {
		return []Match{}
	}
	key, roles := classKey(a)
	t.mu.RLock()
	if t.classes[key] == nil {
		t.mu.RUnlock()
		t.mu.Lock()
		t.class(key, roles)
		t.mu.Unlock()
		t.mu.RLock()
	}
	defer t.mu.RUnlock()

	mask := t.visibleMask(a)
	mask.and(notBits(t.stage[domain.StageDraft], len(t.docs)))
	if ord, ok := t.byID[excludeID]; ok {
		mask.clear(ord)
	}
	nDocs := float64(max(t.live, 1))
	idf := func(df int) float64 { return math.Log(1 + nDocs/float64(max(df, 1))) }
	common := max(t.live/4, 20)

	sc := scratchPool.Get().(*scratch)
	if cap(sc.total) < len(t.docs) {
		sc.matched, sc.part, sc.total = make([]uint8, len(t.docs)), make([]float64, len(t.docs)), make([]float64, len(t.docs))
	}
	dot := sc.total[:len(t.docs)]
	var touched []int32
	qNorm := 0.0
	for f, tf := range q {
		id, ok := t.featID[f]
		w := float64(featureWeight(f)) * (1 + math.Log(float64(tf)))
		if !ok {
			w *= idf(0)
			qNorm += w * w
			continue
		}
		post := t.featPost[id]
		w *= idf(len(post))
		qNorm += w * w
		if len(post) > common {
			continue // carries little weight and would make the cost grow with the collection
		}
		for _, p := range post {
			ord := int32(p >> 8)
			if !mask.has(ord) {
				continue
			}
			if dot[ord] == 0 {
				touched = append(touched, ord)
			}
			dw := float64(t.featW[id]) * (1 + math.Log(float64(p&0xff))) * idf(len(post))
			dot[ord] += w * dw
		}
	}
	slices.SortFunc(touched, func(a, b int32) int { return cmp.Compare(dot[b], dot[a]) })
	if len(touched) > similarCandidates {
		for _, ord := range touched[similarCandidates:] {
			dot[ord] = 0
		}
		touched = touched[:similarCandidates]
	}
	out := make([]Match, 0, len(touched))
	for _, ord := range touched {
		d := t.docs[ord]
		dNorm := 0.0
		for _, f := range d.feats {
			id := f >> 8
			w := float64(t.featW[id]) * (1 + math.Log(float64(f&0xff))) * idf(len(t.featPost[id]))
			dNorm += w * w
		}
		cos := dot[ord] / math.Sqrt(qNorm*dNorm)
		dot[ord] = 0
		if cos >= minSimilarity {
			out = append(out, Match{Idea: d.idea, Score: math.Round(min(cos, 1)*1000) / 1000})
		}
	}
	scratchPool.Put(sc)
	slices.SortFunc(out, func(a, b Match) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return strings.Compare(b.Idea.ID, a.Idea.ID)
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// notBits returns the complement of b over n bits.
func notBits(b bitset, n int) bitset {
	out := make(bitset, (n+63)/64)
	for i := range out {
		w := ^uint64(0)
		if i < len(b) {
			w = ^b[i]
		}
		out[i] = w
	}
	return out
}
