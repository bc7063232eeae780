package analytics

import (
	"math"
	"slices"
	"time"
)

// Percentile returns the p-th percentile (0–100) of values by linear interpolation between
// the closest ranks — numpy's default, Excel's PERCENTILE.INC — so the CDO can check a
// figure in a spreadsheet. ok is false for no values.
func Percentile(values []float64, p float64) (v float64, ok bool) {
	if len(values) == 0 {
		return 0, false
	}
	s := slices.Clone(values)
	slices.Sort(s)
	h := (float64(len(s)) - 1) * p / 100
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(s) {
		return s[len(s)-1], true
	}
	return s[i] + (h-lo)*(s[i+1]-s[i]), true
}

// percentileDays returns a percentile rounded to two decimals, nil for no values.
func percentileDays(values []float64, p float64) *float64 {
	v, ok := Percentile(values, p)
	if !ok {
		return nil
	}
	return ptr(round2(v))
}

// ratio returns n/d rounded to four decimals, nil when d is 0.
func ratio(n, d int) *float64 {
	if d == 0 {
		return nil
	}
	return ptr(math.Round(float64(n)/float64(d)*10000) / 10000)
}

func days(d time.Duration) float64 {
	if d < 0 {
		return 0
	}
	return d.Hours() / 24
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

func ptr[T any](v T) *T { return &v }

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }
