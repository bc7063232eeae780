package httpapi

import (
	"context"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/sync/singleflight"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// accountGate holds what authorisation needs of an account as the store has it now: an
// access token lives for 15 minutes, and a deleted or deactivated account, or one whose
// roles an admin changed, must not act with its old claims for that long. Requests read
// the account from here; an entry is read again from the store (one lookup by `_id`) after
// accountGateTTL, so another instance's change holds here within that time, this
// instance's at once (forgetAccount).
type accountGate struct {
	cache  *lru.Cache[accountKey, accountEntry]
	flight singleflight.Group
	// forgotten counts forgetAccount calls: a lookup that began before one neither stores
	// what it read nor answers requests that came after it.
	forgotten atomic.Uint64
}

type accountKey struct{ tenant, user string }

type accountEntry struct {
	state accountState
	at    time.Time
}

// accountState is the part of an account that decides what its requests may do.
type accountState struct {
	active       bool
	roles        []domain.Role
	departmentID string
}

const (
	accountGateTTL  = 5 * time.Second
	accountGateSize = 8192
)

func newAccountGate() *accountGate {
	c, _ := lru.New[accountKey, accountEntry](accountGateSize) // fails only for a size < 1
	return &accountGate{cache: c}
}

// account returns the state of the context's tenant's user id, from memory while fresh.
// A missing account reads as inactive; a store failure is returned (and not remembered).
func (s *Server) account(ctx context.Context, tenantID, userID string) (accountState, error) {
	k := accountKey{tenantID, userID}
	if e, ok := s.accounts.cache.Get(k); ok && s.Now().Sub(e.at) < accountGateTTL {
		return e.state, nil
	}
	gen := s.accounts.forgotten.Load()
	v, err, _ := s.accounts.flight.Do(tenantID+"\x00"+userID+"\x00"+strconv.FormatUint(gen, 10), func() (any, error) {
		at := s.Now()
		u, err := s.Store.FindUserByID(ctx, userID)
		var st accountState
		switch {
		case err == nil:
			st = accountState{
				active:       u.Status != domain.UserDeleted && u.Status != domain.UserDeactivated,
				roles:        slices.Clone(u.Roles),
				departmentID: u.DepartmentID,
			}
		case domain.ErrorCode(err) == domain.ENOTFOUND:
		default:
			return nil, err
		}
		if s.accounts.forgotten.Load() == gen {
			s.accounts.cache.Add(k, accountEntry{state: st, at: at})
		}
		return st, nil
	})
	if err != nil {
		return accountState{}, err
	}
	return v.(accountState), nil
}

// forgetAccount makes the next request of the user read its account from the store: call
// it after changing an account's status, roles or department.
func (s *Server) forgetAccount(ctx context.Context, userID string) {
	tid, _ := domain.TenantID(ctx)
	s.accounts.forgotten.Add(1)
	s.accounts.cache.Remove(accountKey{tid, userID})
}
