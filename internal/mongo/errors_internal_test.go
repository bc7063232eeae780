package mongo

import (
	"errors"
	"fmt"
	"testing"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// poolCleared stands for the driver's unexported poolClearedError: what an operation that
// waited for a connection gets when another operation on the pool met a network error.
type poolCleared struct{ retryable bool }

func (e poolCleared) Error() string   { return "connection pool was cleared" }
func (e poolCleared) Retryable() bool { return e.retryable }

// A store that went away surfaces as EUNAVAILABLE with Retry-After (503), whichever way the
// driver reports it; other errors stay internal.
func TestMapErrUnavailable(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("insert: %w", poolCleared{true}), domain.EUNAVAILABLE},
		{poolCleared{false}, domain.EINTERNAL},
		{errors.New("boom"), domain.EINTERNAL},
	} {
		got := mapErr(tc.err, "idea")
		if domain.ErrorCode(got) != tc.want {
			t.Errorf("%v: %s, want %s", tc.err, domain.ErrorCode(got), tc.want)
		}
		if e := domain.AsError(got); tc.want == domain.EUNAVAILABLE && (e == nil || e.RetryAfter == 0) {
			t.Errorf("%v: no Retry-After", tc.err)
		}
	}
}
