package httpapi

import (
	"context"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/search"
)

type fakeFacts []struct {
	idea, user string
	follow     bool
}

func (f fakeFacts) ScanEngagement(_ context.Context, fn func(tenantID, ideaID, userID string, follow bool) error) error {
	for _, x := range f {
		if err := fn("t1", x.idea, x.user, x.follow); err != nil {
			return err
		}
	}
	return nil
}

// TestFactsCacheRevisions: an entry is used only at its revision; a change is applied only
// to the entry of the revision before it; an untold change of supports drops the entry; a
// reload keeps what this instance kept more up to date meanwhile.
func TestFactsCacheRevisions(t *testing.T) {
	x := search.New(nil)
	put := func(id string, rev int64) {
		x.Put(&domain.Idea{ID: id, TenantID: "t1", Title: "Idee " + id, Stage: domain.StageScreening, Revision: rev})
	}
	put("a", 5)
	put("b", 3)
	c := newFactsCache()
	n, err := c.load(context.Background(), fakeFacts{{"a", "u1", false}, {"a", "u2", true}, {"a", "u1", false}, {"gone", "u1", false}}, x)
	if err != nil || n != 3 {
		t.Fatalf("load: %d facts, %v; want 3 (the deleted idea's fact skipped)", n, err)
	}
	is := func(idea string, rev int64, user string, wantSup, wantFol, wantOK bool) {
		t.Helper()
		sup, fol, ok := c.flags("t1", idea, rev, user)
		if sup != wantSup || fol != wantFol || ok != wantOK {
			t.Fatalf("%s@%d %s: %v %v %v, want %v %v %v", idea, rev, user, sup, fol, ok, wantSup, wantFol, wantOK)
		}
	}
	is("a", 5, "u1", true, false, true)
	is("a", 5, "u2", false, true, true)
	is("a", 4, "u1", false, false, false) // another revision: unknown
	is("b", 3, "u1", false, false, true)

	c.apply(domain.FactChange{TenantID: "t1", IdeaID: "a", Revision: 6, UserID: "u3", On: true})
	is("a", 6, "u3", true, false, true)
	is("a", 6, "u1", true, false, true)
	c.apply(domain.FactChange{TenantID: "t1", IdeaID: "a", Revision: 8, UserID: "u1"}) // 7 missing
	is("a", 6, "u1", true, false, true)
	is("a", 8, "u1", false, false, false)
	c.ideaWritten(&domain.Idea{ID: "b", TenantID: "t1", Revision: 4}, false) // an edit
	is("b", 4, "u1", false, false, true)
	c.apply(domain.FactChange{TenantID: "t1", IdeaID: "b", Revision: 5, Unknown: true})
	is("b", 5, "u1", false, false, false)
	is("b", 4, "u1", false, false, false)
	c.ideaWritten(&domain.Idea{ID: "new", TenantID: "t1", Revision: 1}, false)
	is("new", 1, "u1", false, false, true)

	// A reload: the index has a@5 (this instance's revision 6 has not reached it in this
	// test), so the kept entry of revision 6 wins over the scan's of 5.
	put("new", 1)
	if _, err := c.load(context.Background(), fakeFacts{{"a", "u1", false}}, x); err != nil {
		t.Fatal(err)
	}
	is("a", 6, "u3", true, false, true)
	is("new", 1, "u1", false, false, true)
	is("b", 3, "u1", false, false, true)
	c.ideaWritten(&domain.Idea{ID: "a", TenantID: "t1"}, true)
	is("a", 6, "u3", false, false, false)
}
