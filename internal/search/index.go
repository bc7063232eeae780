package search

import (
	"cmp"
	"context"
	"hash/maphash"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Fields of the full-text index and their BM25F weights.
const (
	fTitle = iota
	fSummary
	fDescription
	fTags
	nFields
)

var fieldWeight = [nFields]float64{3, 1.5, 1, 2.5}

// Sorts kept as pre-sorted orderings.
const (
	sortNewest = iota
	sortSupports
	sortScore
	sortActivity
	// sortScoreDecided is the score order for everyone but the CDO's office: ideas still in
	// screening or evaluation sort as unscored there (blind review; see Search).
	sortScoreDecided
	nSorts
	sortRelevance = nSorts // computed per query
)

var sortNames = map[string]int{"newest": sortNewest, "supports": sortSupports, "score": sortScore, "activity": sortActivity, "relevance": sortRelevance}

// doc is one idea in a tenant's index.
type doc struct {
	idea  *domain.Idea // slim copy; never changed once stored, so readers may keep it
	keys  [nSorts]int64
	terms []int32  // full-text terms with a posting of this doc
	feats []uint32 // similarity features: id<<8 | tf
	tags  []string // folded tags (filter keys)
	text  uint64   // textHash of the idea the terms, features and tags come from
}

// Index is the in-memory index of the ideas of every tenant. It is safe for concurrent use.
type Index struct {
	mu      sync.RWMutex
	tenants map[string]*tenantIndex
	cursor  []byte // key of the cursors' integrity check
}

// New returns an empty index. cursorKey authenticates pagination cursors, so a tampered
// cursor is refused instead of being interpreted; instances behind one load balancer must
// share it (cursors are not secrets: visibility is checked on every page anyway).
func New(cursorKey []byte) *Index {
	if len(cursorKey) == 0 {
		cursorKey = []byte("ideenwerk-search-cursor")
	}
	return &Index{tenants: map[string]*tenantIndex{}, cursor: slices.Clone(cursorKey)}
}

type tenantIndex struct {
	mu   sync.RWMutex
	docs []*doc            // by ordinal; nil when deleted
	lens [][nFields]uint32 // by ordinal: the doc's field lengths in terms (kept apart for the scoring loop)
	// winID is by window of ordinals (see denseTerm) the greatest ID of an idea indexed in
	// it, for the relevance tie-break. winUnordered is set once they do not ascend with
	// the windows (IDs are time-ordered and ordinals given as ideas arrive, so they
	// usually do).
	winID        []string
	winUnordered bool
	byID         map[string]int32
	gone         map[string]bool // deleted ideas: a late copy must not bring them back
	live         int

	termID  map[string]int32
	termStr []string
	post    [][]uint64 // by term: ord<<32 | tf(title)<<24 | tf(summary)<<16 | tf(description)<<8 | tf(tags); sorted
	vocab   []int32    // term IDs sorted by term (prefix search)
	rvocab  []int32    // term IDs sorted by term read backwards (compound tails: see expand)
	// grams are by byte trigram of a term the IDs of the terms containing it, ascending
	// (a compound's middle part: see expand).
	grams  map[uint32][]int32
	lenSum [nFields]int64
	dense  []*denseTerm // by term: bitset and block-max bounds of frequent terms; nil for the others

	featID   map[string]int32
	featPost [][]uint32 // by feature: ord<<8 | tf; sorted
	featW    []float32  // by feature: weight of its kind (word or trigram)

	stage    map[domain.Stage]bitset
	vis      map[domain.Visibility]bitset
	source   map[domain.Source]bitset
	campaign map[string][]int32
	dept     map[string][]int32
	tag      map[string][]int32
	author   map[string][]int32 // authors and co-authors
	classes  map[string]*visClass

	order [nSorts][]int32
	bulk  bool
}

// visClass caches domain.CanSeeIdea for one combination of roles: bits for callers who are
// not authors of the idea, own for its authors (answered for the idea's author; the rule
// treats co-authors as authors).
type visClass struct {
	actor  *domain.Actor
	author *domain.Actor // the same roles; UserID set to each idea's author in turn, under the write lock
	bits   bitset
	own    bitset
}

// put caches the answers for the idea at ord.
func (c *visClass) put(ord int32, i *domain.Idea) {
	c.bits.put(ord, domain.CanSeeIdea(c.actor, i))
	c.author.UserID = i.AuthorID
	c.own.put(ord, domain.CanSeeIdea(c.author, i))
}

func newTenantIndex() *tenantIndex {
	return &tenantIndex{
		byID: map[string]int32{}, gone: map[string]bool{}, termID: map[string]int32{}, grams: map[uint32][]int32{}, featID: map[string]int32{},
		stage: map[domain.Stage]bitset{}, vis: map[domain.Visibility]bitset{}, source: map[domain.Source]bitset{},
		campaign: map[string][]int32{}, dept: map[string][]int32{}, tag: map[string][]int32{}, author: map[string][]int32{},
		classes: map[string]*visClass{},
	}
}

func (x *Index) tenant(id string, create bool) *tenantIndex {
	x.mu.RLock()
	t := x.tenants[id]
	x.mu.RUnlock()
	if t != nil || !create {
		return t
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if t = x.tenants[id]; t == nil {
		t = newTenantIndex()
		x.tenants[id] = t
	}
	return t
}

// analysed is what Put derives from an idea before taking the lock.
type analysed struct {
	text  uint64
	idea  *domain.Idea
	keys  [nSorts]int64
	flen  [nFields]uint32
	tf    map[string]*[nFields]uint8
	feats map[string]uint8
	tags  []string
}

func analyse(i *domain.Idea) *analysed {
	a := &analysed{text: textHash(i), idea: slim(i), tf: map[string]*[nFields]uint8{}, feats: map[string]uint8{}}
	a.keys = sortKeys(a.idea)
	add := func(f int, text string) {
		for _, t := range Terms(text) {
			c := a.tf[t]
			if c == nil {
				c = new([nFields]uint8)
				a.tf[t] = c
			}
			if c[f] < math.MaxUint8 {
				c[f]++
			}
			a.flen[f]++
		}
	}
	add(fTitle, i.Title)
	add(fSummary, i.Summary)
	add(fDescription, i.Description)
	add(fDescription, i.Problem)
	add(fDescription, i.ExpectedBenefit)
	for _, tag := range i.Tags {
		add(fTags, tag)
		if k := tagKey(tag); k != "" && !slices.Contains(a.tags, k) {
			a.tags = append(a.tags, k)
		}
	}
	for f, n := range similarityFeatures(i.Title + " " + i.Summary) {
		a.feats[f] = n
	}
	return a
}

// textSeed keys textHash within this process.
var textSeed = maphash.MakeSeed()

// textHash sums up everything analyse reads from an idea's texts.
func textHash(i *domain.Idea) uint64 {
	var h maphash.Hash
	h.SetSeed(textSeed)
	for _, t := range [...]string{i.Title, i.Summary, i.Description, i.Problem, i.ExpectedBenefit} {
		_, _ = h.WriteString(t)
		_ = h.WriteByte(0)
	}
	for _, t := range i.Tags {
		_, _ = h.WriteString(t)
		_ = h.WriteByte(1)
	}
	return h.Sum64()
}

// tagKey is the filter key of a tag: folded, words joined by single spaces.
func tagKey(tag string) string { return strings.Join(strings.Fields(Fold(tag)), " ") }

// slim copies what lists, filters and the visibility rule need; long texts, decisions
// (but the last), pilots and rollouts stay in the database.
func slim(i *domain.Idea) *domain.Idea {
	s := &domain.Idea{
		ID: i.ID, TenantID: i.TenantID, Title: i.Title, Summary: i.Summary,
		TargetGroups: slices.Clone(i.TargetGroups), Tags: slices.Clone(i.Tags),
		DepartmentID: i.DepartmentID, CampaignID: i.CampaignID, Visibility: i.Visibility, Source: i.Source,
		AuthorID: i.AuthorID, CoAuthorIDs: slices.Clone(i.CoAuthorIDs), Stage: i.Stage, StageSince: i.StageSince,
		ScreeningPassed: i.ScreeningPassed, RevisitAt: i.RevisitAt, MergedInto: i.MergedInto,
		SupportCount: i.SupportCount, FollowerCount: i.FollowerCount, CommentCount: i.CommentCount,
		AttachmentCount: i.AttachmentCount, ReusePublished: i.ReusePublished,
		Version: i.Version, Revision: i.Revision, CreatedAt: i.CreatedAt, UpdatedAt: i.UpdatedAt,
		SubmittedAt: i.SubmittedAt, LastActivityAt: i.LastActivityAt,
	}
	if i.Score != nil {
		s.Score = &domain.ScoreSummary{Weighted: i.Score.Weighted, ReviewCount: i.Score.ReviewCount, Disagreement: i.Score.Disagreement}
	}
	if n := len(i.Decisions); n > 0 {
		d := i.Decisions[n-1]
		s.Decisions = []domain.Decision{{ID: d.ID, From: d.From, To: d.To, At: d.At}}
	}
	return s
}

func sortKeys(i *domain.Idea) [nSorts]int64 {
	var k [nSorts]int64
	k[sortNewest] = i.CreatedAt.UnixNano()
	k[sortSupports] = int64(i.SupportCount)
	k[sortScore] = math.MinInt64
	if i.Score != nil && i.Score.ReviewCount > 0 {
		k[sortScore] = int64(math.Round(i.Score.Weighted * 1e4))
	}
	k[sortActivity] = i.LastActivityAt.UnixNano()
	k[sortScoreDecided] = k[sortScore]
	if i.Stage == domain.StageScreening || i.Stage == domain.StageEvaluation {
		k[sortScoreDecided] = math.MinInt64
	}
	return k
}

// Put adds or replaces an idea. A copy older than the one indexed (by Revision) and ideas
// that were removed are ignored, so writes may arrive in any order.
func (x *Index) Put(i *domain.Idea) {
	if i == nil || i.ID == "" || i.TenantID == "" {
		return
	}
	t := x.tenant(i.TenantID, true)
	// Most writes change counters, stage or score, not the texts: then the idea's terms
	// stay as they are and only its filters and sort positions move.
	h := textHash(i)
	t.mu.Lock()
	done := t.putSameText(i, h)
	t.mu.Unlock()
	if done {
		return
	}
	a := analyse(i)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.put(a)
}

// PutCounts applies a change of an idea's counters alone (rev: its revision after the
// change) to the indexed copy, if that copy is of the revision right before: everything but
// the counters stays. Otherwise the change is ignored: the copy is newer already, or a
// change in between is missing — one of another instance, which the feed brings with the
// idea as it is then, this change included. During the start-up load (bulk), which ends
// before the server takes requests, changes are ignored too.
func (x *Index) PutCounts(tenantID, id string, rev int64, c domain.IdeaCounts) {
	t := x.tenant(tenantID, false)
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	ord, ok := t.byID[id]
	if !ok || t.bulk {
		return
	}
	old := t.docs[ord]
	if old.idea.Revision != rev-1 {
		return
	}
	s := *old.idea // the indexed copy is shared with readers: change a copy
	s.SetCounts(c)
	s.Revision = rev
	t.unindexMeta(ord)
	d := &doc{idea: &s, keys: sortKeys(&s), terms: old.terms, feats: old.feats, tags: old.tags, text: old.text}
	t.docs[ord] = d
	t.indexMeta(ord, d)
}

// Remove deletes an idea for good.
func (x *Index) Remove(tenantID, id string) {
	t := x.tenant(tenantID, true)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.gone[id] = true
	if ord, ok := t.byID[id]; ok {
		t.unindex(ord)
		t.docs[ord] = nil
		delete(t.byID, id)
		t.live--
	}
}

// Revision returns the revision of the indexed copy of an idea (0 if absent) and whether
// the idea was removed.
func (x *Index) Revision(tenantID, id string) (rev int64, removed bool) {
	t := x.tenant(tenantID, false)
	if t == nil {
		return 0, false
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	if ord, ok := t.byID[id]; ok {
		return t.docs[ord].idea.Revision, false
	}
	return 0, t.gone[id]
}

// Get returns the indexed (slim) copy of an idea.
func (x *Index) Get(tenantID, id string) (*domain.Idea, bool) {
	t := x.tenant(tenantID, false)
	if t == nil {
		return nil, false
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	if ord, ok := t.byID[id]; ok {
		return t.docs[ord].idea, true
	}
	return nil, false
}

// IDs returns the IDs of a tenant's indexed ideas (for resynchronisation).
func (x *Index) IDs(tenantID string) []string {
	t := x.tenant(tenantID, false)
	if t == nil {
		return nil
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	out := make([]string, 0, len(t.byID))
	for id := range t.byID {
		out = append(out, id)
	}
	return out
}

// Tenants returns the IDs of the tenants with an index.
func (x *Index) Tenants() []string {
	x.mu.RLock()
	defer x.mu.RUnlock()
	out := make([]string, 0, len(x.tenants))
	for id := range x.tenants {
		out = append(out, id)
	}
	return out
}

// BulkLoad indexes many ideas at once (the start-up load): orderings and the vocabulary
// are sorted once at the end instead of per idea.
func (x *Index) BulkLoad(ideas func(yield func(*domain.Idea) bool)) {
	touched := map[*tenantIndex]bool{}
	for i := range ideas {
		if i == nil || i.ID == "" || i.TenantID == "" {
			continue
		}
		a := analyse(i)
		t := x.tenant(i.TenantID, true)
		t.mu.Lock()
		if !touched[t] {
			touched[t] = true
			t.bulk = true
		}
		t.put(a)
		t.mu.Unlock()
	}
	for t := range touched {
		t.mu.Lock()
		t.bulk = false
		t.finishBulk()
		t.mu.Unlock()
	}
}

func (t *tenantIndex) put(a *analysed) {
	id := a.idea.ID
	if t.gone[id] {
		return
	}
	ord, exists := t.byID[id]
	if exists {
		if t.docs[ord].idea.Revision >= a.idea.Revision {
			return
		}
		t.unindex(ord)
	} else {
		ord = int32(len(t.docs))
		t.docs = append(t.docs, nil)
		t.lens = append(t.lens, [nFields]uint32{})
		t.byID[id] = ord
		t.live++
	}
	d := &doc{idea: a.idea, keys: a.keys, tags: a.tags, text: a.text}
	t.docs[ord] = d
	t.index(ord, d, a)
}

// putSameText applies i if nothing is to be done or its texts are those indexed (text
// hash h): the doc's terms and features are kept, its filters and sort positions redone.
// It reports whether i is dealt with; if not, put must analyse it.
func (t *tenantIndex) putSameText(i *domain.Idea, h uint64) bool {
	if t.gone[i.ID] {
		return true
	}
	if t.bulk {
		return false
	}
	ord, ok := t.byID[i.ID]
	if !ok {
		return false
	}
	old := t.docs[ord]
	if old.idea.Revision >= i.Revision {
		return true
	}
	if old.text != h {
		return false
	}
	t.unindexMeta(ord)
	s := slim(i)
	d := &doc{idea: s, keys: sortKeys(s), terms: old.terms, feats: old.feats, tags: old.tags, text: h}
	t.docs[ord] = d
	t.indexMeta(ord, d)
	return true
}

// index adds the contributions of doc d (at ord) to every structure.
func (t *tenantIndex) index(ord int32, d *doc, a *analysed) {
	i := d.idea
	t.lens[ord] = a.flen
	t.noteWinID(int(ord>>windowShift), i.ID)
	d.terms = make([]int32, 0, len(a.tf))
	for term, tf := range a.tf {
		id, ok := t.termID[term]
		if !ok {
			id = int32(len(t.termStr))
			t.termID[term] = id
			t.termStr = append(t.termStr, term)
			t.post = append(t.post, nil)
			t.dense = append(t.dense, nil)
			t.vocabInsert(id)
			t.gramInsert(id)
		}
		p := uint64(ord)<<32 | uint64(tf[fTitle])<<24 | uint64(tf[fSummary])<<16 | uint64(tf[fDescription])<<8 | uint64(tf[fTags])
		t.post[id] = insertU64(t.post[id], p)
		t.noteAdd(id, ord, p)
		d.terms = append(d.terms, id)
	}
	for f := range nFields {
		t.lenSum[f] += int64(a.flen[f])
	}
	d.feats = make([]uint32, 0, len(a.feats))
	for feat, tf := range a.feats {
		id, ok := t.featID[feat]
		if !ok {
			id = int32(len(t.featPost))
			t.featID[feat] = id
			t.featPost = append(t.featPost, nil)
			t.featW = append(t.featW, featureWeight(feat))
		}
		t.featPost[id] = insertU32(t.featPost[id], uint32(ord)<<8|uint32(tf))
		d.feats = append(d.feats, uint32(id)<<8|uint32(tf))
	}
	t.indexMeta(ord, d)
}

// indexMeta adds what the doc at ord contributes besides its texts: filters, visibility
// classes, sort positions.
func (t *tenantIndex) indexMeta(ord int32, d *doc) {
	i := d.idea
	setBit(t.stage, i.Stage, ord)
	setBit(t.vis, i.Visibility, ord)
	setBit(t.source, i.Source, ord)
	addList(t.campaign, i.CampaignID, ord)
	addList(t.dept, i.DepartmentID, ord)
	for _, k := range d.tags {
		addList(t.tag, k, ord)
	}
	addList(t.author, i.AuthorID, ord)
	for _, c := range i.CoAuthorIDs {
		addList(t.author, c, ord)
	}
	for _, c := range t.classes {
		c.put(ord, i)
	}
	for s := range nSorts {
		if t.bulk {
			t.order[s] = append(t.order[s], ord)
		} else {
			t.order[s] = slices.Insert(t.order[s], t.orderPos(s, ord), ord)
		}
	}
}

// unindex removes the contributions of the doc at ord (still in t.docs).
func (t *tenantIndex) unindex(ord int32) {
	d := t.docs[ord]
	for _, id := range d.terms {
		t.post[id] = removeU64(t.post[id], ord)
		t.noteRemove(id, ord)
	}
	for f := range nFields {
		t.lenSum[f] -= int64(t.lens[ord][f])
	}
	for _, f := range d.feats {
		id := f >> 8
		t.featPost[id] = removeU32(t.featPost[id], uint32(ord))
	}
	t.unindexMeta(ord)
}

// unindexMeta removes what indexMeta added for the doc at ord (still in t.docs).
func (t *tenantIndex) unindexMeta(ord int32) {
	d := t.docs[ord]
	i := d.idea
	t.stage[i.Stage].clear(ord)
	t.vis[i.Visibility].clear(ord)
	t.source[i.Source].clear(ord)
	removeList(t.campaign, i.CampaignID, ord)
	removeList(t.dept, i.DepartmentID, ord)
	for _, k := range d.tags {
		removeList(t.tag, k, ord)
	}
	removeList(t.author, i.AuthorID, ord)
	for _, c := range i.CoAuthorIDs {
		removeList(t.author, c, ord)
	}
	for _, c := range t.classes {
		c.bits.clear(ord)
		c.own.clear(ord)
	}
	for s := range nSorts {
		p := t.orderPos(s, ord)
		if p < len(t.order[s]) && t.order[s][p] == ord {
			t.order[s] = slices.Delete(t.order[s], p, p+1)
		}
	}
}

// noteWinID raises the greatest ID of window j to id.
func (t *tenantIndex) noteWinID(j int, id string) {
	if j >= len(t.winID) {
		t.winID = append(t.winID, make([]string, j+1-len(t.winID))...)
	}
	if id > t.winID[j] {
		t.winID[j] = id
		if j > 0 && t.winID[j-1] > id || j+1 < len(t.winID) && id > t.winID[j+1] {
			t.winUnordered = true
		}
	}
}

// before reports whether a comes before b in sort s: key descending, then ID descending
// (IDs are time-ordered, so among equals the newer idea comes first).
func (t *tenantIndex) before(s int, a, b int32) bool {
	da, db := t.docs[a], t.docs[b]
	if da.keys[s] != db.keys[s] {
		return da.keys[s] > db.keys[s]
	}
	return da.idea.ID > db.idea.ID
}

// orderPos is the position of ord in (or for) ordering s, by binary search.
func (t *tenantIndex) orderPos(s int, ord int32) int {
	o := t.order[s]
	return sort.Search(len(o), func(k int) bool { return o[k] == ord || !t.before(s, o[k], ord) })
}

func (t *tenantIndex) finishBulk() {
	for s := range nSorts {
		slices.SortFunc(t.order[s], func(a, b int32) int {
			if t.before(s, a, b) {
				return -1
			}
			return 1
		})
	}
	t.vocab = t.vocab[:0]
	for id := range t.termStr {
		t.vocab = append(t.vocab, int32(id))
	}
	slices.SortFunc(t.vocab, func(a, b int32) int { return strings.Compare(t.termStr[a], t.termStr[b]) })
	t.rvocab = append(t.rvocab[:0], t.vocab...)
	slices.SortFunc(t.rvocab, func(a, b int32) int { return compareBackwards(t.termStr[a], t.termStr[b]) })
	t.finishDense()
}

func (t *tenantIndex) vocabInsert(id int32) {
	if t.bulk {
		return // sorted in finishBulk
	}
	term := t.termStr[id]
	p := sort.Search(len(t.vocab), func(k int) bool { return t.termStr[t.vocab[k]] >= term })
	t.vocab = slices.Insert(t.vocab, p, id)
	p = sort.Search(len(t.rvocab), func(k int) bool { return compareBackwards(t.termStr[t.rvocab[k]], term) >= 0 })
	t.rvocab = slices.Insert(t.rvocab, p, id)
}

// gramInsert adds the new term id (greater than every ID before it) to the lists of its
// trigrams.
func (t *tenantIndex) gramInsert(id int32) {
	term := t.termStr[id]
	for k := 0; k+3 <= len(term); k++ {
		g := trigram(term[k:])
		if l := t.grams[g]; len(l) == 0 || l[len(l)-1] != id {
			t.grams[g] = append(l, id)
		}
	}
}

// trigram packs the first three bytes of s.
func trigram(s string) uint32 { return uint32(s[0])<<16 | uint32(s[1])<<8 | uint32(s[2]) }

// compareBackwards orders strings by their bytes read from the end: the terms ending in the
// same letters are neighbours, as the terms starting with them are in the plain order.
func compareBackwards(a, b string) int {
	i, j := len(a)-1, len(b)-1
	for ; i >= 0 && j >= 0; i, j = i-1, j-1 {
		if a[i] != b[j] {
			return cmp.Compare(a[i], b[j])
		}
	}
	return cmp.Compare(len(a), len(b))
}

// class returns the visibility class of a's roles, building it on first use.
// The caller holds the write lock.
func (t *tenantIndex) class(key string, roles []domain.Role) *visClass {
	if c := t.classes[key]; c != nil {
		return c
	}
	c := &visClass{actor: &domain.Actor{Roles: slices.Clone(roles)}, author: &domain.Actor{Roles: slices.Clone(roles)}}
	for ord, d := range t.docs {
		if d != nil {
			c.put(int32(ord), d.idea)
		}
	}
	t.classes[key] = c
	return c
}

func classKey(a *domain.Actor) (string, []domain.Role) {
	if a == nil {
		return "", nil
	}
	roles := slices.Clone(a.Roles)
	slices.Sort(roles)
	roles = slices.Compact(roles)
	parts := make([]string, len(roles))
	for i, r := range roles {
		parts[i] = string(r)
	}
	return strings.Join(parts, ","), roles
}

func setBit[K comparable](m map[K]bitset, k K, ord int32) {
	b := m[k]
	b.set(ord)
	m[k] = b
}

func addList(m map[string][]int32, k string, ord int32) {
	if k == "" {
		return
	}
	l := m[k]
	p, found := slices.BinarySearch(l, ord)
	if !found {
		m[k] = slices.Insert(l, p, ord)
	}
}

func removeList(m map[string][]int32, k string, ord int32) {
	if k == "" {
		return
	}
	l := m[k]
	if p, found := slices.BinarySearch(l, ord); found {
		l = slices.Delete(l, p, p+1)
		if len(l) == 0 {
			delete(m, k)
		} else {
			m[k] = l
		}
	}
}

func insertU64(l []uint64, p uint64) []uint64 {
	if n := len(l); n == 0 || l[n-1] < p {
		return append(l, p)
	}
	i, _ := slices.BinarySearch(l, p)
	return slices.Insert(l, i, p)
}

func removeU64(l []uint64, ord int32) []uint64 {
	i, _ := slices.BinarySearch(l, uint64(ord)<<32)
	if i < len(l) && int32(l[i]>>32) == ord {
		return slices.Delete(l, i, i+1)
	}
	return l
}

func insertU32(l []uint32, p uint32) []uint32 {
	if n := len(l); n == 0 || l[n-1] < p {
		return append(l, p)
	}
	i, _ := slices.BinarySearch(l, p)
	return slices.Insert(l, i, p)
}

func removeU32(l []uint32, ord uint32) []uint32 {
	i, _ := slices.BinarySearch(l, ord<<8)
	if i < len(l) && l[i]>>8 == ord {
		return slices.Delete(l, i, i+1)
	}
	return l
}

// ScanIdeas calls fn with the slim copy of every idea of every tenant (see slim: no long
// texts, the last decision only), in no particular order; the copies must not be changed.
// It serves jobs that look at every idea (the daily SLA check) without reading the store.
func (x *Index) ScanIdeas(ctx context.Context, fn func(*domain.Idea) error) error {
	for _, tid := range x.Tenants() {
		t := x.tenant(tid, false)
		if t == nil {
			continue
		}
		t.mu.RLock()
		ideas := make([]*domain.Idea, 0, t.live)
		for _, d := range t.docs {
			if d != nil {
				ideas = append(ideas, d.idea)
			}
		}
		t.mu.RUnlock()
		for _, i := range ideas {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := fn(i); err != nil {
				return err
			}
		}
	}
	return nil
}
