package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// recordAudit appends an entry for the request's actor to the audit log. Every handler
// that changes state calls it after the change succeeded (the funnel's use cases record
// their own). A failure is logged, never shown: the change has happened.
func (s *Server) recordAudit(ctx context.Context, action, targetType, targetID string, details map[string]string) {
	if s.Funnel == nil || s.Funnel.Audit == nil {
		return
	}
	if err := s.Funnel.Audit.RecordAudit(ctx, domain.NewAuditEntry(ctx, action, targetType, targetID, details)); err != nil {
		s.logger.ErrorContext(ctx, "audit record failed", "err", err, "action", action, "target", targetID)
	}
}

type auditEntryResponse struct {
	ID         string      `json:"id"`
	Actor      *funnelUser `json:"actor"`
	Action     string      `json:"action"`
	TargetType string      `json:"targetType"`
	TargetID   string      `json:"targetId"`
	// TargetName names the target for the reader (an idea's title, an account's display name, a
	// department, a campaign); null where there is none or the reader may not see it.
	TargetName *string           `json:"targetName"`
	At         time.Time         `json:"at"`
	RequestID  *string           `json:"requestId"`
	Details    map[string]string `json:"details"`
}

// handleListAudit lists the audit log newest first (admin, cdo), filtered by actor, action,
// target and period (from inclusive, to exclusive).
func (s *Server) handleListAudit(c *gin.Context) {
	f, ok := s.funnel(c)
	if !ok {
		return
	}
	store, ok := f.Audit.(domain.AuditStore)
	if !ok {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "the audit log is not available"))
		return
	}
	limit, err := parseLimit(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	flt := domain.AuditFilter{ActorID: c.Query("actor"), Action: c.Query("action"), TargetID: c.Query("target"),
		Limit: limit, Cursor: c.Query("cursor")}
	for _, q := range []string{"actor", "action", "target"} {
		if len(c.Query(q)) > 100 {
			s.fail(c, domain.Invalid(q, "must have at most 100 characters"))
			return
		}
	}
	if flt.From, err = parseTime("from", c.Query("from")); err != nil {
		s.fail(c, err)
		return
	}
	if flt.To, err = parseTime("to", c.Query("to")); err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	entries, next, total, err := store.FindAuditEntries(ctx, flt)
	if err != nil {
		s.fail(c, err)
		return
	}
	ids := make([]string, 0, 2*len(entries))
	for _, e := range entries {
		ids = append(ids, e.ActorID)
		if e.TargetType == "user" {
			ids = append(ids, e.TargetID)
		}
	}
	users := s.funnelUsers(ctx, ids...)
	names := s.auditTargetNames(ctx, actor(c), entries, users)
	out := make([]auditEntryResponse, len(entries))
	for n, e := range entries {
		out[n] = auditEntryResponse{ID: e.ID, Action: e.Action, TargetType: e.TargetType, TargetID: e.TargetID, At: e.At,
			RequestID: optString(e.RequestID), Details: e.Details}
		if u, ok := users[e.ActorID]; ok {
			out[n].Actor = &u
		}
		out[n].TargetName = optString(names[e.TargetType+"/"+e.TargetID])
		if out[n].Details == nil {
			out[n].Details = map[string]string{}
		}
	}
	c.JSON(http.StatusOK, newList(out, next, total))
}

// auditTargetNames names the targets of a page of audit entries, one lookup per distinct
// target (ideas the reader may not see stay unnamed), keyed "type/id".
func (s *Server) auditTargetNames(ctx context.Context, a *domain.Actor, entries []*domain.AuditEntry, users map[string]funnelUser) map[string]string {
	out := map[string]string{}
	st, err := s.ideaStore()
	for _, e := range entries {
		key := e.TargetType + "/" + e.TargetID
		if _, done := out[key]; done {
			continue
		}
		name := ""
		switch e.TargetType {
		case "user":
			if u, ok := users[e.TargetID]; ok {
				name = u.DisplayName
			}
		case "department":
			if d, derr := s.Store.FindDepartmentByID(ctx, e.TargetID); derr == nil {
				name = d.Code + " — " + d.Name
			}
		case "idea":
			if i, ierr := s.visibleIdea(ctx, a, e.TargetID); ierr == nil {
				name = i.Title
			}
		case "campaign":
			if err == nil {
				if cp, cerr := st.FindCampaignByID(ctx, e.TargetID); cerr == nil {
					name = cp.Title
				}
			}
		}
		out[key] = name
	}
	return out
}
