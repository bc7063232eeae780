package httpapi

// CachedFlags exposes the engagement cache to the package's external tests: whether it
// knows the idea at revision rev, and userID's flags there.
func (s *Server) CachedFlags(tenantID, ideaID string, rev int64, userID string) (supported, following, ok bool) {
	return s.facts.flags(tenantID, ideaID, rev, userID)
}
