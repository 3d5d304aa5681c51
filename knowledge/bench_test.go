package knowledge

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
)

// benchQuestions is a fixed mix of in-scope and out-of-scope questions, in
// both languages and several registers, that the answer benchmarks cycle
// through. They are written for the benchmark, not taken from an eval set.
var benchQuestions = []string{
	"Was macht man als Backend-Entwickler den ganzen Tag?",
	"backend entwickler aufgaben",
	"Muss ich Informatik studiert haben?",
	"Gibt es eine Ausbildung zum Backend-Entwickler?",
	"Kann man als Quereinsteiger in die Backend-Entwicklung wechseln?",
	"Welche Programmiersprachen sind im Backend gefragt?",
	"Brauche ich SQL?",
	"Ist PHP noch zeitgemäß?",
	"Wie wichtig sind Soft Skills?",
	"Arbeitet man im Backend mit dem Frontend-Team zusammen?",
	"Wie sieht es mit Jobs auf dem Land aus?",
	"Kann ich freiberuflich arbeiten?",
	"Was verdient ein Backend-Entwickler?",
	"Hat der Beruf Zukunft?",
	"Wer hilft mir bei der Jobsuche?",
	"Spielt Datenschutz eine Rolle?",
	"Wie wichtig ist Cloud Computing?",
	"Datenbankkenntnisse nötig?",
	"Arbeitet man agil?",
	"Besser Spezialist oder Generalist?",
	"What does a backend developer actually do?",
	"Do I need a computer science degree?",
	"Can I switch careers into backend development?",
	"Which languages should a backend dev know?",
	"Is there an apprenticeship for this job?",
	"How important is security in this role?",
	"Can I freelance as a backend developer?",
	"What are the long-term prospects?",
	"Are soft skills important?",
	"Do backend developers talk to management?",
	"Who can help me find a job?",
	"How much do backend developers earn?",
	"Is practical experience more important than a degree?",
	"Freelancing?",
	"Python?",
	"Hallo!",
	"Danke dir",
	"What can you do?",
	"Wie wird das Wetter morgen in Berlin?",
	"Hast du ein gutes Rezept für Lasagne?",
	"Wie werde ich Zahnarzt?",
	"Wie werde ich Koch?",
	"How do I become a pilot?",
	"What's the capital of Australia?",
	"Who won the last football world cup?",
	"Wie stelle ich meinen Router ein?",
	"Can you recommend a good movie?",
	"Wie lange kocht man ein Ei?",
	"'; DROP TABLE entries; --",
	"🙂👍",
}

// latencies collects per-question durations for percentile metrics.
type latencies []time.Duration

func (l latencies) report(b *testing.B) {
	if len(l) == 0 {
		return
	}
	slices.Sort(l)
	pct := func(p float64) float64 { return float64(l[min(len(l)-1, int(p*float64(len(l))))].Nanoseconds()) }
	b.ReportMetric(pct(0.50), "p50-ns")
	b.ReportMetric(pct(0.99), "p99-ns")
}

// benchAsk cycles through questions and reports ns/op and percentiles.
func benchAsk(b *testing.B, e *bot.Engine, questions []string) {
	ctx := context.Background()
	lat := make(latencies, 0, b.N) // allocated before the clock starts
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		if _, err := e.Ask(ctx, bot.Request{Text: questions[i%len(questions)]}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	lat.report(b)
}

// BenchmarkAsk answers on the default content.
func BenchmarkAsk(b *testing.B) {
	s, _ := openStore(b)
	live := newLive(b, s)
	benchAsk(b, newEngine(b, live), benchQuestions)
}

// The generated knowledge base: 40 technologies × 25 areas × 10 verbs
// make 10,000 distinct entries, each with five questions per language.
var (
	genTechs = strings.Fields(`PHP Python Java Go Rust Kotlin Node.js TypeScript SQL PostgreSQL MySQL MariaDB
		MongoDB Redis Kafka RabbitMQ Docker Kubernetes Terraform Ansible AWS Azure GCP GraphQL REST gRPC
		Laravel Symfony Django Flask Spring Quarkus Elasticsearch Nginx Linux Git Jenkins OAuth Prometheus Grafana`)
	genAreas = [][2]string{
		{"Datenbankdesign", "database design"}, {"Caching", "caching"}, {"Authentifizierung", "authentication"},
		{"Lasttests", "load testing"}, {"Überwachung", "monitoring"}, {"Datenschutz", "data protection"},
		{"Schnittstellen", "APIs"}, {"Schemamigrationen", "schema migrations"}, {"Auslieferung", "deployment"},
		{"Protokollierung", "logging"}, {"Skalierung", "scaling"}, {"Verschlüsselung", "encryption"},
		{"Code-Reviews", "code reviews"}, {"Unit-Tests", "unit tests"}, {"Datensicherung", "backups"},
		{"Warteschlangen", "message queues"}, {"Fehlerbehandlung", "error handling"}, {"Berechtigungen", "permissions"},
		{"Suchfunktionen", "search features"}, {"Zahlungsabwicklung", "payment processing"}, {"Mandantenfähigkeit", "multi-tenancy"},
		{"Rechnungsstellung", "invoicing"}, {"Dateiuploads", "file uploads"}, {"Benachrichtigungen", "notifications"},
		{"Berichtswesen", "reporting"},
	}
	genVerbs = [][2]string{
		{"lernen", "learn"}, {"einsetzen", "use"}, {"verbessern", "improve"}, {"testen", "test"},
		{"absichern", "secure"}, {"überwachen", "monitor"}, {"automatisieren", "automate"},
		{"dokumentieren", "document"}, {"beschleunigen", "speed up"}, {"planen", "plan"},
	}
	genContexts = [][2]string{
		{"im Startup", "at a startup"}, {"im Mittelstand", "at a mid-sized company"}, {"als Junior", "as a junior"},
		{"als Quereinsteiger", "as a career changer"}, {"im kleinen Team", "in a small team"},
		{"im Homeoffice", "when working remotely"}, {"in der Cloud", "in the cloud"}, {"bei hoher Last", "under heavy load"},
	}
)

const genEntries = 10000

func genParts(i int) (tech string, area, verb, ctx [2]string) {
	return genTechs[i%len(genTechs)], genAreas[i/len(genTechs)%len(genAreas)],
		genVerbs[i/(len(genTechs)*len(genAreas))%len(genVerbs)], genContexts[(i*7+i/13)%len(genContexts)]
}

// generate10k builds a deterministic 10,000-entry document with the
// default content's synonyms.
func generate10k(tb testing.TB) *Document {
	tb.Helper()
	def, err := DefaultContent()
	if err != nil {
		tb.Fatal(err)
	}
	doc := &Document{Version: FormatVersion, Synonyms: def.Synonyms}
	for a, area := range genAreas {
		doc.Topics = append(doc.Topics, Topic{ID: "area-" + strconv.Itoa(a), Titles: map[string]string{"de": area[0], "en": area[1]}})
	}
	id := func(i int) string { return fmt.Sprintf("gen-%05d", i%genEntries) }
	for i := range genEntries {
		tech, area, verb, c := genParts(i)
		doc.Entries = append(doc.Entries, Entry{
			ID:      id(i),
			Topic:   "area-" + strconv.Itoa(i/len(genTechs)%len(genAreas)),
			Related: []string{id(i + 1), id(i + len(genTechs))},
			Texts: map[string]Text{
				"de": {Questions: []string{
					fmt.Sprintf("Wie kann ich %s mit %s %s?", area[0], tech, verb[0]),
					fmt.Sprintf("%s %s %s %s", tech, area[0], verb[0], c[0]),
					fmt.Sprintf("Was muss ich beachten, wenn ich %s %s mit %s %s will?", area[0], c[0], tech, verb[0]),
					fmt.Sprintf("Welche Tipps gibt es, um %s in %s zu %s?", area[0], tech, verb[0]),
					fmt.Sprintf("Ich möchte %s mit %s %s – wie fange ich an?", area[0], tech, verb[0]),
				}, Answer: fmt.Sprintf("Um %s mit %s zu %s, beginnt man mit einem kleinen Beispielprojekt. "+
					"Lies die offizielle Dokumentation von %s und übe %s. Frag bei Fragen {contact}.", area[0], tech, verb[0], tech, c[0])},
				"en": {Questions: []string{
					fmt.Sprintf("How can I %s %s with %s?", verb[1], area[1], tech),
					fmt.Sprintf("%s %s %s %s", tech, area[1], verb[1], c[1]),
					fmt.Sprintf("What should I keep in mind when I %s %s with %s %s?", verb[1], area[1], tech, c[1]),
					fmt.Sprintf("Any tips to %s %s in %s?", verb[1], area[1], tech),
					fmt.Sprintf("I want to %s %s with %s – where do I start?", verb[1], area[1], tech),
				}, Answer: fmt.Sprintf("To %s %s with %s, start with a small sample project. "+
					"Read the official %s documentation and practise %s. Ask {contact} if you get stuck.", verb[1], area[1], tech, tech, c[1])},
			},
		})
	}
	return doc
}

// questions10k are paraphrases of generated entries and unrelated
// questions, in both languages.
func questions10k() []string {
	var qs []string
	for k := range 40 {
		tech, area, verb, c := genParts(k * 7919 % genEntries) // spread over the whole base
		switch k % 5 {
		case 0:
			qs = append(qs, fmt.Sprintf("Was ist wichtig, um %s mit %s zu %s?", area[0], tech, verb[0]))
		case 1:
			qs = append(qs, fmt.Sprintf("How do I %s %s using %s %s?", verb[1], area[1], tech, c[1]))
		case 2:
			qs = append(qs, fmt.Sprintf("%s %s", tech, area[0]))
		case 3:
			qs = append(qs, fmt.Sprintf("tips for %s in %s", area[1], tech))
		case 4:
			qs = append(qs, fmt.Sprintf("%s %s mit %s", area[0], c[0], tech))
		}
	}
	return append(qs, benchQuestions[38:]...) // and the unrelated ones
}

var bench10k struct {
	once   sync.Once
	engine *bot.Engine
	live   *Live
	err    error
}

// engine10k imports the generated document and returns an engine on it
// (see loadLive).
func engine10k(b *testing.B) (*bot.Engine, *Live) {
	b.Helper()
	bench10k.once.Do(func() {
		if bench10k.live, bench10k.err = loadLive(generate10k(b)); bench10k.err != nil {
			return
		}
		bench10k.engine, bench10k.err = bot.NewEngine(bot.Config{Knowledge: bench10k.live})
	})
	if bench10k.err != nil {
		b.Fatal(bench10k.err)
	}
	return bench10k.engine, bench10k.live
}

// loadLive imports doc through Store.Import into a temporary database and
// loads it into a Live snapshot. The database is closed and removed once
// loaded: the snapshot answers from memory.
func loadLive(doc *Document) (*Live, error) {
	dir, err := os.MkdirTemp("", "careerbot-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(dir, "kb.db"))
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if err := s.Import(ctx, doc, ImportOptions{Replace: true}); err != nil {
		return nil, err
	}
	return NewLive(ctx, s)
}

// BenchmarkAsk10k answers on the generated 10,000-entry knowledge base,
// and reports the memory the process holds with that base loaded: the
// heap after a collection (heap-MB) and the resident set (rss-MB).
func BenchmarkAsk10k(b *testing.B) {
	e, live := engine10k(b)
	if live.Len() != genEntries {
		b.Fatalf("%d entries loaded, want %d", live.Len(), genEntries)
	}
	benchAsk(b, e, questions10k())
	b.ReportMetric(float64(heapAlloc())/(1<<20), "heap-MB")
	if rss, ok := residentMB(); ok {
		b.ReportMetric(rss, "rss-MB")
	}
	runtime.KeepAlive(e)
}

// BenchmarkLive10k builds the Live snapshot of the 10,000-entry base from
// the database, as a server does at start and on every reload, and reports
// how much heap the snapshot holds (snapshot-MB).
func BenchmarkLive10k(b *testing.B) {
	ctx := context.Background()
	doc := generate10k(b)
	s, _ := openStore(b)
	if err := s.Import(ctx, doc, ImportOptions{Replace: true}); err != nil {
		b.Fatal(err)
	}
	doc = nil
	before := heapAlloc()
	var live *Live
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var err error
		if live, err = NewLive(ctx, s); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric((float64(heapAlloc())-float64(before))/(1<<20), "snapshot-MB")
	runtime.KeepAlive(live)
}

// synthSyllables and the templates below mirror shared/bench/synth_kb.py,
// the recipe for a large knowledge base: random words of two to
// four syllables (about 15,000 distinct ones at 10,000 entries), so that
// the vocabulary, and with it the typo index, grows with the entries.
var (
	synthSyllables = strings.Fields("ba ko ri len ter mon sa vi gel dor fen lu par quin stra wed zo nex")
	synthDE        = []string{"Was ist %[1]s %[2]s?", "Wie funktioniert %[1]s bei %[2]s?", "Brauche ich %[1]s für %[2]s?", "%[1]s und %[2]s erklärt", "Warum %[1]s statt %[2]s?"}
	synthEN        = []string{"What is %[1]s %[2]s?", "How does %[1]s work with %[2]s?", "Do I need %[1]s for %[2]s?", "%[1]s and %[2]s explained", "Why %[1]s instead of %[2]s?"}
)

// generateSynth returns the default content plus n entries with a random
// vocabulary, each with its own topic, as synth_kb.py makes them.
func generateSynth(tb testing.TB, n int) *Document {
	tb.Helper()
	doc, err := DefaultContent()
	if err != nil {
		tb.Fatal(err)
	}
	rnd := rand.New(rand.NewPCG(7, 7))
	word := func() string {
		var b strings.Builder
		for range 2 + rnd.IntN(3) {
			b.WriteString(synthSyllables[rnd.IntN(len(synthSyllables))])
		}
		return b.String()
	}
	fill := func(templates []string, a, b string) []string {
		out := make([]string, len(templates))
		for i, t := range templates {
			out[i] = fmt.Sprintf(t, a, b)
		}
		return out
	}
	for i := range n {
		a, b, c := word(), word(), word()
		id, topic := fmt.Sprintf("synth-%05d", i), "synth-"+c
		doc.Entries = append(doc.Entries, Entry{ID: id, Topic: topic, Related: []string{}, Texts: map[string]Text{
			"de": {Questions: fill(synthDE, a, b), Answer: fmt.Sprintf("%s ist eine Sache für %s und %s, die man im Alltag braucht.", a, b, c)},
			"en": {Questions: fill(synthEN, a, b), Answer: fmt.Sprintf("%s is a thing for %s and %s that people use every day.", a, b, c)},
		}})
		if !slices.ContainsFunc(doc.Topics, func(t Topic) bool { return t.ID == topic }) {
			doc.Topics = append(doc.Topics, Topic{ID: topic, Titles: map[string]string{"de": topic, "en": topic}, Lead: id})
		}
	}
	return doc
}

// BenchmarkLoadSynth10k loads the random-vocabulary knowledge base of
// 10,000 generated entries (plus the default content) from the database
// into a Live snapshot, as every command does at start, and reports the
// heap the snapshot holds (heap-MB) and per entry (heap-B/entry).
func BenchmarkLoadSynth10k(b *testing.B) {
	ctx := context.Background()
	s, _ := openStore(b)
	if err := s.Import(ctx, generateSynth(b, genEntries), ImportOptions{Replace: true}); err != nil {
		b.Fatal(err)
	}
	before := heapAlloc()
	var live *Live
	b.ReportAllocs()
	for b.Loop() {
		live = nil // the previous snapshot is garbage before the next is built
		var err error
		if live, err = NewLive(ctx, s); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	heap := float64(heapAlloc()) - float64(before)
	b.ReportMetric(heap/(1<<20), "heap-MB")
	b.ReportMetric(heap/float64(live.Len()), "heap-B/entry")
	runtime.KeepAlive(live)
}

var benchSynth struct {
	once      sync.Once
	engine    *bot.Engine
	questions []string
	err       error
}

// BenchmarkAskSynth10k answers on the random-vocabulary knowledge base:
// the benchmark questions (most of them find nothing close among the
// random words, and many of their words go through typo correction) and
// phrasings of generated entries, seven in eight. It reports the heap
// with that base loaded (heap-MB) and the resident set (rss-MB).
func BenchmarkAskSynth10k(b *testing.B) {
	benchSynth.once.Do(func() {
		doc := generateSynth(b, genEntries)
		qs := slices.Clone(benchQuestions)
		for i := 0; len(qs) < 8*len(benchQuestions); i += 997 {
			e := doc.Entries[len(doc.Entries)-1-i%genEntries]
			qs = append(qs, e.Texts["en"].Questions[i%5], strings.ToLower(e.Texts["de"].Questions[(i+2)%5]))
		}
		benchSynth.questions = qs
		live, err := loadLive(doc)
		if err != nil {
			benchSynth.err = err
			return
		}
		benchSynth.engine, benchSynth.err = bot.NewEngine(bot.Config{Knowledge: live})
	})
	if benchSynth.err != nil {
		b.Fatal(benchSynth.err)
	}
	benchAsk(b, benchSynth.engine, benchSynth.questions)
	b.ReportMetric(float64(heapAlloc())/(1<<20), "heap-MB")
	if rss, ok := residentMB(); ok {
		b.ReportMetric(rss, "rss-MB")
	}
}

func heapAlloc() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// residentMB reads the process's resident set on Linux, after returning
// freed memory to the system.
func residentMB() (float64, bool) {
	debug.FreeOSMemory()
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for line := range strings.Lines(string(status)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024, err == nil
		}
	}
	return 0, false
}

// BenchmarkImport10k decodes the 10,000-entry document from JSON and
// imports it with --replace into a new database, as `careerbot kb import`
// does.
func BenchmarkImport10k(b *testing.B) {
	ctx := context.Background()
	var file bytes.Buffer
	if err := Encode(&file, generate10k(b), "json"); err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	b.ReportMetric(float64(file.Len())/(1<<20), "file-MB")
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		s, err := Open(ctx, filepath.Join(dir, fmt.Sprintf("kb-%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		doc, err := Decode(bytes.NewReader(file.Bytes()))
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Import(ctx, doc, ImportOptions{Replace: true}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}

var gen10kPath = flag.String("gen10k", "", "write the generated 10,000-entry knowledge base to this JSON file (for measuring the binary)")

// TestGenerate10k checks the generated document, and writes it when
// -gen10k is given, so that `careerbot kb import` and `careerbot ask` can
// be measured on it.
func TestGenerate10k(t *testing.T) {
	doc := generate10k(t)
	if err := doc.Validate(nil); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range doc.Entries {
		q := e.Texts["de"].Questions[0]
		if seen[q] {
			t.Fatalf("question %q generated twice", q)
		}
		seen[q] = true
	}
	if *gen10kPath == "" {
		return
	}
	var b bytes.Buffer
	if err := Encode(&b, doc, "json"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(*gen10kPath, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
