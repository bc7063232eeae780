package httpapi

import (
	"os"
	"testing"
)

// The published schema (api/reuse-profile.schema.json) and the copy imports are validated
// against must be the same document.
func TestReuseProfileSchemaInSync(t *testing.T) {
	b, err := os.ReadFile("../../api/reuse-profile.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != reuseProfileSchema {
		t.Fatal("internal/httpapi/reuse_schema.go differs from api/reuse-profile.schema.json; copy the file into the constant")
	}
	if err := validateReuseProfile([]byte(`{"format":"ideenwerk.reuse-profile"}`)); err == nil {
		t.Fatal("an incomplete profile passed the schema")
	}
}
