package httpapi

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

type keysInner struct {
	ReviewerID string `json:"reviewerId"`
}

type keysBody struct {
	Name      string            `json:"name"`
	Reviewers []keysInner       `json:"reviewers"`
	Labels    map[string]string `json:"labels"`
	Any       any               `json:"any"`
}

// TestStrictKeys: member names are case-sensitive and appear once, at every depth; a
// request object cannot be null.
func TestStrictKeys(t *testing.T) {
	for _, c := range []struct {
		body, field string // field "" with ok
		ok          bool
	}{
		{`{"name":"a","reviewers":[{"reviewerId":"u1"}],"labels":{"Name":"x","name":"y"},"any":{"A":1,"a":2}}`, "", true},
		{`{"Name":"a"}`, "Name", false},
		{`{"name":"a","name":"b"}`, "name", false},
		{`{"reviewers":[{"reviewerId":"u1"},{"ReviewerID":"u2"}]}`, "reviewers[1].ReviewerID", false},
		{`{"reviewers":[{"reviewerId":"u1","reviewerId":"u2"}]}`, "reviewers[0].reviewerId", false},
		{`{"labels":{"a":"x","a":"y"}}`, "labels.a", false},
		{`{"any":{"k":1,"k":2}}`, "any.k", false},
		{`null`, "", false},
	} {
		r, _ := http.NewRequest("POST", "/", bytes.NewReader([]byte(c.body)))
		r.Header.Set("Content-Type", "application/json")
		var dst keysBody
		err := decodeJSON(r, &dst)
		if c.ok != (err == nil) {
			t.Errorf("%s: err %v", c.body, err)
			continue
		}
		if err == nil {
			continue
		}
		e, ok := err.(*domain.Error)
		if !ok || e.Code != domain.EINVALID {
			t.Errorf("%s: %#v", c.body, err)
		} else if c.field != "" && (len(e.Fields) != 1 || e.Fields[0].Field != c.field) {
			t.Errorf("%s: fields %v, want %s", c.body, e.Fields, c.field)
		}
	}
}

// BenchmarkDecodeReview measures the strict decoder on a review's body (the key check
// walks the body once more before it is decoded).
func BenchmarkDecodeReview(b *testing.B) {
	body := []byte(`{"noConflictOfInterest":true,"recommendation":"go","confidence":"medium","comment":"Gute Idee, gut umsetzbar.",` +
		`"scores":[{"key":"citizen_benefit","score":4,"comment":"Viele profitieren."},{"key":"efficiency","score":4},{"key":"feasibility","score":3},` +
		`{"key":"strategy_fit","score":4},{"key":"reusability","score":5}]}`)
	b.ReportAllocs()
	for b.Loop() {
		r, _ := http.NewRequest("PUT", "/", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		var dst putReviewRequest
		if err := decodeJSON(r, &dst); err != nil {
			b.Fatal(err)
		}
	}
}
