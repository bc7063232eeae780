package mongo

import (
	"context"
	"errors"
	"slices"
	"sync"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// groupInsert commits concurrent single-document inserts into one collection together: the
// inserts that arrive while one insertMany is under way go into the next one. Each caller
// still returns only once its own document is stored (or failed), so nothing is acknowledged
// before it is written; what changes is that 32 concurrent writers pay for a few commands and
// store transactions instead of 32. On the embedded store, where every command costs
// ~0.2–0.8 ms of CPU however small, this is the cheapest way to keep the audit log, which
// every write appends to, and the notification events off the critical path. There is no background goroutine: the
// caller that finds no insert under way writes the batch, and hands the next batch to the
// first caller waiting for it.
type groupInsert struct {
	mu    sync.Mutex
	busy  bool // an insertMany is under way, or about to be
	queue []*groupReq
}

type groupReq struct {
	doc  any
	done chan error    // the outcome of this document's insert
	lead chan struct{} // closed when this caller is to write the next batch
}

// groupMax bounds a batch (documents per insertMany).
const groupMax = 256

// insert stores doc in c, together with whatever other documents are waiting. The batch is
// written under ctx detached from its caller's cancellation (domain.Detach): the other
// callers' documents are in it too. A caller whose document another writes waits for that
// outcome.
func (g *groupInsert) insert(ctx context.Context, c *mongo.Collection, doc any) error {
	r := &groupReq{doc: doc, done: make(chan error, 1), lead: make(chan struct{})}
	g.mu.Lock()
	g.queue = append(g.queue, r)
	if g.busy {
		g.mu.Unlock()
		select {
		case err := <-r.done:
			return err
		case <-r.lead:
		}
		g.mu.Lock()
	}
	g.busy = true
	n := min(len(g.queue), groupMax)
	batch := g.queue[:n:n]
	g.queue = g.queue[n:]
	g.mu.Unlock()

	dctx, stop := domain.Detach(ctx)
	errs := insertBatch(dctx, c, batch)
	stop()

	g.mu.Lock()
	if len(g.queue) > 0 {
		close(g.queue[0].lead) // busy stays true: the next batch has its writer
	} else {
		g.busy = false
		g.queue = nil
	}
	g.mu.Unlock()
	for k, q := range batch {
		if q != r {
			q.done <- errs[k]
		}
	}
	return errs[slices.Index(batch, r)] // a caller writes the batch it heads
}

// insertBatch inserts the batch's documents and returns each one's outcome.
func insertBatch(ctx context.Context, c *mongo.Collection, batch []*groupReq) []error {
	errs := make([]error, len(batch))
	if len(batch) == 1 {
		_, errs[0] = c.InsertOne(ctx, batch[0].doc)
		return errs
	}
	docs := make([]any, len(batch))
	for k, q := range batch {
		docs[k] = q.doc
	}
	_, err := c.InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	if err == nil {
		return errs
	}
	var bwe mongo.BulkWriteException
	if !errors.As(err, &bwe) || bwe.WriteConcernError != nil || len(bwe.WriteErrors) == 0 {
		for k := range errs {
			errs[k] = err
		}
		return errs
	}
	for _, we := range bwe.WriteErrors {
		if we.Index >= 0 && we.Index < len(errs) {
			errs[we.Index] = mongo.WriteException{WriteErrors: mongo.WriteErrors{we.WriteError}}
		}
	}
	return errs
}
