// Package jobs reads the recruiting team's open positions in the standard
// format career sites publish for Google for Jobs (schema.org JobPosting
// JSON-LD), validates them, and finds the ones that fit a question: place
// (city, federal state, region, "near"), remote work, employment type,
// skills and seniority, parsed from German or English free text. Storage is
// the knowledge package's; this package holds no SQL.
package jobs

import (
	"fmt"
	"strings"
	"time"
)

// Limits on what is read, so that a broken or hostile feed cannot exhaust
// memory.
const (
	// MaxFeedBytes bounds a file or feed.
	MaxFeedBytes = 64 << 20
	// MaxPostings bounds the postings in one file or feed.
	MaxPostings = 50000
	// MaxDescriptionRunes bounds a posting's plain-text description.
	MaxDescriptionRunes = 20000
	// maxFieldRunes bounds every other text field.
	maxFieldRunes = 500
)

// Posting is one open position, normalised from JSON-LD.
type Posting struct {
	// ID is the posting's identifier (its value when a PropertyValue), else
	// its url, else a hash of title, employer and date.
	ID    string `json:"id"`
	Title string `json:"title"`
	// Description is plain text: the HTML is turned into paragraphs and
	// "- " bullets, with nothing executable left.
	Description string `json:"description"`
	// Employer is the hiring organisation's name; "" when the posting is for
	// an unnamed client (a name such as "confidential" or "Kunde").
	Employer     string     `json:"employer"`
	DatePosted   time.Time  `json:"date_posted"`
	ValidThrough time.Time  `json:"valid_through,omitzero"`
	URL          string     `json:"url,omitempty"`
	Locations    []Location `json:"locations,omitempty"`
	// Remote is jobLocationType TELECOMMUTE; RemoteAreas are the
	// applicantLocationRequirements' names ("Deutschland").
	Remote          bool     `json:"remote,omitempty"`
	RemoteAreas     []string `json:"remote_areas,omitempty"`
	EmploymentTypes []string `json:"employment_types,omitempty"`
}

// Location is a posting's place as its address gives it.
type Location struct {
	City       string `json:"city,omitempty"`
	Region     string `json:"region,omitempty"`
	PostalCode string `json:"postal_code,omitempty"`
	Country    string `json:"country,omitempty"`
}

// Expired reports whether the posting is past its validThrough at now.
func (p Posting) Expired(now time.Time) bool {
	return !p.ValidThrough.IsZero() && !now.Before(p.ValidThrough)
}

// Place is the posting's first location as shown: "Köln", "Köln, NRW" when
// the city is unknown to the gazetteer but a region is given, or "" for a
// remote-only posting.
func (p Posting) Place() string {
	var names []string
	for _, l := range p.Locations {
		n := l.City
		if n == "" {
			n = l.Region
		}
		if n == "" {
			n = l.Country
		}
		if n != "" && !contains(names, n) {
			names = append(names, n)
		}
	}
	return strings.Join(names, " / ")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Problem is one thing wrong with a posting: which posting (its identifier,
// url or position), which field, what is wrong.
type Problem struct {
	Posting string
	Field   string
	Message string
}

func (p Problem) String() string {
	if p.Field == "" {
		return fmt.Sprintf("%s: %s", p.Posting, p.Message)
	}
	return fmt.Sprintf("%s: %s: %s", p.Posting, p.Field, p.Message)
}

// ValidationError lists every problem found in a file or feed. Nothing of
// it is imported.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d problem(s) in the job postings:", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  - ")
		b.WriteString(p.String())
	}
	return b.String()
}
