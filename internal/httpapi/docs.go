package httpapi

import (
	"bytes"
	"context"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/gin-gonic/gin"
)

// The API reference at /api/docs is rendered on the server from the contract, so it needs no
// script (the CSP allows none inline) and cannot drift from api/openapi.yaml.

type docOperation struct {
	Method, Path, ID, Summary, Description string
	Params                                 []docParam
	Body                                   string
	Responses                              []docResponse
	Public                                 bool
}

type docParam struct{ Name, In, Type, Description string }

type docResponse struct{ Status, Description, Schema string }

type docTag struct {
	Name, Description string
	Ops               []docOperation
}

var docsTemplate = template.Must(template.New("docs").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} — reference</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b;line-height:1.5}
header{background:#003b6f;color:#fff;padding:1rem 2rem}main{max-width:70rem;margin:0 auto;padding:1rem 2rem}
nav ul{columns:3;list-style:none;padding:0}a{color:#004f94}a:focus{outline:3px solid #f9a825}
.op{border:1px solid #c6c6c6;border-radius:6px;margin:1rem 0;padding:.5rem 1rem}
.m{display:inline-block;min-width:4.5rem;font-weight:700;font-family:monospace}
code{background:#f1f1f1;padding:0 .2rem}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}
</style></head><body><header><h1>{{.Title}} {{.Version}}</h1><p>Base path <code>/api/v1</code> ·
<a href="/api/v1/openapi.yaml" style="color:#fff">openapi.yaml</a></p></header><main>
<div>{{.Description}}</div>
<nav aria-label="Resources"><ul>{{range .Tags}}<li><a href="#tag-{{.Name}}">{{.Name}}</a></li>{{end}}</ul></nav>
{{range .Tags}}<section id="tag-{{.Name}}"><h2>{{.Name}}</h2>{{if .Description}}<p>{{.Description}}</p>{{end}}
{{range .Ops}}<article class="op" id="{{.ID}}"><h3><span class="m">{{.Method}}</span> <code>{{.Path}}</code></h3>
<p>{{.Summary}}{{if .Public}} <em>(no login needed)</em>{{end}}</p>{{if .Description}}<p>{{.Description}}</p>{{end}}
{{if .Params}}<table><caption>Parameters</caption><tr><th>name</th><th>in</th><th>type</th><th>description</th></tr>
{{range .Params}}<tr><td><code>{{.Name}}</code></td><td>{{.In}}</td><td>{{.Type}}</td><td>{{.Description}}</td></tr>{{end}}</table>{{end}}
{{if .Body}}<p>Request body: <code>{{.Body}}</code></p>{{end}}
<table><caption>Responses</caption><tr><th>status</th><th>description</th><th>body</th></tr>
{{range .Responses}}<tr><td>{{.Status}}</td><td>{{.Description}}</td><td><code>{{.Schema}}</code></td></tr>{{end}}</table>
</article>{{end}}</section>{{end}}</main></body></html>`))

var (
	docsOnce sync.Once
	docsHTML []byte
	docsErr  error
)

func (s *Server) handleDocs(c *gin.Context) {
	docsOnce.Do(func() { docsHTML, docsErr = renderDocs(s.OpenAPI) })
	if docsErr != nil {
		s.fail(c, docsErr)
		return
	}
	c.Header("Cache-Control", "no-cache")
	c.Data(http.StatusOK, "text/html; charset=utf-8", docsHTML)
}

func schemaName(ref *openapi3.SchemaRef) string {
	if ref == nil {
		return ""
	}
	if ref.Ref != "" {
		return ref.Ref[strings.LastIndex(ref.Ref, "/")+1:]
	}
	if ref.Value == nil || ref.Value.Type == nil {
		return "object"
	}
	t := strings.Join(ref.Value.Type.Slice(), "|")
	if t == "array" && ref.Value.Items != nil {
		return schemaName(ref.Value.Items) + "[]"
	}
	return t
}

func renderDocs(spec []byte) ([]byte, error) {
	doc, err := openapi3.NewLoader().LoadFromData(spec)
	if err != nil {
		return nil, err
	}
	_ = doc.Validate(context.Background())
	byTag := map[string]*docTag{}
	var order []string
	for _, t := range doc.Tags {
		byTag[t.Name] = &docTag{Name: t.Name, Description: t.Description}
		order = append(order, t.Name)
	}
	paths := doc.Paths.InMatchingOrder()
	slices.Sort(paths)
	for _, p := range paths {
		item := doc.Paths.Value(p)
		for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
			op := item.GetOperation(m)
			if op == nil {
				continue
			}
			o := docOperation{Method: m, Path: p, ID: op.OperationID, Summary: op.Summary, Description: op.Description}
			if op.Security != nil {
				for _, req := range *op.Security {
					if len(req) == 0 {
						o.Public = true
					}
				}
			}
			for _, pr := range append(item.Parameters, op.Parameters...) {
				if pr.Value != nil {
					o.Params = append(o.Params, docParam{pr.Value.Name, pr.Value.In, schemaName(pr.Value.Schema), pr.Value.Description})
				}
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				for ct, mt := range op.RequestBody.Value.Content {
					o.Body = ct + " " + schemaName(mt.Schema)
				}
			}
			codes := make([]string, 0, op.Responses.Len())
			for code := range op.Responses.Map() {
				codes = append(codes, code)
			}
			slices.Sort(codes)
			for _, code := range codes {
				r := op.Responses.Value(code)
				dr := docResponse{Status: code}
				if r.Value != nil {
					if r.Value.Description != nil {
						dr.Description = *r.Value.Description
					}
					for ct, mt := range r.Value.Content {
						dr.Schema = ct + " " + schemaName(mt.Schema)
					}
				}
				o.Responses = append(o.Responses, dr)
			}
			tag := "other"
			if len(op.Tags) > 0 {
				tag = op.Tags[0]
			}
			if byTag[tag] == nil {
				byTag[tag] = &docTag{Name: tag}
				order = append(order, tag)
			}
			byTag[tag].Ops = append(byTag[tag].Ops, o)
		}
	}
	tags := make([]docTag, 0, len(order))
	for _, n := range order {
		if len(byTag[n].Ops) > 0 {
			tags = append(tags, *byTag[n])
		}
	}
	var buf bytes.Buffer
	err = docsTemplate.Execute(&buf, map[string]any{
		"Title": doc.Info.Title, "Version": doc.Info.Version, "Description": doc.Info.Description, "Tags": tags,
	})
	return buf.Bytes(), err
}
