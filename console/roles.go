package console

import "fmt"

// Role is what a console user may do; each role includes the ones before.
type Role string

// The roles, from least to most.
const (
	Viewer    Role = "viewer"    // reads everything, tries the preview
	Editor    Role = "editor"    // edits the draft and the inbox
	Publisher Role = "publisher" // publishes and rolls back
	Admin     Role = "admin"     // users and settings
)

// Roles lists the roles from least to most.
var Roles = []Role{Viewer, Editor, Publisher, Admin}

func (r Role) rank() int {
	for i, x := range Roles {
		if x == r {
			return i + 1
		}
	}
	return 0
}

// Includes reports whether r may do what need may.
func (r Role) Includes(need Role) bool { return r.rank() >= need.rank() && r.rank() > 0 }

// ParseRole checks a role name.
func ParseRole(s string) (Role, error) {
	if r := Role(s); r.rank() > 0 {
		return r, nil
	}
	return "", fmt.Errorf("unknown role %q: use viewer, editor, publisher or admin", s)
}
