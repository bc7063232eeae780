// Package doctor checks the invariants that the stores keep without transactions (see
// internal/mongo): a crash between the two writes of a change leaves derived data behind
// (a counter not yet moved, a support whose idea was deleted, the chunks of an upload that
// never finished, a claimed key whose document never appeared). Check finds every such
// inconsistency per tenant; with Repair it fixes derived data — counters, score aggregates,
// follow lists — and removes dangling derived documents, but never user content (ideas,
// comments, reviews, attachments): those are reported for a person to decide.
//
// The doctor reads the storage layout directly (collection families of internal/mongo), so
// it must change with it. Run it while the servers are quiet: a request in flight between
// its two writes looks exactly like a crash.
package doctor

import (
	"context"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongo"
)

// Kind classifies a finding.
type Kind string

// Kinds of findings. Counter, Score, FollowList and Moderation (the queue of reported
// comments) are derived data; Dangling covers
// documents pointing at something that does not exist; Orphan, StaleSlot and StaleKey are
// leftovers of interrupted writes.
const (
	KindCounter    Kind = "counter"
	KindScore      Kind = "score"
	KindFollowList Kind = "follow-list"
	KindStage      Kind = "stage"
	KindDangling   Kind = "dangling"
	KindOrphan     Kind = "orphan-file"
	KindStaleSlot  Kind = "stale-slot"
	KindStaleKey   Kind = "stale-key"
	KindModeration Kind = "moderation"
)

// Derived reports whether a finding of this kind is derived data a crash may leave
// behind and a repair recomputes.
func (k Kind) Derived() bool {
	return k == KindCounter || k == KindScore || k == KindFollowList || k == KindModeration
}

// Finding is one broken invariant.
type Finding struct {
	Tenant string // the tenant's slug (its ID if it has none, "" for deployment-wide data)
	Kind   Kind
	Where  string // collection/document
	Detail string
	// Repairable findings are fixed by a repair run; the others need a person.
	Repairable bool
	Repaired   bool
	RepairErr  string
}

func (f Finding) String() string {
	s := fmt.Sprintf("%-12s %s: %s", f.Kind, f.Where, f.Detail)
	if f.Tenant != "" {
		s = "[" + f.Tenant + "] " + s
	}
	switch {
	case f.Repaired:
		s += " — repaired"
	case f.RepairErr != "":
		s += " — repair failed: " + f.RepairErr
	case !f.Repairable:
		s += " — needs a person (user content is never changed)"
	}
	return s
}

// Report is the result of a check.
type Report struct {
	Tenants  int
	Ideas    int
	Findings []Finding
}

// Open counts the findings not repaired.
func (r *Report) Open() int {
	n := 0
	for _, f := range r.Findings {
		if !f.Repaired {
			n++
		}
	}
	return n
}

// Only returns the findings not repaired whose kind is not in except.
func (r *Report) Only(except ...Kind) []Finding {
	var out []Finding
next:
	for _, f := range r.Findings {
		if f.Repaired {
			continue
		}
		for _, k := range except {
			if f.Kind == k {
				continue next
			}
		}
		out = append(out, f)
	}
	return out
}

// Print writes the findings and a summary.
func (r *Report) Print(w io.Writer) {
	for _, f := range r.Findings {
		fmt.Fprintln(w, f)
	}
	repaired := len(r.Findings) - r.Open()
	fmt.Fprintf(w, "checked %d tenants, %d ideas: %d findings, %d repaired, %d open\n", r.Tenants, r.Ideas, len(r.Findings), repaired, r.Open())
}

// Options change a check.
type Options struct {
	// Repair fixes derived data and removes dangling derived documents.
	Repair bool
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Grace is how old a leftover (an upload's chunks, a claimed slot or key) must be
	// before it counts as abandoned rather than in flight; 15 minutes when zero, which
	// matches the stores' own reclaim times.
	Grace time.Duration
}

// Check runs every check on db.
func Check(ctx context.Context, db *mongo.DB, o Options) (*Report, error) {
	if o.Now == nil {
		o.Now = func() time.Time { return time.Now().UTC() }
	}
	if o.Grace == 0 {
		o.Grace = 15 * time.Minute
	}
	c := &checker{db: db, o: o, rep: &Report{}}
	if err := c.load(ctx); err != nil {
		return nil, err
	}
	steps := []func(context.Context) error{
		c.checkIdeas, c.checkFacts, c.checkComments, c.checkAttachments, c.checkReviews,
		c.checkFollowLists, c.checkFiles, c.checkKeys, c.checkModeration,
	}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return nil, err
		}
	}
	sort.SliceStable(c.rep.Findings, func(a, b int) bool { return c.rep.Findings[a].Tenant < c.rep.Findings[b].Tenant })
	return c.rep, nil
}

// tenantCtx returns a context scoped to the tenant, for the store methods used to repair.
func (c *checker) tenantCtx(ctx context.Context, tid string) context.Context {
	if t, ok := c.tenants[tid]; ok {
		return domain.WithTenant(ctx, t)
	}
	return domain.WithTenant(ctx, &domain.Tenant{ID: tid})
}

// add records a finding and, when repairing, runs fix (if any).
func (c *checker) add(tid string, kind Kind, where, detail string, fix func() error) {
	f := Finding{Tenant: c.slug(tid), Kind: kind, Where: where, Detail: detail, Repairable: fix != nil}
	if c.o.Repair && fix != nil {
		if err := fix(); err != nil {
			f.RepairErr = err.Error()
		} else {
			f.Repaired = true
		}
	}
	c.rep.Findings = append(c.rep.Findings, f)
}

func (c *checker) slug(tid string) string {
	if t, ok := c.tenants[tid]; ok && t.Slug != "" {
		return t.Slug
	}
	return tid
}
