package httpapi

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// FuzzReuseProfileImport feeds arbitrary documents to the import's validation, as
// POST /reuse-profiles/import does with {"profile": …}: it never panics; a refused
// document gets EINVALID with field paths inside the profile; an accepted one decodes into
// the profile type and becomes a domain profile whose text fits the idea's limits after
// the import's truncation.
func FuzzReuseProfileImport(f *testing.F) {
	valid := `{"format":"ideenwerk.reuse-profile","version":"1.0","id":"t.i","municipality":{"name":"Stadt Anderswo","slug":"anderswo","tenantId":"t"},` +
		`"ideaId":"i","title":"Digitale Parkausweise","summary":"Online","problem":"Warten","solution":"# Lösung\n\nOnline","expectedBenefit":"Zeit",` +
		`"targetGroups":["citizens"],"tags":["Parken"],"results":{"pilotStart":"2026-01-01T00:00:00Z","pilotEnd":null,"budgetEur":1000,` +
		`"kpis":[{"name":"Anteil","unit":"%","baseline":0,"target":60,"direction":"increase","result":64,"met":true}],"lessonsLearned":"Früh"},` +
		`"departments":["32 — Ordnungsamt"],"contact":{"organisation":"Amt 10","name":"A","email":"a@example.org"},"publishedAt":"2026-02-01T00:00:00Z",` +
		`"updatedAt":"2026-02-02T00:00:00Z","sourceUrl":"https://ideen.example/api/v1/ideas/i/reuse-profile"}`
	for _, s := range []string{
		valid, `{}`, `[]`, `null`, `"x"`, `{"format":"ideenwerk.reuse-profile"}`,
		strings.Replace(valid, `"version":"1.0"`, `"version":"2.0"`, 1),
		strings.Replace(valid, `"publishedAt":"2026-02-01T00:00:00Z"`, `"publishedAt":"2026-02-01T23:59:60Z"`, 1),
		strings.Replace(valid, `"publishedAt":"2026-02-01T00:00:00Z"`, `"publishedAt":"2026-02-01t00:00:00z"`, 1),
		strings.Replace(valid, `"budgetEur":1000`, `"budgetEur":-1`, 1),
		strings.Replace(valid, `"title":"Digitale Parkausweise"`, `"title":"    x    "`, 1),
		strings.Replace(valid, `"tags":["Parken"]`, `"tags":["Parken","parken","PARKEN","\u0000"]`, 1),
		strings.Replace(valid, `}`, `,"extra":1}`, 1),
		`{"format":"ideenwerk.reuse-profile","version":"1.0","municipality":{"name":{"$gt":""}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		err := validateReuseProfile(raw)
		if err != nil {
			e := domain.AsError(err)
			if e == nil || e.Code != domain.EINVALID {
				t.Fatalf("%q: %v is not EINVALID", raw, err)
			}
			for _, fe := range e.Fields {
				if !strings.HasPrefix(fe.Field, "profile") {
					t.Fatalf("%q: field %q outside the profile", raw, fe.Field)
				}
			}
			return
		}
		var doc reuseProfileJSON
		if err := json.Unmarshal(raw, &doc); err != nil {
			// The handler answers 400 "must be a reuse profile" here; the schema and the Go
			// type disagree on what is valid (for instance date-times Go cannot parse).
			return
		}
		p := doc.toDomain()
		if p.TenantID == "" || p.Municipality == "" || p.Title == "" {
			t.Fatalf("%q: accepted profile without origin or title: %+v", raw, p)
		}
	})
}
