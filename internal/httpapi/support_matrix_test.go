package httpapi_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// TestEngagementAuthorization is the authorisation matrix of the engagement routes: every
// route × every role, on fresh objects per cell, and every engagement route must have a row.
func TestEngagementAuthorization(t *testing.T) {
	env := apitest.New(t)
	actors := []string{"", apitest.Citizen, apitest.Employee, apitest.Reviewer, apitest.CDO, apitest.Admin}
	tokens := map[string]string{"": ""}
	for _, a := range actors[1:] {
		tokens[a] = env.Login(a)
	}
	// open: public, moderated, under evaluation, by the employee. editable: the employee's
	// idea sent back by screening (staff see it, citizens do not yet).
	open := engIdea(t, env, func(i *domain.Idea) { i.Stage = domain.StageEvaluation })
	editable := engIdea(t, env, func(i *domain.Idea) {
		i.Stage, i.ScreeningPassed = domain.StageSubmitted, false
		i.Decisions = []domain.Decision{{From: domain.StageScreening, To: domain.StageSubmitted, Reason: "Fragen"}}
	})
	comment := func() string {
		c := &domain.Comment{IdeaID: open.ID, AuthorID: env.UserID(apitest.Citizen), Body: "Beitrag"}
		if err := env.DB.CreateComment(env.Ctx, c); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	attachment := func(ideaID string) string {
		sum := sha256.Sum256(samplePDF())
		a := &domain.Attachment{IdeaID: ideaID, Filename: "a.pdf", ContentType: "application/pdf", Size: int64(len(samplePDF())),
			SHA256: hex.EncodeToString(sum[:]), UploaderID: env.UserID(apitest.Employee)}
		if err := env.DB.CreateAttachment(env.Ctx, a, bytes.NewReader(samplePDF())); err != nil {
			t.Fatal(err)
		}
		return a.ID
	}
	fileOnOpen := attachment(open.ID)
	body, ctype := multipartBody(t, "file", "plan.pdf", samplePDF(), nil)
	uploadHeader := http.Header{"Content-Type": {ctype}}

	type row struct {
		route string // method and gin path, to check that every route has a row
		req   func() apitest.Request
		want  [6]int // anonymous, citizen, employee (author), reviewer, cdo, admin
	}
	rows := []row{
		{"PUT /api/v1/ideas/:id/support", func() apitest.Request {
			return apitest.Request{Method: "PUT", Path: "/ideas/" + open.ID + "/support"}
		}, [6]int{401, 200, 403, 200, 200, 200}},
		{"DELETE /api/v1/ideas/:id/support", func() apitest.Request {
			return apitest.Request{Method: "DELETE", Path: "/ideas/" + open.ID + "/support"}
		}, [6]int{401, 200, 200, 200, 200, 200}},
		{"PUT /api/v1/ideas/:id/follow", func() apitest.Request {
			return apitest.Request{Method: "PUT", Path: "/ideas/" + open.ID + "/follow"}
		}, [6]int{401, 200, 200, 200, 200, 200}},
		{"DELETE /api/v1/ideas/:id/follow", func() apitest.Request {
			return apitest.Request{Method: "DELETE", Path: "/ideas/" + open.ID + "/follow"}
		}, [6]int{401, 200, 200, 200, 200, 200}},
		{"GET /api/v1/ideas/:id/comments", func() apitest.Request {
			return apitest.Request{Method: "GET", Path: "/ideas/" + open.ID + "/comments"}
		}, [6]int{200, 200, 200, 200, 200, 200}},
		{"POST /api/v1/ideas/:id/comments", func() apitest.Request {
			return apitest.Request{Method: "POST", Path: "/ideas/" + open.ID + "/comments", Body: map[string]string{"body": "Hallo"}}
		}, [6]int{401, 201, 201, 201, 201, 201}},
		{"PATCH /api/v1/comments/:id", func() apitest.Request {
			return apitest.Request{Method: "PATCH", Path: "/comments/" + comment(), Body: map[string]string{"body": "geändert"}}
		}, [6]int{401, 200, 403, 403, 403, 403}},
		{"DELETE /api/v1/comments/:id", func() apitest.Request {
			return apitest.Request{Method: "DELETE", Path: "/comments/" + comment()}
		}, [6]int{401, 204, 403, 403, 403, 403}},
		{"POST /api/v1/comments/:id/report", func() apitest.Request {
			return apitest.Request{Method: "POST", Path: "/comments/" + comment() + "/report", Body: map[string]string{"reason": "Werbung"}}
		}, [6]int{401, 403, 204, 204, 204, 204}},
		{"POST /api/v1/comments/:id/hide", func() apitest.Request {
			return apitest.Request{Method: "POST", Path: "/comments/" + comment() + "/hide", Body: map[string]string{"reason": "Netiquette"}}
		}, [6]int{401, 403, 403, 403, 200, 403}},
		{"GET /api/v1/comments/reported", func() apitest.Request {
			return apitest.Request{Method: "GET", Path: "/comments/reported"}
		}, [6]int{401, 403, 403, 403, 200, 403}},
		{"DELETE /api/v1/comments/:id/reports", func() apitest.Request {
			return apitest.Request{Method: "DELETE", Path: "/comments/" + comment() + "/reports"}
		}, [6]int{401, 403, 403, 403, 204, 403}},
		{"GET /api/v1/ideas/:id/attachments", func() apitest.Request {
			return apitest.Request{Method: "GET", Path: "/ideas/" + open.ID + "/attachments"}
		}, [6]int{200, 200, 200, 200, 200, 200}},
		{"POST /api/v1/ideas/:id/attachments", func() apitest.Request {
			return apitest.Request{Method: "POST", Path: "/ideas/" + editable.ID + "/attachments", RawBody: body, Header: uploadHeader}
		}, [6]int{401, 404, 201, 403, 201, 403}},
		{"GET /api/v1/attachments/:id", func() apitest.Request {
			return apitest.Request{Method: "GET", Path: "/attachments/" + fileOnOpen}
		}, [6]int{200, 200, 200, 200, 200, 200}},
		{"DELETE /api/v1/attachments/:id", func() apitest.Request {
			return apitest.Request{Method: "DELETE", Path: "/attachments/" + attachment(editable.ID)}
		}, [6]int{401, 404, 204, 403, 204, 403}},
	}

	covered := map[string]bool{}
	for _, r := range rows {
		covered[r.route] = true
		for k, who := range actors {
			req := r.req()
			req.Token = tokens[who]
			// Attachments stay below the limit of ten whatever the order of the cells.
			if strings.HasSuffix(r.route, "/attachments") && req.Method == "POST" {
				for _, a := range must(env.DB.FindAttachments(env.Ctx, editable.ID)) {
					_ = env.DB.DeleteAttachment(env.Ctx, a.ID)
				}
			}
			if got := env.Do(req); got.Status != r.want[k] {
				name := who
				if name == "" {
					name = "anonymous"
				}
				t.Errorf("%s as %s: got %d, want %d: %s", r.route, name, got.Status, r.want[k], got.Body)
			}
		}
	}
	for _, ri := range env.API.Routes() {
		p := ri.Path
		mine := strings.HasPrefix(p, "/api/v1/comments") || strings.HasPrefix(p, "/api/v1/attachments") ||
			strings.HasSuffix(p, "/support") || strings.HasSuffix(p, "/follow") ||
			strings.HasSuffix(p, "/ideas/:id/comments") || strings.HasSuffix(p, "/ideas/:id/attachments")
		if mine && !covered[ri.Method+" "+p] {
			t.Errorf("route %s %s has no row in the engagement authorisation matrix", ri.Method, p)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
