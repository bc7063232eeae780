package auth

import (
	"testing"
	"time"
)

// TestHashingIsBounded: with every hashing slot taken, a login's hash waits; it runs as
// soon as a slot is free (a burst of logins holds at most GOMAXPROCS × 19 MiB).
func TestHashingIsBounded(t *testing.T) {
	h, err := HashPassword("korrekt-pferd-batterie")
	if err != nil {
		t.Fatal(err)
	}
	for range cap(hashSlots) {
		hashSlots <- struct{}{}
	}
	done := make(chan bool)
	go func() { done <- VerifyPassword(h, "korrekt-pferd-batterie") }()
	select {
	case <-done:
		t.Fatal("a hash ran although every slot was taken")
	case <-time.After(100 * time.Millisecond):
	}
	<-hashSlots
	select {
	case ok := <-done:
		if !ok {
			t.Fatal("the password did not verify")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the hash did not run when a slot was free")
	}
	for range cap(hashSlots) - 1 {
		<-hashSlots
	}
}
