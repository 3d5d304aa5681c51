package jobs

import (
	"math"
	"slices"
	"strings"
)

// city is a German city the gazetteer knows: its state and coordinates
// (for "near" and the nearest alternatives).
type city struct {
	idx       int // position in cities
	key, name string
	state     string // state code, lower case
	lat, lon  float64
	aliases   []string
	// ambiguous names are also common words ("Essen", "Halle"): in free
	// text they count as a place only after a preposition.
	ambiguous bool
}

// state is a federal state (Bundesland).
type state struct {
	code, name string
	aliases    []string
}

// region is a named area: a set of cities or of states.
type region struct {
	key, name string
	aliases   []string
	cities    []string
	states    []string
}

// nearKm is the radius of "near Berlin", "im Raum München".
const nearKm = 40

var states = []state{
	{"bw", "Baden-Württemberg", []string{"baden-württemberg", "baden württemberg", "bawü", "bw"}},
	{"by", "Bayern", []string{"bayern", "bavaria", "freistaat bayern"}},
	{"be", "Berlin", nil}, // the city stands for the state
	{"bb", "Brandenburg", []string{"brandenburg"}},
	{"hb", "Bremen", []string{"land bremen"}},
	{"hh", "Hamburg", nil},
	{"he", "Hessen", []string{"hessen", "hesse"}},
	{"mv", "Mecklenburg-Vorpommern", []string{"mecklenburg-vorpommern", "mecklenburg vorpommern", "meck-pomm", "mecklenburg"}},
	{"ni", "Niedersachsen", []string{"niedersachsen", "lower saxony"}},
	{"nw", "Nordrhein-Westfalen", []string{"nordrhein-westfalen", "nordrhein westfalen", "nrw", "north rhine-westphalia", "north rhine westphalia", "nordrhein"}},
	{"rp", "Rheinland-Pfalz", []string{"rheinland-pfalz", "rheinland pfalz", "rhineland-palatinate", "rhineland palatinate", "rlp"}},
	{"sl", "Saarland", []string{"saarland"}},
	{"sn", "Sachsen", []string{"sachsen", "saxony", "freistaat sachsen"}},
	{"st", "Sachsen-Anhalt", []string{"sachsen-anhalt", "sachsen anhalt", "saxony-anhalt", "saxony anhalt"}},
	{"sh", "Schleswig-Holstein", []string{"schleswig-holstein", "schleswig holstein"}},
	{"th", "Thüringen", []string{"thüringen", "thuringia"}},
}

var regions = []region{
	{key: "ruhrgebiet", name: "Ruhrgebiet", aliases: []string{"ruhrgebiet", "ruhrpott", "ruhr area", "metropole ruhr", "ruhr"},
		cities: []string{"dortmund", "essen", "duisburg", "bochum", "gelsenkirchen", "oberhausen", "hagen", "hamm", "herne", "muelheim", "bottrop", "recklinghausen"}},
	{key: "rheinmain", name: "Rhein-Main", aliases: []string{"rhein-main", "rhein main", "rhein-main-gebiet", "rhein main gebiet", "rhine-main", "rhine main", "frankfurtrheinmain"},
		cities: []string{"frankfurt", "wiesbaden", "mainz", "darmstadt", "offenbach", "hanau", "eschborn", "neuisenburg"}},
	{key: "rheinland", name: "Rheinland", aliases: []string{"rheinland", "rhineland"},
		cities: []string{"koeln", "duesseldorf", "bonn", "leverkusen", "neuss", "krefeld", "moenchengladbach", "ratingen", "solingen", "wuppertal", "aachen"}},
	{key: "rheinneckar", name: "Rhein-Neckar", aliases: []string{"rhein-neckar", "rhein neckar", "rhine-neckar", "metropolregion rhein-neckar"},
		cities: []string{"mannheim", "heidelberg", "ludwigshafen", "walldorf"}},
	{key: "norddeutschland", name: "Norddeutschland", aliases: []string{"norddeutschland", "north germany", "northern germany", "im norden", "der norden"},
		states: []string{"sh", "hh", "hb", "ni", "mv"}},
	{key: "sueddeutschland", name: "Süddeutschland", aliases: []string{"süddeutschland", "south germany", "southern germany", "im süden"},
		states: []string{"by", "bw"}},
	{key: "ostdeutschland", name: "Ostdeutschland", aliases: []string{"ostdeutschland", "east germany", "eastern germany", "neue bundesländer", "im osten"},
		states: []string{"be", "bb", "mv", "sn", "st", "th"}},
}

var cities = []city{
	{key: "berlin", name: "Berlin", state: "be", lat: 52.520, lon: 13.405},
	{key: "hamburg", name: "Hamburg", state: "hh", lat: 53.551, lon: 9.994},
	{key: "muenchen", name: "München", state: "by", lat: 48.137, lon: 11.575, aliases: []string{"munich", "muenchen"}},
	{key: "koeln", name: "Köln", state: "nw", lat: 50.938, lon: 6.960, aliases: []string{"cologne"}},
	{key: "frankfurt", name: "Frankfurt am Main", state: "he", lat: 50.110, lon: 8.682, aliases: []string{"frankfurt", "ffm", "frankfurt/main", "frankfurt main"}},
	{key: "stuttgart", name: "Stuttgart", state: "bw", lat: 48.776, lon: 9.183},
	{key: "duesseldorf", name: "Düsseldorf", state: "nw", lat: 51.227, lon: 6.773},
	{key: "leipzig", name: "Leipzig", state: "sn", lat: 51.340, lon: 12.375},
	{key: "dortmund", name: "Dortmund", state: "nw", lat: 51.514, lon: 7.468},
	{key: "essen", name: "Essen", state: "nw", lat: 51.456, lon: 7.012, ambiguous: true},
	{key: "bremen", name: "Bremen", state: "hb", lat: 53.079, lon: 8.802},
	{key: "dresden", name: "Dresden", state: "sn", lat: 51.050, lon: 13.738},
	{key: "hannover", name: "Hannover", state: "ni", lat: 52.376, lon: 9.732, aliases: []string{"hanover"}},
	{key: "nuernberg", name: "Nürnberg", state: "by", lat: 49.452, lon: 11.077, aliases: []string{"nuremberg"}},
	{key: "duisburg", name: "Duisburg", state: "nw", lat: 51.435, lon: 6.763},
	{key: "bochum", name: "Bochum", state: "nw", lat: 51.482, lon: 7.216},
	{key: "wuppertal", name: "Wuppertal", state: "nw", lat: 51.256, lon: 7.150},
	{key: "bielefeld", name: "Bielefeld", state: "nw", lat: 52.030, lon: 8.532},
	{key: "bonn", name: "Bonn", state: "nw", lat: 50.737, lon: 7.098},
	{key: "muenster", name: "Münster", state: "nw", lat: 51.961, lon: 7.626},
	{key: "mannheim", name: "Mannheim", state: "bw", lat: 49.489, lon: 8.467},
	{key: "karlsruhe", name: "Karlsruhe", state: "bw", lat: 49.007, lon: 8.404},
	{key: "augsburg", name: "Augsburg", state: "by", lat: 48.370, lon: 10.898},
	{key: "wiesbaden", name: "Wiesbaden", state: "he", lat: 50.078, lon: 8.240},
	{key: "moenchengladbach", name: "Mönchengladbach", state: "nw", lat: 51.185, lon: 6.442, aliases: []string{"gladbach"}},
	{key: "gelsenkirchen", name: "Gelsenkirchen", state: "nw", lat: 51.518, lon: 7.086},
	{key: "aachen", name: "Aachen", state: "nw", lat: 50.776, lon: 6.084},
	{key: "braunschweig", name: "Braunschweig", state: "ni", lat: 52.269, lon: 10.521},
	{key: "kiel", name: "Kiel", state: "sh", lat: 54.323, lon: 10.123},
	{key: "chemnitz", name: "Chemnitz", state: "sn", lat: 50.827, lon: 12.921},
	{key: "halle", name: "Halle (Saale)", state: "st", lat: 51.483, lon: 11.970, aliases: []string{"halle", "halle saale", "halle an der saale"}, ambiguous: true},
	{key: "magdeburg", name: "Magdeburg", state: "st", lat: 52.121, lon: 11.628},
	{key: "freiburg", name: "Freiburg im Breisgau", state: "bw", lat: 47.999, lon: 7.842, aliases: []string{"freiburg"}},
	{key: "krefeld", name: "Krefeld", state: "nw", lat: 51.339, lon: 6.586},
	{key: "mainz", name: "Mainz", state: "rp", lat: 49.993, lon: 8.247},
	{key: "luebeck", name: "Lübeck", state: "sh", lat: 53.866, lon: 10.687},
	{key: "erfurt", name: "Erfurt", state: "th", lat: 50.978, lon: 11.029},
	{key: "oberhausen", name: "Oberhausen", state: "nw", lat: 51.470, lon: 6.852},
	{key: "rostock", name: "Rostock", state: "mv", lat: 54.092, lon: 12.099},
	{key: "kassel", name: "Kassel", state: "he", lat: 51.313, lon: 9.480},
	{key: "hagen", name: "Hagen", state: "nw", lat: 51.367, lon: 7.463, ambiguous: true},
	{key: "potsdam", name: "Potsdam", state: "bb", lat: 52.391, lon: 13.064},
	{key: "saarbruecken", name: "Saarbrücken", state: "sl", lat: 49.234, lon: 6.995},
	{key: "hamm", name: "Hamm", state: "nw", lat: 51.681, lon: 7.816, ambiguous: true},
	{key: "ludwigshafen", name: "Ludwigshafen am Rhein", state: "rp", lat: 49.477, lon: 8.445, aliases: []string{"ludwigshafen"}},
	{key: "oldenburg", name: "Oldenburg", state: "ni", lat: 53.143, lon: 8.214},
	{key: "muelheim", name: "Mülheim an der Ruhr", state: "nw", lat: 51.431, lon: 6.880, aliases: []string{"mülheim"}},
	{key: "osnabrueck", name: "Osnabrück", state: "ni", lat: 52.279, lon: 8.047},
	{key: "leverkusen", name: "Leverkusen", state: "nw", lat: 51.046, lon: 6.984},
	{key: "darmstadt", name: "Darmstadt", state: "he", lat: 49.873, lon: 8.651},
	{key: "heidelberg", name: "Heidelberg", state: "bw", lat: 49.399, lon: 8.672},
	{key: "solingen", name: "Solingen", state: "nw", lat: 51.171, lon: 7.083},
	{key: "regensburg", name: "Regensburg", state: "by", lat: 49.013, lon: 12.102},
	{key: "herne", name: "Herne", state: "nw", lat: 51.538, lon: 7.220},
	{key: "paderborn", name: "Paderborn", state: "nw", lat: 51.718, lon: 8.757},
	{key: "neuss", name: "Neuss", state: "nw", lat: 51.204, lon: 6.688},
	{key: "ingolstadt", name: "Ingolstadt", state: "by", lat: 48.766, lon: 11.426},
	{key: "offenbach", name: "Offenbach am Main", state: "he", lat: 50.096, lon: 8.776, aliases: []string{"offenbach"}},
	{key: "wuerzburg", name: "Würzburg", state: "by", lat: 49.791, lon: 9.953},
	{key: "ulm", name: "Ulm", state: "bw", lat: 48.401, lon: 9.988},
	{key: "heilbronn", name: "Heilbronn", state: "bw", lat: 49.142, lon: 9.219},
	{key: "pforzheim", name: "Pforzheim", state: "bw", lat: 48.892, lon: 8.695},
	{key: "wolfsburg", name: "Wolfsburg", state: "ni", lat: 52.423, lon: 10.787},
	{key: "goettingen", name: "Göttingen", state: "ni", lat: 51.541, lon: 9.916},
	{key: "bottrop", name: "Bottrop", state: "nw", lat: 51.524, lon: 6.929},
	{key: "recklinghausen", name: "Recklinghausen", state: "nw", lat: 51.614, lon: 7.198},
	{key: "reutlingen", name: "Reutlingen", state: "bw", lat: 48.491, lon: 9.204},
	{key: "koblenz", name: "Koblenz", state: "rp", lat: 50.356, lon: 7.594},
	{key: "bremerhaven", name: "Bremerhaven", state: "hb", lat: 53.540, lon: 8.581},
	{key: "erlangen", name: "Erlangen", state: "by", lat: 49.590, lon: 11.004},
	{key: "trier", name: "Trier", state: "rp", lat: 49.750, lon: 6.637},
	{key: "jena", name: "Jena", state: "th", lat: 50.928, lon: 11.590},
	{key: "schwerin", name: "Schwerin", state: "mv", lat: 53.636, lon: 11.401},
	{key: "cottbus", name: "Cottbus", state: "bb", lat: 51.757, lon: 14.333},
	{key: "guetersloh", name: "Gütersloh", state: "nw", lat: 51.907, lon: 8.379},
	{key: "siegen", name: "Siegen", state: "nw", lat: 50.875, lon: 8.024, ambiguous: true},
	{key: "hanau", name: "Hanau", state: "he", lat: 50.132, lon: 8.917},
	{key: "walldorf", name: "Walldorf", state: "bw", lat: 49.306, lon: 8.643},
	{key: "garching", name: "Garching bei München", state: "by", lat: 48.249, lon: 11.651, aliases: []string{"garching"}},
	{key: "freising", name: "Freising", state: "by", lat: 48.403, lon: 11.749},
	{key: "unterschleissheim", name: "Unterschleißheim", state: "by", lat: 48.281, lon: 11.577},
	{key: "ismaning", name: "Ismaning", state: "by", lat: 48.229, lon: 11.676},
	{key: "dachau", name: "Dachau", state: "by", lat: 48.260, lon: 11.434},
	{key: "erding", name: "Erding", state: "by", lat: 48.306, lon: 11.907},
	{key: "starnberg", name: "Starnberg", state: "by", lat: 47.999, lon: 11.340},
	{key: "eschborn", name: "Eschborn", state: "he", lat: 50.143, lon: 8.571},
	{key: "neuisenburg", name: "Neu-Isenburg", state: "he", lat: 50.049, lon: 8.695},
	{key: "ratingen", name: "Ratingen", state: "nw", lat: 51.297, lon: 6.849},
	{key: "fuerth", name: "Fürth", state: "by", lat: 49.477, lon: 10.989},
	{key: "tuebingen", name: "Tübingen", state: "bw", lat: 48.521, lon: 9.057},
	{key: "konstanz", name: "Konstanz", state: "bw", lat: 47.660, lon: 9.176},
	{key: "lueneburg", name: "Lüneburg", state: "ni", lat: 53.252, lon: 10.414},
	{key: "flensburg", name: "Flensburg", state: "sh", lat: 54.794, lon: 9.437},
	{key: "passau", name: "Passau", state: "by", lat: 48.574, lon: 13.461},
	{key: "bamberg", name: "Bamberg", state: "by", lat: 49.898, lon: 10.902},
	{key: "bayreuth", name: "Bayreuth", state: "by", lat: 49.946, lon: 11.578},
	{key: "weimar", name: "Weimar", state: "th", lat: 50.979, lon: 11.323},
	{key: "norderstedt", name: "Norderstedt", state: "sh", lat: 53.706, lon: 9.999},
	{key: "ludwigsburg", name: "Ludwigsburg", state: "bw", lat: 48.897, lon: 9.192},
	{key: "boeblingen", name: "Böblingen", state: "bw", lat: 48.686, lon: 9.013},
	{key: "sindelfingen", name: "Sindelfingen", state: "bw", lat: 48.713, lon: 9.003},
	{key: "esslingen", name: "Esslingen am Neckar", state: "bw", lat: 48.742, lon: 9.307, aliases: []string{"esslingen"}},
}

// placeRef is what a name in the gazetteer refers to.
type placeRef struct {
	kind byte // 'c', 's', 'g'
	key  string
}

var (
	cityByKey   = map[string]*city{}
	stateIdx    = map[string]int{}
	stateByCode = map[string]*state{}
	regionByKey = map[string]*region{}
	placeVocab  = newVocab(nil)
	placeRefs   = map[string]placeRef{} // vocab key → place
	// stateNames maps an addressRegion ("BY", "DE-NW", "Bavaria") to a code.
	stateNames = map[string]string{}
)

func init() {
	add := func(alias string, ref placeRef) {
		for _, a := range []string{fold(alias), foldPlain(alias)} {
			a = strings.Join(strings.FieldsFunc(a, func(r rune) bool { return r == ' ' || r == '-' || r == '/' || r == '(' || r == ')' }), " ")
			id := string(ref.kind) + ref.key
			placeRefs[id] = ref
			placeVocab.add(a, id, ref.kind == 'c')
		}
	}
	for i := range states {
		s := &states[i]
		stateByCode[s.code] = s
		stateIdx[s.code] = i
		stateNames[s.code] = s.code
		stateNames["de-"+s.code] = s.code
		for _, a := range append([]string{s.name}, s.aliases...) {
			stateNames[strings.Join(strings.Fields(strings.ReplaceAll(fold(a), "-", " ")), " ")] = s.code
			if s.code != "be" && s.code != "hh" && s.code != "hb" { // the city names those
				add(a, placeRef{'s', s.code})
			}
		}
	}
	for i := range regions {
		r := &regions[i]
		regionByKey[r.key] = r
		for _, a := range r.aliases {
			add(a, placeRef{'g', r.key})
		}
	}
	if len(cities) > len(citySet{})*64 {
		panic("jobs: more cities than a citySet holds")
	}
	for i := range cities { // cities last: "Berlin" is the city, not only the state
		c := &cities[i]
		c.idx = i
		cityByKey[c.key] = c
		for _, a := range append([]string{c.name, c.key}, c.aliases...) {
			add(a, placeRef{'c', c.key})
		}
	}
}

// lookupCity finds a city by a posting's addressLocality: "München",
// "Frankfurt am Main", "München-Schwabing", "20095 Hamburg".
func lookupCity(s string) *city {
	toks := tokenize(s)
	for i := range toks {
		if id, n := placeVocab.match(toks, i); n > 0 {
			if ref := placeRefs[id]; ref.kind == 'c' {
				return cityByKey[ref.key]
			}
		}
		if i >= 2 {
			break // the city comes first or after a postal code and a word or so
		}
	}
	return nil
}

// lookupState maps an addressRegion to a state code, or "".
func lookupState(s string) string {
	f := strings.Join(strings.Fields(strings.ReplaceAll(fold(strings.TrimSpace(s)), "-", " ")), " ")
	if code, ok := stateNames[f]; ok {
		return code
	}
	return stateNames[strings.ReplaceAll(f, " ", "-")]
}

// distanceKm is the great-circle distance between two cities.
func distanceKm(a, b *city) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dLat, dLon := (b.lat-a.lat)*rad, (b.lon-a.lon)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(a.lat*rad)*math.Cos(b.lat*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

// PlaceName returns a place filter's name as shown: "München", "Bayern",
// "Ruhrgebiet"; "" when the key is unknown.
func PlaceName(kind byte, key string) string {
	switch kind {
	case 'c', 'n':
		if c := cityByKey[key]; c != nil {
			return c.name
		}
	case 's':
		if s := stateByCode[key]; s != nil {
			return s.name
		}
	case 'g':
		if r := regionByKey[key]; r != nil {
			return r.name
		}
	}
	return ""
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
