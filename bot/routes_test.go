package bot_test

import (
	"testing"

	"github.com/careerbot/careerbot/bot"
)

// TestPeopleGetTheirEntry asks as the people careerbot is for would, and
// checks that each lands on the entry written for them: a trainee, a
// pupil, a frontend developer, a parent returning after a break, a career
// changer in their forties, and the near-topics that only the recruiters
// can answer (day rates, childcare, certificates).
func TestPeopleGetTheirEntry(t *testing.T) {
	tests := []struct {
		q     string
		lang  bot.Lang
		entry string
	}{
		{"Ich mache eine Ausbildung zum Fachinformatiker. Ist der Weg ins Backend für mich offen?", bot.German, "entry-it-apprenticeship"},
		{"Bin Azubi, passt Backend?", bot.German, "entry-it-apprenticeship"},
		{"I'm training as a Fachinformatiker, is backend open to me?", bot.English, "entry-it-apprenticeship"},
		{"Was ist besser, Studium oder Ausbildung?", bot.German, "entry-study-or-training"},
		{"Ich bin Schülerin, wie werde ich Backend-Entwicklerin?", bot.German, "entry-study-or-training"},
		{"Ich bin Frontend-Entwickler und will ins Backend wechseln.", bot.German, "entry-from-frontend"},
		{"I'm a frontend developer and want to move to backend.", bot.English, "entry-from-frontend"},
		{"Ich war sechs Jahre in Elternzeit, wie steige ich wieder ins Backend ein?", bot.German, "entry-returning"},
		{"I was on parental leave for five years, how do I get back in?", bot.English, "entry-returning"},
		{"Welche Zertifikate lohnen sich?", bot.German, "jobsearch-certificates"},
		{"Which certifications are worth it?", bot.English, "jobsearch-certificates"},
		{"Wie hoch ist der Tagessatz als Freelancer im Backend?", bot.German, "jobsearch-salary"},
		{"What day rate can I charge as a freelance backend dev?", bot.English, "jobsearch-salary"},
		{"wie viel kohle verdient man als backend dev", bot.German, "jobsearch-salary"},
		{"Kann ich einen Backend-Job mit Kinderbetreuung vereinbaren?", bot.German, "jobsearch-part-time"},
		{"Can I combine a backend job with childcare?", bot.English, "jobsearch-part-time"},
		{"node.js oder Java?", bot.German, "skills-language-choice"},
		{"node or java for backend?", bot.English, "skills-language-choice"},
		{"Do I need German to work as a backend developer in Berlin?", bot.English, "jobsearch-german-language"},
		{"Ich bin Autodidakt, habe ich eine Chance?", bot.German, "jobsearch-bootcamps"},
		// A profession the knowledge base has never heard of must not sink
		// a career change said in other words.
		{"Hi, I am a nurse and want to switch careers. Is that possible?", bot.English, "entry-career-changer"},
		{"Ich bin Krankenpfleger und möchte mich beruflich umorientieren. Geht das?", bot.German, "entry-career-changer"},
	}
	e, _ := newEngine(t, bot.Config{})
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			r := ask(t, e, bot.Request{Text: tt.q, Lang: tt.lang})
			if !r.Answered() || r.EntryID != tt.entry {
				t.Errorf("got %s %q (%.2f), want %s", r.Kind, r.EntryID, r.Confidence, tt.entry)
			}
		})
	}
}
