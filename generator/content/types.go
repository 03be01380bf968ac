package content

import "time"

// Common is the front matter every page may carry.
type Common struct {
	Title          string    `toml:"title"`
	Summary        string    `toml:"summary"`
	Date           time.Time `toml:"date"`
	Lastmod        time.Time `toml:"lastmod"`
	Draft          bool      `toml:"draft"`
	Weight         int       `toml:"weight"`
	Slug           string    `toml:"slug"`
	Topics         []string  `toml:"topics"`
	Aliases        []string  `toml:"aliases"`
	TranslationKey string    `toml:"translationKey"`
	// Image is the page's picture for link previews (og:image): a path
	// below static/ or the page bundle's folder.
	Image string `toml:"image"`
}

// Course is the front matter of a page in courses/.
type Course struct {
	Code         string   `toml:"code"`
	Level        string   `toml:"level"`
	Format       string   `toml:"format"`
	Hours        float64  `toml:"hours"`
	Language     string   `toml:"language"`
	Certificates []string `toml:"certificates"`
	// Fee is "free" or an ISO 4217 currency code and an amount, "CNY 3800";
	// empty when the course does not state it (see ParseFee).
	Fee string `toml:"fee"`
	// Enrol is where learners sign up: an http(s) URL or an e-mail
	// address (see EnrolLink). Without it, pages point to the contact.
	Enrol         string    `toml:"enrol"`
	Speakers      []string  `toml:"speakers"`
	Prerequisites []string  `toml:"prerequisites"`
	Outcomes      []string  `toml:"outcomes"`
	Modules       []Module  `toml:"modules"`
	Sessions      []Session `toml:"sessions"`
}

// Module is one part of a course's syllabus.
type Module struct {
	Title    string   `toml:"title"`
	Hours    float64  `toml:"hours"`
	Speakers []string `toml:"speakers"`
}

// Session is one scheduled run of a course. It meets every day from the
// date of Start to the date of End, from Start's time of day to End's, or
// only on the weekdays Days names ("tue", "thu"). Mode, Fee and Enrol,
// when set, replace the course's for this session.
type Session struct {
	Start    time.Time `toml:"start"`
	End      time.Time `toml:"end"`
	Days     []string  `toml:"days"`
	Mode     string    `toml:"mode"`
	Location string    `toml:"location"`
	Seats    int       `toml:"seats"`
	Fee      string    `toml:"fee"`
	Enrol    string    `toml:"enrol"`
}

// Case is the front matter of a page in cases/.
type Case struct {
	Year    int      `toml:"year"`
	Region  string   `toml:"region"`
	Parties []string `toml:"parties"`
	Outcome string   `toml:"outcome"`
	Related []string `toml:"related"`
}

// Policy is the front matter of a page in policies/.
type Policy struct {
	Issuer       string    `toml:"issuer"`
	Jurisdiction string    `toml:"jurisdiction"`
	Number       string    `toml:"number"`
	Issued       time.Time `toml:"issued"`
	Effective    time.Time `toml:"effective"`
	Status       string    `toml:"status"`
	Source       string    `toml:"source"`
	Related      []string  `toml:"related"`
}

// Speaker is the front matter of a page in speakers/.
type Speaker struct {
	Name         string            `toml:"name"`
	Role         string            `toml:"role"`
	Organization string            `toml:"organization"`
	Photo        string            `toml:"photo"`
	Languages    []string          `toml:"languages"`
	Links        map[string]string `toml:"links"`
}

// The content types, named by their section.
const (
	TypeCourses  = "courses"
	TypeCases    = "cases"
	TypePolicies = "policies"
	TypeSpeakers = "speakers"
	TypePage     = "page"
)

// Allowed values of the enumerated fields.
var (
	Levels        = []string{"foundation", "intermediate", "advanced"}
	Formats       = []string{"in-person", "online", "hybrid"}
	Jurisdictions = []string{"international", "national", "guangdong", "shenzhen", "hong-kong"}
	Statuses      = []string{"in-force", "amended", "repealed"}
)
