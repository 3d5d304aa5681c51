package jobs

import (
	"slices"
	"testing"

	"github.com/careerbot/careerbot/bot"
)

func TestDetectIntent(t *testing.T) {
	tests := []struct {
		text string
		want bot.JobIntent
	}{
		// Searches.
		{"Habt ihr offene Stellen?", bot.JobsSearch},
		{"Habt ihr Stellen in NRW?", bot.JobsSearch},
		{"habt ihr stellen in köln", bot.JobsSearch},
		{"Wir stellen gerade nicht ein, oder?", bot.JobsNone},
		{"Habt ihr gerade offene Backend-Stellen in Hamburg?", bot.JobsSearch},
		{"remote Java jobs?", bot.JobsSearch},
		{"Gibt es freiberufliche Projekte in Berlin?", bot.JobsSearch},
		{"any openings in Munich", bot.JobsSearch},
		{"jobs hamburg java", bot.JobsSearch},
		{"Stellen?", bot.JobsSearch},
		{"offene Stellen", bot.JobsSearch},
		{"Do you have any open positions?", bot.JobsSearch},
		{"Are you hiring backend developers?", bot.JobsSearch},
		{"Stellt ihr gerade Backend-Entwickler ein?", bot.JobsSearch},
		{"Welche Stellenangebote habt ihr aktuell?", bot.JobsSearch},
		{"Zeig mir Jobs in NRW", bot.JobsSearch},
		{"Gibt es Teilzeitstellen?", bot.JobsSearch},
		{"Gibt es Teilzeitstellen im Backend? Ich habe zwei kleine Kinder.", bot.JobsAdvice},
		{"Habt ihr Teilzeitstellen?", bot.JobsSearch},
		{"Sind Backend-Stellen eher langfristig oder nur befristet?", bot.JobsAdvice},
		{"Würden Sie mir bitte erläutern, welche Rolle Datenschutz in der Backend-Entwicklung spielt?", bot.JobsNone},
		{"Is PHP still relevant for backend jobs?", bot.JobsAdvice},
		{"Bietet ihr Praktika an?", bot.JobsSearch},
		{"Habt ihr was für Werkstudenten?", bot.JobsSearch},
		{"Gibt es Homeoffice-Jobs im Raum München?", bot.JobsSearch},
		{"Ich suche Java-Jobs in Köln", bot.JobsSearch},
		{"Wie viele offene Stellen habt ihr?", bot.JobsSearch},
		{"Any remote vacancies for Python developers?", bot.JobsSearch},
		{"Senior Go jobs in Berlin", bot.JobsSearch},
		{"Haben Sie freie Stellen für Junior-Entwickler?", bot.JobsSearch},
		{"Where can I see your open positions?", bot.JobsSearch},
		{"Do you have any backend jobs in Hamburg?", bot.JobsSearch},
		{"Are there Java positions in Berlin?", bot.JobsSearch},
		{"Show me remote jobs", bot.JobsSearch},
		{"I'm looking for a part-time job in Cologne", bot.JobsSearch},
		{"Any Python roles?", bot.JobsSearch},
		{"What positions are open?", bot.JobsSearch},
		{"Welche Jobs habt ihr?", bot.JobsSearch},
		{"Suche Werkstudentenjob in München", bot.JobsSearch},
		{"Gibt es bei euch Praktikumsplätze?", bot.JobsSearch},
		{"Sucht ihr Junior-Entwickler?", bot.JobsSearch},
		{"Ich suche eine Teilzeitstelle als Backend-Entwicklerin in Leipzig", bot.JobsSearch},
		{"Wo finde ich eure Stellenangebote?", bot.JobsSearch},
		// Follow-ups.
		{"und in Berlin?", bot.JobsRefine},
		{"nur remote", bot.JobsRefine},
		{"what about Munich?", bot.JobsRefine},
		{"und Teilzeit?", bot.JobsRefine},
		{"Python?", bot.JobsRefine},
		// Career advice that names jobs.
		{"Wie finde ich einen Job als Backend-Entwickler*in?", bot.JobsAdvice},
		{"Wie bewerbe ich mich?", bot.JobsAdvice},
		{"Wie finde ich eine passende Stelle im Backend-Bereich?", bot.JobsAdvice},
		{"Können Sie mir bei der Jobsuche als Backend-Entwickler helfen?", bot.JobsAdvice},
		{"Ich suche einen neuen Job als Backend Dev, wer kann mich dabei unterstützen?", bot.JobsAdvice},
		{"Can you help me find a backend developer job?", bot.JobsAdvice},
		{"How do I apply for backend jobs through you?", bot.JobsAdvice},
		{"How much does hands-on experience matter when applying for backend jobs?", bot.JobsAdvice},
		{"Gibt es Jobs nur in großen Städten?", bot.JobsAdvice},
		{"Are backend jobs only in big cities?", bot.JobsAdvice},
		{"Gibt es Jobs fuer Backend Entwickler auch ausserhalb der grossen Staedte?", bot.JobsAdvice},
		{"Muss ich für einen Backend Job nach Berlin oder München ziehen?", bot.JobsAdvice},
		{"wohn aufm land, find ich da überhaupt nen job als backend entwickler", bot.JobsAdvice},
		{"Wie gut sind die Chancen auf einen Job?", bot.JobsAdvice},
		{"What's the job outlook for backend engineers?", bot.JobsAdvice},
		// Not about postings.
		{"Was macht ein Backend-Entwickler?", bot.JobsNone},
		{"Ist Backend Entwicklung auf lange Sicht ein sicherer Job?", bot.JobsAdvice},
		{"Reicht ein Informatikstudium als Voraussetzung für einen Backend Job?", bot.JobsAdvice},
		{"Wie stelle ich meinen WLAN-Router zu Hause richtig ein?", bot.JobsNone},
		{"Is data protection part of the job?", bot.JobsNone},
		{"Kann ich mich als Backend Entwickler selbstständig machen?", bot.JobsNone},
		{"Ist Freelancing im Backend möglich?", bot.JobsNone},
		{"Can I work as a freelance backend developer?", bot.JobsNone},
		{"is there enough freelance work in backend", bot.JobsAdvice},
		{"Welche Programmiersprachen sollte ich lernen?", bot.JobsNone},
		{"Should I learn Go or Java?", bot.JobsNone},
		{"Where do I go from here?", bot.JobsNone},
		{"Arbeitet man als Backend Entwickler eher allein oder im Projektteam?", bot.JobsNone},
		{"hallo", bot.JobsNone},
		{"", bot.JobsNone},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, q := Detect(tt.text)
			if got != tt.want {
				t.Errorf("Detect(%q) = %v (%+v), want %v", tt.text, got, q, tt.want)
			}
		})
	}
}

func TestDetectFilters(t *testing.T) {
	tests := []struct {
		text string
		want bot.JobQuery
	}{
		{"Habt ihr gerade offene Backend-Stellen in Hamburg?", bot.JobQuery{Place: bot.JobPlace{Kind: 'c', Key: "hamburg"}}},
		{"remote Java jobs?", bot.JobQuery{Remote: true, Skills: []string{"java"}}},
		{"Gibt es freiberufliche Projekte in Berlin?", bot.JobQuery{Place: bot.JobPlace{Kind: 'c', Key: "berlin"}, Types: []string{"CONTRACTOR"}}},
		{"any openings in Munich", bot.JobQuery{Place: bot.JobPlace{Kind: 'c', Key: "muenchen"}}},
		{"Jobs im Raum München", bot.JobQuery{Place: bot.JobPlace{Kind: 'n', Key: "muenchen"}}},
		{"jobs near Berlin", bot.JobQuery{Place: bot.JobPlace{Kind: 'n', Key: "berlin"}}},
		{"Munich area jobs", bot.JobQuery{Place: bot.JobPlace{Kind: 'n', Key: "muenchen"}}},
		{"Stellen in NRW", bot.JobQuery{Place: bot.JobPlace{Kind: 's', Key: "nw"}}},
		{"Stellen in Nordrhein-Westfalen", bot.JobQuery{Place: bot.JobPlace{Kind: 's', Key: "nw"}}},
		{"Jobs in Bavaria", bot.JobQuery{Place: bot.JobPlace{Kind: 's', Key: "by"}}},
		{"Jobs im Ruhrgebiet", bot.JobQuery{Place: bot.JobPlace{Kind: 'g', Key: "ruhrgebiet"}}},
		{"Stellen Rhein-Main", bot.JobQuery{Place: bot.JobPlace{Kind: 'g', Key: "rheinmain"}}},
		{"Jobs in Frankfurt am Main", bot.JobQuery{Place: bot.JobPlace{Kind: 'c', Key: "frankfurt"}}},
		{"Jobs in Munchen", bot.JobQuery{Place: bot.JobPlace{Kind: 'c', Key: "muenchen"}}},
		{"Stellen in Essen", bot.JobQuery{Place: bot.JobPlace{Kind: 'c', Key: "essen"}}},
		{"Stellen zum essen", bot.JobQuery{}},
		{"Teilzeit Jobs von zu Hause", bot.JobQuery{Remote: true, Types: []string{"PART_TIME"}}},
		{"Homeoffice Werkstudent Python", bot.JobQuery{Remote: true, Levels: []string{"werkstudent"}, Skills: []string{"python"}}},
		{"Praktikum in Dortmund", bot.JobQuery{Place: bot.JobPlace{Kind: 'c', Key: "dortmund"}, Types: []string{"INTERN"}}},
		{"Senior Go jobs", bot.JobQuery{Levels: []string{"senior"}, Skills: []string{"go"}}},
		{"jobs hamburg go", bot.JobQuery{Place: bot.JobPlace{Kind: 'c', Key: "hamburg"}, Skills: []string{"go"}}},
		{"Go-Entwickler gesucht", bot.JobQuery{Skills: []string{"go"}}},
		{"Golang Stellen", bot.JobQuery{Skills: []string{"go"}}},
		{"where do I go for jobs", bot.JobQuery{}},
		{"Javaentwickler Jobs", bot.JobQuery{Skills: []string{"java"}}},
		{"C# und .NET Stellen", bot.JobQuery{Skills: []string{"csharp", "dotnet"}}},
		{"Node.js Teilzeit", bot.JobQuery{Skills: []string{"node"}, Types: []string{"PART_TIME"}}},
		{"freelance PHP gigs", bot.JobQuery{Types: []string{"CONTRACTOR"}, Skills: []string{"php"}}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			_, got := Detect(tt.text)
			if got.Place != tt.want.Place || got.Remote != tt.want.Remote || !slices.Equal(got.Types, tt.want.Types) ||
				!slices.Equal(got.Skills, tt.want.Skills) || !slices.Equal(got.Levels, tt.want.Levels) {
				t.Errorf("Detect(%q) filters = %+v, want %+v", tt.text, got, tt.want)
			}
		})
	}
}

func FuzzDetect(f *testing.F) {
	for _, s := range []string{"Habt ihr offene Stellen in Hamburg?", "remote Go jobs", "Stelle", "und im Raum München?", ".net c# c++", "\x00\xff"} {
		f.Add(s)
	}
	ix := NewIndex(nil)
	f.Fuzz(func(t *testing.T, s string) {
		_, q := Detect(s)
		if id := bot.JobsEntryID(q); len(id) > 200 {
			t.Errorf("entry id of %d bytes", len(id))
		}
		ix.Find(q, testNow)
	})
}
