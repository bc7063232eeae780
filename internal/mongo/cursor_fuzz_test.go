package mongo

import (
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// FuzzOffsetCursor: any string a client sends as ?cursor= of an offset-paged list (users,
// reuse catalogue) is either a cursor this code made — and then decodes to an offset in
// range that encodes back to the same string — or EINVALID naming the field; never a
// panic, never a negative or huge offset.
func FuzzOffsetCursor(f *testing.F) {
	for _, s := range []string{"", encodeOffsetCursor(0), encodeOffsetCursor(20), encodeOffsetCursor(1_000_000),
		"bzotMQ", "bzo5OTk5OTk5OTk5OTk5OTk5OTk5OTk", "bzoxMDAwMDAx", "bzorMjA", "bzowMjA", "!!", "o:20", "bzo"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := decodeOffsetCursor(s)
		if err != nil {
			e := domain.AsError(err)
			if e == nil || e.Code != domain.EINVALID || len(e.Fields) != 1 || e.Fields[0].Field != "cursor" {
				t.Fatalf("cursor %q: error %v is not EINVALID on the field cursor", s, err)
			}
			return
		}
		if n < 0 || n > 1_000_000 {
			t.Fatalf("cursor %q decoded to offset %d", s, n)
		}
		if s != "" && encodeOffsetCursor(n) != s && n != 0 {
			// Several spellings of one number ("+5", "05") are accepted; they must at least
			// mean the offset the canonical cursor means.
			if m, _ := decodeOffsetCursor(encodeOffsetCursor(n)); m != n {
				t.Fatalf("cursor %q: offset %d does not round-trip", s, n)
			}
		}
	})
}

// FuzzCommentCursor: a comment list cursor decodes to a comment ID that names a valid
// partition (so the keyset query stays in the idea's partition) or is refused.
func FuzzCommentCursor(f *testing.F) {
	for _, s := range []string{"", encodeCommentCursor("1f-0190aaaa-0000-7000-8000-000000000001"), encodeCommentCursor("zz-x"),
		encodeCommentCursor("40-x"), encodeCommentCursor("1F-abc"), "Yzo", "YzoxZi0", "!!"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := decodeCommentCursor(s)
		if err != nil {
			if domain.ErrorCode(err) != domain.EINVALID {
				t.Fatalf("cursor %q: %v", s, err)
			}
			return
		}
		if s == "" {
			if id != "" {
				t.Fatalf("empty cursor decoded to %q", id)
			}
			return
		}
		p, ok := partitionOfID(id)
		if !ok || p < 0 || p >= Partitions {
			t.Fatalf("cursor %q decoded to %q outside the partitions", s, id)
		}
		// Base64 accepts non-canonical spellings (trailing bits); the ID must still survive
		// a round trip (testdata/fuzz/FuzzCommentCursor holds such a cursor).
		if again, err := decodeCommentCursor(encodeCommentCursor(id)); err != nil || again != id {
			t.Fatalf("cursor %q: id %q does not round-trip: %q %v", s, id, again, err)
		}
	})
}
