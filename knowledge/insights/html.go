package insights

import (
	"cmp"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"time"
)

//go:embed report.html.tmpl
var reportHTML string

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct":      func(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) },
	"takeTime": takeTime,
	"pct1":     percent,
	"pvalue":   pvalue,
	"date":     func(t time.Time) string { return t.Format("2 Jan 2006") },
	"scale":    func(n, of int, full float64) string { return px(full * share(n, of)) },
	"part":     func(f, full float64) string { return px(full * f) },
	"rest":     func(f, full float64) string { return px(full * (1 - f)) },
	"frac":     share,
	"add":      func(a, b int) int { return a + b },
	"sub":      func(a, b int) int { return a - b },
	"zone":     func(t time.Time) string { return t.Format("MST -07:00") },
	"langName": func(code string) string {
		switch code {
		case "de":
			return "German"
		case "en":
			return "English"
		}
		return cmp.Or(code, "(none)")
	},
	"lowConfidence": func() string { return fmt.Sprintf("%.0f%%", 100*LowConfidence) },
	"examples": func(g Group, n int) []Asked {
		return g.Questions[min(1, len(g.Questions)):min(n, len(g.Questions))]
	},
	"arms": func(t ABTest) []namedArm { return []namedArm{{"A", t.A}, {"B", t.B}} },
}).Parse(reportHTML))

type namedArm struct {
	Name string
	Arm
}

// WriteHTML writes the report as one self-contained HTML file: inline CSS
// and SVG charts, no scripts, no external assets.
func (r *Report) WriteHTML(w io.Writer) error {
	v := htmlView{Report: r, Days: newDayChart(r.PerDay)}
	v.MaxEntry = maxOf(r.MostAsked, func(e EntryCount) int { return e.Count })
	v.MaxAdapter = maxOf(r.PerAdapter, func(c Count) int { return c.Count })
	v.MaxLang = maxOf(r.PerLang, func(c Count) int { return c.Count })
	v.MaxGroup = maxOf(r.Gaps, func(g Group) int { return g.Count })
	v.Helpfulness = r.Helpfulness[:min(len(r.Helpfulness), shownEntries)]
	v.Gaps = r.Gaps[:min(len(r.Gaps), shownGroups)]
	v.MoreGroups = len(r.Gaps) - len(v.Gaps)
	v.MoreEntries = len(r.Helpfulness) - len(v.Helpfulness)
	v.Examples = shownExamples
	return htmlTemplate.Execute(w, v)
}

type htmlView struct {
	*Report
	Days                                    dayChart
	MaxEntry, MaxAdapter, MaxLang, MaxGroup int
	Helpfulness                             []EntryVotes
	Gaps                                    []Group
	MoreGroups, MoreEntries, Examples       int
}

// dayChart is the geometry of the questions-per-day bar chart, worked out
// here because templates are no place for arithmetic.
type dayChart struct {
	W, H, Left, Right, Base float64
	GridEnd, AxisX, TickY   float64
	Bars                    []dayBar
	Grid                    []gridLine
	Peak, Total             int
}

type dayBar struct {
	X, W, Y, H, AnsY, AnsH float64
	CX, LabelY             float64 // the count's place above the bar
	SlotX, SlotW           float64 // the whole day, shaded on weekends
	Count, Answered        int
	Label                  bool // the count fits above the bar
	Tick                   string
	Weekend                bool
	Date                   string
}

type gridLine struct {
	Y, LabelY float64
	Label     int
}

func newDayChart(days []Day) dayChart {
	c := dayChart{W: 1000, H: 240, Left: 44, Right: 8, Base: 210}
	c.GridEnd, c.AxisX, c.TickY = c.W-c.Right, c.Left-8, c.Base+20
	const top = 22.0
	for _, d := range days {
		c.Peak = max(c.Peak, d.Questions)
		c.Total += d.Questions
	}
	step := niceStep(c.Peak)
	ceiling := step * max(1, int(math.Ceil(float64(c.Peak)/float64(step))))
	y := func(n int) float64 { return c.Base - (c.Base-top)*float64(n)/float64(ceiling) }
	for n := 0; n <= ceiling; n += step {
		c.Grid = append(c.Grid, gridLine{Y: r1(y(n)), LabelY: r1(y(n) + 4), Label: n})
	}
	if len(days) == 0 {
		return c
	}
	slot := (c.W - c.Left - c.Right) / float64(len(days))
	every := max(1, int(math.Ceil(float64(len(days))/12)))
	for i, d := range days {
		b := dayBar{Count: d.Questions, Answered: d.Answered, Date: d.Date}
		w := math.Max(1, slot*0.72)
		x := c.Left + slot*float64(i) + (slot-w)/2
		b.X, b.W = r1(x), r1(w)
		b.Y, b.AnsY = r1(y(d.Questions)), r1(y(d.Answered))
		b.H, b.AnsH = r1(c.Base-y(d.Questions)), r1(c.Base-y(d.Answered))
		b.CX, b.LabelY = r1(x+w/2), r1(y(d.Questions)-6)
		b.SlotX, b.SlotW = r1(c.Left+slot*float64(i)), r1(slot)
		b.Label = d.Questions > 0 && slot >= 20
		if t, err := time.Parse(time.DateOnly, d.Date); err == nil {
			b.Weekend = t.Weekday() == time.Saturday || t.Weekday() == time.Sunday
			if i%every == 0 {
				b.Tick = t.Format("2 Jan")
			}
		}
		c.Bars = append(c.Bars, b)
	}
	return c
}

// niceStep is a gridline step of 1, 2 or 5 times a power of ten that
// splits peak into at most five bands.
func niceStep(peak int) int {
	if peak <= 5 {
		return 1
	}
	raw := float64(peak) / 5
	pow := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*pow >= raw {
			return int(m * pow)
		}
	}
	return int(10 * pow)
}

func maxOf[T any](xs []T, f func(T) int) int {
	m := 0
	for _, x := range xs {
		m = max(m, f(x))
	}
	return m
}

func px(f float64) string { return fmt.Sprintf("%.1f", f) }

// r1 rounds to a tenth of a pixel, which keeps the SVG short.
func r1(f float64) float64 { return math.Round(f*10) / 10 }
