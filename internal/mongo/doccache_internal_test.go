package mongo

import "testing"

// TestDocCacheRaces: a read keeps what it found unless its own key was written (or the
// entries dropped) since it began; writes of other keys do not stop it.
func TestDocCacheRaces(t *testing.T) {
	v := func(n int) *int { return &n }
	c := &docCache[int]{max: 3}
	_, gen, ok := c.get("a")
	if ok {
		t.Fatal("hit in an empty cache")
	}
	c.wrote("b", v(2)) // another key written meanwhile
	c.read("a", v(1), gen)
	if e, _, ok := c.get("a"); !ok || e.doc != 1 {
		t.Fatalf("a read beside a write of another key is not kept: %+v %v", e, ok)
	}
	_, gen, _ = c.get("a")
	c.wrote("a", v(3)) // the read below began before this write: its copy is older
	c.read("a", v(1), gen)
	if e, _, _ := c.get("a"); e.doc != 3 {
		t.Fatalf("a raced read replaced the write: %d", e.doc)
	}
	_, gen, _ = c.get("a")
	c.wrote("a", nil) // unknown outcome: a miss, and reads begun before it are not kept
	if _, _, ok := c.get("a"); ok {
		t.Fatal("hit after a write of unknown outcome")
	}
	c.read("a", v(1), gen)
	if _, _, ok := c.get("a"); ok {
		t.Fatal("a read begun before the unknown write was kept")
	}
	_, gen, _ = c.get("a")
	c.read("a", nil, gen) // begun after it: kept, as missing
	if e, _, ok := c.get("a"); !ok || !e.absent {
		t.Fatalf("a later read found it missing: %+v %v", e, ok)
	}
	// Full: the entries go together, and a read begun before cannot tell what it missed.
	_, gen, _ = c.get("z")
	c.wrote("c", v(4))
	c.wrote("d", v(5)) // the fourth key: starts over
	c.read("z", v(9), gen)
	if _, _, ok := c.get("z"); ok {
		t.Fatal("a read begun before the entries were dropped was kept")
	}
	if e, _, ok := c.get("d"); !ok || e.doc != 5 {
		t.Fatal("the write that started over was not kept")
	}
	_, gen, _ = c.get("z")
	c.reset()
	c.read("z", v(9), gen)
	if _, _, ok := c.get("z"); ok || len(c.docs) != 0 {
		t.Fatal("kept across a reset")
	}
}
