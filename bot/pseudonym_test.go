package bot

import (
	"encoding/hex"
	"strings"
	"testing"
)

func TestPseudonym(t *testing.T) {
	secret := []byte("a secret kept outside the database")
	p := NewPseudonymizer(secret)
	ids := []struct{ platform, user string }{
		{"slack", "U012AB3CD"}, {"telegram", "123456789"}, {"console", "ab"}, {"slack", "123456789"},
	}
	seen := map[string]string{}
	for _, id := range ids {
		t.Run(id.platform+"/"+id.user, func(t *testing.T) {
			got := p.Pseudonym(id.platform, id.user)
			if len(got) != 64 {
				t.Errorf("pseudonym %q has %d characters, want 64", got, len(got))
			}
			if _, err := hex.DecodeString(got); err != nil || strings.ToLower(got) != got {
				t.Errorf("pseudonym %q is not lowercase hex", got)
			}
			if strings.Contains(got, id.user) {
				t.Errorf("pseudonym %q contains the raw id %q", got, id.user)
			}
			if again := NewPseudonymizer(secret).Pseudonym(id.platform, id.user); again != got {
				t.Errorf("not stable across instances: %q, then %q", got, again)
			}
			if other := NewPseudonymizer([]byte("another secret")).Pseudonym(id.platform, id.user); other == got {
				t.Error("the same pseudonym under another secret")
			}
			if prev, ok := seen[got]; ok {
				t.Errorf("same pseudonym as %s", prev)
			}
			seen[got] = id.platform + "/" + id.user
		})
	}
	if p.Pseudonym("slack", "U1") == p.Pseudonym("telegram", "U1") {
		t.Error("the same user id on two platforms got the same pseudonym")
	}
	if got := p.Pseudonym("slack", ""); got != "" {
		t.Errorf("Pseudonym of no user = %q, want \"\"", got)
	}
}

// TestPseudonymizerCopiesSecret checks that changing the caller's slice
// afterwards does not change the pseudonyms.
func TestPseudonymizerCopiesSecret(t *testing.T) {
	secret := []byte("secret")
	p := NewPseudonymizer(secret)
	before := p.Pseudonym("slack", "U1")
	secret[0] = 'X'
	if after := p.Pseudonym("slack", "U1"); after != before {
		t.Error("the pseudonym changed with the caller's secret slice")
	}
}
