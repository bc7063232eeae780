package httpapi

import "testing"

// The errors as the network stack, the SMTP client and the webhook sender word them.
func TestOutboxErrorKind(t *testing.T) {
	for text, want := range map[string]string{
		"":                                       "",
		"undeliverable: the webhook was deleted": "webhook_deleted",
		"undeliverable: the webhook is switched off":                                       "webhook_disabled",
		"dial tcp 127.0.0.1:2525: connect: connection refused":                             "refused",
		"dial tcp 10.0.0.1:25: i/o timeout":                                                "timeout",
		"Post \"https://x.example/hook\": context deadline exceeded":                       "timeout",
		"dial tcp: lookup mail.invalid: no such host":                                      "unreachable",
		"tls: failed to verify certificate: x509: certificate signed by unknown authority": "tls",
		"the receiver answered HTTP 500":                                                   "status",
		"550 5.1.1 mailbox unavailable":                                                    "rejected",
		"421 4.7.0 try again later":                                                        "rejected",
		"EOF":                                                                              "other",
	} {
		if got := outboxErrorKind(text); got != want {
			t.Errorf("%q: %q, want %q", text, got, want)
		}
	}
}

// The kind of a message, from its ID.
func TestOutboxKind(t *testing.T) {
	for id, want := range map[string]string{
		"n:evt1:u1": "notification", "digest:u1:2026-11-27": "digest", "wh:e1:h1": "webhook",
		"feedback:01a2": "feedback", "01a2-mail": "account",
	} {
		if got := outboxKind(id); got != want {
			t.Errorf("%q: %q, want %q", id, got, want)
		}
	}
}
