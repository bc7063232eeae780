package search

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"hash/fnv"
	"math"
	"strings"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// cursor is a keyset position: the sort key and ID of the last idea of a page, bound to
// the query it was made for, and for relevance the statistics the scores were computed
// with. Keyset positions neither skip nor repeat ideas when others are added between pages.
type cursor struct {
	sort  int
	sig   uint64
	key   int64
	fkey  float64
	id    string
	stats []float64
}

// after reports whether d (with relevance score f) comes after the cursor in sort s.
func (c *cursor) after(d *doc, s int, f float64) bool {
	if s == sortRelevance {
		if f != c.fkey {
			return f < c.fkey
		}
		return d.idea.ID < c.id
	}
	if k := d.keys[s]; k != c.key {
		return k < c.key
	}
	return d.idea.ID < c.id
}

const (
	cursorVersion = 1
	cursorMACLen  = 12
)

var errCursor = domain.Invalid("cursor", "cursor is not valid for this list; start again without it")

func (x *Index) encodeCursor(c *cursor) string {
	b := make([]byte, 0, 64+len(c.id)+8*len(c.stats))
	b = append(b, cursorVersion, byte(c.sort))
	b = binary.BigEndian.AppendUint64(b, c.sig)
	if c.sort == sortRelevance {
		b = binary.BigEndian.AppendUint64(b, math.Float64bits(c.fkey))
	} else {
		b = binary.BigEndian.AppendUint64(b, uint64(c.key))
	}
	b = append(b, byte(len(c.id)))
	b = append(b, c.id...)
	b = append(b, byte(len(c.stats)))
	for _, s := range c.stats {
		b = binary.BigEndian.AppendUint64(b, math.Float64bits(s))
	}
	m := hmac.New(sha256.New, x.cursor)
	m.Write(b)
	b = m.Sum(b)[:len(b)+cursorMACLen]
	return base64.RawURLEncoding.EncodeToString(b)
}

func (x *Index) decodeCursor(s string, sig uint64, sortKind int) (*cursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) < 2+8+8+1+1+cursorMACLen {
		return nil, errCursor
	}
	body, mac := b[:len(b)-cursorMACLen], b[len(b)-cursorMACLen:]
	m := hmac.New(sha256.New, x.cursor)
	m.Write(body)
	if !hmac.Equal(m.Sum(nil)[:cursorMACLen], mac) || body[0] != cursorVersion {
		return nil, errCursor
	}
	c := &cursor{sort: int(body[1]), sig: binary.BigEndian.Uint64(body[2:10])}
	if c.sort != sortKind || c.sig != sig {
		return nil, errCursor
	}
	raw := binary.BigEndian.Uint64(body[10:18])
	if c.sort == sortRelevance {
		c.fkey = math.Float64frombits(raw)
	} else {
		c.key = int64(raw)
	}
	rest := body[18:]
	n := int(rest[0])
	if len(rest) < 1+n+1 {
		return nil, errCursor
	}
	c.id, rest = string(rest[1:1+n]), rest[1+n:]
	ns := int(rest[0])
	rest = rest[1:]
	if len(rest) != 8*ns {
		return nil, errCursor
	}
	for k := range ns {
		c.stats = append(c.stats, math.Float64frombits(binary.BigEndian.Uint64(rest[8*k:])))
	}
	return c, nil
}

// querySignature binds a cursor to its tenant, filters, text and sort.
func querySignature(tenantID string, q Query) uint64 {
	h := fnv.New64a()
	parts := []string{tenantID, q.Text, q.CampaignID, q.DepartmentID, q.Tag, string(q.Visibility), string(q.Source), q.AuthorID, q.Sort}
	for _, s := range q.Stages {
		parts = append(parts, "stage="+string(s))
	}
	if q.Restrict {
		parts = append(parts, "restrict", strings.Join(q.OnlyIDs, ","))
	}
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum64()
}
