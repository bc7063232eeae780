package domain_test

import (
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// An error about one field names it in its message (API clients show the message alone);
// the field's own message stays relative to it.
func TestInvalidNamesTheField(t *testing.T) {
	e := domain.Invalid("title", "must have 5 to 120 characters")
	if e.Message != "title must have 5 to 120 characters" || e.Fields[0].Field != "title" || e.Fields[0].Message != "must have 5 to 120 characters" {
		t.Fatalf("%+v", e)
	}
	if e := domain.Invalid("hosts", "hosts must not be empty"); e.Message != "hosts must not be empty" {
		t.Fatalf("named twice: %q", e.Message)
	}
}
