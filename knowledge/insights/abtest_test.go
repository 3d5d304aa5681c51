package insights

import (
	"math"
	"testing"
)

// TestPValue checks the z-test against p-values computed independently:
// the two-sided tail of the normal density, integrated numerically
// (Simpson's rule from |z| to 12, 200,000 steps, in Python) rather than
// through Erfc, for z from the pooled standard error. They agree to far
// more than the three decimals a report shows.
func TestPValue(t *testing.T) {
	for _, tc := range []struct {
		h1, n1, h2, n2 int
		want           float64
	}{
		{30, 40, 15, 40, 0.0007232327},
		{15, 40, 30, 40, 0.0007232327}, // two-sided: the order does not matter
		{12, 20, 10, 20, 0.5250099664},
		{45, 60, 38, 60, 0.1664436834},
		{10, 10, 10, 10, 1}, // all helpful on both sides: no difference
		{0, 10, 0, 12, 1},
	} {
		got := PValue(tc.h1, tc.n1, tc.h2, tc.n2)
		if math.Abs(got-tc.want) > 1e-6 {
			t.Errorf("PValue(%d/%d vs %d/%d) = %.10f, want %.10f", tc.h1, tc.n1, tc.h2, tc.n2, got, tc.want)
		}
	}
	if p := PValue(3, 4, 0, 0); !math.IsNaN(p) {
		t.Errorf("PValue with no votes on one side = %v, want NaN", p)
	}
}

func TestJudge(t *testing.T) {
	for _, tc := range []struct {
		name          string
		a, b          Votes
		verdict, best string
		hasP          bool
	}{
		{"A wins", newVotes(30, 10), newVotes(15, 25), VerdictSignificant, "A", true},
		{"B wins", newVotes(15, 25), newVotes(30, 10), VerdictSignificant, "B", true},
		{"no difference", newVotes(12, 8), newVotes(10, 10), VerdictNotSignificant, "", true},
		{"A has 9 votes", newVotes(9, 0), newVotes(0, 40), VerdictTooFew, "", false},
		{"B has none", newVotes(30, 10), newVotes(0, 0), VerdictTooFew, "", false},
		{"10 each is enough", newVotes(10, 0), newVotes(0, 10), VerdictSignificant, "A", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			test := ABTest{ID: "x", A: Arm{Votes: tc.a}, B: Arm{Votes: tc.b}, UnderTest: true}
			test.judge()
			if test.Verdict != tc.verdict || test.Better != tc.best || (test.PValue != nil) != tc.hasP {
				t.Errorf("verdict %q, better %q, p-value %v; want %q, %q, p-value given: %v",
					test.Verdict, test.Better, test.PValue, tc.verdict, tc.best, tc.hasP)
			}
			if s := test.Summary(); tc.verdict == VerdictTooFew && s != "too few votes: each variant needs at least 10 votes" {
				t.Errorf("Summary() = %q", s)
			}
		})
	}
}
