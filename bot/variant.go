package bot

import (
	"crypto/sha256"
)

// VariantFor assigns a user to answer variant "A" or "B" for A/B tests. The
// assignment depends only on the pseudonym, so it is stable per user across
// entries and restarts; users without a pseudonym always see "A".
func VariantFor(user string) string {
	if user == "" {
		return "A"
	}
	sum := sha256.Sum256([]byte(user))
	if sum[0]&1 == 1 {
		return "B"
	}
	return "A"
}
