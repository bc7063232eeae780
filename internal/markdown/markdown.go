// Package markdown renders user-written Markdown to sanitised HTML: goldmark parses (raw
// HTML in the source is text, shown as written and escaped, never passed through),
// bluemonday then allows only a fixed set of elements and attributes, and links are limited
// to http, https and mailto, open in a new tab and carry rel="nofollow noopener noreferrer".
package markdown

import (
	"bytes"
	"reflect"
	"slices"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/util"
)

// Renderer renders idea descriptions (full Markdown) and comments (a subset).
type Renderer struct {
	full, subset    goldmark.Markdown
	fullPol, subPol *bluemonday.Policy
}

// New builds a renderer.
func New() *Renderer {
	full := goldmark.New(goldmark.WithParser(htmlAsText()), goldmark.WithExtensions(extension.GFM))
	// Comments: paragraphs, emphasis, links, lists, code and quotes; no headings, tables
	// or images (removed by the policy).
	subset := goldmark.New(goldmark.WithParser(htmlAsText()), goldmark.WithExtensions(extension.Linkify, extension.Strikethrough))

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

// htmlAsText is goldmark's parser without its HTML parsers. With them, goldmark (which
// never passes HTML through) replaced an HTML block by a comment: "<p>Gute Idee</p>" or a
// line starting with "<div>" vanished with all its text. Without them HTML is text like any
// other, escaped when rendered; autolinks ("<https://…>") stay links.
func htmlAsText() parser.Parser {
	isType := func(of any) func(util.PrioritizedValue) bool {
		t := reflect.TypeOf(of)
		return func(v util.PrioritizedValue) bool { return reflect.TypeOf(v.Value) == t }
	}
	return parser.NewParser(
		parser.WithBlockParsers(slices.DeleteFunc(parser.DefaultBlockParsers(), isType(parser.NewHTMLBlockParser()))...),
		parser.WithInlineParsers(slices.DeleteFunc(parser.DefaultInlineParsers(), isType(parser.NewRawHTMLParser()))...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)
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
