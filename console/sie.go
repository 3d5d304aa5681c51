package console

import "github.com/careerbot/careerbot/knowledge"

// sieSupported says whether knowledge.Text has the formal answers yet.
const sieSupported = false

// getSie and setSie copy the formal German answers between a text and its
// form, once knowledge.Text has them.
func getSie(t knowledge.Text, f *textForm) {}

func setSie(t *knowledge.Text, f *textForm) {}
