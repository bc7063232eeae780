package transfer

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
)

// sums computes a collection's two checksums (see the package documentation).
type sums struct {
	count  int64
	stream hash.Hash
	digest [sha256.Size]byte
}

func newSums() *sums { return &sums{stream: sha256.New()} }

// add adds one document's canonical Extended JSON.
func (s *sums) add(doc []byte) {
	s.count++
	s.stream.Write(doc)
	s.stream.Write([]byte{'\n'})
	s.addDigest(doc)
}

// addDigest adds the document's SHA-256 to the digest, as 256-bit big-endian integers
// modulo 2²⁵⁶ — a sum, so the order of documents does not matter.
func (s *sums) addDigest(doc []byte) {
	h := sha256.Sum256(doc)
	carry := 0
	for i := len(h) - 1; i >= 0; i-- {
		v := int(s.digest[i]) + int(h[i]) + carry
		s.digest[i] = byte(v)
		carry = v >> 8
	}
}

func (s *sums) result(name string) CollectionSums {
	return CollectionSums{Name: name, Count: s.count, SHA256: hex.EncodeToString(s.stream.Sum(nil)), Digest: s.digestHex()}
}

func (s *sums) digestHex() string { return hex.EncodeToString(s.digest[:]) }
