package search

import "unsafe"

// Stats describe the size of the index.
type Stats struct {
	Tenants  int
	Ideas    int
	Terms    int
	Postings int
	Features int
	// Bytes estimates the memory the index holds (slices, strings and map entries).
	Bytes int64
}

// BytesPerIdea is Bytes / Ideas.
func (s Stats) BytesPerIdea() int64 {
	if s.Ideas == 0 {
		return 0
	}
	return s.Bytes / int64(s.Ideas)
}

// Stats measures the index.
func (x *Index) Stats() Stats {
	var s Stats
	x.mu.RLock()
	ts := make([]*tenantIndex, 0, len(x.tenants))
	for _, t := range x.tenants {
		ts = append(ts, t)
	}
	x.mu.RUnlock()
	const mapEntry = 48 // rough cost of a map entry beyond key and value
	for _, t := range ts {
		t.mu.RLock()
		s.Tenants++
		s.Ideas += t.live
		s.Terms += len(t.termStr)
		s.Features += len(t.featPost)
		b := int64(0)
		for _, d := range t.docs {
			b += 8
			if d == nil {
				continue
			}
			i := d.idea
			b += int64(unsafe.Sizeof(*d)) + int64(unsafe.Sizeof(*i))
			b += int64(len(i.ID) + len(i.TenantID) + len(i.Title) + len(i.Summary) + len(i.AuthorID) + len(i.CampaignID) + len(i.DepartmentID))
			for _, x := range i.Tags {
				b += int64(16 + len(x))
			}
			for _, x := range d.tags {
				b += int64(16 + len(x))
			}
			b += int64(16*(len(i.CoAuthorIDs)+len(i.TargetGroups)) + 4*cap(d.terms) + 4*cap(d.feats))
			b += int64(len(i.Decisions)) * int64(unsafe.Sizeof(i.Decisions[0:1][0]))
		}
		for k, p := range t.post {
			s.Postings += len(p)
			b += int64(8*cap(p)) + 24 + int64(len(t.termStr[k])+16+mapEntry)
		}
		for _, p := range t.featPost {
			b += int64(4*cap(p)) + 24 + 4 + 16 + mapEntry + 4
		}
		b += int64(8*cap(t.dense) + 16*cap(t.lens) + 16*cap(t.winID))
		for _, dt := range t.dense {
			if dt != nil {
				b += int64(unsafe.Sizeof(*dt)) + int64(8*cap(dt.bits))
				for _, m := range dt.max {
					b += int64(8 * cap(m))
				}
			}
		}
		b += int64(4 * (cap(t.vocab) + cap(t.rvocab)))
		for _, l := range t.grams {
			b += int64(4*cap(l)) + 4 + 24 + mapEntry
		}
		for s := range nSorts {
			b += int64(4 * cap(t.order[s]))
		}
		b += int64(len(t.byID)) * (36 + 4 + mapEntry)
		for _, l := range []map[string][]int32{t.campaign, t.dept, t.tag, t.author} {
			for k, v := range l {
				b += int64(len(k) + 24 + 4*cap(v) + mapEntry)
			}
		}
		words := len(t.docs)/64 + 1
		b += int64(8 * words * (len(t.stage) + len(t.vis) + len(t.source) + len(t.classes)))
		t.mu.RUnlock()
		s.Bytes += b
	}
	return s
}
