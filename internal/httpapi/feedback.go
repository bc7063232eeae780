package httpapi

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Limits of barrier feedback.
const (
	feedbackMessageMin = 10
	feedbackMessageMax = 5000
)

type accessibilityFeedbackRequest struct {
	Message string `json:"message" binding:"required"`
	// Page is where the barrier is (a path or address of this site), if the sender says.
	Page string `json:"page" binding:"omitempty,max=500,line"`
	// Email is where the office may answer; optional (anonymous feedback is welcome).
	Email string `json:"email" binding:"omitempty,max=254,email"`
}

type accessibilityFeedbackResponse struct {
	// Contact is the address the feedback went to, for the sender's confirmation.
	Contact string `json:"contact"`
}

// handleAccessibilityFeedback is the feedback channel for barriers that BITV 2.0 § 7 asks of
// public bodies: anyone, signed in or not, describes a barrier, and it is mailed (through the
// outbox, so it survives a mail server outage) to the city's contact address, with the
// sender's address as Reply-To when given, and nothing else of the sender (the form promises
// anonymity without an address, signed in or not). Rate-limited like sign-ups.
func (s *Server) handleAccessibilityFeedback(c *gin.Context) {
	var req accessibilityFeedbackRequest
	if !s.bindJSON(c, &req) {
		return
	}
	msg, err := domain.NormalizeCommentText("message", req.Message, feedbackMessageMin, feedbackMessageMax)
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	t := domain.TenantFromContext(ctx)
	contact := t.Branding.ContactEmail
	if contact == "" {
		s.fail(c, domain.Because(domain.EUNAVAILABLE, domain.RNoFeedbackContact,
			"this city has not named a contact address for feedback yet; please write to its general address"))
		return
	}
	page := strings.TrimSpace(req.Page)
	var b strings.Builder
	b.WriteString("Über das Formular der Erklärung zur Barrierefreiheit wurde eine Barriere gemeldet.\n\n")
	if page != "" {
		b.WriteString("Seite: " + page + "\n\n")
	}
	b.WriteString(msg + "\n\n")
	if req.Email != "" {
		b.WriteString("Antwort an: " + req.Email + " (Antworten auf diese E-Mail gehen dorthin.)\n")
	} else {
		b.WriteString("Die Meldung wurde ohne Antwortadresse gesendet.\n")
	}
	subject := "Barriere gemeldet"
	if page != "" {
		subject += ": " + page
	}
	// Keyed as feedback, so the outbox page tells it from account mail.
	if _, err := s.Store.EnqueueOnce(ctx, "feedback:"+newFunnelID(), domain.Mail{To: contact, Subject: subject, Text: b.String(), ReplyTo: req.Email}); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusAccepted, accessibilityFeedbackResponse{Contact: contact})
}
