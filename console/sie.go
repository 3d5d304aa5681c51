package console

import "github.com/careerbot/careerbot/knowledge"

// sieSupported says whether the editor shows the formal German answers.
const sieSupported = true

// getSie and setSie copy the formal German answers between a text and
// its form.
func getSie(t knowledge.Text, f *textForm) {
	f.AnswerSie, f.VariantSie = t.AnswerSie, t.VariantSie
}

func setSie(t *knowledge.Text, f *textForm) {
	t.AnswerSie, t.VariantSie = f.AnswerSie, f.VariantSie
}
