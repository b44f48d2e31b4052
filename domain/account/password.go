// Package account signs people in: passwords, sessions, invitations and
// throttling of failed attempts.
package account

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// argon2id parameters: OWASP's minimum (19 MiB, 2 passes, 1 lane). bcrypt is
// not used because it cuts passwords at 72 bytes (36 Cyrillic letters).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
)

// Password rules.
const (
	MinPasswordLen = 10
	MaxPasswordLen = 256
)

// Errors of a new password, each with a translated message in the portal.
var (
	ErrPasswordShort = errors.New("account: password too short")
	ErrPasswordLong  = errors.New("account: password too long")
)

// CheckNewPassword tells whether a password may be set.
func CheckNewPassword(pw string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLen:
		return ErrPasswordShort
	case n > MaxPasswordLen:
		return ErrPasswordLong
	}
	return nil
}

// HashPassword returns an argon2id hash in the PHC string format.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("account: salt: %w", err)
	}
	release := argonSlot()
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	release()
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// argonSlots caps the hashes computed at once: each takes argonMemory, and a
// flood of sign-ins must queue rather than exhaust memory (the CPU could not
// go faster anyway).
var argonSlots = make(chan struct{}, 2*runtime.NumCPU())

func argonSlot() (release func()) {
	argonSlots <- struct{}{}
	return func() { <-argonSlots }
}

// VerifyPassword tells whether pw matches the stored hash, in constant time.
func VerifyPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	release := argonSlot()
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	release()
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is verified against when an e-mail is unknown, so that a wrong
// address takes as long as a wrong password.
var dummyHash, _ = HashPassword("partnerdesk-timing-equaliser")
