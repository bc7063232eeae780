package domain

import (
	"context"
	"slices"
)

type ctxKey int

const (
	tenantKey ctxKey = iota
	actorKey
	requestIDKey
	storeAliveKey
)

// WithStoreAlive returns a context carrying alive, a context that ends when the store is
// found unreachable. Detach uses it so that the second half of a write, which must not
// stop when the client goes away, still stops when the store does.
func WithStoreAlive(ctx, alive context.Context) context.Context {
	return context.WithValue(ctx, storeAliveKey, alive)
}

// Detach returns a context that keeps ctx's values but not its cancellation or deadline
// — for finishing a write whose first half is stored — and that ends only when the store
// is found unreachable (see WithStoreAlive). Call stop when done.
func Detach(ctx context.Context) (detached context.Context, stop func()) {
	d := context.WithoutCancel(ctx)
	alive, _ := ctx.Value(storeAliveKey).(context.Context)
	if alive == nil {
		return d, func() {}
	}
	d, cancel := context.WithCancelCause(d)
	unhook := context.AfterFunc(alive, func() { cancel(context.Cause(alive)) })
	return d, func() { unhook(); cancel(nil) }
}

// Actor is the authenticated caller of a request.
type Actor struct {
	UserID       string
	TenantID     string
	Roles        []Role
	DepartmentID string
}

// Has reports whether the actor holds role r.
func (a *Actor) Has(r Role) bool {
	return a != nil && slices.Contains(a.Roles, r)
}

// IsStaff reports whether the actor is city staff (any role but citizen-only).
func (a *Actor) IsStaff() bool {
	return a.Has(RoleEmployee) || a.Has(RoleReviewer) || a.Has(RoleCDO) || a.Has(RoleAdmin)
}

// WithTenant returns a context carrying the tenant of the request.
func WithTenant(ctx context.Context, t *Tenant) context.Context {
	return context.WithValue(ctx, tenantKey, t)
}

// TenantFromContext returns the request's tenant, or nil outside a tenant scope.
func TenantFromContext(ctx context.Context) *Tenant {
	t, _ := ctx.Value(tenantKey).(*Tenant)
	return t
}

// TenantID returns the ID of the context's tenant. Stores call it on every operation,
// so a missing tenant is a programming error reported as EINTERNAL, never a cross-tenant read.
func TenantID(ctx context.Context) (string, error) {
	t := TenantFromContext(ctx)
	if t == nil || t.ID == "" {
		return "", Errorf(EINTERNAL, "no tenant in context")
	}
	return t.ID, nil
}

// WithActor returns a context carrying the authenticated caller.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey, a)
}

// ActorFromContext returns the authenticated caller, or nil for anonymous requests.
func ActorFromContext(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey).(*Actor)
	return a
}

// WithRequestID returns a context carrying the request ID (for logs and audit records).
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

// RequestIDFromContext returns the request ID, or "".
func RequestIDFromContext(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}
