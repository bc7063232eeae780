// Package auth hashes passwords (argon2id), issues and verifies access tokens (EdDSA JWTs)
// and makes the random secrets behind refresh and one-time tokens.
package auth

import (
	"bufio"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

// Argon2id parameters: OWASP's recommended minimum (19 MiB, 2 passes, 1 lane), which keeps a
// login around 30 ms on the 2-core reference machine.
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
)

// hashSlots bounds the argon2id computations running at once to the number of CPUs: more
// would not finish sooner, and each holds argonMemory (19 MiB), so a burst of logins (or an
// attack on the login form) cannot take the server's memory.
var hashSlots = make(chan struct{}, runtime.GOMAXPROCS(0))

// idKey is argon2.IDKey in one of the hashSlots.
func idKey(pw, salt []byte, t, mem uint32, threads uint8, keyLen uint32) []byte {
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	return argon2.IDKey(pw, salt, t, mem, threads, keyLen)
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// MaxPasswordLength bounds hashing work per request.
const MaxPasswordLength = 128

//go:embed common-passwords.txt
var commonPasswordsText string

// PasswordPolicy checks new passwords against length rules and a list of common passwords.
type PasswordPolicy struct {
	common map[string]struct{}
}

// NewPasswordPolicy loads the embedded list of common passwords.
func NewPasswordPolicy() *PasswordPolicy {
	p := &PasswordPolicy{common: make(map[string]struct{})}
	sc := bufio.NewScanner(strings.NewReader(commonPasswordsText))
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" && !strings.HasPrefix(w, "#") {
			p.common[strings.ToLower(w)] = struct{}{}
		}
	}
	return p
}

// Check returns an EINVALID error on field "password" if pw is unacceptable.
func (p *PasswordPolicy) Check(pw string, userInputs ...string) error {
	n := utf8.RuneCountInString(pw)
	if n < MinPasswordLength {
		return domain.InvalidFor("password", domain.RPasswordShort, fmt.Sprintf("password must have at least %d characters", MinPasswordLength)).
			With("min", strconv.Itoa(MinPasswordLength))
	}
	if len(pw) > MaxPasswordLength {
		return domain.InvalidFor("password", domain.RPasswordLong, fmt.Sprintf("password must have at most %d bytes", MaxPasswordLength))
	}
	lower := strings.ToLower(pw)
	if _, ok := p.common[lower]; ok {
		return domain.InvalidFor("password", domain.RPasswordCommon, "this password is too common; choose another")
	}
	for _, in := range userInputs {
		in = strings.ToLower(in)
		if local, _, ok := strings.Cut(in, "@"); ok {
			in = local
		}
		if len(in) >= 4 && strings.Contains(lower, in) {
			return domain.InvalidFor("password", domain.RPasswordPersonal, "password must not contain your name or e-mail address")
		}
	}
	return nil
}

// HashPassword derives an argon2id hash in PHC string format with a fresh random salt.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := idKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword reports whether pw matches the PHC hash. It compares in constant time.
func VerifyPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	var mem, t uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &t, &threads); err != nil {
		return false
	}
	if mem > 256*1024 || t > 10 || threads == 0 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 || len(want) > 64 {
		return false
	}
	got := idKey([]byte(pw), salt, t, mem, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is verified against when a login names an unknown account, so the response
// time does not reveal whether the account exists.
var dummyHash = func() string {
	h, _ := HashPassword("ideenwerk-timing-equaliser")
	return h
}()

// VerifyDummy spends the same time as a real verification and returns false.
func VerifyDummy(pw string) bool {
	VerifyPassword(dummyHash, pw)
	return false
}
