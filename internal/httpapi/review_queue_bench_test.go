package httpapi_test

import (
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/apitest"
	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// BenchmarkReviewQueue reads the first page of a long-serving reviewer's queue: 1,000
// assignments over the years, 20 of them open.
//
//	go test -run '^$' -bench ReviewQueue ./internal/httpapi/
func BenchmarkReviewQueue(b *testing.B) {
	env := apitest.New(b)
	tok, rid := env.Login(apitest.Reviewer2), env.UserID(apitest.Reviewer2)
	now := env.Clock.Now()
	for n := range 1000 {
		stage := domain.StageDecision
		if n%50 == 0 {
			stage = domain.StageEvaluation
		}
		i := &domain.Idea{Title: fmt.Sprintf("Zuweisung Nummer %d", n), Summary: "Eine Idee aus vielen Jahren", Description: "Text",
			Visibility: domain.VisibilityInternal, Source: domain.SourceStaff, AuthorID: env.UserID(apitest.Employee), Stage: stage,
			ScreeningPassed: true}
		if err := env.DB.CreateIdea(env.Ctx, i); err != nil {
			b.Fatal(err)
		}
		rs, err := env.DB.FindIdeaReviewers(env.Ctx, i.ID)
		if err != nil {
			b.Fatal(err)
		}
		rs.CriteriaSetID = "default"
		rs.Assignments = []domain.Assignment{{ReviewerID: rid, DueAt: now.Add(time.Duration(n) * time.Hour), AssignedBy: env.UserID(apitest.CDO),
			AssignedAt: now, Status: domain.AssignmentActive}}
		if err := env.DB.SaveIdeaReviewers(env.Ctx, rs); err != nil {
			b.Fatal(err)
		}
	}
	for _, state := range []string{"open", "done"} {
		b.Run(state, func(b *testing.B) {
			req, _ := http.NewRequest("GET", env.HTTP.URL+"/api/v1/reviews/assigned?state="+state, nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			b.ReportAllocs()
			for b.Loop() {
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Fatal(resp.Status)
				}
			}
		})
	}
}
