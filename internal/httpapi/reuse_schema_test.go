package httpapi

import "testing"

// The schema imports are validated against is the published one, and it is strict.
func TestReuseProfileSchemaRefusesIncomplete(t *testing.T) {
	if err := validateReuseProfile([]byte(`{"format":"ideenwerk.reuse-profile"}`)); err == nil {
		t.Fatal("an incomplete profile passed the schema")
	}
}
