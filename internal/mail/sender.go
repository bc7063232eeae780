// Package mail sends e-mail from the durable outbox: a worker that holds the outbox lease
// takes due messages, sends them over SMTP and records the result, retrying with
// exponential back-off and jitter until a message's maximum age.
package mail

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Sender delivers one message.
type Sender interface {
	Send(ctx context.Context, m domain.Mail) error
}

// SMTPSender sends through an SMTP server given as smtp://user:pass@host:port (STARTTLS when
// the server offers it) or smtps://… (implicit TLS).
type SMTPSender struct {
	from  string
	host  string
	port  int
	user  string
	pass  string
	tls   bool
	plain bool
}

// NewSMTPSender parses the SMTP URL.
func NewSMTPSender(rawURL, from string) (*SMTPSender, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("parse SMTP URL: %w", err)
	}
	s := &SMTPSender{from: from, host: u.Hostname(), tls: u.Scheme == "smtps"}
	s.port = 587
	if s.tls {
		s.port = 465
	}
	if p := u.Port(); p != "" {
		if s.port, err = strconv.Atoi(p); err != nil {
			return nil, fmt.Errorf("SMTP port %q: %w", p, err)
		}
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
	}
	// Servers on loopback (tests, a local relay) speak plain SMTP.
	s.plain = s.host == "localhost" || s.host == "127.0.0.1" || s.host == "::1"
	return s, nil
}

// Send implements Sender.
func (s *SMTPSender) Send(ctx context.Context, m domain.Mail) error {
	msg := gomail.NewMsg()
	if err := msg.From(s.from); err != nil {
		return fmt.Errorf("sender address: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return fmt.Errorf("recipient address: %w", err)
	}
	msg.Subject(m.Subject)
	if m.ReplyTo != "" {
		if err := msg.ReplyTo(m.ReplyTo); err != nil {
			return fmt.Errorf("reply address: %w", err)
		}
	}
	if m.Unsubscribe != "" {
		// One click in the mail program stops these mails (RFC 2369, RFC 8058).
		msg.SetGenHeader(gomail.HeaderListUnsubscribe, "<"+m.Unsubscribe+">")
		msg.SetGenHeader(gomail.HeaderListUnsubscribePost, "List-Unsubscribe=One-Click")
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	opts := []gomail.Option{gomail.WithPort(s.port), gomail.WithTimeout(10 * time.Second)}
	switch {
	case s.tls:
		opts = append(opts, gomail.WithSSL())
	case s.plain:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	if s.user != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(s.user), gomail.WithPassword(s.pass))
	}
	c, err := gomail.NewClient(s.host, opts...)
	if err != nil {
		return fmt.Errorf("SMTP client: %w", err)
	}
	return c.DialAndSendWithContext(ctx, msg)
}

// LogSender stands in for an SMTP server when none is configured (the demo): it notes in
// the log that a mail was not sent, and nothing of it — subject and body carry names, idea
// titles and sign-in links, which the log must not.
type LogSender struct{ Logger *slog.Logger }

// Send implements Sender.
func (l LogSender) Send(_ context.Context, _ domain.Mail) error {
	l.Logger.Info("mail not sent: no SMTP server configured (IDEENWERK_SMTP_URL)")
	return nil
}
