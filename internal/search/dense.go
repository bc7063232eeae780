package search

import "slices"

// Frequent terms ("dense" terms) keep two structures besides their postings, so that a
// search need not walk every posting of the words it looks for:
//
//   - a bitset of the ideas that have the term: the matches of a query (each query word
//     ORed over its expansions, the words ANDed with the caller's visibility and filters)
//     and their exact count come from word-wise ORs, ANDs and a popcount;
//   - block-max bounds: per window of windowSize ordinals, the largest contribution of the
//     term to the score of an idea in the window, for either weight of an expansion (the
//     query word's stem or a longer term containing it). A relevance search combines
//     the bounds of its terms per window, scores the windows with the highest bounds first
//     and stops at the first window that cannot beat the page's last idea (relevant).
//
// A term's contribution depends on the average field lengths (the norms) of the query,
// which change when ideas are added, edited or removed. The bounds are computed at
// reference norms (ref). The BM25F term frequency only grows with the norms, so bounds
// still hold, up to rounding, for a query whose norms are below ref, and they are then
// widened by scoreMargin. When the norms equal ref they are exact: a window's bound is
// then, for a query of one term, the greatest score of its ideas with the term, which
// lets ties at the top of the ranking (tag words: thousands of ideas score alike) be
// settled by the windows' IDs (winID) instead of by scoring every window. A first-page
// search refreshes the bounds of its terms when the norms have changed (Index.Search); a
// search with older norms (from a cursor) above ref computes the term's window maxima
// from its postings instead. A write only raises the bound of its own idea's window and
// recomputes nothing else: bounds of removed postings stay until the next refresh (they
// still hold).
type denseTerm struct {
	bits bitset
	ref  [nFields]float64
	// max[w] is by window the term's largest contribution at ref with weight weights[w]:
	// contribution(weights[w], wtf); 0 without postings in the window.
	max [len(weights)][]float64
}

// weights are the weights of expansions (see expand).
var weights = [...]float64{1, prefixWeight}

// weightIndex is the index in weights of an expansion's weight.
func weightIndex(w float64) int {
	if w == weights[0] {
		return 0
	}
	return 1
}

const (
	// windowShift sets the window of the block-max bounds: windowSize ordinals, that is
	// windowWords words of a bitset.
	windowShift = 7
	windowSize  = 1 << windowShift
	windowWords = windowSize / 64

	// denseShare: a term with at least 1/denseShare of the ordinals as postings is dense
	// (its bitset then takes at most as much memory as its postings; its bounds as much
	// again at most), and in a small index one with at least denseFloor.
	denseShare = 64
)

// denseFloor is the least number of postings of a dense term (a variable for the tests).
var denseFloor = 256

// denseMin is the number of postings from which a term is dense. A dense term that falls
// below half of it goes back to postings only.
func (t *tenantIndex) denseMin() int { return max(denseFloor, len(t.docs)/denseShare) }

// norms returns the average field lengths as the scores use them (see textStats).
func (t *tenantIndex) norms() [nFields]float64 {
	var norm [nFields]float64
	n := float64(max(t.live, 1))
	for f := range nFields {
		norm[f] = max(float64(t.lenSum[f])/n, 1)
	}
	return norm
}

// wtf is the BM25F term frequency of posting p in an idea with field lengths flen: the
// sum over the fields of the field's weight times the term's frequency in it, normalised
// by the field's length against the average (norm).
func wtf(p uint64, flen *[nFields]uint32, norm *[nFields]float64) float64 {
	tf := [nFields]uint32{uint32(p>>24) & 0xff, uint32(p>>16) & 0xff, uint32(p>>8) & 0xff, uint32(p) & 0xff}
	w := 0.0
	for f := range nFields {
		if tf[f] > 0 {
			w += fieldWeight[f] * float64(tf[f]) / (1 - bm25B + bm25B*float64(flen[f])/norm[f])
		}
	}
	return w
}

// contribution is what an expansion of this weight with BM25F term frequency w adds to
// its query word's part of the score: saturated by BM25, weight·w·(k1+1)/(w+k1). Scores
// and bounds are computed with this one function so an exact bound equals the score.
func contribution(weight, w float64) float64 { return weight * w * (bm25K1 + 1) / (w + bm25K1) }

// noteAdd keeps the dense structures of term id up to date after posting p of the idea
// at ord was added, and makes the term dense when it has become frequent.
func (t *tenantIndex) noteAdd(id, ord int32, p uint64) {
	if dt := t.dense[id]; dt != nil {
		dt.bits.set(ord)
		dt.raise(ord, p, &t.lens[ord])
	} else if !t.bulk && len(t.post[id]) >= t.denseMin() {
		t.dense[id] = t.newDense(id)
	}
}

// noteRemove keeps the dense structures of term id up to date after the posting of ord
// was removed. The window's bound stays: it still holds, if perhaps loosely, until the
// term's bounds are next refreshed.
func (t *tenantIndex) noteRemove(id, ord int32) {
	if dt := t.dense[id]; dt != nil {
		dt.bits.clear(ord)
		if len(t.post[id]) < t.denseMin()/2 {
			t.dense[id] = nil
		}
	}
}

// newDense builds the bitset and the bounds of term id from its postings.
func (t *tenantIndex) newDense(id int32) *denseTerm {
	dt := &denseTerm{}
	post := t.post[id]
	if n := len(post); n > 0 {
		dt.bits = make(bitset, int(post[n-1]>>32)/64+1)
	}
	for _, p := range post {
		dt.bits.set(int32(p >> 32))
	}
	t.refreshBounds(id, dt)
	return dt
}

// refreshBounds recomputes the bounds of dense term id at the current norms.
func (t *tenantIndex) refreshBounds(id int32, dt *denseTerm) {
	dt.ref = t.norms()
	for w := range dt.max {
		dt.max[w] = dt.max[w][:0]
	}
	for _, p := range t.post[id] {
		dt.raise(int32(p>>32), p, &t.lens[p>>32])
	}
}

// raise lifts the bounds of ord's window to cover posting p (of an idea with field
// lengths flen).
func (dt *denseTerm) raise(ord int32, p uint64, flen *[nFields]uint32) {
	j := int(ord >> windowShift)
	w := wtf(p, flen, &dt.ref)
	for k, weight := range weights {
		m := dt.max[k]
		if j >= len(m) {
			m = slices.Grow(m, j+1-len(m))
			m = m[:j+1]
			clear(m[len(dt.max[k]):])
			dt.max[k] = m
		}
		m[j] = max(m[j], contribution(weight, w))
	}
}

// holds reports whether the bounds hold (up to rounding: see scoreMargin) for a query
// with these norms, and whether they are exact.
func (dt *denseTerm) holds(norm *[nFields]float64) (holds, exact bool) {
	exact = true
	for f := range nFields {
		if norm[f] > dt.ref[f] {
			return false, false
		}
		exact = exact && norm[f] == dt.ref[f]
	}
	return true, exact
}

// staleTerms returns the dense terms among those of the query whose bounds are not exact
// for the current norms.
func (t *tenantIndex) staleTerms(folded, stems []string) []int32 {
	var out []int32
	norm := t.norms()
	for k := range folded {
		for _, e := range t.expand(folded[k], stems[k]) {
			if dt := t.dense[e.term]; dt != nil && dt.ref != norm {
				out = append(out, e.term)
			}
		}
	}
	return out
}

// refreshStale refreshes the bounds of those of the terms ids that are not exact for the
// current norms. The caller holds the write lock.
func (t *tenantIndex) refreshStale(ids []int32) {
	norm := t.norms()
	for _, id := range ids {
		if dt := t.dense[id]; dt != nil && dt.ref != norm {
			t.refreshBounds(id, dt)
		}
	}
}

// finishDense makes the terms that are frequent at the end of a bulk load dense, drops
// the dense structures of those that are not (any more), and computes every bound at the
// final norms.
func (t *tenantIndex) finishDense() {
	lim := t.denseMin()
	for id := range t.post {
		switch n := len(t.post[id]); {
		case n >= lim:
			t.dense[id] = t.newDense(int32(id))
		case n < lim/2:
			t.dense[id] = nil
		case t.dense[id] != nil:
			t.refreshBounds(int32(id), t.dense[id])
		}
	}
}
