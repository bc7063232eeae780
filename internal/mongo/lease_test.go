package mongo_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ideenwerk/ideenwerk/internal/mongotest"
)

// Many contenders, one winner — also when the lease has expired and all race to take it over.
func TestLeaseOneOwner(t *testing.T) {
	db := mongotest.MustOpenDB(t)
	ctx := context.Background()
	now := time.Now().UTC()
	race := func(at time.Time) (winners int32, owner string) {
		var wg sync.WaitGroup
		var mu sync.Mutex
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				me := fmt.Sprintf("instance-%d", i)
				ok, err := db.AcquireLease(ctx, "job", me, at, 30*time.Second)
				if err != nil {
					t.Error(err)
				}
				if ok {
					atomic.AddInt32(&winners, 1)
					mu.Lock()
					owner = me
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		return winners, owner
	}
	if n, _ := race(now); n != 1 {
		t.Fatalf("%d owners of a fresh lease", n)
	}
	n, owner := race(now.Add(time.Minute)) // expired: a takeover race
	if n != 1 {
		t.Fatalf("%d owners after expiry", n)
	}
	if ok, _ := db.AcquireLease(ctx, "job", owner, now.Add(time.Minute+time.Second), 30*time.Second); !ok {
		t.Fatal("owner cannot renew")
	}
	if ok, _ := db.AcquireLease(ctx, "job", "someone-else", now.Add(time.Minute+2*time.Second), 30*time.Second); ok {
		t.Fatal("another instance took a held lease")
	}
	if err := db.ReleaseLease(ctx, "job", owner); err != nil {
		t.Fatal(err)
	}
	if ok, _ := db.AcquireLease(ctx, "job", "someone-else", now.Add(time.Minute+3*time.Second), 30*time.Second); !ok {
		t.Fatal("released lease not taken")
	}
}
