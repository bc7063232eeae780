package search

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

var t0 = time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)

// idea returns a public, screened staff idea created n minutes after t0.
func idea(n int, title, summary string) *domain.Idea {
	return &domain.Idea{
		ID: fmt.Sprintf("id-%04d", n), TenantID: "t1", Title: title, Summary: summary,
		Visibility: domain.VisibilityPublic, Source: domain.SourceStaff, AuthorID: "author",
		Stage: domain.StageEvaluation, ScreeningPassed: true, Revision: 1, Version: 1,
		CreatedAt: t0.Add(time.Duration(n) * time.Minute), LastActivityAt: t0.Add(time.Duration(n) * time.Minute),
	}
}

func ids(p Page) []string {
	out := []string{}
	for _, i := range p.Items {
		out = append(out, i.ID)
	}
	return out
}

func mustSearch(t *testing.T, x *Index, a *domain.Actor, q Query) Page {
	t.Helper()
	p, err := x.Search("t1", a, q)
	if err != nil {
		t.Fatalf("search %+v: %v", q, err)
	}
	return p
}

func TestSearchGerman(t *testing.T) {
	x := New(nil)
	x.Put(idea(1, "Online-Terminvergabe im Bürgeramt", "Termine für Ausweise online buchen"))
	x.Put(idea(2, "Digitalisierung der Bauakte", "Bauanträge vollständig digital einreichen"))
	x.Put(idea(3, "Mehr Grünflächen in der Innenstadt", "Straßenbäume und Parkplätze neu ordnen"))
	x.Put(idea(4, "Die Stadt und der Bürger", "Ein Text über das Amt"))
	staff := &domain.Actor{UserID: "u", Roles: []domain.Role{domain.RoleEmployee}}
	cases := []struct {
		name, q string
		want    []string
	}{
		{"UmlautTransliterated", "Buergeramt", []string{"id-0001"}},
		{"UmlautDropped", "Burgeramt", []string{"id-0001"}},
		{"CaseInsensitive", "BÜRGERAMT", []string{"id-0001"}},
		{"SharpS", "Strasse", []string{"id-0003"}},
		{"Prefix", "Digitalis", []string{"id-0002"}},
		{"StemPlural", "Parkplatz", []string{"id-0003"}},
		{"StopWordsIgnored", "die Digitalisierung der", []string{"id-0002"}},
		{"AllWordsMustMatch", "Digitalisierung Grünflächen", []string{}},
		{"OnlyStopWords", "die der und", []string{}},
		{"NoMatch", "Feuerwehrauto", []string{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := mustSearch(t, x, staff, Query{Text: c.q})
			if got := ids(p); !slices.Equal(got, c.want) || p.Total != len(c.want) {
				t.Fatalf("q=%q: got %v (total %d), want %v", c.q, got, p.Total, c.want)
			}
		})
	}
	t.Run("CompoundTail", func(t *testing.T) {
		// A German compound names what it is last: "Straße" finds "Hauptstraße"; three
		// letters are too few. The word itself ranks before the compounds ending in it.
		checkCompounds(t, staff, []*domain.Idea{
			idea(1, "Parkplätze in der Hauptstraße", "Mehr Platz für Anwohner"),
			idea(2, "Bänke an der Ringstrasse", "Sitzen unter Bäumen"),
			idea(3, "Straßenbahn bis zum Hafen", "Eine neue Linie"),
			idea(4, "Strassenfest im Sommer", "Die Straße feiert"),
			idea(5, "Baustellen koordinieren", "Das Ordnungsamt plant mit"),
		}, map[string][]string{
			"Straße":       {"id-0001", "id-0002", "id-0003", "id-0004"},
			"strasse":      {"id-0001", "id-0002", "id-0003", "id-0004"},
			"Hauptstraße":  {"id-0001"},
			"Ordnungsamt":  {"id-0005"},
			"Amt":          {},
			"Ringstrassen": {"id-0002"},
		}, "Straße", "id-0004")
	})
	t.Run("CompoundMiddle", func(t *testing.T) {
		// A word inside a compound is found too: "Park" in "Anwohnerparkausweis"; three
		// letters are too few, and the word itself ranks first.
		checkCompounds(t, staff, []*domain.Idea{
			idea(1, "Anwohnerparkausweis online beantragen", "Ohne Gang zum Amt"),
			idea(2, "Fahrradwege in der Altstadt", "Lücken im Netz schließen"),
			idea(3, "Park am Fluss pflegen", "Mehr Bänke"),
			idea(4, "Bürgerbeteiligung stärken", "Die Stadtverwaltung fragt nach"),
		}, map[string][]string{
			"Park":           {"id-0001", "id-0003"},
			"Radweg":         {"id-0002"},
			"Beteiligung":    {"id-0004"},
			"verwaltung":     {"id-0004"},
			"parkausweis":    {"id-0001"},
			"Rad":            {},
			"Parkhaus":       {},
			"ausweis online": {"id-0001"},
		}, "Park", "id-0003")
	})
	t.Run("WordBeforeItsCompounds", func(t *testing.T) {
		// Several compounds of a word in one idea count as much as the best of them, not
		// as their sum: the idea that names the word itself ranks first.
		x := New(nil)
		lights := idea(1, "Laternen mit Bewegungsmelder", "Straßenlaternen in Nebenstraßen dimmen")
		lights.Description = "Die Straßenbeleuchtung der Nebenstraßen spart Strom, wenn Straßenlaternen nur bei Bewegung hell leuchten."
		x.Put(lights)
		x.Put(idea(2, "Radweg an der Weseler Straße", "Die Straße braucht einen sicheren Radweg"))
		x.Put(idea(3, "Schulwegplaner und Schulbusse", "Schulwege sicher planen mit der Schulbus-App"))
		x.Put(idea(4, "Tempo 30 vor allen Schulen", "Vor jeder Schule langsam fahren"))
		for q, want := range map[string][]string{"Straße": {"id-0002", "id-0001"}, "Schule": {"id-0004", "id-0003"}} {
			if got := ids(mustSearch(t, x, staff, Query{Text: q, Sort: "relevance"})); !slices.Equal(got, want) {
				t.Fatalf("q=%q: got %v, want %v", q, got, want)
			}
		}
	})
	t.Run("RankedByRelevance", func(t *testing.T) {
		x := New(nil)
		x.Put(idea(1, "Radwege sanieren", "Im Text kommt Bürgeramt einmal vor"))
		x.Put(idea(2, "Bürgeramt digital", "Das Bürgeramt bietet alles online an"))
		p := mustSearch(t, x, staff, Query{Text: "Bürgeramt"})
		if got := ids(p); !slices.Equal(got, []string{"id-0002", "id-0001"}) {
			t.Fatalf("got %v", got)
		}
	})
}

// checkCompounds searches ideas, in an index loaded at start and in one written idea by
// idea, for each query of want (the IDs it must find, sorted), and checks that the
// relevance search for top ranks first first.
func checkCompounds(t *testing.T, a *domain.Actor, ideas []*domain.Idea, want map[string][]string, top, first string) {
	t.Helper()
	bulk := New(nil)
	bulk.BulkLoad(slices.Values(ideas))
	incremental := New(nil)
	for _, i := range ideas {
		incremental.Put(i)
	}
	for name, x := range map[string]*Index{"Bulk": bulk, "Incremental": incremental} {
		for q, w := range want {
			p := mustSearch(t, x, a, Query{Text: q, Limit: 10})
			got := ids(p)
			slices.Sort(got)
			if !slices.Equal(got, w) || p.Total != len(w) {
				t.Fatalf("%s: q=%q: got %v (total %d), want %v", name, q, got, p.Total, w)
			}
		}
		if p := mustSearch(t, x, a, Query{Text: top, Sort: "relevance"}); p.Items[0].ID != first {
			t.Fatalf("%s: %q ranks %s first, want %s", name, top, p.Items[0].ID, first)
		}
	}
}

// Sorting by score tells only the CDO's office how ideas still in review score: for
// everyone else they sort as unscored, like their score is shown to nobody else.
func TestScoreOrderBlindWhileReviewed(t *testing.T) {
	x := New(nil)
	scored := func(n int, stage domain.Stage, weighted float64) *domain.Idea {
		i := idea(n, fmt.Sprintf("Idee %d", n), "Kurz")
		i.Stage, i.Score = stage, &domain.ScoreSummary{Weighted: weighted, ReviewCount: 2}
		return i
	}
	x.Put(scored(1, domain.StageDecision, 60))
	x.Put(scored(2, domain.StageEvaluation, 95))
	x.Put(scored(3, domain.StagePilot, 80))
	x.Put(idea(4, "Ohne Bewertung", "Kurz"))
	cdo := &domain.Actor{UserID: "c", Roles: []domain.Role{domain.RoleEmployee, domain.RoleCDO}}
	reviewer := &domain.Actor{UserID: "r", Roles: []domain.Role{domain.RoleEmployee, domain.RoleReviewer}}
	if got := ids(mustSearch(t, x, cdo, Query{Sort: "score"})); !slices.Equal(got, []string{"id-0002", "id-0003", "id-0001", "id-0004"}) {
		t.Fatalf("CDO: %v", got)
	}
	want := []string{"id-0003", "id-0001", "id-0004", "id-0002"} // unscored: newest first
	if got := ids(mustSearch(t, x, reviewer, Query{Sort: "score"})); !slices.Equal(got, want) {
		t.Fatalf("reviewer: %v, want %v", got, want)
	}
	// Paging keeps the order.
	p := mustSearch(t, x, reviewer, Query{Sort: "score", Limit: 2})
	next := mustSearch(t, x, reviewer, Query{Sort: "score", Limit: 2, Cursor: p.Next})
	if got := append(ids(p), ids(next)...); !slices.Equal(got, want) {
		t.Fatalf("reviewer paged: %v", got)
	}
	// Once decided, the idea takes its place for everyone.
	x.Put(func() *domain.Idea { i := scored(2, domain.StageDecision, 95); i.Revision = 2; return i }())
	if got := ids(mustSearch(t, x, reviewer, Query{Sort: "score"})); got[0] != "id-0002" {
		t.Fatalf("after the decision: %v", got)
	}
}

func TestFilters(t *testing.T) {
	x := New(nil)
	a := idea(1, "Idee eins", "s")
	a.CampaignID, a.DepartmentID, a.Tags = "c1", "d1", []string{"Mobilität", "Rad"}
	b := idea(2, "Idee zwei", "s")
	b.CampaignID, b.Stage, b.Source, b.Visibility = "c2", domain.StagePilot, domain.SourceCitizen, domain.VisibilityPublic
	c := idea(3, "Idee drei", "s")
	c.DepartmentID, c.AuthorID, c.CoAuthorIDs, c.Visibility, c.Tags = "d1", "other", []string{"me"}, domain.VisibilityInternal, []string{"mobilitaet"}
	for _, i := range []*domain.Idea{a, b, c} {
		x.Put(i)
	}
	me := &domain.Actor{UserID: "me", Roles: []domain.Role{domain.RoleEmployee}}
	cases := map[string]struct {
		q    Query
		want []string
	}{
		"Campaign":          {Query{CampaignID: "c1"}, []string{"id-0001"}},
		"Department":        {Query{DepartmentID: "d1"}, []string{"id-0003", "id-0001"}},
		"TagFolded":         {Query{Tag: "MOBILITÄT"}, []string{"id-0003", "id-0001"}},
		"Stage":             {Query{Stages: []domain.Stage{domain.StagePilot}}, []string{"id-0002"}},
		"Stages":            {Query{Stages: []domain.Stage{domain.StagePilot, domain.StageEvaluation}}, []string{"id-0003", "id-0002", "id-0001"}},
		"Source":            {Query{Source: domain.SourceCitizen}, []string{"id-0002"}},
		"Visibility":        {Query{Visibility: domain.VisibilityInternal}, []string{"id-0003"}},
		"MineIsCoAuthored":  {Query{AuthorID: "me"}, []string{"id-0003"}},
		"Followed":          {Query{Restrict: true, OnlyIDs: []string{"id-0002", "nope"}}, []string{"id-0002"}},
		"FollowedNothing":   {Query{Restrict: true}, []string{}},
		"Combined":          {Query{DepartmentID: "d1", Tag: "rad"}, []string{"id-0001"}},
		"CombinedWithText":  {Query{DepartmentID: "d1", Text: "drei"}, []string{"id-0003"}},
		"SortedBySupports":  {Query{Sort: "supports"}, []string{"id-0002", "id-0003", "id-0001"}},
		"UnknownCampaign":   {Query{CampaignID: "zzz"}, []string{}},
		"ActivityDefaultID": {Query{Sort: "activity"}, []string{"id-0003", "id-0002", "id-0001"}},
	}
	b2 := *b
	b2.SupportCount, b2.Revision = 5, 2
	x.Put(&b2)
	c2 := *c
	c2.SupportCount, c2.Revision = 1, 2
	x.Put(&c2)
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			p := mustSearch(t, x, me, tc.q)
			if got := ids(p); !slices.Equal(got, tc.want) || p.Total != len(tc.want) {
				t.Fatalf("got %v (total %d), want %v", got, p.Total, tc.want)
			}
		})
	}
	t.Run("ErrUnknownSort", func(t *testing.T) {
		if _, err := x.Search("t1", me, Query{Sort: "random"}); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("got %v", err)
		}
		if _, err := x.Search("t1", me, Query{Sort: "relevance"}); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("relevance without q: %v", err)
		}
	})
}

func TestPutOrderAndRemove(t *testing.T) {
	x := New(nil)
	a := idea(1, "Erste Fassung", "s")
	x.Put(a)
	newer := *a
	newer.Title, newer.Revision = "Zweite Fassung", 3
	x.Put(&newer)
	older := *a
	older.Title, older.Revision = "Veraltete Fassung", 2
	x.Put(&older) // arrives late: ignored
	if got, _ := x.Get("t1", a.ID); got.Title != "Zweite Fassung" {
		t.Fatalf("title %q", got.Title)
	}
	if p := mustSearch(t, x, nil, Query{Text: "Veraltete"}); p.Total != 0 {
		t.Fatal("old text still indexed")
	}
	x.Remove("t1", a.ID)
	x.Put(&newer) // a late copy must not bring it back
	if _, ok := x.Get("t1", a.ID); ok {
		t.Fatal("removed idea came back")
	}
	if p := mustSearch(t, x, nil, Query{Text: "Fassung"}); p.Total != 0 || len(p.Items) != 0 {
		t.Fatalf("removed idea still found: %v", ids(p))
	}
}

// TestVisibilityMatchesRule compares what the index lets each caller see (and count) with
// domain.CanSeeIdea over every combination of the fields the rule reads.
func TestVisibilityMatchesRule(t *testing.T) {
	x := New(nil)
	var all []*domain.Idea
	n := 0
	for _, st := range domain.AllStages {
		for _, vis := range []domain.Visibility{domain.VisibilityInternal, domain.VisibilityPublic} {
			for _, src := range []domain.Source{domain.SourceStaff, domain.SourceCitizen} {
				for _, passed := range []bool{false, true} {
					for _, author := range []string{"alice", "bob"} {
						n++
						i := idea(n, fmt.Sprintf("Idee Nummer %d", n), "Sichtbarkeit")
						i.Stage, i.Visibility, i.Source, i.ScreeningPassed, i.AuthorID = st, vis, src, passed, author
						if n%5 == 0 {
							i.CoAuthorIDs = []string{"carol"}
						}
						x.Put(i)
						all = append(all, i)
					}
				}
			}
		}
	}
	actors := map[string]*domain.Actor{
		"Anonymous":     nil,
		"Citizen":       {UserID: "alice", Roles: []domain.Role{domain.RoleCitizen}},
		"CitizenCoAuth": {UserID: "carol", Roles: []domain.Role{domain.RoleCitizen}},
		"Employee":      {UserID: "bob", Roles: []domain.Role{domain.RoleEmployee}},
		"Reviewer":      {UserID: "rita", Roles: []domain.Role{domain.RoleEmployee, domain.RoleReviewer}},
		"CDO":           {UserID: "clara", Roles: []domain.Role{domain.RoleCDO, domain.RoleEmployee}},
		"CDOAuthor":     {UserID: "alice", Roles: []domain.Role{domain.RoleCDO}},
		"Admin":         {UserID: "anna", Roles: []domain.Role{domain.RoleAdmin}},
	}
	for name, a := range actors {
		t.Run(name, func(t *testing.T) {
			var want []string
			for _, i := range all {
				if domain.CanSeeIdea(a, i) {
					want = append(want, i.ID)
				}
			}
			slices.Sort(want)
			var got []string
			cursor := ""
			total := -1
			for {
				p := mustSearch(t, x, a, Query{Limit: 7, Cursor: cursor, Sort: "newest"})
				if total >= 0 && p.Total != total {
					t.Fatalf("total changed between pages: %d → %d", total, p.Total)
				}
				total = p.Total
				got = append(got, ids(p)...)
				if p.Next == "" {
					break
				}
				cursor = p.Next
			}
			slices.Sort(got)
			if !slices.Equal(got, want) || total != len(want) {
				t.Fatalf("index shows %d (total %d), rule allows %d", len(got), total, len(want))
			}
			// The text path and similar-ideas apply the same rule.
			p := mustSearch(t, x, a, Query{Text: "Sichtbarkeit", Limit: 100})
			if p.Total != len(want) {
				t.Fatalf("search total %d, want %d", p.Total, len(want))
			}
			for _, m := range x.Similar("t1", a, "Idee Nummer", "Sichtbarkeit", "", 100) {
				if !domain.CanSeeIdea(a, m.Idea) || m.Idea.Stage == domain.StageDraft {
					t.Fatalf("similar shows %s", m.Idea.ID)
				}
			}
		})
	}
}

func TestPaginationStable(t *testing.T) {
	for _, sort := range []string{"newest", "supports", "score", "activity", "relevance"} {
		t.Run(sort, func(t *testing.T) {
			x := New(nil)
			n := 0
			add := func(k int) {
				for range k {
					n++
					i := idea(n, fmt.Sprintf("Radweg Nummer %d", n), "Ein Radweg für alle")
					i.SupportCount = n % 4 // many ties
					if n%3 == 0 {
						i.Score = &domain.ScoreSummary{Weighted: float64(n % 5 * 10), ReviewCount: 2}
					}
					if n%2 == 0 {
						i.Summary = "Radweg Radweg Radweg" // different relevance
					}
					x.Put(i)
				}
			}
			add(45)
			q := Query{Sort: sort, Limit: 10}
			if sort == "relevance" {
				q.Text = "Radweg"
			}
			seen := map[string]bool{}
			before := 45
			for page := 0; ; page++ {
				p := mustSearch(t, x, nil, q)
				for _, id := range ids(p) {
					if seen[id] {
						t.Fatalf("page %d repeats %s", page, id)
					}
					seen[id] = true
				}
				add(7) // new ideas arrive between pages
				if p.Next == "" {
					break
				}
				q.Cursor = p.Next
			}
			for k := 1; k <= before; k++ {
				if !seen[fmt.Sprintf("id-%04d", k)] {
					t.Fatalf("idea %d, present from the start, was skipped", k)
				}
			}
		})
	}
}

func TestCursorTampering(t *testing.T) {
	x := New([]byte("k1"))
	for n := range 30 {
		x.Put(idea(n+1, "Parkhaus Ampel", "s"))
	}
	p := mustSearch(t, x, nil, Query{Limit: 5})
	if p.Next == "" {
		t.Fatal("no next cursor")
	}
	flip := []byte(p.Next)
	flip[len(flip)/2] ^= 1
	cases := map[string]Query{
		"Garbage":          {Cursor: "not-a-cursor"},
		"FlippedBit":       {Cursor: string(flip)},
		"OtherSort":        {Cursor: p.Next, Sort: "supports"},
		"OtherFilter":      {Cursor: p.Next, CampaignID: "c"},
		"OtherKey":         {Cursor: New([]byte("k2")).mustNext(t)},
		"Truncated":        {Cursor: p.Next[:20]},
		"EmptyAfterBase64": {Cursor: "AA"},
	}
	for name, q := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := x.Search("t1", nil, q); domain.ErrorCode(err) != domain.EINVALID {
				t.Fatalf("got %v", err)
			}
		})
	}
	if _, err := x.Search("t2", nil, Query{Limit: 5, Cursor: p.Next}); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("cursor of another tenant: %v", err)
	}
}

func (x *Index) mustNext(t *testing.T) string {
	for n := range 30 {
		x.Put(idea(n+1, "Parkhaus Ampel", "s"))
	}
	p, _ := x.Search("t1", nil, Query{Limit: 5})
	return p.Next
}

func TestSimilar(t *testing.T) {
	x := New(nil)
	x.Put(idea(1, "Online-Terminvergabe im Bürgeramt", "Termine für Personalausweise online buchen statt Wartemarken ziehen"))
	x.Put(idea(2, "Digitale Bauakte", "Bauanträge digital einreichen und den Bearbeitungsstand verfolgen"))
	x.Put(idea(3, "Mehr Bäume in der Innenstadt", "Straßenbäume pflanzen und Grünflächen schaffen"))
	d := idea(4, "Termine im Bürgeramt online buchen", "Entwurf")
	d.Stage = domain.StageDraft
	x.Put(d)
	ms := x.Similar("t1", nil, "Termin beim Buergeramt online vereinbaren", "Ausweis beantragen ohne Wartezeit", "", 5)
	if len(ms) == 0 || ms[0].Idea.ID != "id-0001" {
		t.Fatalf("got %+v", ms)
	}
	for _, m := range ms {
		if m.Score <= 0 || m.Score > 1 || m.Idea.ID == "id-0004" {
			t.Fatalf("bad match %s %v", m.Idea.ID, m.Score)
		}
	}
	if len(ms) > 1 && ms[1].Score >= ms[0].Score {
		t.Fatalf("not ordered: %+v", ms)
	}
	if ex := x.Similar("t1", nil, "Online-Terminvergabe im Bürgeramt", "Termine für Personalausweise online buchen statt Wartemarken ziehen", "id-0001", 5); len(ex) > 0 && ex[0].Idea.ID == "id-0001" {
		t.Fatal("excluded idea returned")
	}
	same := x.Similar("t1", nil, "Online-Terminvergabe im Bürgeramt", "Termine für Personalausweise online buchen statt Wartemarken ziehen", "", 5)
	if same[0].Score < 0.99 {
		t.Fatalf("identical text scores %v", same[0].Score)
	}
}

// TestScanIdeas: every idea of every tenant, drafts included, removed ones not, with the
// fields the daily jobs read; a cancelled context stops the walk.
func TestScanIdeas(t *testing.T) {
	x := New(nil)
	want := map[string]domain.Stage{}
	for n := range 30 {
		i := idea(n, fmt.Sprintf("Idee %d", n), "s")
		if n%3 == 0 {
			i.TenantID = "t2"
		}
		i.Stage = []domain.Stage{domain.StageDraft, domain.StageScreening, domain.StageEvaluation}[n%3]
		i.StageSince = t0.Add(time.Duration(n) * time.Hour)
		x.Put(i)
		want[i.TenantID+"/"+i.ID] = i.Stage
	}
	x.Remove("t1", "id-0001")
	delete(want, "t1/id-0001")
	got := map[string]domain.Stage{}
	err := x.ScanIdeas(context.Background(), func(i *domain.Idea) error {
		if i.StageSince.IsZero() || i.Title == "" {
			t.Errorf("%s lacks what the jobs read: %+v", i.ID, i)
		}
		got[i.TenantID+"/"+i.ID] = i.Stage
		return nil
	})
	if err != nil || !maps.Equal(got, want) {
		t.Fatalf("scan: %v\ngot  %v\nwant %v", err, got, want)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := x.ScanIdeas(ctx, func(*domain.Idea) error { return nil }); err != context.Canceled {
		t.Fatalf("cancelled scan: %v", err)
	}
}

// A write that leaves the texts as they are (counters, stage, score, authors) keeps the
// idea's terms and redoes its filters and sort positions; a text change is analysed again.
func TestPutSameText(t *testing.T) {
	x := New(nil)
	staff := &domain.Actor{UserID: "u", Roles: []domain.Role{domain.RoleEmployee}}
	a := idea(1, "Radweg am Kanal", "Ein Radweg entlang des Kanals")
	b := idea(2, "Bücherei am Sonntag", "Die Bücherei öffnet sonntags")
	b.SupportCount = 5
	x.Put(a)
	x.Put(b)

	moved := *a
	moved.Revision, moved.SupportCount, moved.Stage, moved.AuthorID = 2, 9, domain.StagePilot, "neu"
	moved.Score = &domain.ScoreSummary{Weighted: 4.5, ReviewCount: 2}
	x.Put(&moved)
	got, _ := x.Get("t1", a.ID)
	if got.SupportCount != 9 || got.Stage != domain.StagePilot || got.Revision != 2 {
		t.Fatalf("indexed copy %+v", got)
	}
	for name, c := range map[string]struct {
		q    Query
		want []string
	}{
		"SortedBySupports": {Query{Sort: "supports"}, []string{a.ID, b.ID}},
		"SortedByScore":    {Query{Sort: "score"}, []string{a.ID, b.ID}},
		"NewStage":         {Query{Stages: []domain.Stage{domain.StagePilot}}, []string{a.ID}},
		"OldStage":         {Query{Stages: []domain.Stage{domain.StageEvaluation}}, []string{b.ID}},
		"NewAuthor":        {Query{AuthorID: "neu"}, []string{a.ID}},
		"OldAuthor":        {Query{AuthorID: "author"}, []string{b.ID}},
		"TextStillFound":   {Query{Text: "Kanal"}, []string{a.ID}},
		"TextWithStage":    {Query{Text: "radweg", Stages: []domain.Stage{domain.StagePilot}}, []string{a.ID}},
	} {
		if p := mustSearch(t, x, staff, c.q); !slices.Equal(ids(p), c.want) {
			t.Errorf("%s: got %v, want %v", name, ids(p), c.want)
		}
	}
	if sim := x.Similar("t1", staff, "Radweg Kanal", "", "", 5); len(sim) == 0 || sim[0].Idea.ID != a.ID || sim[0].Idea.SupportCount != 9 {
		t.Errorf("similar after a counter change: %v", sim)
	}

	// An older copy changes nothing; a new text replaces the terms.
	x.Put(a)
	if got, _ := x.Get("t1", a.ID); got.Revision != 2 {
		t.Fatalf("an older copy replaced the idea: %+v", got)
	}
	retitled := moved
	retitled.Revision, retitled.Title, retitled.Summary = 3, "Fähre über den Fluss", "Eine Fähre"
	x.Put(&retitled)
	if p := mustSearch(t, x, staff, Query{Text: "Kanal"}); len(p.Items) != 0 {
		t.Errorf("old text still found: %v", ids(p))
	}
	if p := mustSearch(t, x, staff, Query{Text: "Fähre"}); !slices.Equal(ids(p), []string{a.ID}) {
		t.Errorf("new text not found: %v", ids(p))
	}
}

// A change of counters alone applies to the copy of the revision right before it, and
// moves the idea in the orders by supports and activity without touching its texts.
func TestPutCounts(t *testing.T) {
	x := New(nil)
	staff := &domain.Actor{UserID: "u", Roles: []domain.Role{domain.RoleEmployee}}
	a := idea(1, "Radweg am Kanal", "Ein Radweg entlang des Kanals")
	b := idea(2, "Bücherei am Sonntag", "Die Bücherei öffnet sonntags")
	b.SupportCount = 5
	x.Put(a)
	x.Put(b)
	later := t0.Add(time.Hour)
	x.PutCounts("t1", a.ID, 2, domain.IdeaCounts{Supports: 9, Comments: 1, LastActivityAt: later})
	got, _ := x.Get("t1", a.ID)
	if got.SupportCount != 9 || got.CommentCount != 1 || got.Revision != 2 || got.Title != a.Title || !got.LastActivityAt.Equal(later) {
		t.Fatalf("indexed copy %+v", got)
	}
	for q, want := range map[string][]string{"supports": {a.ID, b.ID}, "activity": {a.ID, b.ID}} {
		if p := mustSearch(t, x, staff, Query{Sort: q}); !slices.Equal(ids(p), want) {
			t.Errorf("sorted by %s: %v, want %v", q, ids(p), want)
		}
	}
	if p := mustSearch(t, x, staff, Query{Text: "Kanal"}); !slices.Equal(ids(p), []string{a.ID}) {
		t.Errorf("text after a counter change: %v", ids(p))
	}
	// The same revision again, one after a missing change, and an idea not indexed change
	// nothing.
	x.PutCounts("t1", a.ID, 2, domain.IdeaCounts{Supports: 1})
	x.PutCounts("t1", a.ID, 4, domain.IdeaCounts{Supports: 2})
	x.PutCounts("t1", "id-9999", 2, domain.IdeaCounts{Supports: 3})
	if got, _ := x.Get("t1", a.ID); got.SupportCount != 9 || got.Revision != 2 {
		t.Fatalf("after ignored changes: %+v", got)
	}
	if _, ok := x.Get("t1", "id-9999"); ok {
		t.Fatal("a change of counters added an idea")
	}
	// The copy handed out before is not changed under its reader.
	x.PutCounts("t1", a.ID, 3, domain.IdeaCounts{Supports: 10})
	if got.SupportCount != 9 {
		t.Fatal("PutCounts changed a copy already handed out")
	}
	if p := mustSearch(t, x, staff, Query{Sort: "supports"}); p.Items[0].SupportCount != 10 {
		t.Fatalf("list after the next change: %+v", p.Items[0])
	}
}
