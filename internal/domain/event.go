package domain

import (
	"context"
	"strconv"
	"time"
)

// EventType names something that happened which people may want to hear about. Each type
// is one row of a user's notification preferences.
type EventType string

// The events of PRODUCT.md, "Engagement and notifications".
const (
	// EventStageChanged: an idea I wrote or follow moved to another stage (with the reason).
	EventStageChanged EventType = "stage_changed"
	// EventDecisionMade: the decision gate was passed (pilot, rejected, parked, …).
	EventDecisionMade EventType = "decision_made"
	// EventReviewAssigned: I was assigned to review an idea.
	EventReviewAssigned EventType = "review_assigned"
	// EventReviewDueSoon: my review is due within two days.
	EventReviewDueSoon EventType = "review_due_soon"
	// EventReviewOverdue: my review is past its due date.
	EventReviewOverdue EventType = "review_overdue"
	// EventComment: a comment on an idea I wrote or follow.
	EventComment EventType = "comment"
	// EventMention: someone mentioned me (@Display Name) in a comment.
	EventMention EventType = "mention"
	// EventPilotUpdate: a progress update on the pilot of an idea I wrote or follow.
	EventPilotUpdate EventType = "pilot_update"
	// EventCommentHidden: the cdo hid my comment (with the reason).
	EventCommentHidden EventType = "comment_hidden"
	// EventSLAOverdue: ideas wait in screening or evaluation longer than the target (cdo).
	EventSLAOverdue EventType = "sla_overdue"
	// EventReviewDeclined: an assigned reviewer declined for a conflict of interest, with the
	// reason; someone else is to be assigned (cdo).
	EventReviewDeclined EventType = "review_declined"
)

// AllEventTypes lists the event types in a stable order.
var AllEventTypes = []EventType{
	EventStageChanged, EventDecisionMade, EventReviewAssigned, EventReviewDueSoon, EventReviewOverdue,
	EventComment, EventMention, EventPilotUpdate, EventCommentHidden, EventSLAOverdue, EventReviewDeclined,
}

// ValidEventType reports whether t is a known event type.
func ValidEventType(t EventType) bool {
	for _, x := range AllEventTypes {
		if x == t {
			return true
		}
	}
	return false
}

// Event is one thing that happened, published by the code path that made it happen and
// fanned out to its recipients by the notification service. It carries IDs, not copies:
// the dispatcher loads the idea and the users when it delivers.
type Event struct {
	// ID is set when the event is queued.
	ID   string
	Type EventType
	// TenantID is taken from the context when empty.
	TenantID string
	IdeaID   string
	// ActorID caused the event and is never notified of it ("" or SystemActorID for the product).
	ActorID string
	From    Stage
	To      Stage
	// Reason of a decision or of hiding a comment.
	Reason    string
	CommentID string
	// Text is the comment body (mentions are read from it) or the pilot update's note.
	Text string
	// RecipientIDs are explicit recipients (the reviewer, the comment's author, the cdo);
	// the authors and followers of the idea are added by the type's rule.
	RecipientIDs []string
	// DueAt of a review.
	DueAt time.Time
	// Ideas of a summary event (SLA).
	Ideas []EventIdea
	// Key, when set, makes the event idempotent: an event with a key already published in
	// the tenant is dropped. Reminders use it ("review-due:<idea>:<reviewer>:<due>").
	Key string
	At  time.Time
}

// EventIdea is one idea listed by a summary event.
type EventIdea struct {
	ID    string
	Title string
	Stage Stage
	Days  int
}

// EventPublisher queues events for delivery. Publishing never fails the operation that
// caused the event: callers log the error and go on.
type EventPublisher interface {
	Publish(ctx context.Context, e Event) error
}

// TransitionEvent is the event of a stored transition: decision_made when the idea leaves
// the decision gate, stage_changed otherwise.
func TransitionEvent(i *Idea, d Decision) Event {
	t := EventStageChanged
	if d.From == StageDecision {
		t = EventDecisionMade
	}
	return Event{Type: t, TenantID: i.TenantID, IdeaID: i.ID, ActorID: d.ActorID, From: d.From, To: d.To, Reason: d.Reason, At: d.At}
}

// ReviewAssignedEvent tells a reviewer about an assignment. Its key makes saving the same
// assignment again (an unchanged reviewer list) publish nothing new.
func ReviewAssignedEvent(ideaID, actorID string, a Assignment) Event {
	return Event{Type: EventReviewAssigned, IdeaID: ideaID, ActorID: actorID, RecipientIDs: []string{a.ReviewerID},
		DueAt: a.DueAt, Key: "review-assigned:" + ideaID + ":" + a.ReviewerID + ":" + strconv.FormatInt(a.DueAt.Unix(), 10)}
}

// ReviewDeclinedEvent tells the cdo's office that reviewerID declined to review the idea,
// and why.
func ReviewDeclinedEvent(ideaID, reviewerID, reason string) Event {
	return Event{Type: EventReviewDeclined, IdeaID: ideaID, ActorID: reviewerID, Reason: reason}
}

// CommentEvent tells the idea's authors and followers about a new comment, and the people
// it mentions (@Display Name) that they were mentioned.
func CommentEvent(c *Comment) Event {
	return Event{Type: EventComment, TenantID: c.TenantID, IdeaID: c.IdeaID, ActorID: c.AuthorID, CommentID: c.ID, Text: c.Body, At: c.CreatedAt}
}

// CommentHiddenEvent tells a comment's author that the cdo hid it, and why.
func CommentHiddenEvent(c *Comment) Event {
	e := Event{Type: EventCommentHidden, TenantID: c.TenantID, IdeaID: c.IdeaID, CommentID: c.ID, RecipientIDs: []string{c.AuthorID}, Text: c.Body}
	if c.Hidden != nil {
		e.ActorID, e.Reason, e.At = c.Hidden.ByID, c.Hidden.Reason, c.Hidden.At
	}
	return e
}

// PilotUpdateEvent tells the idea's authors and followers about a pilot's progress note.
func PilotUpdateEvent(i *Idea, u *PilotUpdate) Event {
	return Event{Type: EventPilotUpdate, TenantID: i.TenantID, IdeaID: i.ID, ActorID: u.AuthorID, Text: u.Note, At: u.At}
}
