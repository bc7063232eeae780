package markdown

import (
	"strings"
	"testing"
)

func TestFullIsSanitised(t *testing.T) {
	r := New()
	cases := map[string]struct{ in, mustNot, must string }{
		"ScriptTag":      {"Hallo <script>alert(1)</script>", "<script", "Hallo"},
		"JavascriptLink": {"[klick](javascript:alert(1))", "javascript:", "klick"},
		"OnErrorImage":   {`<img src=x onerror=alert(1)>`, "onerror", ""},
		"DataURLLink":    {"[x](data:text/html;base64,PHNjcmlwdD4=)", "data:", "x"},
		"Heading":        {"# Titel\n\nText", "<script", "<h1"},
		"Table":          {"| a | b |\n|---|---|\n| 1 | 2 |", "<script", "<table>"},
		"SafeLink":       {"[Stadt](https://www.stadt-muenster.de)", "javascript", `rel="nofollow noreferrer noopener"`},
		"IframeInline":   {"<iframe src=https://evil.example></iframe>", "<iframe", ""},
		"StyleAttr":      {`<p style="position:fixed">x</p>`, "position:fixed", ""},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			out := r.Full(c.in)
			if strings.Contains(strings.ToLower(out), c.mustNot) {
				t.Fatalf("%q rendered to %q, which contains %q", c.in, out, c.mustNot)
			}
			if c.must != "" && !strings.Contains(out, c.must) {
				t.Fatalf("%q rendered to %q, which lacks %q", c.in, out, c.must)
			}
		})
	}
}

func TestSubsetDropsHeadingsAndImages(t *testing.T) {
	r := New()
	out := r.Subset("# Titel\n\n**fett** ![bild](https://x.example/a.png) https://stadt.example")
	for _, bad := range []string{"<h1", "<img"} {
		if strings.Contains(out, bad) {
			t.Fatalf("subset kept %s: %q", bad, out)
		}
	}
	for _, good := range []string{"<strong>fett</strong>", `href="https://stadt.example"`} {
		if !strings.Contains(out, good) {
			t.Fatalf("subset lost %s: %q", good, out)
		}
	}
}
