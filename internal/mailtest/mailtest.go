// Package mailtest runs a real SMTP server (github.com/emersion/go-smtp) on loopback for
// tests: it accepts every message, keeps it for inspection, and can be stopped and started
// on the same port to simulate an outage.
package mailtest

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Message is one received e-mail, decoded.
type Message struct {
	From    string
	To      []string
	Subject string
	Text    string
	HTML    string
	Raw     []byte
}

// Server is a running SMTP sink.
type Server struct {
	Addr string

	mu      sync.Mutex
	msgs    []Message
	notify  chan struct{}
	srv     *smtp.Server
	running bool
}

// Start starts a server on a free loopback port; it is stopped in t.Cleanup.
func Start(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{notify: make(chan struct{}, 1)}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s.Addr = ln.Addr().String()
	s.serve(ln)
	tb.Cleanup(s.Stop)
	return s
}

// URL returns the IDEENWERK_SMTP_URL of the server.
func (s *Server) URL() string { return "smtp://" + s.Addr }

func (s *Server) serve(ln net.Listener) {
	srv := smtp.NewServer(backend{s})
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	s.mu.Lock()
	s.srv, s.running = srv, true
	s.mu.Unlock()
	go func() { _ = srv.Serve(ln) }()
}

// Stop shuts the server down (an outage); Restart brings it back on the same address.
func (s *Server) Stop() {
	s.mu.Lock()
	srv, running := s.srv, s.running
	s.running = false
	s.mu.Unlock()
	if running {
		_ = srv.Close()
	}
}

// Restart listens again on the same address.
func (s *Server) Restart(tb testing.TB) {
	tb.Helper()
	var ln net.Listener
	var err error
	for range 50 {
		if ln, err = net.Listen("tcp", s.Addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		tb.Fatal(err)
	}
	s.serve(ln)
}

// Messages returns a copy of what was received so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// WaitFor waits until a message to the given recipient arrives whose subject contains
// subject, and returns it.
func (s *Server) WaitFor(tb testing.TB, to, subject string, timeout time.Duration) Message {
	tb.Helper()
	deadline := time.After(timeout)
	for {
		for _, m := range s.Messages() {
			for _, r := range m.To {
				if strings.EqualFold(r, to) && strings.Contains(m.Subject, subject) {
					return m
				}
			}
		}
		select {
		case <-s.notify:
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			tb.Fatalf("no mail to %s with subject %q within %s (got %d mails)", to, subject, timeout, len(s.Messages()))
		}
	}
}

var linkRe = regexp.MustCompile(`https?://[^\s<>"]+`)

// Link returns the first link in the text part that contains substr.
func (m Message) Link(tb testing.TB, substr string) string {
	tb.Helper()
	for _, l := range linkRe.FindAllString(m.Text, -1) {
		if strings.Contains(l, substr) {
			return l
		}
	}
	tb.Fatalf("no link containing %q in mail %q:\n%s", substr, m.Subject, m.Text)
	return ""
}

type backend struct{ s *Server }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s    *Server
	from string
	to   []string
}

func (x *session) AuthPlain(string, string) error { return nil }
func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.from = from
	return nil
}
func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}
func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }

func (x *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := parse(raw)
	if err != nil {
		return err
	}
	m.From, m.To = x.from, x.to
	x.s.mu.Lock()
	x.s.msgs = append(x.s.msgs, m)
	x.s.mu.Unlock()
	select {
	case x.s.notify <- struct{}{}:
	default:
	}
	return nil
}

func parse(raw []byte) (Message, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Message{}, err
	}
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		subject = msg.Header.Get("Subject")
	}
	m := Message{Subject: subject, Raw: raw}
	err = walk(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, &m)
	return m, err
}

func walk(ct, cte string, body io.Reader, m *Message) error {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = "text/plain"
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return err
			}
			if err := walk(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, m); err != nil {
				return err
			}
		}
	}
	b, err := decodeBody(cte, body)
	if err != nil {
		return err
	}
	switch mt {
	case "text/plain":
		m.Text += string(b)
	case "text/html":
		m.HTML += string(b)
	}
	return nil
}
