package apitest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// The checker itself must catch drift, or every HTTP test would pass vacuously.
func TestValidateResponseCatchesDrift(t *testing.T) {
	req, _ := http.NewRequest("GET", "http://x/api/v1/me", nil)
	cases := map[string]*Response{
		"WrongType":       {Status: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"id":1}`)},
		"UnknownField":    {Status: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"id":"a","displayName":"x","roles":[],"departmentId":null,"status":"active","locale":"de","sso":false,"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z","version":1,"password":"x"}`)},
		"ErrorNoEnvelope": {Status: 404, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"message":"x"}`)},
	}
	for name, resp := range cases {
		t.Run(name, func(t *testing.T) {
			if err := validateResponse(req, resp); err == nil {
				t.Fatal("drift not detected")
			}
		})
	}
	t.Run("OK", func(t *testing.T) {
		ok := &Response{Status: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"id":"a","displayName":"x","roles":["citizen"],"departmentId":null,"status":"active","locale":"de","sso":false,"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z","version":1}`)}
		if err := validateResponse(req, ok); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("UndocumentedRoute", func(t *testing.T) {
		r, _ := http.NewRequest("GET", "http://x/api/v1/secret", nil)
		if err := validateResponse(r, &Response{Status: 200, Body: []byte(`{}`)}); err == nil {
			t.Fatal("undocumented route not detected")
		}
	})
}

// TestReasonsDocumented keeps the reasons the server sends and the contract's ErrorReason
// enum in step (the SPA's catalogue test checks the enum against its wording), and checks
// that domain.Reasons lists every reason constant.
func TestReasonsDocumented(t *testing.T) {
	doc, _, err := Spec()
	if err != nil {
		t.Fatal(err)
	}
	var enum []string
	for _, v := range doc.Components.Schemas["ErrorReason"].Value.Enum {
		enum = append(enum, v.(string))
	}
	if !slices.Equal(enum, domain.Reasons) {
		t.Fatalf("ErrorReason enum %v\ndomain.Reasons %v", enum, domain.Reasons)
	}
	f, err := parser.ParseFile(token.NewFileSet(), "../domain/reasons.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	declared := map[string]bool{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			for _, v := range spec.(*ast.ValueSpec).Values {
				if lit, ok := v.(*ast.BasicLit); ok {
					s, _ := strconv.Unquote(lit.Value)
					declared[s] = true
				}
			}
		}
	}
	if len(declared) != len(domain.Reasons) {
		t.Fatalf("reasons.go declares %d reasons, domain.Reasons lists %d", len(declared), len(domain.Reasons))
	}
	for _, r := range domain.Reasons {
		if !declared[r] {
			t.Errorf("%q listed but not declared", r)
		}
	}
}

// TestAuditActionsDocumented: every action the code records in the audit log — the
// constants named Audit…/audit… and the literal actions given to the recording calls — is
// in the contract's AuditAction, so the log's readers (and the SPA's labels) know them all.
func TestAuditActionsDocumented(t *testing.T) {
	doc, _, err := Spec()
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for _, v := range doc.Components.Schemas["AuditAction"].Value.Enum {
		documented[v.(string)] = true
	}
	recorders := map[string]bool{"NewAuditEntry": true, "recordAudit": true, "recordIdeaAudit": true, "recordCampaignAudit": true, "audit": true}
	found := map[string]string{}
	for _, dir := range []string{"../domain", "../httpapi"} {
		pkgs, err := parser.ParseDir(token.NewFileSet(), dir, func(fi fs.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, pkg := range pkgs {
			ast.Inspect(pkg, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.ValueSpec:
					for k, name := range n.Names {
						if k < len(n.Values) && (strings.HasPrefix(name.Name, "Audit") || strings.HasPrefix(name.Name, "audit")) {
							if lit, ok := n.Values[k].(*ast.BasicLit); ok && lit.Kind == token.STRING {
								s, _ := strconv.Unquote(lit.Value)
								found[s] = dir + ": " + name.Name
							}
						}
					}
				case *ast.CallExpr:
					name := ""
					switch fn := n.Fun.(type) {
					case *ast.SelectorExpr:
						name = fn.Sel.Name
					case *ast.Ident:
						name = fn.Name
					}
					if recorders[name] && len(n.Args) >= 2 {
						if lit, ok := n.Args[1].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							s, _ := strconv.Unquote(lit.Value)
							found[s] = dir + ": call of " + name
						}
					}
				}
				return true
			})
		}
	}
	if len(found) < 25 {
		t.Fatalf("found only %d audit actions in the code: %v", len(found), found)
	}
	for action, where := range found {
		if !documented[action] {
			t.Errorf("audit action %q (%s) is not in the contract's AuditAction", action, where)
		}
	}
}
