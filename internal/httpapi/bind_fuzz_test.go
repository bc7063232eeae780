package httpapi

import (
	"bytes"
	"net/http"
	"testing"
	"unicode/utf8"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

type fuzzBody struct {
	Title string   `json:"title" binding:"required,min=5,max=120,line"`
	Body  string   `json:"body" binding:"max=2000,text"`
	Tags  []string `json:"tags" binding:"max=10,dive,min=1,max=40,line"`
	N     *int     `json:"n" binding:"omitempty,min=1,max=5"`
}

// FuzzBind feeds arbitrary bodies through the strict decoder and validator: it must never
// panic, must answer with a domain error code, and whatever it accepts must satisfy the rules.
func FuzzBind(f *testing.F) {
	for _, seed := range []string{
		`{"title":"Hallo Welt","body":"x","tags":["a"],"n":3}`,
		`{"title":{"$gt":""}}`, `{"title":"12345","extra":1}`, `[]`, `{`, `null`, `{"title":"12345"} {}`,
		`{"title":"\u0000abcde"}`, `{"title":"ok ok","n":9}`, `{"title":"ok ok","tags":[""]}`,
		"{\"title\":\"\xff\xfe\xfd\xfc\xfb\"}", `{"title":"🙂🙂🙂🙂🙂"}`,
	} {
		f.Add([]byte(seed))
	}
	s := &Server{validator: newValidator()}
	f.Fuzz(func(t *testing.T, data []byte) {
		req, _ := http.NewRequest("POST", "/", bytes.NewReader(data))
		req.Header.Set("Content-Type", "application/json")
		var b fuzzBody
		err := decodeJSON(req, &b)
		if err == nil {
			err = s.validate(&b)
		}
		if err != nil {
			if code := domain.ErrorCode(err); code != domain.EINVALID {
				t.Fatalf("unexpected code %s for %q: %v", code, data, err)
			}
			return
		}
		if n := utf8.RuneCountInString(b.Title); n < 5 || n > 120 {
			t.Fatalf("accepted title of %d runes", n)
		}
		if b.N != nil && (*b.N < 1 || *b.N > 5) {
			t.Fatalf("accepted n=%d", *b.N)
		}
		if len(b.Tags) > 10 {
			t.Fatalf("accepted %d tags", len(b.Tags))
		}
	})
}
