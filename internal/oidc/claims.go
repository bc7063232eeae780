package oidc

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// identity is what Ideenwerk takes from a verified ID token.
type identity struct {
	// Subject is "issuer|sub", stable across e-mail changes at the provider.
	Subject       string
	Email         string // as sent; normalised by the caller
	EmailVerified bool
	Name          string
	Groups        []string
}

// identityFromClaims reads the standard claims and the groups at rolesClaim (a dotted path).
func identityFromClaims(issuer, sub string, claims map[string]any, rolesClaim string) identity {
	id := identity{
		Subject:       issuer + "|" + sub,
		Email:         str(claims["email"]),
		EmailVerified: truthy(claims["email_verified"]),
		Groups:        stringList(lookupPath(claims, rolesClaim)),
	}
	id.Name = displayName(claims, id.Email)
	return id
}

// lookupPath follows a dotted path through nested objects. A claim whose own name contains
// the dots (some providers use URLs as claim names) wins over the nested reading.
func lookupPath(claims map[string]any, path string) any {
	if v, ok := claims[path]; ok {
		return v
	}
	var cur any = claims
	for _, part := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[part]
	}
	return cur
}

// stringList accepts an array of strings or one string of space- or comma-separated names,
// as providers differ.
func stringList(v any) []string {
	var out []string
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			if s, ok := e.(string); ok && s != "" {
				out = append(out, s)
			}
		}
	case string:
		out = strings.FieldsFunc(t, func(r rune) bool { return r == ',' || r == ' ' })
	}
	return out
}

func str(v any) string {
	s, _ := v.(string)
	return strings.TrimSpace(s)
}

// truthy accepts true and "true": some providers send email_verified as a string.
func truthy(v any) bool {
	switch t := v.(type) {
	case bool:
		return t
	case string:
		return strings.EqualFold(t, "true")
	}
	return false
}

// displayName picks the best name the provider sent, shaped to the 2–80 characters of a
// display name.
func displayName(claims map[string]any, email string) string {
	name := str(claims["name"])
	if name == "" {
		name = strings.TrimSpace(str(claims["given_name"]) + " " + str(claims["family_name"]))
	}
	if name == "" {
		name = str(claims["preferred_username"])
	}
	if name == "" {
		name, _, _ = strings.Cut(email, "@")
	}
	name = strings.Join(strings.FieldsFunc(name, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
	if utf8.RuneCountInString(name) > 80 {
		name = strings.TrimSpace(string([]rune(name)[:80]))
	}
	for utf8.RuneCountInString(name) < 2 {
		name += "_"
	}
	return name
}
