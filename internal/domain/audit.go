package domain

import (
	"context"
	"time"
)

// AuditEntry records one state-changing action: who did what to which target, when, in
// which request. Entries are append-only.
type AuditEntry struct {
	ID         string
	TenantID   string
	ActorID    string
	Action     string // e.g. "idea.transition", "review.save", "comment.hide"
	TargetType string // e.g. "idea", "comment", "criteria_set"
	TargetID   string
	At         time.Time
	RequestID  string
	// Details are short, non-personal facts ("from": "screening", "to": "evaluation").
	Details map[string]string
}

// NewAuditEntry returns an entry for the context's actor and request. The recorder sets
// ID, TenantID and At.
func NewAuditEntry(ctx context.Context, action, targetType, targetID string, details map[string]string) *AuditEntry {
	e := &AuditEntry{Action: action, TargetType: targetType, TargetID: targetID,
		RequestID: RequestIDFromContext(ctx), Details: details}
	if a := ActorFromContext(ctx); a != nil {
		e.ActorID = a.UserID
	}
	return e
}

// AuditRecorder appends entries to the audit log. Every handler that changes state calls it
// after the change succeeded.
type AuditRecorder interface {
	// RecordAudit stores e for the context's tenant (ID, TenantID and At are set).
	RecordAudit(ctx context.Context, e *AuditEntry) error
}

// AuditFilter selects audit entries; filters combine with AND.
type AuditFilter struct {
	ActorID  string
	Action   string
	TargetID string
	From, To time.Time // [From, To)
	Limit    int
	Cursor   string
}

// AuditStore stores and lists the audit log of the context's tenant.
type AuditStore interface {
	AuditRecorder
	// FindAuditEntries lists entries newest first with the total count.
	FindAuditEntries(ctx context.Context, f AuditFilter) ([]*AuditEntry, string, int, error)
}

// Audit actions of the funnel.
const (
	AuditIdeaTransition     = "idea.transition"
	AuditReviewersAssign    = "idea.reviewers.assign"
	AuditReviewSave         = "review.save"
	AuditReviewSubmit       = "review.submit"
	AuditReviewDecline      = "review.decline"
	AuditCriteriaCreate     = "criteria_set.create"
	AuditCriteriaUpdate     = "criteria_set.update"
	AuditChecklistUpdate    = "settings.checklist.update"
	AuditPilotUpdate        = "pilot.update"
	AuditPilotPlanUpdate    = "pilot.plan.update"
	AuditRolloutUpdate      = "rollout.update"
	AuditReusePublish       = "reuse_profile.publish"
	AuditReuseUnpublish     = "reuse_profile.unpublish"
	AuditReuseImport        = "reuse_profile.import"
	AuditIdeaMergeFollowups = "idea.merge"
)
