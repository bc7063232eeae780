package bench

import (
	"context"
	"io"
	"strings"
	"testing"
)

// A scenario name that does not exist is refused before anything is generated or started,
// with the names that do.
func TestRunUnknownScenario(t *testing.T) {
	dir := t.TempDir()
	_, err := Run(context.Background(), Options{OutDir: dir, Out: io.Discard, Only: []string{"transition", "create"}})
	if err == nil || !strings.Contains(err.Error(), `no scenario "create"`) || !strings.Contains(err.Error(), "create-idea") {
		t.Fatalf("Run with an unknown scenario: %v", err)
	}
}
