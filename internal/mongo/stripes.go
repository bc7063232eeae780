package mongo

import (
	"hash/fnv"
	"sync"
)

// stripes are process locks by key, striped over 256 mutexes: two keys may share one, so
// a caller never holds two locks of the same stripes at once.
type stripes [256]sync.Mutex

// lock locks key's stripe and returns its unlock.
func (s *stripes) lock(key string) func() {
	h := fnv.New32a()
	_, _ = h.Write([]byte(key))
	m := &s[h.Sum32()%uint32(len(s))]
	m.Lock()
	return m.Unlock
}
