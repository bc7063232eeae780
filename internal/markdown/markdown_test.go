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
		"OnErrorImage":   {`<img src=x onerror=alert(1)>`, "<img", "&lt;img src=x onerror=alert(1)&gt;"},
		"DataURLLink":    {"[x](data:text/html;base64,PHNjcmlwdD4=)", "data:", "x"},
		"Heading":        {"# Titel\n\nText", "<script", "<h1"},
		"Table":          {"| a | b |\n|---|---|\n| 1 | 2 |", "<script", "<table>"},
		"SafeLink":       {"[Stadt](https://www.stadt-muenster.de)", "javascript", `rel="nofollow noreferrer noopener"`},
		"IframeInline":   {"<iframe src=https://evil.example></iframe>", "<iframe", ""},
		"StyleAttr":      {`<p style="position:fixed">x</p>`, "<p style", "x"},
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

// TestHTMLShownAsText covers HTML typed into a comment or description: shown as written,
// escaped, with the text around it — never dropped, never passed through.
func TestHTMLShownAsText(t *testing.T) {
	r := New()
	cases := []struct{ in, want string }{
		{"<p>Ich finde die Idee gut</p>", "<p>&lt;p&gt;Ich finde die Idee gut&lt;/p&gt;</p>"},
		{"<div>Gute Idee</div>\nZweite Zeile", "<p>&lt;div&gt;Gute Idee&lt;/div&gt;\nZweite Zeile</p>"},
		{"<!-- Kommentar --> Hallo", "<p>&lt;!-- Kommentar --&gt; Hallo</p>"},
		{"<script>alert(1)</script> **fett** Danke!", "<p>&lt;script&gt;alert(1)&lt;/script&gt; <strong>fett</strong> Danke!</p>"},
		{"<b>Wichtig:</b> bitte prüfen", "<p>&lt;b&gt;Wichtig:&lt;/b&gt; bitte prüfen</p>"},
		{"`<p>` im Code", "<p><code>&lt;p&gt;</code> im Code</p>"},
	}
	for _, c := range cases {
		for name, render := range map[string]func(string) string{"subset": r.Subset, "full": r.Full} {
			if got := strings.TrimSpace(render(c.in)); got != c.want {
				t.Errorf("%s(%q) = %q, want %q", name, c.in, got, c.want)
			}
		}
	}
	if got := r.Subset("Siehe <https://www.stadt-muenster.de>"); !strings.Contains(got, `href="https://www.stadt-muenster.de"`) {
		t.Errorf("autolink lost: %q", got)
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
