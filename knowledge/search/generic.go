package search

import "strings"

// genericWords are everyday words that are not function words but say
// little about which career topic a question is about: "richtig",
// "still", "take". In a knowledge base of a few dozen entries such a word
// may occur in one entry only, and its idf would then make it look like
// that entry's key word. They keep a fraction of their weight, whether the
// index knows them or not. Words that name a topic here (schnell for
// optimisation, alt for age, sicher for security) are deliberately absent.
var genericWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(germanGeneric + " " + englishGeneric) {
		m[fold(w)] = true
	}
	return m
}()

const genericWeight = 0.35

const germanGeneric = `
richtig richtige richtigen richtiger echt wirklich ueberhaupt gerade schon immer bereits besonders
gern gerne eigentlich ehrlich typisch typische typischen typischer gewoehnlich normalerweise
werde werden wird wirst wurde kuemmern kuemmert kuemmere
meistens oft manchmal heute morgen jetzt spaeter frueher bald sofort stimmt wahr klar sicherlich
ganz ziemlich total voellig recht sogar trotzdem jedoch allerdings also daher deswegen sowieso
genau etwa ungefaehr fast kaum bisschen paar einige mehrere weitere andere sonstige
sagen sage sagt erzaehl erzaehlen erklaeren erklaer erklaere bitte frage fragen wissen weiss moechte
moechten wuerde wuerdest gibt geben geht gehen machen macht mache tun tut kommen kommt sehen sieht
finden findet lassen laesst stehen steht halten haelt bringen bringt gehoeren gehoert passen passt
ding dinge sache sachen zeug art weise fall faelle beispiel bzw usw insgesamt schreiben schreibe schreibt erstellen erstelle
hallo liebe lieber sehr geehrte geehrter damen herren grüße gruss mfg
bedeutet bedeuten bedeutung erwartet erwarten erwartung umgang problem probleme schlimm denke denken ueberlege ueberlegen zuerst erstmal spielt spielen rolle geeignet geeignete geeigneter eignet eignen vorbereiten bereitet
heisst heissen nennt nennen beste besten bester bestes besser reicht reichen genug ausreichend teil teile bereich seite aspekt moeglich erlaeutern erlaeuterung ueblicherweise interessiere interessiert
`

const englishGeneric = `
still really actually even ever quite rather pretty basically generally usually typically
typical often sometimes always never today now later soon right true sure certainly
tell say says explain know wonder wondering want wants wanted would like get gets got getting
go goes going make makes made do does doing thing things stuff kind sort way ways case
example etc anyway however though although therefore much many lot lots bit write writes writing create
hey hello dear sir madam regards thanks please question questions formally speaking
mean means meaning expected expect expects expectation handling problem problems issue take takes taking took build builds building think thinking thought first firstly see seeing look looking consider considering prepare prepares preparing suitable suited appropriate involve involved involves involving play plays role
best better part parts side aspect aspects area areas piece possible enough sufficient
exactly exact precisely specifically particular particularly
use uses used using useful usefulness
`
