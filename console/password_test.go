package console

import (
	"strings"
	"testing"
)

func TestPasswordHash(t *testing.T) {
	if defaultParams.memory < 19*1024 || defaultParams.time < 2 {
		t.Errorf("default argon2id parameters %+v are below the OWASP recommendation", defaultParams)
	}
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	h2, _ := HashPassword("correct horse battery")
	if h == h2 || !strings.HasPrefix(h, "$argon2id$v=19$") {
		t.Errorf("hashes %q and %q: want salted argon2id", h, h2)
	}
	tests := []struct {
		name, hash, pw string
		ok             bool
	}{
		{"right", h, "correct horse battery", true},
		{"wrong", h, "correct horse battery!", false},
		{"empty", h, "", false},
		{"not a hash", "plain", "plain", false},
		{"bad parameters", strings.Replace(h, "t=", "t=99", 1), "correct horse battery", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckPassword(tt.hash, tt.pw); got != tt.ok {
				t.Errorf("CheckPassword = %v, want %v", got, tt.ok)
			}
		})
	}
	if _, err := HashPassword("short"); err != ErrWeakPassword {
		t.Errorf("short password: %v", err)
	}
}
