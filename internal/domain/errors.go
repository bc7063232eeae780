// Package domain holds Ideenwerk's entities, value types, store interfaces and pure rules.
//
// It imports nothing of HTTP or MongoDB: adapters (internal/httpapi, internal/mongo)
// translate between the outside world and these types.
package domain

import (
	"errors"
	"fmt"
)

// Error codes. Only internal/httpapi/errors.go maps them to HTTP statuses.
const (
	ECONFLICT           = "conflict"
	EFORBIDDEN          = "forbidden"
	EINTERNAL           = "internal"
	EINVALID            = "invalid"
	ENOTFOUND           = "not_found"
	EPRECONDITIONFAILED = "precondition_failed"
	ERATELIMITED        = "rate_limited"
	ETOOLARGE           = "too_large"
	EUNAUTHORIZED       = "unauthorized"
	EUNSUPPORTEDMEDIA   = "unsupported_media_type"
	EUNAVAILABLE        = "unavailable"
)

// FieldError names one invalid input field by its JSON name.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is the one application error type. Its Message is safe to show to clients.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
	// RetryAfter, in seconds, for rate_limited and unavailable errors.
	RetryAfter int
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code string, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EINVALID error naming one field.
func Invalid(field, message string) *Error {
	return &Error{Code: EINVALID, Message: message, Fields: []FieldError{{Field: field, Message: message}}}
}

// ErrorCode returns the code of the *Error in err's chain, EINTERNAL for any other error
// and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the client-safe message of err; internal errors get a generic one.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "An internal error occurred."
}

// AsError returns the *Error in err's chain, or nil.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}
