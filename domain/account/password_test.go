package account

import (
	"strings"
	"testing"
)

func TestPasswordHashAndVerify(t *testing.T) {
	long := strings.Repeat("пароль", 20) // 120 letters, 240 bytes: beyond bcrypt's 72
	for _, pw := range []string{"correct horse battery", long, "zażółć gęślą jaźń"} {
		h, err := HashPassword(pw)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
			t.Fatalf("hash %q is not argon2id with the expected parameters", h)
		}
		if !VerifyPassword(h, pw) {
			t.Fatalf("%q does not verify", pw)
		}
		if VerifyPassword(h, pw+"x") || VerifyPassword(h, pw[:len(pw)-1]) {
			t.Fatalf("a different password verified for %q", pw)
		}
	}
	if VerifyPassword("", "x") || VerifyPassword("$2a$10$abc", "x") {
		t.Fatal("a malformed hash verified")
	}
	h1, _ := HashPassword("same password")
	h2, _ := HashPassword("same password")
	if h1 == h2 {
		t.Fatal("two hashes of one password are equal: salt missing")
	}
}

func TestCheckNewPassword(t *testing.T) {
	if CheckNewPassword("short") != ErrPasswordShort {
		t.Fatal("short password accepted")
	}
	if CheckNewPassword(strings.Repeat("ж", 257)) != ErrPasswordLong {
		t.Fatal("overlong password accepted")
	}
	if CheckNewPassword("dziesięć znaków") != nil {
		t.Fatal("good password refused")
	}
}
