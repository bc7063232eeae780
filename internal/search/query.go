package search

import (
	"cmp"
	"container/heap"
	"math"
	"math/bits"
	"slices"
	"sort"
	"strings"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Query selects, sorts and pages a tenant's ideas. Filters combine with AND.
type Query struct {
	Text         string
	Stages       []domain.Stage
	CampaignID   string
	DepartmentID string
	Tag          string
	Visibility   domain.Visibility
	Source       domain.Source
	// AuthorID restricts to ideas authored or co-authored by this user ("mine").
	AuthorID string
	// OnlyIDs restricts to these ideas when Restrict is set ("followed", "assigned to me");
	// an empty list then matches nothing.
	OnlyIDs  []string
	Restrict bool
	// Sort is newest, supports, score, activity or relevance; "" means relevance with a
	// text and newest without.
	Sort   string
	Limit  int
	Cursor string
}

// Page is one page of a list.
type Page struct {
	// Items are the index's copies of the ideas; they must not be changed.
	Items []*domain.Idea
	Next  string
	Total int
}

// BM25 parameters.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
	// prefixWeight weighs a term that only starts with the query word against the word's
	// exact stem.
	prefixWeight = 0.6
	// tailWeight weighs a compound ending in the query word ("Hauptstraße" for "Straße"):
	// as a longer term starting with it. It must be one of dense.go's weights (the stored
	// bounds of frequent terms are kept for those).
	tailWeight = prefixWeight
	// infixWeight weighs a compound containing the query word in its middle
	// ("Anwohnerparkausweis" for "Park"), like one ending in it.
	infixWeight = tailWeight
	// minTail is the shortest stem matched as a compound's tail or middle: shorter ones
	// are part of too many unrelated words.
	minTail      = 4
	maxTokens    = 12
	maxExpansion = 48
)

// token is one query word and the index terms it matches.
type token struct {
	exp  []expansion
	size int
}

type expansion struct {
	term   int32
	weight float64
}

// queryWords folds and stems the words of a search text, dropping stop words.
func queryWords(text string) (folded, stems []string) {
	words(text, func(w string) {
		if !stopWords[w] && len(folded) < maxTokens {
			folded = append(folded, w)
			stems = append(stems, Stem(w))
		}
	})
	return folded, stems
}

// prepared is a Query with its defaults applied, its cursor decoded and its words folded
// and stemmed.
type prepared struct {
	Query
	sortKind      int
	sig           uint64
	cur           *cursor
	folded, stems []string
	none          bool // only stop words: nothing to find
}

// prepare checks q and prepares it for tenantID. EINVALID for an unknown sort or a cursor
// this index did not make for this query.
func (x *Index) prepare(tenantID string, a *domain.Actor, q Query) (prepared, error) {
	if q.Limit <= 0 || q.Limit > 100 {
		q.Limit = 20
	}
	text := strings.TrimSpace(q.Text) != ""
	if q.Sort == "" {
		q.Sort = "newest"
		if text {
			q.Sort = "relevance"
		}
	}
	p := prepared{Query: q}
	var ok bool
	p.sortKind, ok = sortNames[q.Sort]
	if !ok || p.sortKind == sortRelevance && !text {
		return p, domain.Invalid("sort", "must be newest, supports, score, activity or relevance (with q)")
	}
	// The running score of ideas in review is the CDO's alone (httpapi's showsScore); for
	// everyone else they sort as unscored, so the order does not tell it either.
	if p.sortKind == sortScore && !a.Has(domain.RoleCDO) {
		p.sortKind = sortScoreDecided
	}
	p.sig = querySignature(tenantID, q)
	if q.Cursor != "" {
		c, err := x.decodeCursor(q.Cursor, p.sig, p.sortKind)
		if err != nil {
			return p, err
		}
		p.cur = c
	}
	p.folded, p.stems = queryWords(q.Text)
	p.none = text && len(p.folded) == 0
	return p, nil
}

// Search returns one page of the tenant's ideas that a may see and that match q.
// EINVALID for an unknown sort or a cursor this index did not make for this query.
func (x *Index) Search(tenantID string, a *domain.Actor, q Query) (Page, error) {
	pq, err := x.prepare(tenantID, a, q)
	if err != nil {
		return Page{}, err
	}
	if pq.none {
		return Page{Items: []*domain.Idea{}}, nil
	}
	q, sortKind, sig, cur, folded, stems := pq.Query, pq.sortKind, pq.sig, pq.cur, pq.folded, pq.stems
	t := x.tenant(tenantID, false)
	if t == nil {
		return Page{Items: []*domain.Idea{}}, nil
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
	if cur == nil && sortKind == sortRelevance {
		if stale := t.staleTerms(folded, stems); len(stale) > 0 {
			// Ideas were added, edited or removed since the bounds of some query terms
			// were computed: bring them to the current average field lengths.
			t.mu.RUnlock()
			t.mu.Lock()
			t.refreshStale(stale)
			t.mu.Unlock()
			t.mu.RLock()
		}
	}
	defer t.mu.RUnlock()
	return t.search(x, a, q, sortKind, sig, cur, folded, stems)
}

func (t *tenantIndex) search(x *Index, a *domain.Actor, q Query, sortKind int, sig uint64, cur *cursor, folded, stems []string) (Page, error) {
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	mask := t.filter(a, q, sc.mask[:0])
	sc.mask = mask

	var stats []float64
	var picked []int32
	var scores []float64 // relevance scores of picked
	total := 0
	switch {
	case len(folded) > 0:
		stats = t.textStats(folded, stems, cur)
		tq := t.newTextQuery(folded, stems, stats)
		if !t.matchText(tq, mask, sc) {
			break
		}
		total = mask.count()
		switch {
		case sortKind == sortRelevance:
			picked, scores = t.relevant(tq, mask, total, cur, q.Limit+1, &sc.r)
		default:
			picked = t.first(sortKind, mask, total, cur, q.Limit+1)
		}
	default:
		total = mask.count()
		picked = t.first(sortKind, mask, total, cur, q.Limit+1)
	}
	return t.page(x, q.Limit, sortKind, sig, stats, total, picked, scores), nil
}

// filter returns the ideas a may see that pass q's filters (but the text), in dst's
// memory if it has room.
func (t *tenantIndex) filter(a *domain.Actor, q Query, dst bitset) bitset {
	mask := t.visibleMask(a, dst)
	if len(q.Stages) > 0 {
		stages := make([]bitset, 0, 8)
		for _, st := range q.Stages {
			stages = append(stages, t.stage[st])
		}
		mask.andAny(stages)
	}
	if q.Visibility != "" {
		mask.and(t.vis[q.Visibility])
	}
	if q.Source != "" {
		mask.and(t.source[q.Source])
	}
	// List filters: sorted ordinal lists, each merged into the mask in place.
	if q.CampaignID != "" {
		mask.andList(t.campaign[q.CampaignID])
	}
	if q.DepartmentID != "" {
		mask.andList(t.dept[q.DepartmentID])
	}
	if q.Tag != "" {
		mask.andList(t.tag[tagKey(q.Tag)])
	}
	if q.AuthorID != "" {
		mask.andList(t.author[q.AuthorID])
	}
	if q.Restrict {
		var l []int32
		for _, id := range q.OnlyIDs {
			if ord, ok := t.byID[id]; ok {
				l = append(l, ord)
			}
		}
		slices.Sort(l)
		mask.andList(l)
	}
	return mask
}

// page makes the page of the first limit of picked (limit+1 if there is a next page;
// scores are their relevance scores for sortRelevance).
func (t *tenantIndex) page(x *Index, limit, sortKind int, sig uint64, stats []float64, total int, picked []int32, scores []float64) Page {
	page := Page{Items: make([]*domain.Idea, 0, min(len(picked), limit)), Total: total}
	if len(picked) > limit {
		picked = picked[:limit]
		last := t.docs[picked[len(picked)-1]]
		c := &cursor{sort: sortKind, sig: sig, id: last.idea.ID, stats: stats}
		if sortKind == sortRelevance {
			c.fkey = scores[len(picked)-1]
		} else {
			c.key = last.keys[sortKind]
		}
		page.Next = x.encodeCursor(c)
	}
	for _, ord := range picked {
		page.Items = append(page.Items, t.docs[ord].idea)
	}
	return page
}

// members returns the ordinals in b in ascending order (n is a hint of their number).
func members(b bitset, n int) []int32 {
	out := make([]int32, 0, n)
	for w, word := range b {
		for word != 0 {
			out = append(out, int32(w*64+bits.TrailingZeros64(word)))
			word &= word - 1
		}
	}
	return out
}

// visibleMask is the set of ideas a may see: the cached answer of domain.CanSeeIdea for
// a's roles, and for a's own ideas the class's answer for their authors. It is built in
// dst's memory if there is room. The caller holds the read lock and has made sure the
// class exists.
func (t *tenantIndex) visibleMask(a *domain.Actor, dst bitset) bitset {
	key, _ := classKey(a)
	c := t.classes[key]
	mask := c.bits.cloneInto(dst, len(t.docs))
	if a != nil && a.UserID != "" {
		for _, ord := range t.author[a.UserID] {
			mask.put(ord, c.own.has(ord))
		}
	}
	return mask
}

// walkStepsPerMatch is what one candidate of topK costs in steps of walk: comparing two
// ideas' sort keys reaches into two docs, scattered in memory, while a step of walk tests
// a bit of the mask (BenchmarkIndexGrowth, staff list). A variable for the tests.
var walkStepsPerMatch = 32

// first returns the first n ideas of mask (total of them) after the cursor in sort order
// s. It walks down the pre-sorted ordering, where the matches come soon if there are many
// of them or they sort early, for at most as long as topK over the matches would take,
// and then leaves them to topK.
func (t *tenantIndex) first(s int, mask bitset, total int, cur *cursor, n int) []int32 {
	if total == 0 {
		return nil
	}
	if out, done := t.walk(s, mask, cur, n, walkStepsPerMatch*total); done {
		return out
	}
	return t.topK(members(mask, total), s, nil, cur, n)
}

// walk goes down a pre-sorted ordering from the cursor and collects up to n ideas of
// mask, in at most steps steps; done is false if it ran out of steps first.
func (t *tenantIndex) walk(s int, mask bitset, cur *cursor, n, steps int) (out []int32, done bool) {
	o := t.order[s]
	start := 0
	if cur != nil {
		start = sort.Search(len(o), func(k int) bool { return cur.after(t.docs[o[k]], s, 0) })
	}
	o = o[start:]
	if len(o) > steps {
		o = o[:steps]
	} else {
		done = true // the end of the ordering is within reach
	}
	out = make([]int32, 0, n)
	for _, ord := range o {
		if mask.has(ord) {
			out = append(out, ord)
			if len(out) == n {
				return out, true
			}
		}
	}
	return out, done
}

// topK returns the first n candidates after the cursor in sort order.
func (t *tenantIndex) topK(cands []int32, s int, score func(int32) float64, cur *cursor, n int) []int32 {
	less := func(a, b int32) bool { // a comes before b
		if score != nil {
			sa, sb := score(a), score(b)
			if sa != sb {
				return sa > sb
			}
			return t.docs[a].idea.ID > t.docs[b].idea.ID
		}
		return t.before(s, a, b)
	}
	h := &ordHeap{less: less}
	for _, ord := range cands {
		if cur != nil {
			f := 0.0
			if score != nil {
				f = score(ord)
			}
			if !cur.after(t.docs[ord], s, f) {
				continue
			}
		}
		if h.Len() < n {
			heap.Push(h, ord)
		} else if less(ord, h.ords[0]) {
			h.ords[0] = ord
			heap.Fix(h, 0)
		}
	}
	out := h.ords
	slices.SortFunc(out, func(a, b int32) int {
		if less(a, b) {
			return -1
		}
		return 1
	})
	return out
}

// ordHeap is a max-heap by sort order: the root is the candidate that comes last.
type ordHeap struct {
	ords []int32
	less func(a, b int32) bool
}

func (h *ordHeap) Len() int           { return len(h.ords) }
func (h *ordHeap) Less(i, j int) bool { return h.less(h.ords[j], h.ords[i]) }
func (h *ordHeap) Swap(i, j int)      { h.ords[i], h.ords[j] = h.ords[j], h.ords[i] }
func (h *ordHeap) Push(x any)         { h.ords = append(h.ords, x.(int32)) }
func (h *ordHeap) Pop() any {
	n := len(h.ords)
	x := h.ords[n-1]
	h.ords = h.ords[:n-1]
	return x
}

// textStats returns the statistics the scores of a text query rest on: the average field
// lengths, then the IDF of each query word. A cursor carries them from the first page, so
// ideas added between pages do not shift the scores of the others (which would make the
// relevance order skip or repeat ideas).
func (t *tenantIndex) textStats(folded, stems []string, cur *cursor) []float64 {
	if cur != nil && len(cur.stats) == nFields+len(folded) {
		return cur.stats
	}
	stats := make([]float64, nFields, nFields+len(folded))
	n := float64(max(t.live, 1))
	for f := range nFields {
		stats[f] = float64(t.lenSum[f]) / n
	}
	for k := range folded {
		df := 0
		for _, e := range t.expand(folded[k], stems[k]) {
			df += len(t.post[e.term])
		}
		df = min(df, t.live)
		stats = append(stats, math.Log(1+(n-float64(df)+0.5)/(float64(df)+0.5)))
	}
	return stats
}

// expand returns the index terms a query word matches: its stem exactly; (for words of
// three or more letters) every term starting with the folded word — "digitalis" finds
// "digitalisierung"; and (for stems of minTail or more letters) every compound ending in
// the stem — "straße" finds "hauptstraße" — and every other term containing it — "park"
// finds "anwohnerparkausweis". Each kind is capped at the maxExpansion most frequent
// terms.
func (t *tenantIndex) expand(folded, stem string) []expansion {
	var out []expansion
	if id, ok := t.termID[stem]; ok {
		out = append(out, expansion{term: id, weight: 1})
	}
	if len(folded) < 3 {
		return out
	}
	lo := sort.Search(len(t.vocab), func(k int) bool { return t.termStr[t.vocab[k]] >= folded })
	hi := lo
	for hi < len(t.vocab) && strings.HasPrefix(t.termStr[t.vocab[hi]], folded) {
		hi++
	}
	out = t.appendExpansions(out, t.vocab[lo:hi], prefixWeight)
	if len(stem) < minTail {
		return out
	}
	lo = sort.Search(len(t.rvocab), func(k int) bool { return compareBackwards(t.termStr[t.rvocab[k]], stem) >= 0 })
	hi = lo
	for hi < len(t.rvocab) && strings.HasSuffix(t.termStr[t.rvocab[hi]], stem) {
		hi++
	}
	out = t.appendExpansions(out, t.rvocab[lo:hi], tailWeight)
	return t.appendExpansions(out, t.infixes(stem), infixWeight)
}

// infixes returns the terms containing stem (len(stem) >= 3): the terms of stem's rarest
// trigram that contain the whole of it.
func (t *tenantIndex) infixes(stem string) []int32 {
	var rarest []int32
	for k := 0; k+3 <= len(stem); k++ {
		l := t.grams[trigram(stem[k:])]
		if len(l) == 0 {
			return nil
		}
		if rarest == nil || len(l) < len(rarest) {
			rarest = l
		}
	}
	var out []int32
	for _, id := range rarest {
		if term := t.termStr[id]; len(term) > len(stem) && strings.Contains(term, stem) {
			out = append(out, id)
		}
	}
	return out
}

// appendExpansions adds the terms of ids not in out yet with weight, the maxExpansion most
// frequent if there are more.
func (t *tenantIndex) appendExpansions(out []expansion, ids []int32, weight float64) []expansion {
	if len(ids) > maxExpansion {
		ids = slices.Clone(ids)
		slices.SortFunc(ids, func(a, b int32) int { return cmp.Compare(len(t.post[b]), len(t.post[a])) })
		ids = ids[:maxExpansion]
	}
	for _, id := range ids {
		if !slices.ContainsFunc(out, func(e expansion) bool { return e.term == id }) {
			out = append(out, expansion{term: id, weight: weight})
		}
	}
	return out
}
