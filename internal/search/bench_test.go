package search_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
	"github.com/ideenwerk/ideenwerk/internal/search"
)

var (
	benchOnce  sync.Once
	benchIndex *search.Index
	benchTID   string
	benchHeap  uint64
)

var benchWords = strings.Fields(`Bürgeramt Termin online digital Antrag Radweg Fahrrad Parkplatz Schule Kita Verwaltung
Digitalisierung E-Akte Grünfläche Baum Klima Energie Müll Sauberkeit Spielplatz Bus Haltestelle Ampel Sensor App Karte
Beteiligung Haushalt Feuerwehr Einsatz Drohne Personal Formular Gebühr Bescheid Sprache Übersetzung Chatbot Service
Wartezeit Innenstadt Leerstand Wirtschaft Gewerbe Anmeldung Straßenbeleuchtung Laterne Wasser Brunnen Hitze Jugend`)

// sentence draws a third of its words from the common city words above and the rest from
// a long tail of 6,000 rarer words (Zipf-like), as real texts do.
func sentence(r *rand.Rand, n int) string {
	w := make([]string, n)
	for k := range w {
		if r.IntN(3) == 0 {
			w[k] = benchWords[r.IntN(len(benchWords))]
		} else {
			w[k] = fmt.Sprintf("wort%dx", int(6000*r.Float64()*r.Float64()))
		}
	}
	return strings.Join(w, " ")
}

// benchSetup stores 5,000 ideas in the embedded store and loads them into an index, as the
// server does at start.
func benchSetup(b *testing.B) {
	benchOnce.Do(func() {
		db := mongotest.MustOpenDB(b)
		ctx, tn := mongotest.MustCreateTenant(b, db, "bench")
		benchTID = tn.ID
		r := rand.New(rand.NewPCG(1, 2))
		stages := []domain.Stage{domain.StageSubmitted, domain.StageScreening, domain.StageEvaluation, domain.StageDecision, domain.StagePilot, domain.StageRejected}
		for n := range 5000 {
			st := stages[n%len(stages)]
			i := &domain.Idea{
				Title: sentence(r, 5), Summary: sentence(r, 25), Description: sentence(r, 250),
				Tags: []string{benchWords[n%len(benchWords)]}, Visibility: domain.VisibilityPublic, Source: domain.SourceStaff,
				AuthorID: fmt.Sprintf("user-%d", n%600), CampaignID: fmt.Sprintf("c%d", n%10), DepartmentID: fmt.Sprintf("d%d", n%12),
				Stage: st, ScreeningPassed: st != domain.StageSubmitted && st != domain.StageScreening, SupportCount: r.IntN(50),
			}
			if n%3 == 0 {
				i.Visibility, i.Source = domain.VisibilityPublic, domain.SourceCitizen
			}
			if err := db.CreateIdea(ctx, i); err != nil {
				b.Fatal(err)
			}
		}
		var m0, m1 runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m0)
		benchIndex = search.New(nil)
		if err := (&search.Follower{Index: benchIndex, Feed: db}).Load(context.Background()); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&m1)
		benchHeap = m1.HeapAlloc - m0.HeapAlloc
	})
}

// BenchmarkIndexMemory reports the index's memory per idea (heap growth of the load and
// the index's own estimate) for the README.
func BenchmarkIndexMemory(b *testing.B) {
	benchSetup(b)
	st := benchIndex.Stats()
	for b.Loop() {
	}
	b.ReportMetric(float64(benchHeap)/float64(st.Ideas), "heapB/idea")
	b.ReportMetric(float64(st.BytesPerIdea()), "estB/idea")
}

var staff = &domain.Actor{UserID: "user-7", Roles: []domain.Role{domain.RoleEmployee}}

func BenchmarkListPublicFirstPage(b *testing.B) {
	benchSetup(b)
	for b.Loop() {
		if p, err := benchIndex.Search(benchTID, nil, search.Query{Limit: 20}); err != nil || len(p.Items) != 20 {
			b.Fatal(err)
		}
	}
}

func BenchmarkListStaffFiltered(b *testing.B) {
	benchSetup(b)
	for b.Loop() {
		q := search.Query{Limit: 20, Sort: "supports", Stages: []domain.Stage{domain.StageEvaluation, domain.StageDecision}, DepartmentID: "d3"}
		if _, err := benchIndex.Search(benchTID, staff, q); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSearch(b *testing.B) {
	benchSetup(b)
	qs := []string{"Buergeramt Termin", "Digitalis", "Radweg Ampel", "Klima Baum Hitze", "Feuerwehr"}
	n := 0
	for b.Loop() {
		n++
		if _, err := benchIndex.Search(benchTID, staff, search.Query{Text: qs[n%len(qs)], Limit: 20}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSimilar(b *testing.B) {
	benchSetup(b)
	for b.Loop() {
		benchIndex.Similar(benchTID, staff, "Online Termin im Bürgeramt buchen", "Wartezeit verkürzen mit einer App für Termine und Anträge", "", 5)
	}
}

func BenchmarkPut(b *testing.B) {
	benchSetup(b)
	r := rand.New(rand.NewPCG(3, 4))
	n := 0
	for b.Loop() {
		n++
		benchIndex.Put(&domain.Idea{ID: fmt.Sprintf("put-%d", n), TenantID: benchTID, Title: sentence(r, 5), Summary: sentence(r, 25),
			Description: sentence(r, 250), Visibility: domain.VisibilityPublic, Source: domain.SourceStaff, AuthorID: "u",
			Stage: domain.StageSubmitted, Revision: 1})
	}
}
