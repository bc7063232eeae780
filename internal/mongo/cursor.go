package mongo

import (
	"encoding/base64"
	"strconv"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Offset cursors serve small, rarely changing lists (users, departments). Lists that
// change while users page through them (ideas) use keyset cursors instead.
func encodeOffsetCursor(n int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o:" + strconv.Itoa(n)))
}

// decodeOffsetCursor returns 0 for "" and EINVALID for anything it did not make.
func decodeOffsetCursor(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) < 3 || string(b[:2]) != "o:" {
		return 0, domain.Invalid("cursor", "cursor is not valid; start again without it")
	}
	n, err := strconv.Atoi(string(b[2:]))
	if err != nil || n < 0 || n > 1_000_000 {
		return 0, domain.Invalid("cursor", "cursor is not valid; start again without it")
	}
	return n, nil
}
