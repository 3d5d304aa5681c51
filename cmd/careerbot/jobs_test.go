package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/careerbot/careerbot/internal/telegramfake"
)

func jobsFixture(name string) string { return filepath.Join("..", "..", "testdata", "jobs", name) }

func TestJobsCommands(t *testing.T) {
	db := tempDB(t)
	vars := map[string]string{"CAREERBOT_DB": db}
	r := mustRun(t, vars, "", "jobs", "import", jobsFixture("feed.json"))
	if !strings.Contains(r.stderr, "imported 11 job postings") || !strings.Contains(r.stderr, "1 already expired") {
		t.Errorf("import said: %s", r.stderr)
	}
	r = mustRun(t, vars, "", "jobs", "list")
	if n := strings.Count(r.stdout, "\n"); n != 11 || !strings.Contains(r.stdout, "expired") || !strings.Contains(r.stdout, "REMOTE-GO-3") {
		t.Errorf("list (%d lines):\n%s", n, r.stdout)
	}
	r = mustRun(t, vars, "", "jobs", "show", "HH-JAVA-01")
	for _, want := range []string{"Senior Java Backend Developer", "Hanse Logistik GmbH", "Hamburg", "- Microservices mit Spring Boot"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("show lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "<") || strings.Contains(r.stdout, "alert") {
		t.Errorf("show prints markup or script:\n%s", r.stdout)
	}
	r = mustRun(t, vars, "", "jobs", "show", "B-PY-FREE-2")
	if !strings.Contains(r.stdout, "(a client, not named)") {
		t.Errorf("confidential employer shown as:\n%s", r.stdout)
	}

	// A file with one invalid posting changes nothing and names every problem.
	r = runCLI(t, vars, "", "jobs", "import", "--replace", jobsFixture("invalid.json"))
	if r.code != 1 || !strings.Contains(r.stderr, "hh-rust-2: datePosted") || !strings.Contains(r.stderr, "nothing was changed") {
		t.Errorf("invalid import: exit %d\n%s", r.code, r.stderr)
	}
	checkNoStackTrace(t, r.stderr)
	if r := mustRun(t, vars, "", "jobs", "list"); strings.Count(r.stdout, "\n") != 11 {
		t.Errorf("the failed import changed the postings:\n%s", r.stdout)
	}

	// An HTML career page from a URL, merged by id.
	page, err := os.ReadFile(jobsFixture("careers.html"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write(page) }))
	defer srv.Close()
	mustRun(t, vars, "", "jobs", "import", srv.URL+"/karriere")
	if r := mustRun(t, vars, "", "jobs", "list"); strings.Count(r.stdout, "\n") != 12 {
		t.Errorf("after merging the page:\n%s", r.stdout)
	}
	mustRun(t, vars, "", "jobs", "remove", "HH-RUST-2")
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"jobs", "remove", "HH-RUST-2"}, 1, "no job posting"},
		{[]string{"jobs", "show", "nope"}, 1, "no job posting"},
		{[]string{"jobs"}, 2, "needs a subcommand"},
		{[]string{"jobs", "frobnicate"}, 2, "unknown jobs subcommand"},
		{[]string{"jobs", "import"}, 2, "exactly one file"},
		{[]string{"jobs", "import", "/does/not/exist.json"}, 1, "nothing was changed"},
		{[]string{"jobs", "import", "-"}, 1, "nothing was changed"},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := runCLI(t, vars, "not json", tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit %d and %q", r.code, r.stderr, tt.code, tt.want)
			}
			checkNoStackTrace(t, r.stderr)
		})
	}
}

func TestServeFollowsJobFeed(t *testing.T) {
	body, err := os.ReadFile(jobsFixture("feed.json"))
	if err != nil {
		t.Fatal(err)
	}
	var broken atomic.Bool
	var requests, conditional atomic.Int32
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if broken.Load() {
			w.Write([]byte(`[{"@type": "JobPosting", "title": "no date, no place"}]`))
			return
		}
		if r.Header.Get("If-None-Match") == `"v1"` {
			conditional.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Write(body)
	}))
	defer feed.Close()
	db := tempDB(t)
	s := startServeAt(t, map[string]string{"CAREERBOT_JOBS_URL": feed.URL + "/jobs.json?key=s3cret-feed-key", "CAREERBOT_JOBS_INTERVAL": "1s"}, db)
	readyz := func() (int, map[string]string) {
		resp, err := http.Get(s.base + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var checks map[string]string
		json.NewDecoder(resp.Body).Decode(&checks)
		return resp.StatusCode, checks
	}
	waitFor(t, "the feed to be read", func() bool { _, c := readyz(); return c["jobs_feed"] == "ok" })
	waitFor(t, "a conditional request", func() bool { return conditional.Load() > 0 })
	waitFor(t, "the postings to be searchable", func() bool {
		_, body := askCall(t, s.base, s.token, `{"question": "Habt ihr offene Stellen in Hamburg?"}`)
		var reply struct {
			Kind string `json:"kind"`
			Jobs []struct {
				ID string `json:"id"`
			} `json:"jobs"`
		}
		json.Unmarshal(body, &reply)
		return reply.Kind == "jobs" && len(reply.Jobs) == 1 && reply.Jobs[0].ID == "HH-JAVA-01"
	})
	broken.Store(true)
	waitFor(t, "the broken feed to show", func() bool {
		_, c := readyz()
		return strings.Contains(c["jobs_feed"], "invalid feed")
	})
	if code, c := readyz(); code != http.StatusOK {
		t.Errorf("readyz %d %v: a broken feed must not make the server unready", code, c)
	}
	if code := s.stop(t); code != 0 {
		t.Fatalf("serve exited %d", code)
	}
	if r := mustRun(t, map[string]string{"CAREERBOT_DB": db}, "", "jobs", "list"); strings.Count(r.stdout, "\n") != 11 {
		t.Errorf("the broken feed replaced the postings:\n%s", r.stdout)
	}
	if strings.Contains(s.stderr.String(), "s3cret-feed-key") {
		t.Error("the feed URL's key reached the log")
	}
}

func TestServeJobFeedConfigErrors(t *testing.T) {
	r := runCLI(t, map[string]string{"CAREERBOT_DB": tempDB(t), "CAREERBOT_JOBS_URL": "ftp://x", "CAREERBOT_JOBS_INTERVAL": "soon"}, "", "serve", "--addr", "127.0.0.1:0")
	if r.code == 0 || !strings.Contains(r.stderr, "CAREERBOT_JOBS_URL") || !strings.Contains(r.stderr, "CAREERBOT_JOBS_INTERVAL") {
		t.Errorf("exit %d:\n%s", r.code, r.stderr)
	}
}

func TestAskJSONJobs(t *testing.T) {
	vars := map[string]string{"CAREERBOT_DB": tempDB(t)}
	mustRun(t, vars, "", "jobs", "import", jobsFixture("feed.json"))
	r := mustRun(t, vars, "Gibt es freiberufliche Projekte in Berlin?\nPython jobs in Hamburg\nWas macht ein Backend-Entwickler?\n", "ask", "--json")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d lines:\n%s", len(lines), r.stdout)
	}
	var found, none, career map[string]any
	for i, v := range []*map[string]any{&found, &none, &career} {
		if err := json.Unmarshal([]byte(lines[i]), v); err != nil {
			t.Fatal(err)
		}
	}
	if found["kind"] != "jobs" || found["answered"] != true {
		t.Errorf("found: %v", found)
	}
	jobs, _ := found["jobs"].([]any)
	if len(jobs) != 1 {
		t.Fatalf("found jobs: %v", found["jobs"])
	}
	job := jobs[0].(map[string]any)
	for k, want := range map[string]any{"id": "B-PY-FREE-2", "location": "Berlin", "remote": false,
		"url": "https://karriere.example.de/jobs/b-py-free-2", "title": "Freelance Python-Entwickler*in (Projekt, 6 Monate)"} {
		if job[k] != want {
			t.Errorf("job[%q] = %v, want %v", k, job[k], want)
		}
	}
	if et, _ := job["employment_type"].([]any); len(et) != 1 || et[0] != "CONTRACTOR" {
		t.Errorf("employment_type %v", job["employment_type"])
	}
	if none["kind"] != "jobs" || none["answered"] != true {
		t.Errorf("none: %v", none)
	}
	if j, ok := none["jobs"].([]any); !ok || len(j) != 0 {
		t.Errorf("none: jobs = %#v, want []", none["jobs"])
	}
	if _, has := career["jobs"]; has || career["kind"] != "answer" {
		t.Errorf("a career answer: %v", career)
	}
}

func TestServeTelegramJobs(t *testing.T) {
	db := tempDB(t)
	mustRun(t, map[string]string{"CAREERBOT_DB": db}, "", "jobs", "import", jobsFixture("feed.json"))
	f := telegramfake.New(t, tgToken)
	inline, _ := json.Marshal(map[string]any{"update_id": 201, "inline_query": map[string]any{
		"id": "iq-1", "query": "jobs hamburg java", "offset": "",
		"from": map[string]any{"id": tgUser, "is_bot": false, "first_name": "Test", "language_code": "de"}}})
	f.AddUpdates(tgMessage(200, "Habt ihr offene Stellen in Hamburg?"), inline)
	startServeAt(t, tgVars(f), db)

	waitFor(t, "the job list", func() bool { return len(f.CallsTo("sendMessage")) > 0 })
	m := f.CallsTo("sendMessage")[0].Params
	if !strings.Contains(m.Get("text"), "Senior Java Backend Developer") || !strings.Contains(m.Get("reply_markup"), `"url":"https://karriere.example.de/jobs/hh-java-01"`) {
		t.Errorf("job list %v, want the Hamburg posting with an apply button", m)
	}
	waitFor(t, "the inline answer", func() bool { return len(f.CallsTo("answerInlineQuery")) > 0 })
	results := f.CallsTo("answerInlineQuery")[0].Params.Get("results")
	if !strings.Contains(results, "job-HH-JAVA-01") || !strings.Contains(results, "hh-java-01") {
		t.Errorf("inline results %s, want the Hamburg Java posting", results)
	}
}
