package mongo

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// The idea documents of an exclusive DB (SetExclusive), as last updated or read (a new
// idea is not kept: most are not read or written again soon).
//
// An exclusive DB is the only writer of its ideas, so the document its last write
// returned is the stored one: writes that read the idea first (transitions, edits, score
// updates) take it from here instead of decoding the whole document in the store again.
// An entry is used only while its revision plus that of the idea's kept stats document
// (ideastats.go) equals the idea's revision hint, which every write of this process moves
// under the idea's lock; a failed write or a delete drops the hint, and an entry of a read
// that lost a race with a write is older than the hint — both are then read from the store
// again. Entries are the encoded documents
// (decoded afresh on every use, so callers may change what they get), ~6 KB each.
const ideaDocsSize = 1024

type ideaRaw struct {
	rev int64
	raw bson.Raw
}

// keepIdeaDoc remembers the encoded document of an idea at revision rev (its document's
// own, without the stats').
func (db *DB) keepIdeaDoc(tenantID, id string, rev int64, raw bson.Raw) {
	if !db.exclusive || db.ideaDocs == nil || raw == nil {
		return
	}
	db.ideaDocs.Add(tenantID+"\x00"+id, ideaRaw{rev: rev, raw: raw})
}

// cachedIdea returns the idea from the cache if its entry, with its stats, is at the
// revision hint.
func (db *DB) cachedIdea(ctx context.Context, id string) (*domain.Idea, bool) {
	if !db.exclusive || db.ideaDocs == nil || db.revHints == nil {
		return nil, false
	}
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return nil, false
	}
	key := tid + "\x00" + id
	h, ok := db.revHints.Peek(key)
	if !ok {
		return nil, false
	}
	e, ok := db.ideaDocs.Get(key)
	if !ok {
		return nil, false
	}
	st, _, ok := db.stats.get(id)
	if !ok {
		return nil, false
	}
	var s *ideaStatsDoc
	if !st.absent {
		s = &st.doc
	}
	if e.rev+statsRev(s) != h.rev {
		return nil, false
	}
	var d ideaDoc
	if err := bson.Unmarshal(e.raw, &d); err != nil || d.TenantID != tid {
		return nil, false
	}
	addStats(&d, s)
	return d.toDomain(), true
}

// readIdeaDoc reads an idea of the context's tenant from the store (its document and stats)
// and, on an exclusive DB, keeps its document.
func (db *DB) readIdeaDoc(ctx context.Context, id string) (*domain.Idea, error) {
	var d ideaDoc
	raw, err := findOwnedRaw(ctx, db.part(famIdeas, id), id, "idea", &d)
	if err != nil {
		return nil, err
	}
	db.keepIdeaDoc(d.TenantID, id, d.Revision, raw)
	s, err := db.ideaStats(ctx, id)
	if err != nil {
		return nil, err
	}
	addStats(&d, s)
	i := d.toDomain()
	db.noteRevision(i, false)
	return i, nil
}
