package knowledge

import (
	"bytes"
	_ "embed"
	"fmt"
)

// defaultContent is the knowledge base a new database starts with, written
// for careerbot from the facts of the backend-developer job profile.
//
//go:embed content/default.yaml
var defaultContent []byte

// DefaultContent returns the embedded default knowledge base.
func DefaultContent() (*Document, error) {
	doc, err := Decode(bytes.NewReader(defaultContent))
	if err != nil {
		return nil, fmt.Errorf("default content: %w", err)
	}
	return doc, nil
}
