package markdown

import (
	"io"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// activeContent returns a description of the first active element, event handler or
// dangerous URL in rendered HTML, or "".
func activeContent(out string) string {
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if z.Err() == io.EOF {
				return ""
			}
			return "unparsable output"
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script", "iframe", "svg", "object", "embed", "style", "form", "math", "base", "meta", "link":
				return "element " + tok.Data
			}
			for _, a := range tok.Attr {
				k := strings.ToLower(a.Key)
				if strings.HasPrefix(k, "on") || k == "style" || k == "srcdoc" {
					return "attribute " + k
				}
				if k == "href" || k == "src" {
					u, err := url.Parse(strings.TrimSpace(a.Val))
					if err != nil {
						return "unparsable URL " + a.Val
					}
					if s := strings.ToLower(u.Scheme); s != "" && s != "http" && s != "https" && s != "mailto" {
						return "URL scheme " + s
					}
				}
			}
		}
	}
}

// FuzzRender checks that no input produces active content in either renderer.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"# x", "<script>alert(1)</script>", "[a](javascript:alert(1))", "<img src=x onerror=alert(1)>",
		"[a](JaVaScRiPt:alert(1))", "<a href=\"&#106;avascript:alert(1)\">x</a>", "```\n<script>\n```",
		"<svg onload=alert(1)>", "[x](vbscript:msgbox)", "<iframe srcdoc='<script>'>", "**x** _y_ `z`",
		"0 onerror=", "![x](data:image/svg+xml;base64,PHN2Zz4=)",
	} {
		f.Add(s)
	}
	r := New()
	f.Fuzz(func(t *testing.T, src string) {
		for _, out := range []string{r.Full(src), r.Subset(src)} {
			if bad := activeContent(out); bad != "" {
				t.Fatalf("%q rendered to %q with %s", src, out, bad)
			}
		}
	})
}
