package insights

import (
	"cmp"
	"context"
	"database/sql"
	"math"
	"slices"
)

// A test's verdicts.
const (
	VerdictTooFew         = "too few votes"
	VerdictSignificant    = "significant at 5%"
	VerdictNotSignificant = "not significant at 5%"
)

// MinVotes is the number of votes each variant needs before a test is
// judged: below it the normal approximation behind the z-test is poor and
// one vote swings the result.
const MinVotes = 10

// Alpha is the significance level.
const Alpha = 0.05

// ABTest is the state of one entry's A/B test in the period.
type ABTest struct {
	ID       string `json:"id"`
	Question string `json:"question"`
	// UnderTest says the entry still has a B answer; false once an editor
	// promoted a variant and only the votes remain.
	UnderTest bool `json:"under_test"`
	A         Arm  `json:"a"`
	B         Arm  `json:"b"`
	// PValue is the two-sided p-value of the two-proportion z-test, nil
	// when either variant has fewer than MinVotes votes.
	PValue  *float64 `json:"p_value"`
	Verdict string   `json:"verdict"`
	// Better is the variant with the higher helpful share when the
	// difference is significant, else "".
	Better string `json:"better,omitempty"`
}

// Arm is one variant: how often it was given as an answer and its votes.
type Arm struct {
	Shown int `json:"shown"`
	Votes
}

// PValue is the two-sided p-value of the pooled two-proportion z-test of
// h1 helpful out of n1 votes against h2 out of n2. With no votes on a side
// there is nothing to test (NaN); with all votes alike on both sides the
// proportions cannot differ (1).
func PValue(h1, n1, h2, n2 int) float64 {
	if n1 <= 0 || n2 <= 0 {
		return math.NaN()
	}
	p1, p2 := float64(h1)/float64(n1), float64(h2)/float64(n2)
	p := float64(h1+h2) / float64(n1+n2)
	se := math.Sqrt(p * (1 - p) * (1/float64(n1) + 1/float64(n2)))
	if se == 0 {
		return 1
	}
	z := (p1 - p2) / se
	return math.Erfc(math.Abs(z) / math.Sqrt2)
}

// judge fills in the p-value, verdict and winner from the arms' votes.
func (t *ABTest) judge() {
	t.PValue, t.Better = nil, ""
	if t.A.Total() < MinVotes || t.B.Total() < MinVotes {
		t.Verdict = VerdictTooFew
		return
	}
	p := PValue(t.A.Helpful, t.A.Total(), t.B.Helpful, t.B.Total())
	t.PValue = &p
	if p >= Alpha {
		t.Verdict = VerdictNotSignificant
		return
	}
	t.Verdict = VerdictSignificant
	t.Better = "A"
	if t.B.Share > t.A.Share {
		t.Better = "B"
	}
}

// abTests lists the entries under test now, and those with votes or
// answers recorded per variant in the period, most voted first.
func abTests(ctx context.Context, db *sql.DB, opt Options, titles map[string]string, shown map[armKey]int) ([]ABTest, error) {
	tests := map[string]*ABTest{}
	get := func(id string) *ABTest {
		t := tests[id]
		if t == nil {
			t = &ABTest{ID: id, Question: titles[id]}
			tests[id] = t
		}
		return t
	}
	rows, err := db.QueryContext(ctx, "SELECT DISTINCT entry_id FROM entry_texts WHERE variant != ''")
	if err != nil {
		return nil, err
	}
	err = eachRow(rows, func() error {
		var id string
		if err := rows.Scan(&id); err != nil {
			return err
		}
		get(id).UnderTest = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	for k, n := range shown {
		if arm := get(k.entry).arm(k.variant); arm != nil {
			arm.Shown = n
		}
	}
	rows, err = db.QueryContext(ctx, `SELECT entry_id, variant, sum(helpful), sum(1 - helpful) FROM feedback
		WHERE variant IN ('A', 'B') AND created_at >= ? AND created_at <= ?`+testFilter(opt.ExcludeTests)+`
		GROUP BY entry_id, variant`,
		opt.Since.Unix(), opt.Until.Unix())
	if err != nil {
		return nil, err
	}
	err = eachRow(rows, func() error {
		var id, variant string
		var up, down int
		if err := rows.Scan(&id, &variant, &up, &down); err != nil {
			return err
		}
		get(id).arm(variant).Votes = newVotes(up, down)
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]ABTest, 0, len(tests))
	for _, t := range tests {
		t.judge()
		out = append(out, *t)
	}
	slices.SortFunc(out, func(a, b ABTest) int {
		return cmp.Or(cmp.Compare(b.A.Total()+b.B.Total(), a.A.Total()+a.B.Total()), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

func (t *ABTest) arm(variant string) *Arm {
	switch variant {
	case "A":
		return &t.A
	case "B":
		return &t.B
	}
	return nil
}

// eachRow calls fn for every row and closes rows.
func eachRow(rows *sql.Rows, fn func() error) error {
	defer rows.Close()
	for rows.Next() {
		if err := fn(); err != nil {
			return err
		}
	}
	return rows.Err()
}
