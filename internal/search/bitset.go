package search

import "math/bits"

// bitset is a set of document ordinals.
type bitset []uint64

func (b *bitset) set(i int32) {
	w := int(i >> 6)
	for len(*b) <= w {
		*b = append(*b, 0)
	}
	(*b)[w] |= 1 << (uint(i) & 63)
}

func (b bitset) clear(i int32) {
	if w := int(i >> 6); w < len(b) {
		b[w] &^= 1 << (uint(i) & 63)
	}
}

func (b bitset) has(i int32) bool {
	w := int(i >> 6)
	return w < len(b) && b[w]&(1<<(uint(i)&63)) != 0
}

func (b *bitset) put(i int32, on bool) {
	if on {
		b.set(i)
	} else {
		b.clear(i)
	}
}

// cloneInto returns a copy with at least n bits of room, in dst's memory if it has room.
func (b bitset) cloneInto(dst bitset, n int) bitset {
	size := max(len(b), (n+63)/64)
	if cap(dst) < size {
		dst = make(bitset, size)
	}
	dst = dst[:size]
	clear(dst[copy(dst, b):])
	return dst
}

// and keeps only the bits also in o.
func (b bitset) and(o bitset) {
	for i := range b {
		if i < len(o) {
			b[i] &= o[i]
		} else {
			b[i] = 0
		}
	}
}

// andAny keeps only the bits that are in at least one of sets.
func (b bitset) andAny(sets []bitset) {
	for i := range b {
		var u uint64
		for _, o := range sets {
			if i < len(o) {
				u |= o[i]
			}
		}
		b[i] &= u
	}
}

// andList keeps only the bits at the ordinals of l, which ascend.
func (b bitset) andList(l []int32) {
	k := 0
	for i := range b {
		var m uint64
		for end := int32(i+1) << 6; k < len(l) && l[k] < end; k++ {
			m |= 1 << (uint(l[k]) & 63)
		}
		b[i] &= m
	}
}

// or adds the bits of o (b must be large enough).
func (b bitset) or(o bitset) {
	for i := range o {
		if i < len(b) {
			b[i] |= o[i]
		}
	}
}

func (b bitset) count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}
