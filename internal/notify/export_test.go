package notify

import "time"

// OnPause makes s report every pause of its dispatcher to f.
func OnPause(s *Service, f func(time.Duration)) { s.paused = f }
