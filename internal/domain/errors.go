// Package domain holds Ideenwerk's entities, value types, store interfaces and pure rules.
//
// It imports nothing of HTTP or MongoDB: adapters (internal/httpapi, internal/mongo)
// translate between the outside world and these types.
package domain

import (
	"errors"
	"fmt"
	"strings"
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

// FieldError names one invalid input field by its JSON name. Reason and Params, when set,
// name the rule it broke (see reasons.go), so that clients can word it in their language.
type FieldError struct {
	Field   string            `json:"field"`
	Message string            `json:"message"`
	Reason  string            `json:"reason,omitempty"`
	Params  map[string]string `json:"params,omitempty"`
}

// Error is the one application error type. Its Message is safe to show to clients (in
// English); Reason and Params, when set, name the rule behind it (see reasons.go).
type Error struct {
	Code    string
	Message string
	Reason  string
	Params  map[string]string
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
	top := message
	if strings.HasPrefix(message, "must ") {
		top = field + " " + message // the field's message says "must …" of the field: name it here
	}
	return &Error{Code: EINVALID, Message: top, Fields: []FieldError{{Field: field, Message: message}}}
}

// Conflict returns an ECONFLICT error for reason with a formatted message.
func Conflict(reason, format string, args ...any) *Error {
	return &Error{Code: ECONFLICT, Reason: reason, Message: fmt.Sprintf(format, args...)}
}

// Because returns an error with code and reason and a formatted message.
func Because(code, reason, format string, args ...any) *Error {
	return &Error{Code: code, Reason: reason, Message: fmt.Sprintf(format, args...)}
}

// InvalidFor returns an EINVALID error naming one field and the rule it broke.
func InvalidFor(field, reason, message string) *Error {
	return &Error{Code: EINVALID, Message: message, Reason: reason,
		Fields: []FieldError{{Field: field, Message: message, Reason: reason}}}
}

// With sets params (key, value, key, value, …) on e and on its fields, and returns e.
func (e *Error) With(kv ...string) *Error {
	if e.Params == nil {
		e.Params = make(map[string]string, len(kv)/2)
	}
	for n := 0; n+1 < len(kv); n += 2 {
		e.Params[kv[n]] = kv[n+1]
	}
	for n := range e.Fields {
		e.Fields[n].Params = e.Params
	}
	return e
}

// OnField returns a copy of e as an error of field: an EINVALID error whose one field
// carries e's message, reason and params.
func (e *Error) OnField(field string) *Error {
	return &Error{Code: EINVALID, Message: e.Message, Reason: e.Reason, Params: e.Params,
		Fields: []FieldError{{Field: field, Message: e.Message, Reason: e.Reason, Params: e.Params}}}
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
