package domain

import "math"

// KrippendorffAlphaInterval returns Krippendorff's alpha with the interval metric for
// units of ratings: units[u] holds the values the raters gave unit u (missing ratings are
// simply absent). Units with fewer than two values are not pairable and are ignored.
//
// With n pairable values in total and m_u values in unit u:
//
//	D_o = 1/n · Σ_u 1/(m_u − 1) · Σ_{i≠j in u} (v_i − v_j)²
//	D_e = 1/(n(n − 1)) · Σ_{i≠j over all pairable values} (v_i − v_j)²
//	α   = 1 − D_o / D_e
//
// ok is false when alpha is undefined: fewer than two pairable values, or no variation at
// all (D_e = 0).
func KrippendorffAlphaInterval(units [][]float64) (alpha float64, ok bool) {
	var all []float64
	var do float64
	for _, u := range units {
		m := len(u)
		if m < 2 {
			continue
		}
		var s float64
		for i := range u {
			for j := range u {
				if i != j {
					d := u[i] - u[j]
					s += d * d
				}
			}
		}
		do += s / float64(m-1)
		all = append(all, u...)
	}
	n := float64(len(all))
	if n < 2 {
		return 0, false
	}
	do /= n
	// Σ_{i≠j} (v_i − v_j)² = 2n·Σ(v − mean)², which avoids the quadratic loop.
	var mean float64
	for _, v := range all {
		mean += v
	}
	mean /= n
	var ss float64
	for _, v := range all {
		ss += (v - mean) * (v - mean)
	}
	de := 2 * n * ss / (n * (n - 1))
	if de == 0 || math.IsNaN(de) {
		return 0, false
	}
	return 1 - do/de, true
}

// ReviewAgreement returns the inter-rater agreement (interval alpha) of reviews: each
// (idea, criterion) is a unit, the submitted reviews' scores its values.
func ReviewAgreement(reviews []*Review) (float64, bool) {
	units := map[string][]float64{}
	var order []string
	for _, r := range reviews {
		if r.Status != ReviewSubmitted {
			continue
		}
		for _, s := range r.Scores {
			k := r.IdeaID + "\x00" + s.Key
			if _, ok := units[k]; !ok {
				order = append(order, k)
			}
			units[k] = append(units[k], float64(s.Score))
		}
	}
	us := make([][]float64, 0, len(order))
	for _, k := range order {
		us = append(us, units[k])
	}
	return KrippendorffAlphaInterval(us)
}
