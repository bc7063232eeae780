package mail_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mail"
)

// Without an SMTP server the log notes each mail, and nothing of what it says or whom it is
// for: the log must not hold names, addresses or sign-in links.
func TestLogSenderKeepsMailOutOfTheLog(t *testing.T) {
	var buf bytes.Buffer
	s := mail.LogSender{Logger: slog.New(slog.NewJSONHandler(&buf, nil))}
	m := domain.Mail{To: "erika.muster@example.org", Subject: "Idee „Bürgerbüro Musterstadt“ kommentiert",
		Text: "Guten Tag Erika Muster, https://ideen.example/reset?token=s3cr3t", HTML: "<p>Erika Muster</p>"}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "mail not sent") {
		t.Fatalf("the log does not note the mail: %s", out)
	}
	for _, secret := range []string{"erika", "Muster", "s3cr3t", "Bürgerbüro", "reset"} {
		if strings.Contains(out, secret) {
			t.Fatalf("the log holds %q: %s", secret, out)
		}
	}
}
