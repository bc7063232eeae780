package search

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"sync"
)

// scratch is the memory a search works in, reused (not fresh arrays per search: at 50,000
// ideas they were tens of kilobytes a search).
type scratch struct {
	mask, word bitset
	r          ranker
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// textQuery is a full-text query resolved against a tenant's index.
type textQuery struct {
	toks  []token
	order []int // the words by ascending number of postings: the order their scores add up in
	idf   []float64
	norm  [nFields]float64
}

func (t *tenantIndex) newTextQuery(folded, stems []string, stats []float64) *textQuery {
	tq := &textQuery{toks: make([]token, len(folded)), order: make([]int, len(folded)), idf: stats[nFields:]}
	for k := range folded {
		tq.toks[k].exp = t.expand(folded[k], stems[k])
		for _, e := range tq.toks[k].exp {
			tq.toks[k].size += len(t.post[e.term])
		}
		tq.order[k] = k
	}
	slices.SortStableFunc(tq.order, func(a, b int) int { return cmp.Compare(tq.toks[a].size, tq.toks[b].size) })
	for f := range nFields {
		tq.norm[f] = max(stats[f], 1)
	}
	return tq
}

// matchText narrows mask to the ideas that match every query word (one of the terms it
// expands to), and reports whether every word has postings at all.
func (t *tenantIndex) matchText(tq *textQuery, mask bitset, sc *scratch) bool {
	for _, k := range tq.order {
		if tq.toks[k].size == 0 {
			return false
		}
	}
	for _, k := range tq.order {
		exp := tq.toks[k].exp
		if len(exp) == 1 && t.dense[exp[0].term] != nil {
			mask.and(t.dense[exp[0].term].bits)
			continue
		}
		word := zeroed(&sc.word, len(mask))
		for _, e := range exp {
			if dt := t.dense[e.term]; dt != nil {
				word.or(dt.bits)
				continue
			}
			for _, p := range t.post[e.term] {
				ord := p >> 32
				word[ord>>6] |= 1 << (ord & 63)
			}
		}
		mask.and(word)
	}
	return true
}

// relevant returns the first n of the matches (in match, count of them) after the cursor
// by relevance, with their scores.
//
// It is block-max top-k selection: the ordinals are cut into windows of windowSize; a
// window's bound is the query's score with each term's contribution replaced by its
// largest in the window (stored for dense terms, see denseTerm; computed from the postings
// for the others). Windows are taken in descending order of their bounds (then of their
// greatest ID) until the next window cannot beat the n-th best idea so far: its bound is
// below that idea's score, or equal to it with no greater ID. When a query word expands
// to several terms, a window's bound is first narrowed to the combinations of those terms
// its matches have (ranker.narrow). A window's matches are scored exactly, term at a time
// (scoreWindow), or, once there are n ideas to beat, those that can still beat them
// (scoreEssential). The scores are those of exhaustive scoring, added up in the same
// order, so pages and cursors do not depend on which windows were scored.
func (t *tenantIndex) relevant(tq *textQuery, match bitset, count int, cur *cursor, n int, r *ranker) ([]int32, []float64) {
	nw := (len(match) + windowWords - 1) / windowWords
	r.reset(t, tq, match)
	var ub []float64
	if count > 2*n {
		ub = r.bounds(nw)
	}
	wh := &r.heap
	wh.id, wh.byID = t.winID, t.winUnordered
	for j := range nw {
		if r.window(j) == ([windowWords]uint64{}) {
			continue
		}
		w := window{j: int32(j), bound: math.Inf(1), narrowed: ub == nil || !r.several}
		if ub != nil {
			w.bound = ub[j]
		}
		wh.wins = append(wh.wins, w)
	}
	wh.init()

	best := &hitHeap{t: t, n: n}
	offer := func(ord int32, score float64) {
		if best.full() && score < best.hits[0].score {
			return
		}
		if d := t.docs[ord]; cur == nil || cur.after(d, sortRelevance, score) {
			best.offer(hit{ord, score, d.idea.ID})
		}
	}
	for len(wh.wins) > 0 {
		w := wh.pop()
		if !best.admits(w.bound, wh.maxID(w.j)) {
			break // neither this window nor any after it has an idea that makes the page
		}
		if !w.narrowed {
			w.narrowed = true
			if b := r.narrow(int(w.j)); b < w.bound {
				w.bound = b
				wh.push(w)
				continue
			}
		}
		if ub != nil && best.full() && len(r.lists) <= maxEssential {
			r.scoreEssential(int(w.j), wh.maxID(w.j), best, offer)
		} else {
			r.scoreWindow(int(w.j), offer)
		}
	}
	hits := best.hits
	slices.SortFunc(hits, func(a, b hit) int {
		if best.worse(a, b) {
			return 1
		}
		return -1
	})
	ords, scores := make([]int32, len(hits)), make([]float64, len(hits))
	for k, h := range hits {
		ords[k], scores[k] = h.ord, h.score
	}
	return ords, scores
}

// ranker holds a relevance search's bounds and working memory.
type ranker struct {
	t     *tenantIndex
	tq    *textQuery
	match bitset
	// lists are the query's terms, word by word in tq.order, each word's expansions in
	// order; words[k] is the range of lists of the k-th word in tq.order.
	lists []termList
	words [][2]int
	// several is set when a word expands to several terms; inexact when some bound rests
	// on stored bounds computed at other norms (see scoreMargin).
	several, inexact bool
	ub, part         []float64
	heap             windowHeap

	// narrow's and scoreEssential's state
	contrib [][windowSize]float64
	ne      []neTerm
	on      []bool
	opts    []int
	gain    []float64
	best    float64
	nodes   int
}

// reset prepares r for a search, keeping its memory.
func (r *ranker) reset(t *tenantIndex, tq *textQuery, match bitset) {
	r.t, r.tq, r.match = t, tq, match
	r.lists, r.words = r.lists[:0], r.words[:0]
	r.several, r.inexact = false, false
	r.heap.wins = r.heap.wins[:0]
}

// addList appends a list to r.lists, reusing the memory of an earlier search's.
func (r *ranker) addList(l termList) *termList {
	if len(r.lists) < cap(r.lists) {
		old := r.lists[:len(r.lists)+1][len(r.lists)]
		l.max, l.bits = old.max[:0], old.bits[:0]
	}
	r.lists = append(r.lists, l)
	return &r.lists[len(r.lists)-1]
}

// zeroed returns *buf resized to n zeroed elements, reallocated if it has no room.
func zeroed[S ~[]E, E any](buf *S, n int) S {
	if cap(*buf) < n {
		*buf = make(S, n)
	}
	*buf = (*buf)[:n]
	clear(*buf)
	return *buf
}

// termList is one term of a query with its bounds by window and the matches that have it.
type termList struct {
	term   int32
	k      int // query word
	weight float64
	wi     int        // index of weight in weights
	pos    int        // index of a posting (scoreEssential's cursor)
	stored *denseTerm // bounds and bitset from here, if set; else:
	max    []float64  // by window: the largest contribution of the term to a match's score
	bits   bitset     // the matches with the term
}

// bound is the term's largest contribution in window j.
func (l *termList) bound(j int) float64 {
	if l.stored != nil {
		if m := l.stored.max[l.wi]; j < len(m) {
			return m[j]
		}
		return 0
	}
	return l.max[j]
}

// has returns the ideas of window j with the term, as bitset words.
func (l *termList) has(j int) (out [windowWords]uint64) {
	b := l.bits
	if l.stored != nil {
		b = l.stored.bits
	}
	if lo := j * windowWords; lo < len(b) {
		copy(out[:], b[lo:])
	}
	return out
}

// window returns the matches of window j, as bitset words.
func (r *ranker) window(j int) (out [windowWords]uint64) {
	copy(out[:], r.match[j*windowWords:])
	return out
}

// scoreMargin widens the bounds of a window that rest on bounds computed at other norms
// than the query's: they hold up to rounding only.
const scoreMargin = 1 + 1e-9

// bounds returns by window an upper bound of the score of any match in it.
//
// A score adds up, word by word in tq.order, the word's IDF times its part, the largest
// of the contributions of its expansions (an idea with "Straßenlaternen",
// "Straßenbeleuchtung" and "Nebenstraßen" matches "Straße" no better than with one of them,
// and not better than one with the word itself); the bound does the same with every
// contribution replaced by one at least as large. Floating-point addition, the maximum and
// multiplication by a positive factor are monotonic, so the bound is at least the score
// whenever the contributions' maxima are (exactly so when the maxima are computed at the
// query's norms; else see scoreMargin). For a query of one term it is then the greatest
// score of an idea of the window with the term, so ties at the top of the ranking can be
// told apart by the windows' IDs.
func (r *ranker) bounds(nw int) []float64 {
	t, tq := r.t, r.tq
	for _, k := range tq.order {
		from := len(r.lists)
		for _, e := range tq.toks[k].exp {
			l := r.addList(termList{term: e.term, k: k, weight: e.weight, wi: weightIndex(e.weight)})
			if dt := t.dense[e.term]; dt != nil {
				if holds, exact := dt.holds(&tq.norm); holds {
					l.stored = dt
					r.inexact = r.inexact || !exact
					continue
				}
			}
			// Without stored bounds that hold: the window maxima of the matching postings.
			zeroed(&l.max, nw)
			zeroed(&l.bits, len(r.match))
			for _, p := range t.post[e.term] {
				ord := p >> 32
				if r.match[ord>>6]&(1<<(ord&63)) == 0 {
					continue
				}
				l.bits[ord>>6] |= 1 << (ord & 63)
				j := ord >> windowShift
				l.max[j] = max(l.max[j], contribution(e.weight, wtf(p, &t.lens[ord], &tq.norm)))
			}
		}
		r.words = append(r.words, [2]int{from, len(r.lists)})
		r.several = r.several || len(r.lists)-from > 1
	}

	ub, part := zeroed(&r.ub, nw), zeroed(&r.part, nw)
	for wk, span := range r.words {
		clear(part)
		for i := span[0]; i < span[1]; i++ {
			if l := &r.lists[i]; l.stored != nil {
				m := l.stored.max[l.wi]
				for j, v := range m[:min(len(m), nw)] {
					part[j] = max(part[j], v)
				}
			} else {
				for j, m := range l.max {
					part[j] = max(part[j], m)
				}
			}
		}
		idf := tq.idf[tq.order[wk]]
		for j, p := range part {
			ub[j] += float64(idf * p)
		}
	}
	for j := range ub {
		ub[j] = r.widen(ub[j])
	}
	return ub
}

const (
	// narrowTerms and narrowNodes limit the search of narrow; beyond them the bound stays
	// coarser (but holds).
	narrowTerms = 12
	narrowNodes = 512
)

// narrow returns a bound of the scores of window j at most its bound from bounds: the
// greatest bound of a combination of the query's terms that some match in the window has.
// A word that expands to several terms ("sta": stadt, stadtteil, stadtwald, …) adds the
// bounds of all of them in bounds, though few ideas have more than some of them; here a
// term only counts for the matches that have it. The terms that some but not all matches
// of the window have are searched, branch and bound, for the best combination that a
// match has (each branch narrows the window's bitset words).
func (r *ranker) narrow(j int) float64 {
	m := r.window(j)
	r.on = slices.Grow(r.on[:0], len(r.lists))[:len(r.lists)]
	r.opts, r.gain = r.opts[:0], r.gain[:0]
	base := 0.0
	for wk, span := range r.words {
		idf := r.tq.idf[r.tq.order[wk]]
		for i := span[0]; i < span[1]; i++ {
			l := &r.lists[i]
			if span[1]-span[0] == 1 {
				r.on[i] = true // every match has the only term of its word
				base += idf * l.bound(j)
				continue
			}
			h := l.has(j)
			var some, all bool = false, true
			for w := range m {
				some = some || h[w]&m[w] != 0
				all = all && m[w]&^h[w] == 0
			}
			r.on[i] = all
			switch {
			case all:
				base += idf * l.bound(j)
			case some && len(r.opts) < narrowTerms:
				r.opts = append(r.opts, i)
			case some:
				r.on[i] = true // too many to search: counted for every match
			}
		}
	}
	if len(r.opts) == 0 {
		return r.fold(j)
	}
	// Most promising first; gain[i] is what opts[i:] can add at most (up to rounding).
	slices.SortFunc(r.opts, func(a, b int) int {
		return cmp.Compare(r.tq.idf[r.lists[b].k]*r.lists[b].bound(j), r.tq.idf[r.lists[a].k]*r.lists[a].bound(j))
	})
	r.gain = slices.Grow(r.gain, len(r.opts)+1)[:len(r.opts)+1]
	r.gain[len(r.opts)] = 0
	for i := len(r.opts) - 1; i >= 0; i-- {
		l := &r.lists[r.opts[i]]
		r.gain[i] = r.gain[i+1] + r.tq.idf[l.k]*l.bound(j)
	}
	r.best, r.nodes = -1, 0
	r.search(j, 0, m, base)
	if r.nodes > narrowNodes {
		for _, i := range r.opts {
			r.on[i] = true
		}
		return r.fold(j)
	}
	return r.best
}

// search is narrow's branch and bound: opts[i:] are undecided, m are the window's
// matches with the terms decided on and without those decided off, and sum is about
// their bound.
func (r *ranker) search(j, i int, m [windowWords]uint64, sum float64) {
	if r.nodes++; r.nodes > narrowNodes {
		return
	}
	if i == len(r.opts) {
		r.best = max(r.best, r.fold(j))
		return
	}
	if r.widen((sum+r.gain[i])*(1+1e-12)) < r.best {
		return // cannot beat the best combination so far, rounding included
	}
	o := r.opts[i]
	h := r.lists[o].has(j)
	var with, without [windowWords]uint64
	var anyWith, anyWithout bool
	for w := range m {
		with[w], without[w] = m[w]&h[w], m[w]&^h[w]
		anyWith = anyWith || with[w] != 0
		anyWithout = anyWithout || without[w] != 0
	}
	if anyWith {
		r.on[o] = true
		r.search(j, i+1, with, sum+r.tq.idf[r.lists[o].k]*r.lists[o].bound(j))
		r.on[o] = false
	}
	if anyWithout {
		r.search(j, i+1, without, sum)
	}
}

// fold is the bound of window j for the matches with exactly the terms that are on: the
// score with each term's bound as its contribution.
func (r *ranker) fold(j int) float64 {
	ub := 0.0
	for wk, span := range r.words {
		part := 0.0
		for i := span[0]; i < span[1]; i++ {
			if r.on[i] {
				part = max(part, r.lists[i].bound(j))
			}
		}
		ub += float64(r.tq.idf[r.tq.order[wk]] * part)
	}
	return r.widen(ub)
}

// widen applies scoreMargin to a bound if the bounds are inexact.
func (r *ranker) widen(ub float64) float64 {
	if r.inexact {
		return ub * scoreMargin
	}
	return ub
}

// scoreWindow calls fn with the BM25F score of every match in window j.
func (r *ranker) scoreWindow(j int, fn func(ord int32, score float64)) {
	t, tq := r.t, r.tq
	in := r.window(j)
	lo := int32(j << windowShift)
	lens := t.lens[lo:min(len(t.lens), int(lo)+windowSize)]
	var part, total [windowSize]float64
	for _, k := range tq.order {
		for _, e := range tq.toks[k].exp {
			post := t.post[e.term]
			if dt := t.dense[e.term]; dt != nil && !intersects(dt.bits, j, &in) {
				continue // no match of the window has it
			}
			for i := seek(post, lo); i < len(post); i++ {
				p := post[i]
				off := int32(p>>32) - lo
				if off >= windowSize {
					break
				}
				if in[off>>6]&(1<<(off&63)) != 0 {
					part[off] = max(part[off], contribution(e.weight, wtf(p, &lens[off], &tq.norm)))
				}
			}
		}
		for w, word := range in {
			for word != 0 {
				off := w*64 + bits.TrailingZeros64(word)
				word &= word - 1
				total[off] += float64(tq.idf[k] * part[off])
				part[off] = 0
			}
		}
	}
	for w, word := range in {
		for word != 0 {
			off := w*64 + bits.TrailingZeros64(word)
			word &= word - 1
			fn(lo+int32(off), total[off])
		}
	}
}

// maxEssential is the most terms of a query for scoreEssential; beyond, windows are
// scored in full.
const maxEssential = 32

// scoreEssential scores the ideas of window j that can still make the page, MaxScore-style.
// Going through the terms from the one most of the window's matches have, each is taken
// as non-essential if the bounds of those taken and its own together cannot beat the n-th
// best idea so far (id bounds the window's IDs): an idea with none of the other, essential
// terms cannot make the page. The essential terms' postings are scored for the ideas that
// have one (few, if the frequent terms are the non-essential ones); an idea whose bound
// (those scores, and the non-essential terms' bounds where it has them) can still beat
// the n-th best is then scored in full, its other postings looked up.
func (r *ranker) scoreEssential(j int, id string, best *hitHeap, fn func(ord int32, score float64)) {
	t, tq := r.t, r.tq
	in := r.window(j)
	n := len(r.lists)
	if cap(r.ne) < n {
		r.ne = make([]neTerm, n)
	}
	ne := r.ne[:n]
	r.opts = r.opts[:0]
	for i := range r.lists {
		h := r.lists[i].has(j)
		c := 0
		for w := range h {
			h[w] &= in[w]
			c += bits.OnesCount64(h[w])
		}
		ne[i] = neTerm{bound: r.lists[i].bound(j), has: h, count: c}
		r.opts = append(r.opts, i)
	}
	slices.SortFunc(r.opts, func(a, b int) int { return cmp.Compare(ne[b].count, ne[a].count) })
	r.on = slices.Grow(r.on[:0], n)[:n]
	clear(r.on) // on: not essential
	for _, i := range r.opts {
		r.on[i] = true
		if best.admits(r.fold(j), id) {
			r.on[i] = false
		}
	}
	if !slices.Contains(r.on, true) {
		r.scoreWindow(j, fn) // every term is essential
		return
	}
	// The candidates: matches with an essential term.
	var cand [windowWords]uint64
	for i := range ne {
		if !r.on[i] {
			for w := range cand {
				cand[w] |= ne[i].has[w]
			}
		}
	}
	if cand == ([windowWords]uint64{}) {
		return
	}
	lo := int32(j << windowShift)
	lens := t.lens[lo:min(len(t.lens), int(lo)+windowSize)]
	if cap(r.contrib) < n {
		r.contrib = make([][windowSize]float64, n)
	}
	contrib := r.contrib[:n]
	for i := range r.lists {
		if r.on[i] {
			continue
		}
		l := &r.lists[i]
		post := t.post[l.term]
		p := seekFrom(post, l.pos, lo)
		for ; p < len(post); p++ {
			off := int32(post[p]>>32) - lo
			if off >= windowSize {
				break
			}
			if cand[off>>6]&(1<<(off&63)) != 0 {
				contrib[i][off] = contribution(l.weight, wtf(post[p], &lens[off], &tq.norm))
			}
		}
		l.pos = p
	}
	for w, word := range cand {
		for word != 0 {
			b := bits.TrailingZeros64(word)
			word &= word - 1
			off := w*64 + b
			ord := lo + int32(off)
			// The idea's bound: its essential scores, the others' bounds.
			ub := 0.0
			for wk, span := range r.words {
				part := 0.0
				for i := span[0]; i < span[1]; i++ {
					if !r.on[i] {
						part = max(part, contrib[i][off])
					} else if ne[i].has[w]&(1<<b) != 0 {
						part = max(part, ne[i].bound)
					}
				}
				ub += float64(tq.idf[tq.order[wk]] * part)
			}
			if !best.admitsOrd(r.widen(ub), ord) {
				continue
			}
			// Scored in full: the non-essential postings are looked up in order.
			score := 0.0
			for wk, span := range r.words {
				part := 0.0
				for i := span[0]; i < span[1]; i++ {
					if !r.on[i] {
						part = max(part, contrib[i][off])
					} else if ne[i].has[w]&(1<<b) != 0 {
						l := &r.lists[i]
						post := t.post[l.term]
						l.pos = seekFrom(post, l.pos, ord)
						part = max(part, contribution(l.weight, wtf(post[l.pos], &lens[off], &tq.norm)))
					}
				}
				score += float64(tq.idf[tq.order[wk]] * part)
			}
			fn(ord, score)
		}
	}
	for i := range r.lists {
		if !r.on[i] {
			for w, word := range cand {
				for word != 0 {
					contrib[i][w*64+bits.TrailingZeros64(word)] = 0
					word &= word - 1
				}
			}
		}
	}
}

// neTerm is a term in scoreEssential: its bound, and the matches with it in the window
// and their number.
type neTerm struct {
	bound float64
	has   [windowWords]uint64
	count int
}

// seekFrom is seek, galloping forward from index from if the postings before it are all
// of ordinals below ord (a cursor that moves forward).
func seekFrom(post []uint64, from int, ord int32) int {
	key := uint64(ord) << 32
	if from <= 0 || from > len(post) || post[from-1] >= key {
		return seek(post, ord)
	}
	lo, hi := from, len(post) // post[:lo] < key; hi is len(post) or post[hi] ≥ key
	for step := 1; lo+step-1 < len(post); step *= 2 {
		if i := lo + step - 1; post[i] >= key {
			hi = i
			break
		} else {
			lo = i + 1
		}
	}
	return firstAtLeast(post, lo, hi, key)
}

// intersects reports whether window j of b has one of the ideas in m.
func intersects(b bitset, j int, m *[windowWords]uint64) bool {
	for w := range m {
		if i := j*windowWords + w; i < len(b) && b[i]&m[w] != 0 {
			return true
		}
	}
	return false
}

// seek is the index of the first posting of an ordinal ≥ ord. Postings are spread
// about evenly over the ordinals, so it starts where ord would be if they were exactly,
// and gallops from there to a range it then halves.
func seek(post []uint64, ord int32) int {
	n := len(post)
	if n == 0 {
		return 0
	}
	key := uint64(ord) << 32
	g := int(uint64(n) * uint64(ord) / (post[n-1]>>32 + 1))
	lo, hi := 0, n
	if g >= n {
		g = n - 1
	}
	if post[g] < key {
		lo = g + 1
		for step := 1; ; step *= 2 {
			if i := g + step; i >= n {
				break
			} else if post[i] >= key {
				hi = i
				break
			} else {
				lo = i + 1
			}
		}
	} else {
		hi = g
		for step := 1; ; step *= 2 {
			if i := g - step; i < 0 {
				break
			} else if post[i] < key {
				lo = i + 1
				break
			} else {
				hi = i
			}
		}
	}
	return firstAtLeast(post, lo, hi, key)
}

// firstAtLeast is the index of the first posting ≥ key in post[lo:hi], all postings before
// lo being below key and post[hi] (if any) at least key.
func firstAtLeast(post []uint64, lo, hi int, key uint64) int {
	i, _ := slices.BinarySearch(post[lo:hi], key)
	return lo + i
}

// window is a window of ordinals with the bound of its scores.
type window struct {
	bound    float64
	j        int32
	narrowed bool // the bound is narrow's
}

// windowHeap is a heap of windows, the first to score at the root: greatest bound, then
// greatest ID (id: the tenant's winID). Unless byID, the windows' IDs ascend with their
// numbers, which then break ties instead of the IDs.
type windowHeap struct {
	wins []window
	id   []string
	byID bool
}

// maxID bounds the IDs of window j.
func (h *windowHeap) maxID(j int32) string {
	if int(j) < len(h.id) {
		return h.id[j]
	}
	return ""
}

func (h *windowHeap) before(a, b *window) bool {
	if a.bound != b.bound {
		return a.bound > b.bound
	}
	if !h.byID {
		return a.j > b.j
	}
	return h.maxID(a.j) > h.maxID(b.j)
}

func (h *windowHeap) init() {
	for i := len(h.wins)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

func (h *windowHeap) down(i int) {
	s := h.wins
	for {
		l, m := 2*i+1, i
		if l < len(s) && h.before(&s[l], &s[m]) {
			m = l
		}
		if r := l + 1; r < len(s) && h.before(&s[r], &s[m]) {
			m = r
		}
		if m == i {
			return
		}
		s[i], s[m] = s[m], s[i]
		i = m
	}
}

func (h *windowHeap) pop() window {
	s := h.wins
	w := s[0]
	s[0] = s[len(s)-1]
	h.wins = s[:len(s)-1]
	h.down(0)
	return w
}

func (h *windowHeap) push(w window) {
	h.wins = append(h.wins, w)
	s := h.wins
	for i := len(s) - 1; i > 0; {
		p := (i - 1) / 2
		if !h.before(&s[i], &s[p]) {
			break
		}
		s[i], s[p] = s[p], s[i]
		i = p
	}
}

// hit is a scored match.
type hit struct {
	ord   int32
	score float64
	id    string
}

// hitHeap keeps the n best hits seen, the worst at the root.
type hitHeap struct {
	t    *tenantIndex
	n    int
	hits []hit
}

// admits reports whether an idea with this score and ID, or any with a score up to bound
// and an ID up to id, could make the n best.
func (h *hitHeap) admits(bound float64, id string) bool {
	if !h.full() {
		return true
	}
	last := h.hits[0]
	return bound > last.score || bound == last.score && id > last.id
}

// worse reports whether a comes after b by relevance: lower score, then lower ID.
func (h *hitHeap) worse(a, b hit) bool {
	if a.score != b.score {
		return a.score < b.score
	}
	return a.id < b.id
}

// admitsOrd is admits for the idea at ord.
func (h *hitHeap) admitsOrd(score float64, ord int32) bool {
	if !h.full() {
		return true
	}
	last := h.hits[0]
	return score > last.score || score == last.score && h.t.docs[ord].idea.ID > last.id
}

func (h *hitHeap) full() bool { return len(h.hits) >= h.n }

// offer keeps x if it is among the n best.
func (h *hitHeap) offer(x hit) {
	hs := h.hits
	if len(hs) < h.n {
		hs = append(hs, x)
		for i := len(hs) - 1; i > 0; {
			p := (i - 1) / 2
			if !h.worse(hs[i], hs[p]) {
				break
			}
			hs[i], hs[p] = hs[p], hs[i]
			i = p
		}
		h.hits = hs
		return
	}
	if !h.worse(hs[0], x) {
		return
	}
	hs[0] = x
	for i := 0; ; {
		l, m := 2*i+1, i
		if l < len(hs) && h.worse(hs[l], hs[m]) {
			m = l
		}
		if r := l + 1; r < len(hs) && h.worse(hs[r], hs[m]) {
			m = r
		}
		if m == i {
			return
		}
		hs[i], hs[m] = hs[m], hs[i]
		i = m
	}
}
