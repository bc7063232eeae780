package mongo_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/domain"
	"github.com/ideenwerk/ideenwerk/internal/mongotest"
)

// Adding a notification to an inbox (the fan-out's store work per recipient): read the head
// and write it back, a page every 20.
func BenchmarkAddNotification(b *testing.B) {
	db := mongotest.MustOpenDB(b)
	ctx, _ := mongotest.MustCreateTenant(b, db, "eins")
	at := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	n := 0
	for b.Loop() {
		n++
		err := db.AddNotification(ctx, "empfaengerin", &domain.Notification{
			ID: fmt.Sprintf("event-%06d", n), Type: domain.EventComment, IdeaID: "idee-1", IdeaTitle: "Sitzbänke am Aasee",
			ActorID: "u-2", ActorName: "Erik Mitarbeiter", CommentID: fmt.Sprintf("c-%d", n),
			Excerpt: "Gute Idee, aber bitte auch an die Beleuchtung denken.", CreatedAt: at.Add(time.Duration(n) * time.Second),
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
