package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/notify"
)

// notifications returns the notification service, or fails the request when the server
// runs without one.
func (s *Server) notifications(c *gin.Context) (*notify.Service, bool) {
	if s.Notify == nil {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "notifications are not available on this server"))
		return nil, false
	}
	return s.Notify, true
}

type channelPrefsResponse struct {
	InApp  bool `json:"inApp"`
	Email  bool `json:"email"`
	Digest bool `json:"digest"`
}

// toPreferences shows the effective preferences of every event type.
func toPreferences(p domain.NotificationPreferences) map[domain.EventType]channelPrefsResponse {
	out := make(map[domain.EventType]channelPrefsResponse, len(domain.AllEventTypes))
	for _, t := range domain.AllEventTypes {
		out[t] = channelPrefsResponse(p.For(t))
	}
	return out
}

// channelPrefsPatch changes some channels of one event type.
type channelPrefsPatch struct {
	InApp  *bool `json:"inApp"`
	Email  *bool `json:"email"`
	Digest *bool `json:"digest"`
}

// applyPreferencesPatch merges a PATCH /me notificationPreferences object into u.
func applyPreferencesPatch(u *domain.User, patch map[domain.EventType]channelPrefsPatch) {
	if len(patch) == 0 {
		return
	}
	next := make(domain.NotificationPreferences, len(u.NotificationPreferences)+len(patch))
	for t, c := range u.NotificationPreferences {
		next[t] = c
	}
	for t, p := range patch {
		c := u.NotificationPreferences.For(t)
		if p.InApp != nil {
			c.InApp = *p.InApp
		}
		if p.Email != nil {
			c.Email = *p.Email
		}
		if p.Digest != nil {
			c.Digest = *p.Digest
		}
		next[t] = c
	}
	u.NotificationPreferences = next
}

type notificationIdeaResponse struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Stage string `json:"stage"`
	Days  int    `json:"days"`
}

// notificationResponse is one inbox entry. Fields that the type does not use are null.
type notificationResponse struct {
	ID        string                     `json:"id"`
	Type      domain.EventType           `json:"type"`
	Read      bool                       `json:"read"`
	CreatedAt time.Time                  `json:"createdAt"`
	IdeaID    *string                    `json:"ideaId"`
	IdeaTitle *string                    `json:"ideaTitle"`
	ActorName *string                    `json:"actorName"`
	From      *string                    `json:"from"`
	To        *string                    `json:"to"`
	Reason    *string                    `json:"reason"`
	Excerpt   *string                    `json:"excerpt"`
	CommentID *string                    `json:"commentId"`
	DueAt     *time.Time                 `json:"dueAt"`
	Ideas     []notificationIdeaResponse `json:"ideas"`
}

func toNotification(n *domain.Notification) notificationResponse {
	r := notificationResponse{
		ID: n.ID, Type: n.Type, Read: n.Read, CreatedAt: n.CreatedAt,
		IdeaID: optString(n.IdeaID), IdeaTitle: optString(n.IdeaTitle), ActorName: optString(n.ActorName),
		From: optString(string(n.From)), To: optString(string(n.To)), Reason: optString(n.Reason),
		Excerpt: optString(n.Excerpt), CommentID: optString(n.CommentID), Ideas: []notificationIdeaResponse{},
	}
	if !n.DueAt.IsZero() {
		d := n.DueAt
		r.DueAt = &d
	}
	for _, x := range n.Ideas {
		r.Ideas = append(r.Ideas, notificationIdeaResponse{ID: x.ID, Title: x.Title, Stage: string(x.Stage), Days: x.Days})
	}
	return r
}

type inboxResponse struct {
	listResponse[notificationResponse]
	UnreadCount int `json:"unreadCount"`
}

// handleListNotifications lists the caller's in-app inbox, newest first, with the unread count.
func (s *Server) handleListNotifications(c *gin.Context) {
	n, ok := s.notifications(c)
	if !ok {
		return
	}
	limit, cursor, ok := s.parsePage(c)
	if !ok {
		return
	}
	in, err := n.Inbox(c.Request.Context(), actor(c).UserID, limit, cursor)
	if err != nil {
		s.fail(c, err)
		return
	}
	items := make([]notificationResponse, len(in.Items))
	for i, x := range in.Items {
		items[i] = toNotification(x)
	}
	s.withdrawExcerpts(c.Request.Context(), items)
	c.JSON(http.StatusOK, inboxResponse{listResponse: newList(items, in.Next, in.Total), UnreadCount: in.Unread})
}

// handleUnreadNotifications answers the unread count alone, for the header's badge: it
// polls every minute, and the inbox page's checks of quoted comments are not needed there.
func (s *Server) handleUnreadNotifications(c *gin.Context) {
	n, ok := s.notifications(c)
	if !ok {
		return
	}
	in, err := n.Inbox(c.Request.Context(), actor(c).UserID, 1, "")
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, unreadResponse{UnreadCount: in.Unread})
}

// withdrawExcerpts drops the excerpts of comments that were hidden or deleted since the
// notification was written: moderation and the author's deletion reach the inbox too.
// One lookup by ID per comment on the page.
func (s *Server) withdrawExcerpts(ctx context.Context, items []notificationResponse) {
	gone := map[string]bool{}
	for i := range items {
		id := items[i].CommentID
		if id == nil || items[i].Excerpt == nil {
			continue
		}
		removed, seen := gone[*id]
		if !seen {
			cm, err := s.Store.FindCommentByID(ctx, *id)
			switch {
			case err == nil:
				removed = cm.Deleted || cm.Hidden != nil
			case domain.ErrorCode(err) == domain.ENOTFOUND:
				removed = true
			default:
				// Unknown: better no excerpt than one that should be gone.
				s.logger.WarnContext(ctx, "comment of a notification unavailable", "err", err, "comment", *id)
				removed = true
			}
			gone[*id] = removed
		}
		if removed {
			items[i].Excerpt = nil
		}
	}
}

type markReadRequest struct {
	IDs []string `json:"ids" binding:"omitempty,max=200,dive,min=1,max=200,line"`
	All bool     `json:"all"`
}

type unreadResponse struct {
	UnreadCount int `json:"unreadCount"`
}

// handleMarkNotificationsRead marks the listed notifications, or all, read.
func (s *Server) handleMarkNotificationsRead(c *gin.Context) {
	n, ok := s.notifications(c)
	if !ok {
		return
	}
	var req markReadRequest
	if !s.bindJSON(c, &req) {
		return
	}
	if req.All == (len(req.IDs) > 0) {
		s.fail(c, domain.Invalid("ids", "give either ids or all: true"))
		return
	}
	unread, err := n.MarkRead(c.Request.Context(), actor(c).UserID, req.IDs, req.All)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, unreadResponse{UnreadCount: unread})
}

type unsubscribeRequest struct {
	Token string `json:"token" binding:"required,max=400,line"`
}

type unsubscribeResponse struct {
	EventType string `json:"eventType"`
	Channel   string `json:"channel"`
}

// handleUnsubscribe carries out the unsubscribe link of an e-mail; the token is the
// authorisation, so it needs no sign-in (the SPA's /unsubscribe page posts it).
func (s *Server) handleUnsubscribe(c *gin.Context) {
	n, ok := s.notifications(c)
	if !ok {
		return
	}
	var req unsubscribeRequest
	if !s.bindJSON(c, &req) {
		return
	}
	un, err := n.Unsubscribe(c.Request.Context(), req.Token)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, unsubscribeResponse{EventType: string(un.Type), Channel: un.Channel})
}

// handleUnsubscribeOneClick is the List-Unsubscribe target of notification mails: a mail
// program POSTs "List-Unsubscribe=One-Click" (RFC 8058) to the URL, whose token says what
// to stop; the body is not needed beyond that.
func (s *Server) handleUnsubscribeOneClick(c *gin.Context) {
	n, ok := s.notifications(c)
	if !ok {
		return
	}
	token := c.Query("token")
	if token == "" || len(token) > 400 {
		s.fail(c, domain.Invalid("token", "the unsubscribe link is incomplete"))
		return
	}
	un, err := n.Unsubscribe(c.Request.Context(), token)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, unsubscribeResponse{EventType: string(un.Type), Channel: un.Channel})
}
