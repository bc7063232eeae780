package httpapi

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// TestAccessLogClientGone: a request whose client went away is logged as such, not as a
// server error, although the store's cancelled answer maps to 503; a real 503 stays an error.
func TestAccessLogClientGone(t *testing.T) {
	gin.SetMode(gin.TestMode)
	var buf bytes.Buffer
	s := &Server{logger: slog.New(slog.NewTextHandler(&buf, nil))}
	r := gin.New()
	r.Use(s.accessLog)
	// Like guardStore: a derived context, cancelled when the handler is done.
	r.Use(func(c *gin.Context) {
		ctx, cancel := context.WithCancel(c.Request.Context())
		defer cancel()
		c.Request = c.Request.WithContext(ctx)
		c.Next()
	})
	r.GET("/ok", func(c *gin.Context) { c.Status(http.StatusNoContent) })
	r.GET("/x", func(c *gin.Context) {
		s.fail(c, &domain.Error{Code: domain.EUNAVAILABLE, Message: "The request was cancelled.", RetryAfter: 1})
	})

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/x", nil).WithContext(ctx))
	gone := buf.String()
	if !strings.Contains(gone, "level=INFO") || !strings.Contains(gone, "client_gone=true") {
		t.Fatalf("cancelled request logged as %q", gone)
	}

	buf.Reset()
	r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/ok", nil))
	if got := buf.String(); !strings.Contains(got, "level=INFO") || strings.Contains(got, "client_gone") {
		t.Fatalf("an answered request logged as %q", got)
	}

	buf.Reset()
	r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/x", nil))
	if got := buf.String(); !strings.Contains(got, "level=ERROR") || strings.Contains(got, "client_gone") {
		t.Fatalf("503 logged as %q", got)
	}
}
