package httpapi

import (
	"fmt"
	"strings"
	"testing"

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
	if _, ok := c.get("999", 1); !ok {
		t.Fatal("the newest entry is gone")
	}
	if _, ok := c.get("1", 1); ok {
		t.Fatal("the oldest entries should be gone")
	}
	if _, ok := c.get("999", 2); ok {
		t.Fatal("served at another revision")
	}
	c.add("999", entry("999", 3))
	c.add("999", entry("999", 2)) // a slower reader's older copy
	if _, ok := c.get("999", 3); !ok {
		t.Fatal("an older copy replaced the newer one")
	}
	if sum := int64(c.lru.Len()) * entry("", 0).size(); c.bytes != sum {
		t.Fatalf("bytes %d after replacing, want %d", c.bytes, sum)
	}
}
