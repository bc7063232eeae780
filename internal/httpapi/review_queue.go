package httpapi

import (
	"cmp"
	"encoding/base64"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

type queueItemResponse struct {
	Idea struct {
		ID    string       `json:"id"`
		Title string       `json:"title"`
		Stage domain.Stage `json:"stage"`
	} `json:"idea"`
	DueAt        time.Time `json:"dueAt"`
	AssignedAt   time.Time `json:"assignedAt"`
	ReviewStatus string    `json:"reviewStatus"`
	Overdue      bool      `json:"overdue"`
}

// queueEntry is an entry of the reviewer's queue with the idea's title and stage.
type queueEntry struct {
	domain.QueueItem
	title string
	stage domain.Stage
}

// Queue states: open while the idea is in screening or evaluation (the reviewer can still
// act), done once it has moved on.
const (
	queueOpen = "open"
	queueDone = "done"
)

// handleAssignedReviews is a page of the caller's review queue: ?state=open (default),
// soonest due first, or ?state=done, latest due first.
//
// The queue lists every idea ever actively assigned to the reviewer, so it grows with their
// years of service. A page costs one read of the queue, the titles and stages from the idea
// index (a store read only for an idea the index does not hold), and then, for the page's
// entries alone, the idea's assignments (which confirm the entry) and the reviewer's review.
func (s *Server) handleAssignedReviews(c *gin.Context) {
	f, ok := s.funnel(c)
	if !ok {
		return
	}
	state := cmp.Or(c.Query("state"), queueOpen)
	if state != queueOpen && state != queueDone {
		s.fail(c, domain.Invalid("state", "must be open or done"))
		return
	}
	limit, err := parseLimit(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	after, err := decodeQueueCursor(c.Query("cursor"))
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	a := actor(c)
	q, err := f.Reviews.FindReviewerQueue(ctx, a.UserID)
	if err != nil {
		s.fail(c, err)
		return
	}
	tid, _ := domain.TenantID(ctx)
	entries := make([]queueEntry, 0, len(q))
	for _, it := range q {
		e := queueEntry{QueueItem: it}
		if slim, ok := s.IdeaIndex.Get(tid, it.IdeaID); ok {
			e.title, e.stage = slim.Title, slim.Stage
		} else if i, err := f.Ideas.FindIdeaByID(ctx, it.IdeaID); err == nil {
			e.title, e.stage = i.Title, i.Stage
		} else {
			continue // removed
		}
		open := e.stage == domain.StageScreening || e.stage == domain.StageEvaluation
		if open == (state == queueOpen) {
			entries = append(entries, e)
		}
	}
	order := func(x, y queueEntry) int {
		return cmp.Or(x.DueAt.Compare(y.DueAt), strings.Compare(x.IdeaID, y.IdeaID))
	}
	if state == queueDone {
		order = func(x, y queueEntry) int {
			return cmp.Or(y.DueAt.Compare(x.DueAt), strings.Compare(y.IdeaID, x.IdeaID))
		}
	}
	slices.SortFunc(entries, order)
	total := len(entries)
	if after != nil {
		n, found := slices.BinarySearchFunc(entries, *after, order)
		if found {
			n++
		}
		entries = entries[n:]
	}
	out := []queueItemResponse{}
	now := s.Now()
	next := ""
	for n, e := range entries {
		if len(out) == limit {
			next = encodeQueueCursor(entries[n-1])
			break
		}
		// The idea's assignments are the truth: an entry they do not confirm (a queue
		// write that failed after the assignments' write) is left out.
		rs, err := f.Reviews.FindIdeaReviewers(ctx, e.IdeaID)
		if err != nil {
			s.fail(c, err)
			return
		}
		as, ok := rs.Find(a.UserID)
		if !ok || as.Status != domain.AssignmentActive {
			total--
			continue
		}
		st := "none"
		if r, err := f.Reviews.FindReview(ctx, e.IdeaID, a.UserID); err == nil {
			st = string(r.Status)
		}
		var qi queueItemResponse
		qi.Idea.ID, qi.Idea.Title, qi.Idea.Stage = e.IdeaID, e.title, e.stage
		qi.DueAt, qi.AssignedAt, qi.ReviewStatus = as.DueAt, as.AssignedAt, st
		qi.Overdue = st != string(domain.ReviewSubmitted) && e.stage == domain.StageEvaluation && now.After(as.DueAt)
		out = append(out, qi)
	}
	c.JSON(http.StatusOK, newList(out, next, total))
}

// A queue cursor is the last entry's due time (in nanoseconds: entries keep what they were
// given) and idea ID: the next page starts after it, whatever was assigned or finished
// meanwhile.
func encodeQueueCursor(e queueEntry) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(e.DueAt.UnixNano(), 10) + " " + e.IdeaID))
}

func decodeQueueCursor(s string) (*queueEntry, error) {
	if s == "" {
		return nil, nil
	}
	bad := domain.Invalid("cursor", "cursor is not valid; start again without it")
	if len(s) > 500 {
		return nil, bad
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, bad
	}
	ns, id, ok := strings.Cut(string(b), " ")
	n, err := strconv.ParseInt(ns, 10, 64)
	if !ok || err != nil || id == "" {
		return nil, bad
	}
	return &queueEntry{QueueItem: domain.QueueItem{IdeaID: id, DueAt: time.Unix(0, n).UTC()}}, nil
}
