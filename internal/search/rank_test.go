package search

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// exhaustive answers q the way Search did before block-max pruning, as the reference for
// the tests: the filters checked idea by idea, every posting of every query term scored
// (term at a time), the matches counted, and the page picked from all of them.
func (x *Index) exhaustive(tenantID string, a *domain.Actor, q Query) (Page, error) {
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
	t.mu.Lock()
	t.class(key, roles)
	t.mu.Unlock()
	t.mu.RLock()
	defer t.mu.RUnlock()

	mask := t.bruteFilter(a, q)
	var stats []float64
	var picked []int32
	var scores []float64
	total := 0
	switch {
	case len(folded) > 0:
		stats = t.textStats(folded, stems, cur)
		cands, score := t.exhaustiveMatch(folded, stems, stats, mask)
		total = len(cands)
		var keyOf func(int32) float64
		if sortKind == sortRelevance {
			keyOf = func(ord int32) float64 { return score[ord] }
		}
		picked = t.topK(cands, sortKind, keyOf, cur, q.Limit+1)
		for _, ord := range picked {
			scores = append(scores, score[ord])
		}
	default: // every match ranked, never a walk of the orderings
		cands := members(mask, 0)
		total = len(cands)
		picked = t.topK(cands, sortKind, nil, cur, q.Limit+1)
	}
	return t.page(x, q.Limit, sortKind, sig, stats, total, picked, scores), nil
}

// bruteFilter is filter the slow way, idea by idea, for the reference.
func (t *tenantIndex) bruteFilter(a *domain.Actor, q Query) bitset {
	only := map[string]bool{}
	for _, id := range q.OnlyIDs {
		only[id] = true
	}
	var mask bitset
	for ord, d := range t.docs {
		if d == nil {
			continue
		}
		i := d.idea
		if domain.CanSeeIdea(a, i) &&
			(len(q.Stages) == 0 || slices.Contains(q.Stages, i.Stage)) &&
			(q.Visibility == "" || i.Visibility == q.Visibility) &&
			(q.Source == "" || i.Source == q.Source) &&
			(q.CampaignID == "" || i.CampaignID == q.CampaignID) &&
			(q.DepartmentID == "" || i.DepartmentID == q.DepartmentID) &&
			(q.Tag == "" || slices.ContainsFunc(i.Tags, func(tag string) bool { return tagKey(tag) == tagKey(q.Tag) })) &&
			(q.AuthorID == "" || i.IsAuthor(q.AuthorID)) &&
			(!q.Restrict || only[i.ID]) {
			mask.set(int32(ord))
		}
	}
	return mask
}

// exhaustiveMatch scores every idea in mask that matches every query word, word by word
// in ascending order of postings, and returns them (ascending) with their scores.
func (t *tenantIndex) exhaustiveMatch(folded, stems []string, stats []float64, mask bitset) ([]int32, map[int32]float64) {
	toks := make([]token, len(folded))
	for k := range folded {
		toks[k].exp = t.expand(folded[k], stems[k])
		for _, e := range toks[k].exp {
			toks[k].size += len(t.post[e.term])
		}
		if toks[k].size == 0 {
			return nil, nil
		}
	}
	idf := stats[nFields:]
	order := make([]int, len(toks))
	for k := range order {
		order[k] = k
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(toks[a].size, toks[b].size) })
	var norm [nFields]float64
	for f := range nFields {
		norm[f] = max(stats[f], 1)
	}
	matched := map[int32]int{}
	total := map[int32]float64{}
	for step, k := range order {
		part := map[int32]float64{}
		for _, e := range toks[k].exp {
			for _, p := range t.post[e.term] {
				ord := int32(p >> 32)
				if step == 0 && !mask.has(ord) || step > 0 && matched[ord] != step {
					continue
				}
				part[ord] = max(part[ord], contribution(e.weight, wtf(p, &t.lens[ord], &norm)))
			}
		}
		for ord, v := range part {
			matched[ord] = step + 1
			total[ord] += float64(idf[k] * v)
		}
	}
	var cands []int32
	for ord, n := range matched {
		if n == len(order) {
			cands = append(cands, ord)
		}
	}
	slices.Sort(cands)
	return cands, total
}

// corpus makes random ideas over a small vocabulary: words that share prefixes ("stadt",
// "stadtteil", "stadtwald"), a few very frequent, texts of few distinct lengths and
// repeated words, so scores tie and prefix queries expand to several terms.
type corpus struct {
	r       *rand.Rand
	n       int
	ids     []string // by n: the ideas' IDs (not in the order they are added, if shuffled)
	live    []*domain.Idea
	removed map[string]bool
}

var corpusWords = strings.Fields(`Stadt Stadtteil Stadtteile Stadtwald Stadtbibliothek Radweg Radwege Radfahrer
Parkplatz Parkplätze Park Parken Bürger Bürgeramt Bürgerinnen Klima klimafreundlich Schule Schulweg Schultoilette
Woche Wochenmarkt Online Onlineformular Termin Terminvergabe Spielplatz Baum Bäume Baumpflanzung Laterne Müll
Müllabfuhr Wasser Brunnen digital Digitalisierung Straße Straßenbeleuchtung Ampel Ampelschaltung Hitze Hitzeschutz`)

var corpusRare = strings.Fields(`Zeppelin Quantenamt Xylofon Yak Kompost Lärm Mensa Nachtbus Sitzbank Trinkbrunnen`)

var corpusTags = []string{"Mobilität", "Umwelt", "Klima", "Bildung", "Digitalisierung", "Sicherheit"}

func newCorpus(r *rand.Rand, size int, shuffled bool) *corpus {
	c := &corpus{r: r, removed: map[string]bool{}}
	c.ids = make([]string, size)
	for n := range c.ids {
		c.ids[n] = fmt.Sprintf("id-%05d", n)
	}
	if shuffled {
		r.Shuffle(len(c.ids), func(i, j int) { c.ids[i], c.ids[j] = c.ids[j], c.ids[i] })
	}
	return c
}

// word draws a word, the first ones of the vocabulary far more often than the last.
func (c *corpus) word() string {
	if c.r.IntN(20) == 0 {
		return corpusRare[c.r.IntN(len(corpusRare))]
	}
	return corpusWords[int(float64(len(corpusWords))*c.r.Float64()*c.r.Float64())]
}

func (c *corpus) text(lengths ...int) string {
	w := make([]string, lengths[c.r.IntN(len(lengths))])
	for k := range w {
		w[k] = c.word()
	}
	return strings.Join(w, " ")
}

func (c *corpus) idea(id string, rev int64) *domain.Idea {
	r := c.r
	stages := []domain.Stage{domain.StageDraft, domain.StageSubmitted, domain.StageScreening, domain.StageEvaluation, domain.StagePilot, domain.StageRejected}
	i := &domain.Idea{
		ID: id, TenantID: "t1", Title: c.text(1, 2, 3, 4), Summary: c.text(0, 3, 6, 10), Description: c.text(0, 8, 20, 40),
		Stage: stages[r.IntN(len(stages))], ScreeningPassed: r.IntN(2) == 0, Visibility: domain.VisibilityPublic,
		Source: domain.SourceStaff, AuthorID: fmt.Sprintf("u%d", r.IntN(6)), SupportCount: r.IntN(4),
		CampaignID: fmt.Sprintf("c%d", r.IntN(3)), DepartmentID: fmt.Sprintf("d%d", r.IntN(3)), Revision: rev,
		CreatedAt: t0.Add(time.Duration(r.IntN(500)) * time.Minute), LastActivityAt: t0.Add(time.Duration(r.IntN(50)) * time.Hour),
	}
	if r.IntN(4) == 0 {
		i.Problem = c.text(5, 10)
	}
	if r.IntN(4) == 0 {
		i.ExpectedBenefit = c.text(3, 8)
	}
	for range r.IntN(4) {
		if tg := corpusTags[r.IntN(len(corpusTags))]; !slices.Contains(i.Tags, tg) {
			i.Tags = append(i.Tags, tg)
		}
	}
	if r.IntN(3) == 0 {
		i.Visibility = domain.VisibilityInternal
	}
	if r.IntN(3) == 0 {
		i.Source = domain.SourceCitizen
	}
	if r.IntN(5) == 0 {
		i.CoAuthorIDs = []string{fmt.Sprintf("u%d", r.IntN(6))}
	}
	if r.IntN(3) == 0 {
		i.Score = &domain.ScoreSummary{Weighted: float64(r.IntN(5)), ReviewCount: 1 + r.IntN(3)}
	}
	return i
}

// change adds, edits and removes ideas.
func (c *corpus) change(x *Index, add, edit, remove int) {
	for range add {
		if c.n == len(c.ids) {
			break
		}
		i := c.idea(c.ids[c.n], 1)
		c.n++
		x.Put(i)
		c.live = append(c.live, i)
	}
	for range edit {
		if len(c.live) == 0 {
			break
		}
		k := c.r.IntN(len(c.live))
		i := c.idea(c.live[k].ID, c.live[k].Revision+1)
		if c.r.IntN(2) == 0 { // same text, other counters (as a support does)
			j := *c.live[k]
			j.Revision, j.SupportCount = i.Revision, i.SupportCount
			i = &j
		}
		x.Put(i)
		c.live[k] = i
	}
	for range remove {
		if len(c.live) == 0 {
			break
		}
		k := c.r.IntN(len(c.live))
		x.Remove("t1", c.live[k].ID)
		c.removed[c.live[k].ID] = true
		c.live = slices.Delete(c.live, k, k+1)
	}
}

// queryText draws a search: whole words (some transliterated or upper-cased), prefixes
// of three to six letters, now and then a stop word or a word no idea has.
func (c *corpus) queryText() string {
	r := c.r
	n := 1 + r.IntN(3)
	switch r.IntN(20) {
	case 0:
		return ""
	case 1:
		n = 4 + r.IntN(5) // prefixes only: many terms
	default:
		if r.IntN(2) == 0 {
			n = 1
		}
	}
	w := make([]string, n)
	for k := range w {
		word := c.word()
		choice := r.IntN(10)
		if n > 3 {
			choice = 0
		}
		switch choice {
		case 0, 1, 2:
			rs := []rune(word)
			word = string(rs[:min(len(rs), 3+r.IntN(4))])
		case 3:
			word = strings.ToUpper(strings.NewReplacer("ü", "ue", "ä", "ae", "ö", "oe", "ß", "ss").Replace(word))
		case 4:
			if r.IntN(3) == 0 {
				word = "und"
			}
		case 5:
			if r.IntN(4) == 0 {
				word = "Zzyzx"
			}
		}
		w[k] = word
	}
	return strings.Join(w, " ")
}

func (c *corpus) query() Query {
	r := c.r
	q := Query{Text: c.queryText(), Limit: 1 + r.IntN(30)}
	if r.IntN(5) == 0 {
		q.Limit = 1 + r.IntN(3)
	}
	if r.IntN(4) == 0 {
		q.Sort = []string{"newest", "supports", "score", "activity", "relevance"}[r.IntN(5)]
	}
	if r.IntN(5) == 0 {
		q.Stages = []domain.Stage{domain.StageEvaluation, domain.StagePilot}[:1+r.IntN(2)]
	}
	if r.IntN(6) == 0 {
		q.CampaignID = fmt.Sprintf("c%d", r.IntN(3))
	}
	if r.IntN(6) == 0 {
		q.DepartmentID = fmt.Sprintf("d%d", r.IntN(3))
	}
	if r.IntN(8) == 0 {
		q.Tag = corpusTags[r.IntN(len(corpusTags))]
	}
	if r.IntN(8) == 0 {
		q.Visibility = domain.VisibilityInternal
	}
	if r.IntN(8) == 0 {
		q.Source = domain.SourceCitizen
	}
	if r.IntN(8) == 0 {
		q.AuthorID = fmt.Sprintf("u%d", r.IntN(6))
	}
	if r.IntN(10) == 0 {
		q.Restrict = true
		for range r.IntN(200) {
			q.OnlyIDs = append(q.OnlyIDs, c.ids[r.IntN(max(c.n, 1))])
		}
	}
	return q
}

// TestSearchMatchesExhaustive compares Search with exhaustive scoring over random queries,
// filters, sorts and limits, paging through every page (and on with cursors of pages made
// before ideas were added, edited and removed), while the index changes between rounds.
func TestSearchMatchesExhaustive(t *testing.T) {
	defer func(f, w int) { denseFloor, walkStepsPerMatch = f, w }(denseFloor, walkStepsPerMatch)
	actors := []*domain.Actor{
		nil,
		{UserID: "u1", Roles: []domain.Role{domain.RoleEmployee}},
		{UserID: "u2", Roles: []domain.Role{domain.RoleCitizen}},
		{UserID: "u3", Roles: []domain.Role{domain.RoleAdmin}},
	}
	for _, tc := range []struct {
		name           string
		floor          int
		shuffled, bulk bool
		rounds         int
		walkSteps      int // walkStepsPerMatch: 1 leaves a page to topK more often than not
	}{
		{"DenseFromFewPostings", 4, false, false, 8, 1},
		{"IDsNotInOrder", 4, true, false, 8, walkStepsPerMatch},
		{"BulkLoaded", 4, true, true, 6, 1},
		{"DefaultFloor", denseFloor, true, false, 6, walkStepsPerMatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			denseFloor, walkStepsPerMatch = tc.floor, tc.walkSteps
			r := rand.New(rand.NewPCG(uint64(tc.floor), uint64(len(tc.name))))
			c := newCorpus(r, 4000, tc.shuffled)
			x := New(nil)
			if tc.bulk {
				x.BulkLoad(func(yield func(*domain.Idea) bool) {
					for range 1500 {
						i := c.idea(c.ids[c.n], 1)
						c.n++
						c.live = append(c.live, i)
						if !yield(i) {
							return
						}
					}
				})
			}
			pages, compared := 0, 0
			for round := range tc.rounds {
				c.change(x, 300, 40, 20)
				checkDense(t, x)
				for range 25 {
					q, a := c.query(), actors[r.IntN(len(actors))]
					for page := 0; page < 20; page++ {
						got, err := x.Search("t1", a, q)
						want, werr := x.exhaustive("t1", a, q)
						if (err == nil) != (werr == nil) {
							t.Fatalf("round %d, %+v: error %v, exhaustive %v", round, q, err, werr)
						}
						if err != nil {
							break
						}
						pages++
						if !slices.Equal(ids(got), ids(want)) || got.Total != want.Total || got.Next != want.Next {
							t.Fatalf("round %d, page %d of %+v for %v:\n got %v (total %d, next %q)\nwant %v (total %d, next %q)",
								round, page, q, a, ids(got), got.Total, got.Next, ids(want), want.Total, want.Next)
						}
						compared += len(got.Items)
						if got.Next == "" {
							break
						}
						q.Cursor = got.Next
						if r.IntN(8) == 0 {
							// The next page is asked for after the index changed: the cursor
							// keeps the scores' statistics of the first page, and the bounds
							// may have been refreshed since for other norms.
							c.change(x, 5+r.IntN(20), 3, 2)
							if r.IntN(2) == 0 {
								x.Search("t1", a, Query{Text: q.Text})
							}
						}
					}
				}
			}
			t.Logf("%d pages, %d ideas compared", pages, compared)
		})
	}
}

// TestRelevanceTies pages through a search whose matches all score the same, with IDs in
// no particular order of the ordinals: the tie-break (ID, descending) decides every page.
func TestRelevanceTies(t *testing.T) {
	defer func(f int) { denseFloor = f }(denseFloor)
	denseFloor = 4
	x := New(nil)
	r := rand.New(rand.NewPCG(3, 5))
	perm := r.Perm(1000)
	for n := range 1000 {
		i := idea(perm[n], "Radweg sanieren", "Ein Radweg für alle")
		if n%7 == 0 {
			i.Title = "Radweg Radweg sanieren" // a few score higher
		}
		x.Put(i)
	}
	var got []string
	q := Query{Text: "radweg", Limit: 17}
	for {
		p := mustSearch(t, x, nil, q)
		want, _ := x.exhaustive("t1", nil, q)
		if !slices.Equal(ids(p), ids(want)) || p.Next != want.Next || p.Total != 1000 {
			t.Fatalf("page after %d: got %v, want %v", len(got), ids(p), ids(want))
		}
		got = append(got, ids(p)...)
		if p.Next == "" {
			break
		}
		q.Cursor = p.Next
	}
	if len(got) != 1000 {
		t.Fatalf("%d ideas over all pages", len(got))
	}
}

// checkDense checks the dense terms' structures against the postings: a dense term's
// bitset is exactly its postings, and its bounds hold for every posting at ref.
func checkDense(t *testing.T, x *Index) {
	t.Helper()
	ti := x.tenant("t1", false)
	ti.mu.RLock()
	defer ti.mu.RUnlock()
	for id, dt := range ti.dense {
		if dt == nil {
			continue
		}
		post := ti.post[id]
		if dt.bits.count() != len(post) {
			t.Fatalf("term %q: %d bits, %d postings", ti.termStr[id], dt.bits.count(), len(post))
		}
		for _, p := range post {
			ord := int32(p >> 32)
			if !dt.bits.has(ord) {
				t.Fatalf("term %q: posting of %d not in the bitset", ti.termStr[id], ord)
			}
			j := ord >> windowShift
			w := wtf(p, &ti.lens[ord], &dt.ref)
			for k, weight := range weights {
				if c := contribution(weight, w); int(j) >= len(dt.max[k]) || c > dt.max[k][j] {
					t.Fatalf("term %q: contribution %v of %d above its window's bound", ti.termStr[id], c, ord)
				}
			}
		}
	}
}

// TestDenseTerms checks that a term gets its bitset and bounds when it becomes frequent and
// loses them when it becomes rare again, at runtime and in bulk loads, and that searches
// agree with exhaustive scoring throughout.
func TestDenseTerms(t *testing.T) {
	defer func(f int) { denseFloor = f }(denseFloor)
	denseFloor = 8
	x := New(nil)
	dense := func() bool {
		ti := x.tenant("t1", false)
		ti.mu.RLock()
		defer ti.mu.RUnlock()
		id, ok := ti.termID["radweg"]
		return ok && ti.dense[id] != nil
	}
	same := func(q Query) {
		t.Helper()
		got := mustSearch(t, x, nil, q)
		want, _ := x.exhaustive("t1", nil, q)
		if !slices.Equal(ids(got), ids(want)) || got.Total != want.Total || got.Next != want.Next {
			t.Fatalf("%+v: got %v (%d), want %v (%d)", q, ids(got), got.Total, ids(want), want.Total)
		}
	}
	for n := range 20 {
		x.Put(idea(n+1, strings.Repeat("Radweg ", 1+n%3)+"sanieren", "Ein Weg"))
		if want := n+1 >= denseFloor; dense() != want {
			t.Fatalf("%d postings: dense %v", n+1, !want)
		}
	}
	checkDense(t, x)
	same(Query{Text: "Radweg", Limit: 3})
	for n := range 17 {
		x.Remove("t1", fmt.Sprintf("id-%04d", n+1))
	}
	if dense() {
		t.Fatal("3 postings: still dense")
	}
	checkDense(t, x)
	same(Query{Text: "radw", Limit: 2})

	// A bulk load makes dense what has become frequent and drops what has not.
	x.BulkLoad(func(yield func(*domain.Idea) bool) {
		for n := 100; n < 110; n++ {
			if !yield(idea(n, "Radweg", "Weg")) {
				return
			}
		}
	})
	if !dense() {
		t.Fatal("13 postings after the bulk load: not dense")
	}
	checkDense(t, x)
	same(Query{Text: "Radweg Weg", Limit: 4})
	denseFloor = 40
	x.BulkLoad(func(yield func(*domain.Idea) bool) { yield(idea(200, "Parkplatz", "Weg")) })
	if dense() {
		t.Fatal("13 postings, floor 40: still dense after the bulk load")
	}
	checkDense(t, x)
	same(Query{Text: "Radweg", Limit: 4})
}

// TestConcurrentSearchAndWrites runs relevance searches (first pages, which refresh the
// bounds under the write lock, and later pages) while ideas are added, edited and removed,
// for the race detector.
func TestConcurrentSearchAndWrites(t *testing.T) {
	defer func(f int) { denseFloor = f }(denseFloor)
	denseFloor = 4
	c := newCorpus(rand.New(rand.NewPCG(8, 9)), 3000, false)
	x := New(nil)
	c.change(x, 600, 0, 0)
	done := make(chan struct{})
	errs := make(chan error, 4)
	for g := range 4 {
		go func() {
			r := rand.New(rand.NewPCG(uint64(g), 1))
			texts := []string{"stadt", "Radweg Park", "bürg", "klima", "sch"}
			for {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				q := Query{Text: texts[r.IntN(len(texts))], Limit: 1 + r.IntN(10)}
				for range 3 {
					p, err := x.Search("t1", nil, q)
					if err != nil || len(p.Items) > q.Limit || p.Total < len(p.Items) {
						errs <- fmt.Errorf("%+v: %d items, total %d, %v", q, len(p.Items), p.Total, err)
						return
					}
					if p.Next == "" {
						break
					}
					q.Cursor = p.Next
				}
			}
		}()
	}
	for range 50 {
		c.change(x, 10, 5, 3)
	}
	close(done)
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
