package search

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"

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

	mask := t.visibleMask(a, nil)
	mask.and(notBits(t.stage[domain.StageDraft], len(t.docs)))
	if ord, ok := t.byID[excludeID]; ok {
		mask.clear(ord)
	}
	nDocs := float64(max(t.live, 1))
	common := max(t.live/4, 20)
	// The candidates' norms take the idf of every feature they have — thousands of
	// logarithms per call, most of a call's time — but an idf depends only on the feature's
	// document frequency, and few frequencies occur: each is computed once per call.
	idfs := idfPool.Get().(*[]float64)
	if len(*idfs) < idfMemo {
		*idfs = make([]float64, idfMemo)
	}
	memo := *idfs
	idf := func(df int) float64 {
		df = max(df, 1)
		if df >= idfMemo {
			return math.Log(1 + nDocs/float64(df))
		}
		if memo[df] == 0 {
			memo[df] = math.Log(1 + nDocs/float64(df))
		}
		return memo[df]
	}
	defer func() {
		clear(memo)
		idfPool.Put(idfs)
	}()

	buf := dotPool.Get().(*[]float64)
	if cap(*buf) < len(t.docs) {
		*buf = make([]float64, len(t.docs))
	}
	dot := (*buf)[:len(t.docs)]
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
		fidf := idf(len(post))
		w *= fidf
		qNorm += w * w
		if len(post) > common {
			continue // carries little weight and would make the cost grow with the collection
		}
		wd := w * float64(t.featW[id]) * fidf // the posting's weight is wd × logTF(its count)
		for _, p := range post {
			ord := int32(p >> 8)
			if !mask.has(ord) {
				continue
			}
			if dot[ord] == 0 {
				touched = append(touched, ord)
			}
			dot[ord] += wd * logTF[p&0xff]
		}
	}
	if len(touched) > similarCandidates {
		// Only the best candidates are scored: select them, do not sort them all.
		best := topByDot(touched, dot, similarCandidates)
		for _, ord := range touched {
			dot[ord] = 0
		}
		for _, b := range best {
			dot[b.ord] = b.dot
		}
		touched = touched[:0]
		for _, b := range best {
			touched = append(touched, b.ord)
		}
	}
	out := make([]Match, 0, len(touched))
	for _, ord := range touched {
		d := t.docs[ord]
		dNorm := 0.0
		for _, f := range d.feats {
			id := f >> 8
			w := float64(t.featW[id]) * logTF[f&0xff] * idf(len(t.featPost[id]))
			dNorm += w * w
		}
		cos := dot[ord] / math.Sqrt(qNorm*dNorm)
		dot[ord] = 0
		if cos >= minSimilarity {
			out = append(out, Match{Idea: d.idea, Score: math.Round(min(cos, 1)*1000) / 1000})
		}
	}
	dotPool.Put(buf)
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

// idfMemo bounds the document frequencies whose idf Similar remembers within a call
// (idfPool: a slice by frequency, zero for not computed; idf is never zero).
const idfMemo = 4096

var idfPool = sync.Pool{New: func() any { return new([]float64) }}

// dotPool holds the dot products of Similar by ordinal (not a fresh array per call: at
// 50,000 ideas that was 400 KB); Similar hands them back zeroed.
var dotPool = sync.Pool{New: func() any { return new([]float64) }}

type candidate struct {
	ord int32
	dot float64
}

// topByDot returns the k entries of ords with the largest dot (ties by ord), in no
// particular order, keeping a min-heap of the best k seen.
func topByDot(ords []int32, dot []float64, k int) []candidate {
	h := make([]candidate, 0, k)
	less := func(a, b candidate) bool { return a.dot < b.dot || a.dot == b.dot && a.ord > b.ord }
	down := func(i int) {
		for {
			l, m := 2*i+1, i
			if l < len(h) && less(h[l], h[m]) {
				m = l
			}
			if r := l + 1; r < len(h) && less(h[r], h[m]) {
				m = r
			}
			if m == i {
				return
			}
			h[i], h[m] = h[m], h[i]
			i = m
		}
	}
	for _, ord := range ords {
		c := candidate{ord, dot[ord]}
		switch {
		case len(h) < k:
			h = append(h, c)
			for i := len(h) - 1; i > 0 && less(h[i], h[(i-1)/2]); i = (i - 1) / 2 {
				h[i], h[(i-1)/2] = h[(i-1)/2], h[i]
			}
		case less(h[0], c):
			h[0] = c
			down(0)
		}
	}
	return h
}

// logTF[n] is 1 + ln(n), the damped weight of a feature counted n times (n ≤ 255).
var logTF = func() (t [256]float64) {
	for n := 1; n < len(t); n++ {
		t[n] = 1 + math.Log(float64(n))
	}
	return t
}()

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
