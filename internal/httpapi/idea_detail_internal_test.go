package httpapi

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// TestDetailCacheBudget: the cache stays within its byte budget, evicting the least
// recently used ideas, and an older copy never replaces a newer one.
func TestDetailCacheBudget(t *testing.T) {
	c := newDetailCache()
	html := strings.Repeat("x", 100<<10) // ~100 KB per entry: the budget holds ~240
	entry := func(id string, rev int64) *detailEntry {
		return &detailEntry{idea: &domain.Idea{ID: id, Revision: rev}, html: html}
	}
	for k := range 1000 {
		c.add(fmt.Sprint(k), entry(fmt.Sprint(k), 1))
	}
	var sum int64
	for _, k := range c.lru.Keys() {
		e, _ := c.lru.Peek(k)
		sum += e.size()
	}
	if c.bytes != sum || c.bytes > detailBytes {
		t.Fatalf("bytes %d, entries sum to %d, budget %d", c.bytes, sum, detailBytes)
	}
	if n := c.lru.Len(); n < 225 || n > 250 {
		t.Fatalf("%d entries of ~101 KB in a budget of 24 MiB", n)
	}
	at := func(rev, version int64) *domain.Idea { return &domain.Idea{Revision: rev, Version: version} }
	if _, ok := c.current("999", at(1, 0)); !ok {
		t.Fatal("the newest entry is gone")
	}
	if _, ok := c.current("1", at(1, 0)); ok {
		t.Fatal("the oldest entries should be gone")
	}
	if _, ok := c.current("999", at(2, 1)); ok {
		t.Fatal("served at another version")
	}
	c.add("999", entry("999", 3))
	c.add("999", entry("999", 2)) // a slower reader's older copy
	if e, ok := c.current("999", at(3, 0)); !ok || e.idea.Revision != 3 {
		t.Fatal("an older copy replaced the newer one")
	}
	if sum := int64(c.lru.Len()) * entry("", 0).size(); c.bytes != sum {
		t.Fatalf("bytes %d after replacing, want %d", c.bytes, sum)
	}
}

// A change of counters alone (same version, later revision) is applied to a new entry;
// any other write (another version) or an index behind the entry misses.
func TestDetailCacheCounters(t *testing.T) {
	c := newDetailCache()
	old := &domain.Idea{ID: "i", Title: "Radweg", Revision: 3, Version: 2, SupportCount: 1, Tags: []string{"a"}}
	c.add("k", &detailEntry{idea: old, html: "<p>Radweg</p>"})
	later := time.Date(2026, 11, 26, 4, 0, 0, 0, time.UTC)
	ix := &domain.Idea{ID: "i", Revision: 5, Version: 2, SupportCount: 7, CommentCount: 2, LastActivityAt: later}
	e, ok := c.current("k", ix)
	if !ok || e.idea.Revision != 5 || e.idea.SupportCount != 7 || e.idea.CommentCount != 2 || !e.idea.LastActivityAt.Equal(later) ||
		e.idea.Title != "Radweg" || e.html != "<p>Radweg</p>" {
		t.Fatalf("after counter changes: %+v", e.idea)
	}
	if old.SupportCount != 1 || old.Revision != 3 {
		t.Fatal("the entry handed out before was changed")
	}
	if again, ok := c.current("k", ix); !ok || again != e {
		t.Fatal("the brought-up entry is not kept")
	}
	if _, ok := c.current("k", &domain.Idea{Revision: 6, Version: 3}); ok {
		t.Fatal("served after an edit (a new version)")
	}
	if _, ok := c.current("k", &domain.Idea{Revision: 4, Version: 2}); ok {
		t.Fatal("served although the index is behind the entry")
	}
	// A review changes the score at the same version: the page is read again.
	if _, ok := c.current("k", &domain.Idea{ID: "i", Revision: 6, Version: 2, Score: &domain.ScoreSummary{Weighted: 70, ReviewCount: 1}}); ok {
		t.Fatal("served after the score changed")
	}
	scored := &domain.Idea{ID: "i", Revision: 6, Version: 2, Score: &domain.ScoreSummary{Weighted: 70, ReviewCount: 1,
		Criteria: []domain.CriterionStats{{Key: "nutzen"}}}}
	c.add("k", &detailEntry{idea: scored, html: "<p>Radweg</p>"})
	if e, ok := c.current("k", &domain.Idea{ID: "i", Revision: 7, Version: 2, SupportCount: 8, Score: &domain.ScoreSummary{Weighted: 70, ReviewCount: 1}}); !ok ||
		e.idea.SupportCount != 8 || len(e.idea.Score.Criteria) != 1 {
		t.Fatalf("a support after the review: %+v, %v", e, ok)
	}
}
