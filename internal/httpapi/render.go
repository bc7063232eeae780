package httpapi

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"
)

// renderJSON answers like gin's c.JSON, the same bytes and headers, without the copy of the
// answer c.JSON makes: json.Marshal returns a fresh slice of the encoded answer, while an
// Encoder encodes into encoding/json's pooled buffer and writes from there. The read
// endpoints that answer thousands of times a second (lists, search, idea detail) use it:
// the copies were ~40 % of the bytes a public list page allocated (a 20-idea page ~15 KB),
// all of it work for the garbage collector.
func renderJSON(c *gin.Context, code int, obj any) {
	c.Render(code, encodedJSON{obj})
}

type encodedJSON struct{ obj any }

func (r encodedJSON) Render(w http.ResponseWriter) error {
	r.WriteContentType(w)
	return json.NewEncoder(noFinalNewline{w}).Encode(r.obj)
}

func (encodedJSON) WriteContentType(w http.ResponseWriter) {
	if h := w.Header(); len(h["Content-Type"]) == 0 {
		h["Content-Type"] = []string{"application/json; charset=utf-8"}
	}
}

// noFinalNewline drops the newline an Encoder ends its value with, so the answer is what
// json.Marshal makes. Encoded JSON has no other raw newline: those in strings are escaped.
type noFinalNewline struct{ w io.Writer }

func (n noFinalNewline) Write(b []byte) (int, error) {
	if k := len(b); k > 0 && b[k-1] == '\n' {
		_, err := n.w.Write(b[:k-1])
		return k, err
	}
	return n.w.Write(b)
}
