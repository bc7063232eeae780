package notify

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// maxMentions bounds the people one comment can notify by name.
const maxMentions = 10

// mentionCandidates returns the text after each "@" that starts a mention: an "@" at the
// start or after a space or punctuation (not inside an e-mail address), followed by a
// letter. Each candidate runs to the end of its line, at most 80 characters.
func mentionCandidates(text string) []string {
	var out []string
	for i := 0; i < len(text); i++ {
		if text[i] != '@' {
			continue
		}
		if i > 0 {
			prev, _ := utf8.DecodeLastRuneInString(text[:i])
			if unicode.IsLetter(prev) || unicode.IsDigit(prev) || prev == '.' || prev == '_' || prev == '-' {
				continue
			}
		}
		rest := text[i+1:]
		if r, _ := utf8.DecodeRuneInString(rest); !unicode.IsLetter(r) {
			continue
		}
		if j := strings.IndexAny(rest, "\r\n"); j >= 0 {
			rest = rest[:j]
		}
		if r := []rune(rest); len(r) > 80 {
			rest = string(r[:80])
		}
		out = append(out, rest)
		if len(out) == maxMentions {
			break
		}
	}
	return out
}

// matchesName reports whether candidate starts with name (case-insensitively) and the name
// ends at a word boundary ("@Anna Admin, danke" matches "Anna Admin"; "@Annabell" does
// not match "Anna").
func matchesName(candidate, name string) bool {
	if name == "" || len(candidate) < len(name) {
		return false
	}
	// Compare rune by rune, folding case, so multi-byte letters (Ü, ß) work.
	c := []rune(candidate)
	n := []rune(name)
	if len(c) < len(n) {
		return false
	}
	for i := range n {
		if unicode.ToLower(c[i]) != unicode.ToLower(n[i]) {
			return false
		}
	}
	if len(c) == len(n) {
		return true
	}
	next := c[len(n)]
	return !unicode.IsLetter(next) && !unicode.IsDigit(next)
}

// mentionedUsers resolves the "@Display Name" mentions of a comment to active users of
// the context's tenant. For each candidate it searches the users whose name contains the
// candidate's first word and takes the longest display name the candidate starts with.
func (s *Service) mentionedUsers(ctx context.Context, text string) ([]string, error) {
	var ids []string
	for _, cand := range mentionCandidates(text) {
		first := strings.FieldsFunc(cand, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' })
		if len(first) == 0 {
			continue
		}
		us, _, _, err := s.Store.FindUsers(ctx, domain.UserFilter{Query: first[0], Status: domain.UserActive, Limit: 100})
		if err != nil {
			return nil, err
		}
		best := ""
		bestLen := 0
		for _, u := range us {
			if n := utf8.RuneCountInString(u.DisplayName); n > bestLen && matchesName(cand, u.DisplayName) {
				best, bestLen = u.ID, n
			}
		}
		if best != "" {
			ids = append(ids, best)
		}
	}
	return ids, nil
}
