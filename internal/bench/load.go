package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"time"
)

// Op is one request of a scenario. It returns an error when the request failed (transport
// error or an unexpected status); the runner counts it and keeps going.
type Op func(ctx context.Context, w *Worker) error

// Worker is the state of one closed-loop client: its number, a deterministic random source
// and whatever the scenario keeps per client (an idea it owns, the next action).
type Worker struct {
	N     int
	Rand  *rand.Rand
	State any
}

// Stats are the figures of one load run.
type Stats struct {
	Requests   int           `json:"requests"`
	Errors     int           `json:"errors"`
	Duration   time.Duration `json:"-"`
	Seconds    float64       `json:"seconds"`
	RPS        float64       `json:"rps"`
	P50        float64       `json:"p50Ms"`
	P95        float64       `json:"p95Ms"`
	P99        float64       `json:"p99Ms"`
	Max        float64       `json:"maxMs"`
	Mean       float64       `json:"meanMs"`
	ErrorKinds []string      `json:"errorSamples,omitempty"`
}

// RunLoad runs op in clients closed loops (each client sends its next request when the
// previous one answered) for warmup plus d, and measures only the requests that started
// after the warm-up. Every latency is kept, so percentiles are exact rather than estimated
// from buckets: a 20-second run at a few thousand requests per second holds well under a
// million samples.
//
// A closed loop cannot show queueing delay a real open-ended stream of users would see
// when the server stalls (coordinated omission); the p99 of a stalled run is therefore a
// lower bound, and the requests/s figure is what 32 eager clients get, not a capacity.
func RunLoad(ctx context.Context, clients int, warmup, d time.Duration, seed uint64, setup func(*Worker), op Op) Stats {
	type result struct {
		lat    []time.Duration
		errs   int
		kinds  []string
		starts int
	}
	results := make([]result, clients)
	start := time.Now()
	measureFrom := start.Add(warmup)
	end := measureFrom.Add(d)
	ctx, cancel := context.WithDeadline(ctx, end.Add(30*time.Second))
	defer cancel()
	var wg sync.WaitGroup
	for n := range clients {
		wg.Go(func() {
			w := &Worker{N: n, Rand: rand.New(rand.NewPCG(seed, uint64(n)+1))}
			if setup != nil {
				setup(w)
			}
			r := &results[n]
			r.lat = make([]time.Duration, 0, 4096)
			for {
				t0 := time.Now()
				if !t0.Before(end) || ctx.Err() != nil {
					return
				}
				err := op(ctx, w)
				lat := time.Since(t0)
				if t0.Before(measureFrom) {
					continue
				}
				r.lat = append(r.lat, lat)
				if err != nil {
					r.errs++
					if len(r.kinds) < 3 {
						r.kinds = append(r.kinds, err.Error())
					}
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(measureFrom)
	var all []time.Duration
	s := Stats{Duration: elapsed, Seconds: elapsed.Seconds()}
	for _, r := range results {
		all = append(all, r.lat...)
		s.Errors += r.errs
		for _, k := range r.kinds {
			if len(s.ErrorKinds) < 5 && !slices.Contains(s.ErrorKinds, k) {
				s.ErrorKinds = append(s.ErrorKinds, k)
			}
		}
	}
	s.Requests = len(all)
	if s.Requests == 0 {
		return s
	}
	slices.Sort(all)
	var sum time.Duration
	for _, l := range all {
		sum += l
	}
	s.RPS = float64(s.Requests) / elapsed.Seconds()
	s.P50, s.P95, s.P99 = ms(quantile(all, 0.50)), ms(quantile(all, 0.95)), ms(quantile(all, 0.99))
	s.Max = ms(all[len(all)-1])
	s.Mean = ms(sum / time.Duration(len(all)))
	return s
}

// quantile is the nearest-rank quantile of sorted samples.
func quantile(sorted []time.Duration, q float64) time.Duration {
	k := int(q*float64(len(sorted))+0.5) - 1
	return sorted[min(max(k, 0), len(sorted)-1)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// statusError is an unexpected HTTP answer.
func statusError(method, path string, status int, body []byte) error {
	if len(body) > 160 {
		body = body[:160]
	}
	return fmt.Errorf("%s %s: %d %s", method, path, status, body)
}
