package mongo

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
)

// The store's log filter passes errors with every attribute and group they were given,
// and drops the rest.
func TestLevelFilter(t *testing.T) {
	var buf bytes.Buffer
	l := slog.New(levelFilter{Handler: slog.NewJSONHandler(&buf, nil), min: slog.LevelError})
	conn := l.With("conn", "127.0.0.1:1").WithGroup("cmd").With("name", "find")
	conn.Info("connected")
	conn.Error("failed", "err", "boom")
	out := buf.String()
	if strings.Contains(out, "connected") {
		t.Fatalf("info passed: %s", out)
	}
	for _, want := range []string{`"conn":"127.0.0.1:1"`, `"cmd":{"name":"find","err":"boom"}`, `"msg":"failed"`} {
		if !strings.Contains(out, want) {
			t.Fatalf("missing %s in %s", want, out)
		}
	}
	if conn.Handler().Enabled(context.Background(), slog.LevelWarn) {
		t.Fatal("warn enabled")
	}
}
