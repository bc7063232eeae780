package search

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

func fuzzIndex() *Index {
	x := New([]byte("fuzz cursor key"))
	x.Put(idea(1, "Online-Terminvergabe im Bürgeramt", "Termine für Ausweise online buchen"))
	x.Put(idea(2, "Digitalisierung der Bauakte", "Bauanträge vollständig digital einreichen"))
	x.Put(idea(3, "Mehr Grünflächen in der Innenstadt", "Straßenbäume und Parkplätze neu ordnen"))
	x.Put(idea(4, "Die Stadt und der Bürger", "Ein Text über das Amt"))
	return x
}

// FuzzSearchQuery runs arbitrary search texts, sorts and cursors through Search: it never
// panics, answers EINVALID for what it refuses, returns at most the limit, only ideas the
// caller may see, and a next cursor that continues the same query without repeating ideas.
func FuzzSearchQuery(f *testing.F) {
	x := fuzzIndex()
	staff := &domain.Actor{UserID: "u", Roles: []domain.Role{domain.RoleEmployee}}
	first, _ := x.Search("t1", staff, Query{Text: "digital", Limit: 1})
	for _, s := range []struct{ text, sort, cursor string }{
		{"Bürgeramt", "", ""}, {"BUERGERAMT online", "relevance", ""}, {"die der und", "", ""}, {"", "newest", ""},
		{"", "supports", ""}, {"", "score", ""}, {"", "activity", ""}, {"", "relevance", ""}, {"digital", "", first.Next},
		{"Straße ß ẞ ǅ İ", "", ""}, {"\x00\xff\xfe", "", ""}, {"a b c d e f g h i j k l m n o p", "", ""},
		{"digit*", "", "AQ"}, {"x", "bogus", ""}, {"", "", "!!"},
	} {
		f.Add(s.text, s.sort, s.cursor, 2)
	}
	f.Fuzz(func(t *testing.T, text, sort, cur string, limit int) {
		q := Query{Text: text, Sort: sort, Cursor: cur, Limit: limit}
		p, err := x.Search("t1", staff, q)
		if err != nil {
			if domain.ErrorCode(err) != domain.EINVALID {
				t.Fatalf("%+v: %v", q, err)
			}
			return
		}
		want := limit
		if want <= 0 || want > 100 {
			want = 20
		}
		if len(p.Items) > want || p.Total < len(p.Items) {
			t.Fatalf("%+v: %d items, total %d", q, len(p.Items), p.Total)
		}
		seen := map[string]bool{}
		for _, i := range p.Items {
			seen[i.ID] = true
		}
		if p.Next != "" {
			q.Cursor = p.Next
			n, err := x.Search("t1", staff, q)
			if err != nil {
				t.Fatalf("next cursor of %+v refused: %v", q, err)
			}
			for _, i := range n.Items {
				if seen[i.ID] {
					t.Fatalf("%+v: idea %s on two pages", q, i.ID)
				}
			}
		}
	})
}

// FuzzCursorDecode feeds arbitrary bytes to the cursor decoder, signed with the index's
// key so the fuzzer gets past the MAC to the parser: no panic, and whatever decodes
// encodes back to the same bytes. Unsigned or tampered cursors are refused.
func FuzzCursorDecode(f *testing.F) {
	x := fuzzIndex()
	sig := uint64(42)
	good := x.encodeCursor(&cursor{sort: sortNewest, sig: sig, key: 7, id: "id-0001"})
	rel := x.encodeCursor(&cursor{sort: sortRelevance, sig: sig, fkey: 1.5, id: "id-0002", stats: []float64{1, 2}})
	for _, s := range []string{good, rel} {
		b, _ := base64.RawURLEncoding.DecodeString(s)
		f.Add(b[:len(b)-cursorMACLen], true)
		f.Add(b, false)
	}
	f.Add([]byte{}, true)
	f.Add([]byte{1, 0, 0, 0, 0, 0, 0, 0, 0, 42, 0, 0, 0, 0, 0, 0, 0, 7, 255}, true)
	f.Fuzz(func(t *testing.T, body []byte, sign bool) {
		s := base64.RawURLEncoding.EncodeToString(body)
		if sign {
			s = x.sign(body)
		}
		for _, kind := range []int{sortNewest, sortRelevance} {
			c, err := x.decodeCursor(s, sig, kind)
			if err != nil {
				if domain.ErrorCode(err) != domain.EINVALID {
					t.Fatalf("%x: %v", body, err)
				}
				continue
			}
			if c.sort != kind || c.sig != sig {
				t.Fatalf("%x: decoded a cursor of sort %d sig %d", body, c.sort, c.sig)
			}
			if again := x.encodeCursor(c); again != s {
				raw, _ := base64.RawURLEncoding.DecodeString(again)
				if !bytes.Equal(raw[:len(raw)-cursorMACLen], body) {
					t.Fatalf("%x decodes to %+v, which encodes to %x", body, c, raw)
				}
			}
		}
	})
}

// sign appends the MAC the index puts on its cursors (as encodeCursor does).
func (x *Index) sign(body []byte) string {
	m := hmac.New(sha256.New, x.cursor)
	m.Write(body)
	return base64.RawURLEncoding.EncodeToString(m.Sum(append([]byte{}, body...))[:len(body)+cursorMACLen])
}
