package httpapi

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// statusByCode is the one table from error codes to HTTP statuses.
var statusByCode = map[string]int{
	domain.EINVALID:            http.StatusBadRequest,
	domain.EUNAUTHORIZED:       http.StatusUnauthorized,
	domain.EFORBIDDEN:          http.StatusForbidden,
	domain.ENOTFOUND:           http.StatusNotFound,
	domain.ECONFLICT:           http.StatusConflict,
	domain.EPRECONDITIONFAILED: http.StatusPreconditionFailed,
	domain.ETOOLARGE:           http.StatusRequestEntityTooLarge,
	domain.EUNSUPPORTEDMEDIA:   http.StatusUnsupportedMediaType,
	domain.ERATELIMITED:        http.StatusTooManyRequests,
	domain.EUNAVAILABLE:        http.StatusServiceUnavailable,
	domain.EINTERNAL:           http.StatusInternalServerError,
}

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code      string              `json:"code"`
	Message   string              `json:"message"`
	Reason    string              `json:"reason,omitempty"`
	Params    map[string]string   `json:"params,omitempty"`
	Fields    []domain.FieldError `json:"fields,omitempty"`
	RequestID string              `json:"requestId"`
}

// fail writes err as the error envelope and aborts the chain. Internal errors are logged
// with the request ID; the client sees only a generic message.
func (s *Server) fail(c *gin.Context, err error) {
	code := domain.ErrorCode(err)
	status, ok := statusByCode[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if code == domain.EINTERNAL {
		s.logger.ErrorContext(c.Request.Context(), "internal error", "err", err, "route", c.FullPath(), "request_id", requestID(c))
	}
	body := errorBody{Error: errorDetail{Code: code, Message: domain.ErrorMessage(err), RequestID: requestID(c)}}
	if e := domain.AsError(err); e != nil {
		body.Error.Fields, body.Error.Reason, body.Error.Params = e.Fields, e.Reason, e.Params
		if e.RetryAfter > 0 {
			c.Header("Retry-After", strconv.Itoa(e.RetryAfter))
		}
	}
	if code == domain.EUNAVAILABLE && c.Writer.Header().Get("Retry-After") == "" {
		c.Header("Retry-After", "2")
	}
	c.AbortWithStatusJSON(status, body)
}
