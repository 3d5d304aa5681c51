package jobs

import (
	"strings"

	"github.com/careerbot/careerbot/bot"
)

// Skills are the technologies a question can filter by, with the ways
// people write them. "go" is handled apart (it is also an English verb).
var skillAliases = map[string][]string{
	"java":       {"java", "jvm", "jakarta ee", "java ee"},
	"kotlin":     {"kotlin"},
	"scala":      {"scala"},
	"php":        {"php"},
	"python":     {"python", "python3"},
	"go":         {"golang"},
	"rust":       {"rust"},
	"csharp":     {"c#", "csharp", "c sharp"},
	"dotnet":     {".net", "dotnet", "asp.net", ".net core"},
	"cpp":        {"c++", "cpp"},
	"node":       {"node", "node.js", "nodejs"},
	"typescript": {"typescript"},
	"javascript": {"javascript"},
	"ruby":       {"ruby", "rails", "ruby on rails"},
	"sql":        {"sql"},
	"postgresql": {"postgresql", "postgres"},
	"mysql":      {"mysql", "mariadb"},
	"mongodb":    {"mongodb", "mongo"},
	"kafka":      {"kafka"},
	"kubernetes": {"kubernetes", "k8s"},
	"docker":     {"docker"},
	"aws":        {"aws", "amazon web services"},
	"azure":      {"azure"},
	"gcp":        {"gcp", "google cloud"},
	"spring":     {"spring", "spring boot"},
	"django":     {"django"},
	"laravel":    {"laravel"},
	"symfony":    {"symfony"},
	"graphql":    {"graphql"},
	"terraform":  {"terraform"},
	"elixir":     {"elixir"},
	"erlang":     {"erlang"},
	"haskell":    {"haskell"},
	"abap":       {"abap"},
	"sap":        {"sap"},
	"linux":      {"linux"},
	"devops":     {"devops"},
}

// skillNames are how skills are shown.
var skillNames = map[string]string{
	"java": "Java", "kotlin": "Kotlin", "scala": "Scala", "php": "PHP", "python": "Python", "go": "Go",
	"rust": "Rust", "csharp": "C#", "dotnet": ".NET", "cpp": "C++", "node": "Node.js", "typescript": "TypeScript",
	"javascript": "JavaScript", "ruby": "Ruby", "sql": "SQL", "postgresql": "PostgreSQL", "mysql": "MySQL",
	"mongodb": "MongoDB", "kafka": "Kafka", "kubernetes": "Kubernetes", "docker": "Docker", "aws": "AWS",
	"azure": "Azure", "gcp": "Google Cloud", "spring": "Spring", "django": "Django", "laravel": "Laravel",
	"symfony": "Symfony", "graphql": "GraphQL", "terraform": "Terraform", "elixir": "Elixir", "erlang": "Erlang",
	"haskell": "Haskell", "abap": "ABAP", "sap": "SAP", "linux": "Linux", "devops": "DevOps",
}

// levelAliases are seniority words, looked for in titles.
var levelAliases = map[string][]string{
	"junior":      {"junior", "juniors", "einsteiger", "berufseinsteiger", "berufseinsteigerin", "entry level", "absolvent", "absolventin", "absolventen", "graduate", "graduates", "trainee", "jr"},
	"senior":      {"senior", "seniors", "sr", "erfahren", "erfahrene", "erfahrenen", "experienced"},
	"lead":        {"lead", "teamlead", "tech lead", "team lead", "teamleiter", "teamleiterin", "principal", "staff engineer", "head of"},
	"werkstudent": {"werkstudent", "werkstudentin", "werkstudenten", "werkstudierende", "working student", "studentische aushilfe"},
}

var levelNames = map[string]string{"junior": "Junior", "senior": "Senior", "lead": "Lead", "werkstudent": "Werkstudent*in"}

// typeAliases are employment-type words, mapped to schema.org values.
var typeAliases = map[string][]string{
	"FULL_TIME":  {"vollzeit", "full time", "fulltime", "vollzeitstelle", "vollzeitstellen", "vollzeitjob"},
	"PART_TIME":  {"teilzeit", "part time", "parttime", "teilzeitstelle", "teilzeitstellen", "teilzeitjob", "teilzeitjobs", "minijob", "minijobs"},
	"CONTRACTOR": {"freiberuflich", "freiberufliche", "freiberuflichen", "freiberufler", "freiberuflerin", "freelance", "freelancer", "freelancing", "freelancers", "freie mitarbeit", "projekt", "projekte", "projekten", "projektbasis", "projektarbeit", "contract", "contractor", "contractors", "contracting", "auftrag", "auftraege", "gig", "gigs"},
	"INTERN":     {"praktikum", "praktika", "praktikums", "praktikant", "praktikantin", "praktikanten", "praktikumsplatz", "praktikumsplaetze", "praktikumsstelle", "praktikumsstellen", "internship", "internships", "intern", "interns"},
	"TEMPORARY":  {"befristet", "befristete", "befristeten", "temporary", "aushilfe", "zeitvertrag"},
}

// remoteAliases mean working from home.
var remoteAliases = map[string][]string{
	"remote": {"remote", "remotely", "homeoffice", "home office", "telecommute", "telecommuting", "wfh",
		"work from home", "working from home", "von zu hause", "von zuhause", "von daheim",
		"mobiles arbeiten", "mobile arbeit", "ortsunabhaengig", "fernarbeit", "telearbeit", "remote first", "fully remote"},
}

var (
	skillVocab  = newVocab(skillAliases)
	levelVocab  = newVocab(levelAliases)
	typeVocab   = newVocab(typeAliases)
	remoteVocab = newVocab(remoteAliases)
)

// skillBits numbers the skills for bit masks.
var skillBits = func() map[string]uint {
	m := map[string]uint{}
	for k := range skillNames {
		m[k] = 0
	}
	keys := sortedKeys(m)
	for i, k := range keys {
		m[k] = uint(i)
	}
	return m
}()

var levelBits = map[string]uint{"junior": 0, "senior": 1, "lead": 2, "werkstudent": 3}

var typeBits = func() map[string]uint {
	m := map[string]uint{}
	for i, t := range EmploymentTypes {
		m[t] = uint(i)
	}
	return m
}()

// SkillName returns a skill key's display name ("csharp" → "C#").
func SkillName(key string) string {
	if n, ok := skillNames[key]; ok {
		return n
	}
	return key
}

// LevelName returns a seniority key's display name.
func LevelName(key string) string {
	if n, ok := levelNames[key]; ok {
		return n
	}
	return key
}

// Describe names a query's filters in lang: "Raum München, remote, Java,
// Senior, Teilzeit"; "" for the zero query.
func Describe(q bot.JobQuery, lang bot.Lang) string {
	var parts []string
	if name := PlaceName(q.Place.Kind, q.Place.Key); name != "" {
		if q.Place.Kind == 'n' {
			name = lang.Pick("Raum ", "around ") + name
		}
		parts = append(parts, name)
	}
	if q.Remote {
		parts = append(parts, "remote")
	}
	for _, s := range q.Skills {
		parts = append(parts, SkillName(s))
	}
	for _, l := range q.Levels {
		parts = append(parts, LevelName(l))
	}
	for _, t := range q.Types {
		parts = append(parts, bot.JobTypeName(t, lang))
	}
	return strings.Join(parts, ", ")
}
