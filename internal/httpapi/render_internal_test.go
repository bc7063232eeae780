package httpapi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
)

// TestRenderJSONAsGin: renderJSON answers with exactly the bytes, status and content type
// of gin's c.JSON, HTML escaping and escaped newlines in strings included.
func TestRenderJSONAsGin(t *testing.T) {
	gin.SetMode(gin.TestMode)
	values := []any{
		gin.H{"items": []string{"a\nb", "<b>\"x\"</b> & {\"$gt\": \"\"}", "\u2028 ü \x01"}, "total": 3},
		newList([]int{1, 2}, "n", 2),
		map[string]any{"at": time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC), "nil": nil},
		[]any{},
		"\n",
	}
	for _, v := range values {
		want := httptest.NewRecorder()
		c, _ := gin.CreateTestContext(want)
		c.JSON(http.StatusCreated, v)
		got := httptest.NewRecorder()
		c, _ = gin.CreateTestContext(got)
		renderJSON(c, http.StatusCreated, v)
		if !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) || got.Code != want.Code ||
			got.Header().Get("Content-Type") != want.Header().Get("Content-Type") {
			t.Errorf("%#v:\n got %d %q %s\nwant %d %q %s", v, got.Code, got.Header().Get("Content-Type"), got.Body,
				want.Code, want.Header().Get("Content-Type"), want.Body)
		}
		if !json.Valid(got.Body.Bytes()) {
			t.Errorf("%#v: invalid JSON %s", v, got.Body)
		}
	}
}
