package httpapi

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
)

const spaMissing = `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Ideenwerk</title></head>
<body><main><h1>Ideenwerk</h1><p>Die Oberfläche wurde noch nicht gebaut. Starten Sie <code>scripts/run.sh</code>,
das die Oberfläche baut und einbettet. Die API läuft unter <a href="/api/v1/openapi.yaml">/api/v1</a>.</p>
<p lang="en">The user interface has not been built yet; run <code>scripts/run.sh</code>.</p></main></body></html>`

// serveSPA serves a built file if it exists and index.html otherwise, so deep links work.
// Hashed assets are cached for a year; index.html is revalidated every time.
func (s *Server) serveSPA(c *gin.Context) {
	p := strings.TrimPrefix(path.Clean("/"+c.Request.URL.Path), "/")
	if s.SPA != nil && p != "" && p != "index.html" {
		if st, err := fs.Stat(s.SPA, p); err == nil && !st.IsDir() {
			if strings.HasPrefix(p, "assets/") {
				c.Header("Cache-Control", "public, max-age=31536000, immutable")
			} else {
				c.Header("Cache-Control", "no-cache")
			}
			c.FileFromFS(p, http.FS(s.SPA))
			return
		}
		if strings.HasPrefix(p, "assets/") {
			c.Status(http.StatusNotFound)
			return
		}
	}
	c.Header("Cache-Control", "no-cache")
	if s.SPA != nil {
		if b, err := fs.ReadFile(s.SPA, "index.html"); err == nil {
			c.Data(http.StatusOK, "text/html; charset=utf-8", b)
			return
		}
	}
	c.Data(http.StatusOK, "text/html; charset=utf-8", []byte(spaMissing))
}
