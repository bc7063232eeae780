package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/go-playground/validator/v10"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// newValidator returns a validator reading Gin's `binding` tags that names fields by their
// JSON names and knows the text rules of this API.
func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.SetTagName("binding")
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		return name
	})
	// line: one line of text: no control characters, no invisible or direction-changing
	// format characters.
	_ = v.RegisterValidation("line", func(fl validator.FieldLevel) bool {
		return !strings.ContainsFunc(fl.Field().String(), func(r rune) bool {
			return unicode.IsControl(r) || hiddenFormat(r) || r == '\u2028' || r == '\u2029'
		})
	})
	// nonblank: a name: something visible, not only spaces, joiners, marks or fillers.
	_ = v.RegisterValidation("nonblank", func(fl validator.FieldLevel) bool {
		return strings.ContainsFunc(fl.Field().String(), visible)
	})
	// text: multi-line text; tabs and line breaks are fine, other control characters and
	// the hidden format characters are not.
	_ = v.RegisterValidation("text", func(fl validator.FieldLevel) bool {
		return !strings.ContainsFunc(fl.Field().String(), func(r rune) bool {
			return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' || hiddenFormat(r)
		})
	})
	// http_url_or_empty, https_url_or_empty: an absolute web address, or "" (to remove one).
	webURL := func(schemes ...string) validator.Func {
		return func(fl validator.FieldLevel) bool {
			s := fl.Field().String()
			if s == "" {
				return true
			}
			u, err := url.Parse(s)
			return err == nil && slices.Contains(schemes, u.Scheme) && u.Host != "" && !strings.ContainsFunc(s, unicode.IsSpace)
		}
	}
	_ = v.RegisterValidation("http_url_or_empty", webURL("http", "https"))
	_ = v.RegisterValidation("https_url_or_empty", webURL("https"))
	return v
}

// hiddenFormat reports the format characters that change how text around them reads
// without being seen: bidirectional embeddings, overrides and isolates (U+202A–U+202E,
// U+2066–U+2069: "Münster" shown backwards), zero-width space, word joiner and byte-order
// mark. Marks that scripts need (U+200E/U+200F, the zero-width joiners of emoji and Indic
// text) stay allowed.
func hiddenFormat(r rune) bool {
	return r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069' || r == '\u200B' || r == '\u2060' || r == '\uFEFF'
}

// visible reports whether r shows as something: not a space, control or format character
// (joiners, direction marks, soft hyphen), not a combining mark on its own, and not one of
// the letters and symbols that are drawn empty (Hangul fillers, the blank Braille pattern).
func visible(r rune) bool {
	switch r {
	case '\u115F', '\u1160', '\u3164', '\uFFA0', '\u2800':
		return false
	}
	return !unicode.IsSpace(r) && !unicode.IsControl(r) && !unicode.Is(unicode.Cf, r) && !unicode.Is(unicode.Mn, r) && unicode.IsGraphic(r)
}

// bindJSON decodes the request body into dst strictly (JSON content type, no unknown
// fields, one value, within the size cap) and validates it. On failure it writes the error
// and returns false.
func (s *Server) bindJSON(c *gin.Context, dst any) bool {
	if err := decodeJSON(c.Request, dst); err != nil {
		s.fail(c, err)
		return false
	}
	if err := s.validate(dst); err != nil {
		s.fail(c, err)
		return false
	}
	return true
}

// decodeJSON is the strict decoder behind bindJSON.
func decodeJSON(r *http.Request, dst any) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return domain.Errorf(domain.EUNSUPPORTEDMEDIA, "the request body must be application/json")
	}
	if ce := r.Header.Get("Content-Encoding"); ce != "" && !strings.EqualFold(ce, "identity") {
		return domain.Errorf(domain.EUNSUPPORTEDMEDIA, "Content-Encoding %q is not supported; send the body uncompressed", ce)
	}
	raw, err := io.ReadAll(r.Body) // bounded by the body limit
	if err != nil {
		return decodeError(err)
	}
	// Go's decoder would replace broken text with U+FFFD and go on: refuse it instead, so
	// what is stored is what was sent.
	if !utf8.Valid(raw) {
		return domain.Errorf(domain.EINVALID, "the request body must be UTF-8 text")
	}
	if at := loneSurrogate(raw); at >= 0 {
		return domain.Errorf(domain.EINVALID, "the request body holds an unpaired surrogate escape (\\uD800–\\uDFFF) at byte %d", at)
	}
	if err := checkKeys(json.NewDecoder(bytes.NewReader(raw)), reflect.TypeOf(dst), ""); err != nil {
		if _, ok := err.(*domain.Error); ok {
			return err
		}
		// A syntax error: the decoder below says where.
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return decodeError(err)
		}
		return domain.Errorf(domain.EINVALID, "the request body must hold exactly one JSON value")
	}
	return nil
}

// checkKeys walks one JSON value against the Go type t before it is decoded, for what Go's
// decoder lets through: a member name must be a field's JSON name exactly (the decoder
// would also take "Name" or "NAME" for "name") and appear once in its object (the decoder
// keeps the last of two), and a request that decodes into an object must be one (null
// would decode into nothing and change nothing). Unknown names in objects of known fields
// are left to the decoder's own error. Syntax errors are returned as they are.
func checkKeys(dec *json.Decoder, t reflect.Type, path string) error {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	d, ok := tok.(json.Delim)
	if !ok {
		if path == "" && t != nil && t.Kind() == reflect.Struct {
			return domain.Errorf(domain.EINVALID, "the request body must be a JSON object")
		}
		return nil
	}
	if d == '[' {
		var et reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			et = t.Elem()
		}
		for n := 0; dec.More(); n++ {
			if err := checkKeys(dec, et, fmt.Sprintf("%s[%d]", path, n)); err != nil {
				return err
			}
		}
		_, err = dec.Token()
		return err
	}
	if path == "" && t != nil && t.Kind() != reflect.Struct && t.Kind() != reflect.Map && t.Kind() != reflect.Interface {
		return nil // the decoder names the type
	}
	var fields map[string]reflect.Type
	if t != nil && t.Kind() == reflect.Struct {
		fields = jsonFields(t)
	}
	seen := map[string]bool{}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := kt.(string)
		field := key
		if path != "" {
			field = path + "." + key
		}
		if seen[key] {
			return &domain.Error{Code: domain.EINVALID, Message: fmt.Sprintf("%q appears twice", field),
				Fields: []domain.FieldError{{Field: field, Message: "appears twice"}}}
		}
		seen[key] = true
		var ft reflect.Type
		switch {
		case fields != nil:
			var known bool
			if ft, known = fields[key]; !known {
				return &domain.Error{Code: domain.EINVALID, Message: fmt.Sprintf("unknown field %q", field),
					Fields: []domain.FieldError{{Field: field, Message: "is not a known field (names are case-sensitive)"}}}
			}
		case t != nil && t.Kind() == reflect.Map:
			ft = t.Elem()
		}
		if err := checkKeys(dec, ft, field); err != nil {
			return err
		}
	}
	_, err = dec.Token()
	return err
}

// jsonFieldsCache holds the JSON member names of the request types (reflect.Type → map).
var jsonFieldsCache sync.Map

// jsonFields returns the JSON names of a struct's fields as encoding/json sees them
// (promoted fields of embedded structs included) with their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	if m, ok := jsonFieldsCache.Load(t); ok {
		return m.(map[string]reflect.Type)
	}
	m := map[string]reflect.Type{}
	for _, f := range reflect.VisibleFields(t) {
		tag := f.Tag.Get("json")
		if !f.IsExported() || tag == "-" || f.Anonymous && tag == "" && f.Type.Kind() == reflect.Struct {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		if _, dup := m[name]; !dup || len(f.Index) == 1 {
			m[name] = f.Type
		}
	}
	jsonFieldsCache.Store(t, m)
	return m
}

// loneSurrogate returns the offset of the first \u escape of a UTF-16 surrogate that is not
// half of a pair (high D800–DBFF followed by low DC00–DFFF), or -1. Backslashes occur in
// JSON only inside strings, each starting an escape, so a scan of escapes suffices.
func loneSurrogate(b []byte) int {
	hex4 := func(at int) int {
		if at+6 > len(b) || b[at] != '\\' || b[at+1] != 'u' {
			return -1
		}
		v := 0
		for _, c := range b[at+2 : at+6] {
			switch {
			case c >= '0' && c <= '9':
				v = v<<4 | int(c-'0')
			case c >= 'a' && c <= 'f':
				v = v<<4 | int(c-'a'+10)
			case c >= 'A' && c <= 'F':
				v = v<<4 | int(c-'A'+10)
			default:
				return -1
			}
		}
		return v
	}
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' {
			continue
		}
		v := hex4(i)
		switch {
		case v >= 0xD800 && v <= 0xDBFF:
			if lo := hex4(i + 6); lo < 0xDC00 || lo > 0xDFFF {
				return i
			}
			i += 11 // the pair
		case v >= 0xDC00 && v <= 0xDFFF:
			return i
		default:
			i++ // the escaped character (or the u of another escape, whose digits are plain)
		}
	}
	return -1
}

func decodeError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return domain.Errorf(domain.ETOOLARGE, "the request body is larger than %d bytes", mbe.Limit)
	case errors.Is(err, io.EOF):
		return domain.Errorf(domain.EINVALID, "the request body is empty; send a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return domain.Errorf(domain.EINVALID, "the request body is malformed JSON (it ends too early)")
	case errors.As(err, &syn):
		return domain.Errorf(domain.EINVALID, "the request body is malformed JSON at byte %d", syn.Offset)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return domain.Errorf(domain.EINVALID, "the request body must be a JSON object")
		}
		msg := fmt.Sprintf("must be %s", jsonKind(typ.Type))
		return &domain.Error{Code: domain.EINVALID, Message: field + " " + msg, Fields: []domain.FieldError{{Field: field, Message: msg}}}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &domain.Error{Code: domain.EINVALID, Message: fmt.Sprintf("unknown field %q", field),
			Fields: []domain.FieldError{{Field: field, Message: "is not a known field"}}}
	}
	return domain.Errorf(domain.EINVALID, "the request body could not be read as JSON")
}

func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "of another type"
}

// validate runs the binding tags and turns their failures into field errors.
func (s *Server) validate(v any) error {
	err := s.validator.Struct(v)
	if err == nil {
		return nil
	}
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		return domain.Errorf(domain.EINVALID, "the request is not valid")
	}
	out := &domain.Error{Code: domain.EINVALID}
	for _, fe := range ves {
		out.Fields = append(out.Fields, domain.FieldError{Field: fieldPath(fe), Message: fieldMessage(fe)})
	}
	out.Message = out.Fields[0].Field + " " + out.Fields[0].Message
	if len(out.Fields) > 1 {
		out.Message += fmt.Sprintf(" (and %d more)", len(out.Fields)-1)
	}
	return out
}

// fieldPath turns "registerRequest.items[0].name" into "items[0].name".
func fieldPath(fe validator.FieldError) string {
	ns := fe.Namespace()
	if _, rest, ok := strings.Cut(ns, "."); ok {
		return rest
	}
	return fe.Field()
}

func fieldMessage(fe validator.FieldError) string {
	isString := fe.Kind() == reflect.String
	isList := fe.Kind() == reflect.Slice || fe.Kind() == reflect.Map
	switch fe.Tag() {
	case "required":
		return "is required"
	case "min", "gte":
		if isString {
			return fmt.Sprintf("must have at least %s characters", fe.Param())
		}
		if isList {
			return "must have at least " + entries(fe.Param())
		}
		return "must be at least " + fe.Param()
	case "max", "lte":
		if isString {
			return fmt.Sprintf("must have at most %s characters", fe.Param())
		}
		if isList {
			return "must have at most " + entries(fe.Param())
		}
		return "must be at most " + fe.Param()
	case "len":
		if fe.Tag() == "len" && fe.Field() == "primaryColor" {
			return "must be a colour like #005ca9"
		}
		if isString {
			return fmt.Sprintf("must have exactly %s characters", fe.Param())
		}
		return "must have exactly " + entries(fe.Param())
	case "email":
		return "must be a valid e-mail address"
	case "oneof":
		return "must be one of: " + strings.ReplaceAll(fe.Param(), " ", ", ")
	case "url", "http_url", "http_url_or_empty":
		return "must be an absolute http(s) URL"
	case "https_url_or_empty":
		return "must be an absolute https URL"
	case "hexcolor":
		return "must be a colour like #005ca9"
	case "line":
		return "must be one line without control or hidden format characters"
	case "nonblank":
		return "must not be blank"
	case "text":
		return "must not contain control or hidden format characters"
	case "dive":
		return "has an invalid entry"
	case "unique":
		return "must not contain duplicates"
	case "datetime":
		return "must be a date like " + fe.Param()
	}
	return "is not valid (" + fe.Tag() + ")"
}

// entries counts list entries in words: "1 entry", "3 entries".
func entries(n string) string {
	if n == "1" {
		return "1 entry"
	}
	return n + " entries"
}
