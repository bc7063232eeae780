package mongo

import (
	"slices"
	"testing"
)

// A list read from the store is kept only if no change of the idea's follows came while it
// was read; changes update kept lists; a failure forgets them.
func TestFollowerCache(t *testing.T) {
	f := newFollowerCache()
	const k = "t\x00idea"

	ids, r := f.lookup(k)
	if ids != nil || r == nil {
		t.Fatalf("empty cache: %v %v", ids, r)
	}
	f.change(k, "u9", true) // a follow recorded while the list was being read
	f.keep(k, r, []string{"u1"})
	if _, r := f.lookup(k); r == nil {
		t.Fatal("a list read across a change was kept")
	}

	_, r = f.lookup(k)
	f.keep(k, r, []string{"u1", "u2"})
	got, r := f.lookup(k)
	if r != nil || !slices.Equal(got, []string{"u1", "u2"}) {
		t.Fatalf("kept list: %v %v", got, r)
	}
	got[0] = "changed by a caller"
	f.change(k, "u3", true)
	f.change(k, "u3", true) // twice is once
	f.change(k, "u1", false)
	f.change(k, "u7", false) // not a follower: nothing
	if got, _ := f.lookup(k); !slices.Equal(got, []string{"u2", "u3"}) {
		t.Fatalf("after changes: %v", got)
	}

	// Two reads at once: only the later one may keep its list.
	f.forget(k)
	_, r1 := f.lookup(k)
	_, r2 := f.lookup(k)
	f.keep(k, r1, []string{"old"})
	if f.lists.Contains(k) {
		t.Fatal("the earlier of two reads kept its list")
	}
	f.keep(k, r2, []string{"u4"})
	if got, r := f.lookup(k); r != nil || !slices.Equal(got, []string{"u4"}) {
		t.Fatalf("the later read: %v %v", got, r)
	}

	// A failed read keeps nothing and leaves no read behind.
	f.forget(k)
	_, r = f.lookup(k)
	f.keep(k, r, nil)
	if len(f.reads) != 0 || f.lists.Contains(k) {
		t.Fatalf("after a failed read: reads %d, kept %v", len(f.reads), f.lists.Contains(k))
	}
}
