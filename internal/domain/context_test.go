package domain

import (
	"context"
	"errors"
	"testing"
)

func TestDetach(t *testing.T) {
	alive, storeDown := context.WithCancelCause(context.Background())
	parent, clientGone := context.WithCancel(WithStoreAlive(WithTenant(context.Background(), &Tenant{ID: "t1"}), alive))
	d, stop := Detach(parent)
	defer stop()

	clientGone()
	if d.Err() != nil {
		t.Fatalf("the detached context ended with the client: %v", d.Err())
	}
	if id, _ := TenantID(d); id != "t1" {
		t.Fatalf("values lost: tenant %q", id)
	}
	down := errors.New("store down")
	storeDown(down)
	<-d.Done()
	if !errors.Is(d.Err(), context.Canceled) || !errors.Is(context.Cause(d), down) {
		t.Fatalf("after the store went down: err %v, cause %v", d.Err(), context.Cause(d))
	}

	// Without a liveness context it only detaches.
	plain, cancel := context.WithCancel(context.Background())
	d2, stop2 := Detach(plain)
	defer stop2()
	cancel()
	if d2.Err() != nil {
		t.Fatalf("detached context without liveness ended: %v", d2.Err())
	}
}
