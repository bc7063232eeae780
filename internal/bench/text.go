package bench

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
)

// The city's vocabulary: ideas are sentences over these words, so search terms and
// similar-idea queries hit realistic postings (a few topics very common, most rare).
var (
	topics = []string{
		"Radweg", "Parkplatz", "Spielplatz", "Bürgeramt", "Terminvergabe", "Straßenbeleuchtung",
		"Müllabfuhr", "Grünfläche", "Bushaltestelle", "Schulweg", "Stadtbibliothek", "Hallenbad",
		"Wochenmarkt", "Baumpflanzung", "Sperrmüll", "Hundewiese", "Ladesäule", "Carsharing",
		"Fahrradständer", "Trinkbrunnen", "Sitzbank", "Mängelmelder", "Onlineformular", "Wohngeldantrag",
		"Kitaplatz", "Anwohnerparkausweis", "Baustellenkoordination", "Ampelschaltung", "Lärmschutz",
		"Hitzeschutz", "Regenwasser", "Photovoltaik", "Stadtteilzentrum", "Jugendtreff",
		"Seniorenberatung", "Ehrenamtsbörse", "Feuerwehrzufahrt", "Friedhofsverwaltung", "Marktplatz",
		"Fußgängerzone", "Gewerbeanmeldung", "Personalausweis", "Hundesteuer", "Bauantrag",
		"Schultoilette", "Mensa", "Stadtwald", "Kompostierung", "Elektroroller", "Nachtbus",
	}
	places = []string{
		"in der Altstadt", "am Hafen", "in Kinderhaus", "in Hiltrup", "am Aasee", "in Gievenbeck",
		"in Wolbeck", "am Hauptbahnhof", "in Roxel", "in Coerde", "an der Promenade", "im Kreuzviertel",
		"in Amelsbüren", "in Handorf", "im Südviertel", "in Mecklenbeck", "an allen Schulen",
		"in allen Stadtteilen", "im Rathaus", "in der Innenstadt",
	}
	actions = []string{
		"digitalisieren", "vereinfachen", "ausbauen", "sicherer machen", "besser beleuchten",
		"barrierefrei gestalten", "online buchbar machen", "mit Sensoren ausstatten", "begrünen",
		"beschleunigen", "zusammenlegen", "mehrsprachig anbieten", "kinderfreundlich gestalten",
		"klimafreundlich umbauen", "verlegen", "erweitern",
	}
	benefits = []string{
		"spart Wartezeit", "senkt die Kosten", "entlastet die Mitarbeitenden", "schützt das Klima",
		"erhöht die Sicherheit", "macht die Stadt lebenswerter", "hilft Familien mit Kindern",
		"erleichtert älteren Menschen den Alltag", "verkürzt Wege", "reduziert Papier",
		"verbessert die Luftqualität", "stärkt die Nachbarschaft",
	}
	fillers = []string{
		"Viele Bürgerinnen und Bürger haben das Problem bereits gemeldet.",
		"Andere Kommunen haben damit gute Erfahrungen gemacht.",
		"Die Umsetzung wäre mit vorhandenen Mitteln möglich.",
		"Ein Pilot in einem Stadtteil könnte zeigen, ob es wirkt.",
		"Die Daten dazu liegen der Verwaltung bereits vor.",
		"Wichtig ist eine frühe Beteiligung der Anwohnenden.",
		"Das Onlinezugangsgesetz verlangt ohnehin eine digitale Lösung.",
		"Die Kosten ließen sich über Fördermittel des Landes decken.",
		"Zur Zeit dauert der Vorgang mehrere Wochen.",
		"Ein einfaches Formular würde schon viel helfen.",
		"Die Feuerwehr und das Ordnungsamt sollten einbezogen werden.",
		"Die Barrierefreiheit muss von Anfang an mitgedacht werden.",
	}
	tagPool = []string{
		"Mobilität", "Umwelt", "Digitalisierung", "Bildung", "Soziales", "Verwaltung", "Sicherheit",
		"Kultur", "Sport", "Klima", "Familie", "Wirtschaft", "Gesundheit", "Bauen", "Energie",
	}
	commentPhrases = []string{
		"Gute Idee, das wünsche ich mir schon lange.", "Wie soll das finanziert werden?",
		"In unserem Stadtteil wäre das besonders wichtig.", "Das gibt es in Münster doch schon teilweise.",
		"Bitte auch an Menschen mit Behinderung denken.", "Ich unterstütze das ausdrücklich!",
		"Hat jemand Erfahrungen aus anderen Städten?", "Die Verwaltung sollte das zügig prüfen.",
		"Vielleicht zuerst als Pilot im Rathaus?", "Das würde vielen Familien helfen.",
	}
)

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// ideaText is the text of one generated idea.
type ideaText struct {
	Title, Summary, Description, Problem, Benefit string
	Tags                                          []string
	Topic                                         string
}

func genIdeaText(r *rand.Rand) ideaText {
	topic := topics[zipfIndex(r, len(topics))]
	place, action := pick(r, places), pick(r, actions)
	t := ideaText{Topic: topic}
	t.Title = topic + " " + place + " " + action
	if len([]rune(t.Title)) > 120 {
		t.Title = string([]rune(t.Title)[:120])
	}
	t.Summary = "Den " + topic + " " + place + " " + action + ": das " + pick(r, benefits) + " und " + pick(r, benefits) + "."
	var b strings.Builder
	b.WriteString("## Worum geht es?\n\n")
	for range 3 + r.IntN(3) {
		b.WriteString(pick(r, fillers))
		b.WriteByte(' ')
	}
	b.WriteString("\n\n## Vorschlag\n\n")
	b.WriteString("Wir schlagen vor, den **" + topic + "** " + place + " zu " + action + ". ")
	for range 3 + r.IntN(4) {
		b.WriteString(pick(r, fillers))
		b.WriteByte(' ')
	}
	b.WriteString("\n\n- " + pick(r, benefits) + "\n- " + pick(r, benefits) + "\n- " + pick(r, benefits) + "\n")
	t.Description = b.String()
	t.Problem = "Der " + topic + " " + place + " ist heute nicht zufriedenstellend. " + pick(r, fillers)
	t.Benefit = "Die Idee " + pick(r, benefits) + ". " + pick(r, fillers)
	n := 1 + r.IntN(3)
	for len(t.Tags) < n {
		tg := pick(r, tagPool)
		if !slices.Contains(t.Tags, tg) {
			t.Tags = append(t.Tags, tg)
		}
	}
	return t
}

func genComment(r *rand.Rand) string {
	s := pick(r, commentPhrases)
	if r.IntN(2) == 0 {
		s += " " + pick(r, fillers)
	}
	return s
}

// zipfIndex draws an index in [0, n) with weight 1/(k+2): a few values are common.
func zipfIndex(r *rand.Rand, n int) int {
	// Inverse transform of the continuous approximation of 1/(x+2) on [0, n).
	u := r.Float64()
	lo, hi := 2.0, float64(n)+2
	x := lo*math.Pow(hi/lo, u) - 2
	return min(int(x), n-1)
}
