package bench

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/ideenwerk/ideenwerk/internal/mongotest"
)

// BenchmarkStoreWriters measures how the embedded store's write throughput depends on the
// number of concurrent writers (inserts and _id updates into 64 small collections, as the
// partitioned stores do): SQLite takes one writer at a time and the others wait in its busy
// handler.
//
//	go test -run '^$' -bench StoreWriters ./internal/bench/
func BenchmarkStoreWriters(b *testing.B) {
	db := mongotest.MustOpenDB(b)
	ctx := context.Background()
	// Documents for the updates: 10 in each collection.
	for k := range 640 {
		_, err := db.DB.Collection(fmt.Sprintf("w_%02d", k%64)).InsertOne(ctx, bson.D{{Key: "_id", Value: fmt.Sprintf("doc-%d", k)}, {Key: "v", Value: 0}})
		if err != nil {
			b.Fatal(err)
		}
	}
	var seq atomic.Int64
	for _, writers := range []int{1, 2, 8, 32} {
		for _, op := range []string{"insert", "update"} {
			b.Run(fmt.Sprintf("%s/writers=%d", op, writers), func(b *testing.B) {
				var n atomic.Int64
				var wg sync.WaitGroup
				b.ResetTimer()
				for range writers {
					wg.Go(func() {
						for {
							k := n.Add(1)
							if k > int64(b.N) {
								return
							}
							c := db.DB.Collection(fmt.Sprintf("w_%02d", k%64))
							var err error
							if op == "insert" {
								_, err = c.InsertOne(ctx, bson.D{{Key: "_id", Value: fmt.Sprintf("new-%d", seq.Add(1))}, {Key: "v", Value: k}})
							} else {
								id := fmt.Sprintf("doc-%d", (k%10)*64+k%64)
								_, err = c.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, bson.D{{Key: "$inc", Value: bson.D{{Key: "v", Value: 1}}}})
							}
							if err != nil {
								b.Error(err)
								return
							}
						}
					})
				}
				wg.Wait()
			})
		}
	}
}
