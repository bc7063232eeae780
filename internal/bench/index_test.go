package bench

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/markdown"
	"github.com/ideenwerk/ideenwerk/internal/search"
)

// cityIndex builds the search index of a generated city of n ideas in memory (no store), to
// measure how list and search costs grow with the city apart from HTTP and the store.
func cityIndex(b *testing.B, n int) (*search.Index, *Manifest, []*domain.Idea) {
	b.Helper()
	sp := DefaultSpec(n)
	ids := newIDGen(sp.Seed)
	r := rand.New(rand.NewPCG(sp.Seed, 1))
	m := &Manifest{Spec: sp, TenantID: "t1"}
	for range 12 {
		m.Departments = append(m.Departments, ids.next())
	}
	for k := range sp.Campaigns {
		m.Campaigns = append(m.Campaigns, CampaignRef{ID: ids.next(), Open: true, Internal: k%3 == 2})
	}
	users := make([]*domain.User, sp.Users)
	for k := range users {
		users[k] = &domain.User{ID: ids.next()}
	}
	set := &domain.CriteriaSet{Criteria: []domain.Criterion{{Key: "a", Weight: 50}, {Key: "b", Weight: 50}}}
	ideas, _ := genIdeas(r, ids, sp, users, m, set)
	x := search.New(nil)
	x.BulkLoad(func(yield func(*domain.Idea) bool) {
		for _, i := range ideas {
			i.TenantID = "t1"
			if !yield(i) {
				return
			}
		}
	})
	return x, m, ideas
}

// cpuTime is the CPU time this process has used. The machine the benchmarks run on may be
// shared, so wall-clock ns/op can be many times the work done; cpu-ns/op is the work.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// measure runs f b.N times and reports the CPU time per call besides ns/op.
func measure(b *testing.B, f func(k int)) {
	b.ResetTimer()
	c0 := cpuTime()
	for k := range b.N {
		f(k)
	}
	b.ReportMetric(float64(cpuTime()-c0)/float64(b.N), "cpu-ns/op")
}

// BenchmarkIndexGrowth runs the read scenarios' queries against the index of 5,000 and
// 50,000 ideas: the growth target asks that list and search stay within twice their
// 5,000-idea latency at 50,000.
//
//	go test -run '^$' -bench IndexGrowth -benchtime 2000x ./internal/bench/
func BenchmarkIndexGrowth(b *testing.B) {
	staff := &domain.Actor{UserID: "someone", TenantID: "t1", Roles: []domain.Role{domain.RoleEmployee}}
	for _, n := range []int{5000, 50000} {
		x, m, _ := cityIndex(b, n)
		runtime.GC()
		b.Run(fmt.Sprintf("public-list/ideas=%d", n), func(b *testing.B) {
			measure(b, func(int) {
				if _, err := x.Search("t1", nil, search.Query{Limit: 20}); err != nil {
					b.Fatal(err)
				}
			})
		})
		b.Run(fmt.Sprintf("staff-list/ideas=%d", n), func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, 2))
			measure(b, func(int) {
				q := search.Query{Limit: 20, Sort: pick(r, sorts), DepartmentID: pick(r, m.Departments),
					Stages: []domain.Stage{domain.StageScreening, domain.StageEvaluation}}
				if _, err := x.Search("t1", staff, q); err != nil {
					b.Fatal(err)
				}
			})
		})
		b.Run(fmt.Sprintf("search/ideas=%d", n), func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, 3))
			measure(b, func(int) {
				if _, err := x.Search("t1", staff, search.Query{Limit: 20, Text: searchQuery(r)}); err != nil {
					b.Fatal(err)
				}
			})
		})
		b.Run(fmt.Sprintf("similar/ideas=%d", n), func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, 4))
			measure(b, func(int) {
				t := genIdeaText(r)
				x.Similar("t1", staff, t.Title, t.Summary, "", 5)
			})
		})
	}
}

// BenchmarkDescriptionMarkdown renders a generated idea description as idea detail does on
// every request.
func BenchmarkDescriptionMarkdown(b *testing.B) {
	md := markdown.New()
	r := rand.New(rand.NewPCG(1, 5))
	texts := make([]string, 64)
	for k := range texts {
		texts[k] = genIdeaText(r).Description
	}
	measure(b, func(k int) { _ = md.Full(texts[k%len(texts)]) })
}
