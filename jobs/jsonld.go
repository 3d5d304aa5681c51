package jobs

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"
)

// ErrNoPostings means the input holds no JobPosting at all.
var ErrNoPostings = errors.New("no schema.org JobPosting found")

// EmploymentTypes are the values Google for Jobs accepts for employmentType.
var EmploymentTypes = []string{"FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM", "OTHER"}

type node = map[string]any

// Parse reads job postings from r: a JobPosting, an array of them, a
// document with an "@graph", an ItemList, or an HTML page with <script
// type="application/ld+json"> blocks holding any of these. It validates
// every posting the way Google for Jobs does and returns a
// *ValidationError listing every problem when any posting is invalid.
func Parse(r io.Reader) ([]Posting, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFeedBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read job postings: %w", err)
	}
	if len(data) > MaxFeedBytes {
		return nil, fmt.Errorf("read job postings: larger than %d MiB", MaxFeedBytes>>20)
	}
	blocks := [][]byte{data}
	if t := bytes.TrimLeft(data, " \t\r\n\ufeff"); len(t) > 0 && t[0] == '<' {
		blocks = scriptBlocks(data)
		if len(blocks) == 0 {
			return nil, fmt.Errorf("read job postings: an HTML page without <script type=\"application/ld+json\"> blocks: %w", ErrNoPostings)
		}
	}
	var nodes []node
	for i, b := range blocks {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			if len(blocks) > 1 {
				return nil, fmt.Errorf("read job postings: JSON-LD block %d: %w", i+1, err)
			}
			return nil, fmt.Errorf("read job postings: %w", err)
		}
		collect(v, &nodes, 0)
	}
	byID := map[string]node{}
	for _, n := range nodes {
		if id, ok := n["@id"].(string); ok && id != "" {
			byID[id] = n
		}
	}
	var postings []Posting
	var problems []Problem
	seen := map[string]string{}
	for _, n := range nodes {
		if !isType(n, "JobPosting") {
			continue
		}
		if len(postings) == MaxPostings {
			return nil, fmt.Errorf("read job postings: more than %d postings", MaxPostings)
		}
		p, probs := normalize(n, byID, len(postings)+1)
		if first, dup := seen[p.ID]; dup {
			probs = append(probs, Problem{Posting: label(n, len(postings)+1), Field: "identifier",
				Message: fmt.Sprintf("the same id %q as %s", p.ID, first)})
		}
		seen[p.ID] = label(n, len(postings)+1)
		postings = append(postings, p)
		problems = append(problems, probs...)
	}
	if len(postings) == 0 {
		return nil, fmt.Errorf("read job postings: %w", ErrNoPostings)
	}
	if len(problems) > 0 {
		return nil, &ValidationError{Problems: problems}
	}
	return postings, nil
}

// scriptBlocks returns the contents of an HTML page's JSON-LD scripts.
func scriptBlocks(page []byte) [][]byte {
	z := html.NewTokenizer(bytes.NewReader(page))
	var out [][]byte
	inLD := false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.StartTagToken:
			name, hasAttr := z.TagName()
			inLD = false
			if string(name) != "script" {
				continue
			}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if string(k) == "type" && strings.EqualFold(strings.TrimSpace(string(v)), "application/ld+json") {
					inLD = true
				}
			}
		case html.TextToken:
			if inLD {
				out = append(out, bytes.Clone(z.Text()))
			}
		case html.EndTagToken:
			inLD = false
		}
	}
}

// collect gathers every node of a JSON-LD value: arrays, "@graph"s and
// ItemList elements, at any nesting a feed uses.
func collect(v any, out *[]node, depth int) {
	if depth > 8 {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			collect(e, out, depth+1)
		}
	case node:
		if g, ok := x["@graph"]; ok {
			collect(g, out, depth+1)
		}
		if el, ok := x["itemListElement"]; ok {
			collect(el, out, depth+1)
		}
		if it, ok := x["item"].(node); ok {
			collect(it, out, depth+1)
		}
		if _, ok := x["@type"]; ok {
			*out = append(*out, x)
		}
	}
}

// isType reports whether n's @type (a string or an array) names t, also as
// "schema:JobPosting" or "https://schema.org/JobPosting".
func isType(n node, t string) bool {
	for _, s := range texts(n["@type"]) {
		if s == t || strings.HasSuffix(s, "/"+t) || strings.HasSuffix(s, ":"+t) {
			return true
		}
	}
	return false
}

// text reads a JSON-LD value as one string: a string, a number, an
// object's name or @value, or an array's first non-empty element.
func text(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	case node:
		for _, k := range []string{"name", "@value", "value"} {
			if s := text(x[k]); s != "" {
				return s
			}
		}
	case []any:
		for _, e := range x {
			if s := text(e); s != "" {
				return s
			}
		}
	}
	return ""
}

// texts reads a string, an array of strings, or a comma-separated list.
func texts(v any) []string {
	var out []string
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			out = append(out, texts(e)...)
		}
	default:
		for s := range strings.SplitSeq(text(x), ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// objects reads an object or an array of objects, following {"@id": …}
// references into the document.
func objects(v any, byID map[string]node) []node {
	var out []node
	switch x := v.(type) {
	case node:
		if id, ok := x["@id"].(string); ok && len(x) == 1 {
			if ref, found := byID[id]; found {
				x = ref
			}
		}
		out = append(out, x)
	case []any:
		for _, e := range x {
			out = append(out, objects(e, byID)...)
		}
	}
	return out
}

// identifier reads an identifier: a string, a number, or a PropertyValue
// whose value (not its name, the issuing system) is the id.
func identifier(v any) string {
	switch x := v.(type) {
	case node:
		for _, k := range []string{"value", "@value", "@id", "name"} {
			if s := text(x[k]); s != "" {
				return s
			}
		}
		return ""
	case []any:
		for _, e := range x {
			if s := identifier(e); s != "" {
				return s
			}
		}
		return ""
	}
	return text(v)
}

// label names a posting in problems: its identifier, else its url, else
// its position in the input.
func label(n node, pos int) string {
	if id := strings.TrimSpace(identifier(n["identifier"])); id != "" {
		return "posting " + strconv.Quote(cleanField(id))
	}
	if u := strings.TrimSpace(text(n["url"])); u != "" {
		return "posting " + cleanField(u)
	}
	return fmt.Sprintf("posting #%d", pos)
}

// confidentialEmployers are names a staffing agency gives a client it does
// not name.
var confidentialEmployers = map[string]bool{
	"confidential": true, "vertraulich": true, "kunde": true, "unser kunde": true,
	"client": true, "our client": true, "anonym": true, "anonymous": true, "nicht genannt": true,
}

// normalize turns a JobPosting node into a Posting and lists what Google
// for Jobs would reject.
func normalize(n node, byID map[string]node, pos int) (Posting, []Problem) {
	who := label(n, pos)
	var probs []Problem
	bad := func(field, format string, args ...any) {
		probs = append(probs, Problem{Posting: who, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	p := Posting{
		Title: cleanField(text(n["title"])),
		URL:   strings.TrimSpace(text(n["url"])),
	}
	if p.Title == "" {
		p.Title = cleanField(text(n["name"])) // the older form of the title
	}
	if p.Title == "" {
		bad("title", "missing: the job's title is required")
	}
	p.Description = PlainText(text(n["description"]))
	if p.Description == "" {
		bad("description", "missing: the full description (HTML) is required")
	}
	if s := strings.TrimSpace(text(n["datePosted"])); s == "" {
		bad("datePosted", "missing: the date the posting was published is required (ISO 8601, such as 2026-11-20)")
	} else if t, _, err := parseISO(s); err != nil {
		bad("datePosted", "%q is not an ISO 8601 date or date-time (such as 2026-11-20)", s)
	} else {
		p.DatePosted = t
	}
	if s := strings.TrimSpace(text(n["validThrough"])); s != "" {
		t, dateOnly, err := parseISO(s)
		switch {
		case err != nil:
			bad("validThrough", "%q is not an ISO 8601 date or date-time (such as 2026-12-31T23:59:59+01:00)", s)
		case dateOnly:
			p.ValidThrough = t.AddDate(0, 0, 1) // valid through that whole day
		default:
			p.ValidThrough = t
		}
	}
	switch orgs := objects(n["hiringOrganization"], byID); {
	case len(orgs) > 0:
		p.Employer = cleanField(text(orgs[0]["name"]))
		if p.Employer == "" {
			p.Employer = cleanField(text(orgs[0]["legalName"]))
		}
		if p.Employer == "" {
			bad("hiringOrganization", "the organization has no name")
		}
	default:
		p.Employer = cleanField(text(n["hiringOrganization"]))
		if p.Employer == "" {
			bad("hiringOrganization", "missing: the hiring organization is required")
		}
	}
	if confidentialEmployers[strings.ToLower(p.Employer)] {
		p.Employer = ""
	}
	for _, t := range texts(n["jobLocationType"]) {
		if strings.EqualFold(t, "TELECOMMUTE") {
			p.Remote = true
		}
	}
	p.RemoteAreas = names(n["applicantLocationRequirements"])
	places := objects(n["jobLocation"], byID)
	for _, pl := range places {
		if l, ok := location(pl, byID); ok {
			p.Locations = append(p.Locations, l)
		}
	}
	if s, ok := n["jobLocation"].(string); ok && strings.TrimSpace(s) != "" {
		p.Locations = append(p.Locations, addressFromString(s))
	}
	switch {
	case len(p.Locations) > 0:
	case len(places) > 0:
		bad("jobLocation", "the place has no address (give at least addressLocality, addressRegion or addressCountry)")
	case !p.Remote:
		bad("jobLocation", "missing: give the place of work, or jobLocationType TELECOMMUTE with applicantLocationRequirements for a remote job")
	case len(p.RemoteAreas) == 0:
		bad("applicantLocationRequirements", "missing: a remote job (TELECOMMUTE) without jobLocation must say where applicants may live, such as {\"@type\": \"Country\", \"name\": \"Deutschland\"}")
	}
	for _, t := range texts(n["employmentType"]) {
		norm := strings.ToUpper(strings.NewReplacer("-", "_", " ", "_").Replace(strings.TrimSpace(t)))
		if !contains(EmploymentTypes, norm) {
			bad("employmentType", "%q is not one of %s", t, strings.Join(EmploymentTypes, ", "))
			continue
		}
		if !contains(p.EmploymentTypes, norm) {
			p.EmploymentTypes = append(p.EmploymentTypes, norm)
		}
	}
	if p.URL != "" {
		if u, err := url.Parse(p.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			bad("url", "%q is not an absolute http(s) URL", cleanField(p.URL))
			p.URL = ""
		}
	}
	p.ID = cleanField(identifier(n["identifier"]))
	if p.ID == "" {
		p.ID = cleanField(p.URL)
	}
	if p.ID == "" {
		h := sha256.Sum256([]byte(p.Title + "\x00" + p.Employer + "\x00" + p.DatePosted.Format(time.DateOnly) + "\x00" + p.Place()))
		p.ID = "h-" + hex.EncodeToString(h[:6])
	}
	return p, probs
}

// names reads a name, an object's name or an array of either.
func names(v any) []string {
	var out []string
	switch x := v.(type) {
	case nil:
	case []any:
		for _, e := range x {
			out = append(out, names(e)...)
		}
	default:
		if s := cleanField(text(x)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// location reads a Place: its address as a PostalAddress object or a
// string, or its name when it has no address.
func location(pl node, byID map[string]node) (Location, bool) {
	if s, ok := pl["address"].(string); ok && strings.TrimSpace(s) != "" {
		return addressFromString(s), true
	}
	for _, a := range objects(pl["address"], byID) {
		l := Location{
			City:       cleanField(text(a["addressLocality"])),
			Region:     cleanField(text(a["addressRegion"])),
			PostalCode: cleanField(text(a["postalCode"])),
			Country:    cleanField(text(a["addressCountry"])),
		}
		if l.City != "" || l.Region != "" || l.Country != "" || l.PostalCode != "" {
			return l, true
		}
	}
	if s := cleanField(text(pl["name"])); s != "" && !isType(pl, "PostalAddress") {
		return addressFromString(s), true
	}
	if isType(pl, "PostalAddress") { // an address given directly as the location
		return location(node{"address": pl}, byID)
	}
	return Location{}, false
}

var postalCity = regexp.MustCompile(`^\s*(?:D-)?(\d{5})\s+(.+)$`)

// addressFromString reads "Musterstraße 1, 20095 Hamburg" or "Köln,
// Deutschland": the part after a postal code is the city, else the first
// part the gazetteer knows, else the first part.
func addressFromString(s string) Location {
	parts := strings.Split(cleanField(s), ",")
	var l Location
	for _, part := range parts {
		if m := postalCity.FindStringSubmatch(part); m != nil {
			return Location{PostalCode: m[1], City: strings.TrimSpace(m[2])}
		}
	}
	for _, part := range parts {
		if part = strings.TrimSpace(part); lookupCity(part) != nil {
			return Location{City: part}
		}
	}
	l.City = strings.TrimSpace(parts[0])
	return l
}

// isoLayouts are the ISO 8601 forms feeds use, date-times first.
var isoLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05.999999999-0700",
	"2006-01-02T15:04-0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
}

// parseISO reads an ISO 8601 date or date-time. A date-time without a zone
// is read as UTC.
func parseISO(s string) (t time.Time, dateOnly bool, err error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, true, nil
	}
	for _, layout := range isoLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), false, nil
		}
	}
	return time.Time{}, false, fmt.Errorf("not an ISO 8601 date: %q", s)
}
