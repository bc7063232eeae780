// Package transfer moves a whole Ideenwerk database in and out of a portable file: every
// collection (the GridFS buckets of attachments included) as gzip-compressed JSON lines of
// canonical MongoDB Extended JSON. It is how a city moves from the embedded store to a
// MongoDB cluster, and how it backs up and restores.
//
// # The file (format version 1)
//
// One gzip stream of UTF-8 lines, each a JSON object with exactly one key:
//
//	{"header":{"format":"ideenwerk-export","version":1,"createdAt":…,"app":…,"database":…,
//	           "collections":[{"name":"users","count":6},…]}}
//	{"collection":{"name":"users","indexes":[{"name":"tenantId_1_email_1","key":{…},"unique":true}]}}
//	{"doc":{"_id":"…",…}}                  one line per document, canonical Extended JSON
//	…                                      (the next "collection" line, its documents, …)
//	{"trailer":{"documents":N,"collections":[{"name":"users","count":6,"sha256":"…","digest":"…"},…]}}
//
// The header's counts are estimates taken when the export started (they drive the progress
// display); the trailer's are exact. Per collection, sha256 is the SHA-256 of its document
// lines' JSON values, each followed by "\n", in file order — it proves the file is intact —
// and digest is the sum modulo 2²⁵⁶ of the SHA-256 of every document's canonical Extended
// JSON, which does not depend on order, so an import can prove that the database it wrote
// holds exactly the exported documents.
//
// Readers accept every version up to Version and refuse newer files; a change that old
// readers could misread must raise Version.
//
// # Consistency
//
// The store has no multi-document transactions (and the embedded one no snapshots), so an
// export is consistent only if nothing writes meanwhile: stop the servers, or accept that
// documents written during the export may be in their old or new state.
//
// Both directions stream: memory stays bounded by a batch of documents, whatever the size
// of the database.
package transfer

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Format names the file format in its header.
const Format = "ideenwerk-export"

// Version is the newest format version this package writes and reads.
const Version = 1

// Header is the first line of a file.
type Header struct {
	Format      string           `json:"format"`
	Version     int              `json:"version"`
	CreatedAt   time.Time        `json:"createdAt"`
	App         string           `json:"app,omitempty"`
	Database    string           `json:"database,omitempty"`
	Collections []CollectionInfo `json:"collections"`
}

// CollectionInfo names a collection and its (estimated) number of documents.
type CollectionInfo struct {
	Name  string `json:"name"`
	Count int64  `json:"count"`
}

// CollectionStart opens the documents of a collection.
type CollectionStart struct {
	Name    string      `json:"name"`
	Indexes []IndexSpec `json:"indexes"`
}

// IndexSpec is a secondary index of a collection (the _id index is implied).
type IndexSpec struct {
	Name string `json:"name"`
	// Key is the key document in canonical Extended JSON.
	Key                json.RawMessage `json:"key"`
	Unique             bool            `json:"unique,omitempty"`
	Sparse             bool            `json:"sparse,omitempty"`
	ExpireAfterSeconds *int32          `json:"expireAfterSeconds,omitempty"`
}

// Trailer is the last line of a file.
type Trailer struct {
	Documents   int64            `json:"documents"`
	Collections []CollectionSums `json:"collections"`
}

// CollectionSums are a collection's exact count and checksums.
type CollectionSums struct {
	Name   string `json:"name"`
	Count  int64  `json:"count"`
	SHA256 string `json:"sha256"`
	Digest string `json:"digest"`
}

// Progress reports how far an export or import has come.
type Progress struct {
	// Phase is "export", "verify" (reading the file), "import" (writing the database) or
	// "check" (reading the imported database back).
	Phase      string
	Collection string
	// Done and Total count documents over all collections; Total may be an estimate.
	Done, Total int64
}

// Summary describes a finished export or import.
type Summary struct {
	Header      Header
	Collections []CollectionSums
	Documents   int64
	// Bytes is the size of the compressed file.
	Bytes    int64
	Duration time.Duration
	// Warnings are problems that did not stop the work (an index the target store
	// refused to create).
	Warnings []string
}

// ErrNotEmpty is returned when an import targets a database that holds documents.
var ErrNotEmpty = errors.New("the target database is not empty")

// ErrNewerFormat is returned for a file written in a newer format version.
var ErrNewerFormat = errors.New("the export file has a newer format version")

// ErrCorrupt is returned when a file does not match its trailer.
var ErrCorrupt = errors.New("the export file is damaged or incomplete")

// skipCollection reports whether a collection belongs to the server, not to the data.
func skipCollection(name string) bool {
	return strings.HasPrefix(name, "system.")
}

func corrupt(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrCorrupt, fmt.Sprintf(format, a...))
}
