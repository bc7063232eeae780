package mongo

import (
	"fmt"
	"hash/fnv"

	"go.mongodb.org/mongo-driver/v2/mongo"
)

// Partitioned collections.
//
// On the embedded store every update and delete costs time proportional to the size of
// its collection, even when the filter is exactly {_id: X} (measured: ~20 ms per update at
// 5,000 ideas of 2 KB, 0.5 ms on a collection of one document; inserts and _id reads stay
// ~0.4 ms). Large collections that take frequent updates or deletes — ideas and their
// supports, follows, comments and reviews — are therefore split into Partitions
// collections ("ideas_00" … "ideas_3f"), chosen by a hash of the idea ID, so a write
// touches 1/64 of the data. Everything about one idea lives in the same partition number
// of each family. Reads by _id go straight to the partition; whole-family scans (index
// load, export, doctor) loop over all partitions. On MongoDB this costs nothing and
// changes nothing.
const Partitions = 64

// PartitionOf returns the partition number of an idea ID.
func PartitionOf(ideaID string) int {
	h := fnv.New32a()
	_, _ = h.Write([]byte(ideaID))
	return int(h.Sum32() % Partitions)
}

// PartitionName returns the collection name of family base for partition p.
func PartitionName(base string, p int) string { return fmt.Sprintf("%s_%02x", base, p) }

// part returns the collection of family base that holds documents of ideaID.
func (db *DB) part(base, ideaID string) *mongo.Collection {
	return db.DB.Collection(PartitionName(base, PartitionOf(ideaID)))
}

// parts returns every collection of family base.
func (db *DB) parts(base string) []*mongo.Collection {
	out := make([]*mongo.Collection, Partitions)
	for p := range Partitions {
		out[p] = db.DB.Collection(PartitionName(base, p))
	}
	return out
}
