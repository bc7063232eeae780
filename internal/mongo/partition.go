package mongo

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"

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
	return db.familyDB(base).Collection(PartitionName(base, PartitionOf(ideaID)))
}

// parts returns every collection of family base.
func (db *DB) parts(base string) []*mongo.Collection {
	out := make([]*mongo.Collection, Partitions)
	d := db.familyDB(base)
	for p := range Partitions {
		out[p] = d.Collection(PartitionName(base, p))
	}
	return out
}

// partitionedFamilies are the families split into Partitions collections.
var partitionedFamilies = []string{
	famIdeas, famIdeaStats, famSupports, famFollows, famFollowLists, famComments, famCommentReports,
	famReviews, famReviewers, famIdeaClaims, famAttachments, famAttachmentSlots,
	famInbox, famInboxRead,
}

// fixedCollections are the collections that are not partitioned.
var fixedCollections = []string{
	colAudit, colCampaigns, colCriteriaSets, colDepartments, colFeedSeq, colFunnelSettings, colJobRuns,
	colKeys, colLeases, colModeration, colNotifyDigests, colNotifyEvents, colOnce, colOutbox, colOutboxDue, colReminders,
	colReuseProfiles, colReviewerQueues, colRotations, colSecrets, colSessions, colTenants, colTokens, colUsers,
	colWebhooks,
}

// CreateCollections creates every collection the application writes to that does not exist
// yet: each partition of each family (GridFS buckets included), the feed's ring and the
// collections that are not partitioned.
//
// On the embedded store a collection is created by its first insert, and creating one
// changes the SQLite schema, after which every one of FerretDB's pooled connections to that
// database re-reads its whole schema on its next statement — measured as half of the
// server's CPU while new partitions were still being created under load (when all
// partitions shared one database, about 1,400 tables and indexes). Creating them all at start, while nothing else runs, keeps schema changes
// out of the request path; the _id lookup indexes are added right after (Embedded.IndexIDs).
// Only called for the embedded store: MongoDB creates collections cheaply.
func (db *DB) CreateCollections(ctx context.Context) (created int, err error) {
	names, err := db.CollectionNames(ctx)
	if err != nil {
		return 0, mapErr(err, "collections")
	}
	have := make(map[string]bool, len(names))
	for _, n := range names {
		have[n] = true
	}
	var want []string
	for _, fam := range partitionedFamilies {
		for p := range Partitions {
			want = append(want, PartitionName(fam, p))
		}
	}
	for p := range Partitions {
		want = append(want, PartitionName(famFiles, p)+".files", PartitionName(famFiles, p)+".chunks")
	}
	for k := range feedRing {
		want = append(want, famFeed+"_"+strconv.Itoa(k))
	}
	want = append(want, fixedCollections...)
	for _, n := range want {
		if have[n] {
			continue
		}
		if err := db.CreateCollection(ctx, n); err != nil {
			return created, err
		}
		created++
	}
	return created, nil
}

// isNamespaceExists reports the server's "collection already exists" (another instance
// created it first).
func isNamespaceExists(err error) bool {
	var ce mongo.CommandError
	return errors.As(err, &ce) && ce.Code == 48
}
