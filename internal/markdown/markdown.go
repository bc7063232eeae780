// Package markdown renders user-written Markdown to sanitised HTML: goldmark parses (raw
// HTML in the source is escaped, never passed through), bluemonday then allows only a
// fixed set of elements and attributes, and links are limited to http, https and mailto,
// open in a new tab and carry rel="nofollow noopener noreferrer".
package markdown

import (
	"bytes"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// Renderer renders idea descriptions (full Markdown) and comments (a subset).
type Renderer struct {
	full, subset    goldmark.Markdown
	fullPol, subPol *bluemonday.Policy
}

// New builds a renderer.
func New() *Renderer {
	full := goldmark.New(goldmark.WithExtensions(extension.GFM))
	// Comments: paragraphs, emphasis, links, lists, code and quotes; no headings, tables
	// or images (removed by the policy).
	subset := goldmark.New(goldmark.WithExtensions(extension.Linkify, extension.Strikethrough))

	fullPol := bluemonday.UGCPolicy()
	fullPol.AllowURLSchemes("http", "https", "mailto")
	fullPol.RequireNoFollowOnLinks(true)
	fullPol.AddTargetBlankToFullyQualifiedLinks(true)
	fullPol.RequireNoReferrerOnLinks(true)
	fullPol.AllowAttrs("checked", "disabled", "type").OnElements("input")

	sub := bluemonday.NewPolicy()
	sub.AllowElements("p", "br", "em", "strong", "del", "code", "pre", "blockquote", "ul", "ol", "li")
	sub.AllowAttrs("href").OnElements("a")
	sub.AllowURLSchemes("http", "https", "mailto")
	sub.RequireParseableURLs(true)
	sub.RequireNoFollowOnLinks(true)
	sub.AddTargetBlankToFullyQualifiedLinks(true)
	sub.RequireNoReferrerOnLinks(true)
	return &Renderer{full: full, subset: subset, fullPol: fullPol, subPol: sub}
}

// Full renders an idea description.
func (r *Renderer) Full(src string) string { return render(r.full, r.fullPol, src) }

// Subset renders a comment.
func (r *Renderer) Subset(src string) string { return render(r.subset, r.subPol, src) }

func render(md goldmark.Markdown, pol *bluemonday.Policy, src string) string {
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		// goldmark only fails on writer errors; a bytes.Buffer has none.
		return ""
	}
	return pol.Sanitize(buf.String())
}
