package httpapi

import (
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// ifMatch parses an If-Match header of the form "v<version>" (quoted, possibly weak). It
// returns ok=false when the header is absent.
func ifMatch(c *gin.Context) (version int64, ok bool, err error) {
	h := strings.TrimSpace(c.GetHeader("If-Match"))
	if h == "" {
		return 0, false, nil
	}
	if h == "*" {
		return 0, false, nil
	}
	h = strings.TrimPrefix(h, "W/")
	h = strings.Trim(h, `"`)
	if !strings.HasPrefix(h, "v") {
		return 0, false, domain.Errorf(domain.EPRECONDITIONFAILED, "If-Match does not match the current version; reload and try again")
	}
	v, perr := strconv.ParseInt(h[1:], 10, 64)
	// Versions start at 1, a tenant's at 0 (never changed).
	if perr != nil || v < 0 {
		return 0, false, domain.Errorf(domain.EPRECONDITIONFAILED, "If-Match does not match the current version; reload and try again")
	}
	return v, true, nil
}

// checkVersion compares an optional If-Match with the current version.
func checkVersion(c *gin.Context, current int64, required bool) error {
	v, ok, err := ifMatch(c)
	if err != nil {
		return err
	}
	if !ok {
		// "If-Match: *" asks only that the resource exists (RFC 9110 13.1.1): it does.
		if required && strings.TrimSpace(c.GetHeader("If-Match")) != "*" {
			return domain.Errorf(domain.EPRECONDITIONFAILED, "send the If-Match header with the ETag you loaded")
		}
		return nil
	}
	if v != current {
		return domain.Errorf(domain.EPRECONDITIONFAILED, "someone else changed this in the meantime; reload and try again")
	}
	return nil
}
