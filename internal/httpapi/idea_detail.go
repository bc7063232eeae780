package httpapi

import (
	"context"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// detailCacheSize bounds the idea-detail cache: at most this many ideas with their
// rendered descriptions (about 2–40 KB each), a few tens of MB at worst.
const detailCacheSize = 2048

// detailEntry is a full idea as stored at one revision, with its description rendered.
// Entries are never changed once cached, so readers may share them.
type detailEntry struct {
	idea *domain.Idea
	html string
}

// newDetailCache makes the cache of ideas read for their detail pages, by revision. The
// idea index knows each idea's current revision (at once for this instance's writes,
// within the feed's poll interval for other instances'), so an entry is served only while
// its revision is the one the index has; any write (a support, a comment, an edit, a
// transition) bumps the revision and the next read goes to the store. A detail page is
// therefore exactly as fresh as the lists and search.
func newDetailCache() *lru.Cache[string, *detailEntry] {
	c, err := lru.New[string, *detailEntry](detailCacheSize)
	if err != nil {
		panic(err) // only for a size ≤ 0
	}
	return c
}

// detailIdea loads an idea the caller may see, for a detail page, with its rendered
// description: from the cache when the index holds the cached revision, otherwise from
// the store (and then cached).
func (s *Server) detailIdea(ctx context.Context, a *domain.Actor, id string) (*domain.Idea, string, error) {
	tid, err := domain.TenantID(ctx)
	if err != nil {
		return nil, "", err
	}
	key := tid + "\x00" + id
	if rev, removed := s.IdeaIndex.Revision(tid, id); rev > 0 && !removed {
		if e, ok := s.details.Get(key); ok && e.idea.Revision == rev {
			if !domain.CanSeeIdea(a, e.idea) {
				return nil, "", domain.Errorf(domain.ENOTFOUND, "idea not found")
			}
			return e.idea, e.html, nil
		}
	}
	i, err := s.visibleIdea(ctx, a, id)
	if err != nil {
		return nil, "", err
	}
	e := &detailEntry{idea: i, html: s.Markdown.Full(i.Description)}
	s.details.Add(key, e)
	return e.idea, e.html, nil
}
