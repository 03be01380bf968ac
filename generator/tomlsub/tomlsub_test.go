package tomlsub

import (
	"reflect"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

// The shapes of field front matter uses, split in two like a page's common
// and typed fields.
type common struct {
	Title  string    `toml:"title"`
	Date   time.Time `toml:"date"`
	Draft  bool      `toml:"draft"`
	Weight int       `toml:"weight"`
	Topics []string  `toml:"topics"`
	Plain  string
}

type typed struct {
	Hours    float64           `toml:"hours"`
	Count    int64             `toml:"count"`
	Modules  []module          `toml:"modules"`
	Links    map[string]string `toml:"links"`
	Skipped  string            `toml:"-"`
	internal string
}

type module struct {
	Title    string    `toml:"title"`
	Hours    float64   `toml:"hours"`
	Start    time.Time `toml:"start"`
	Speakers []string  `toml:"speakers"`
}

// both is how BurntSushi/toml sees the two structs: keys at one level.
type both struct {
	*common
	*typed
}

// reference decodes src with BurntSushi/toml, reporting whether it decoded
// without error and without keys left over.
func reference(src string) (common, typed, bool) {
	var c common
	var t typed
	md, err := toml.Decode(src, &both{&c, &t})
	return c, t, err == nil && len(md.Undecoded()) == 0
}

// check decodes src both ways; when Decode takes it, the values must be the
// reference's.
func check(t *testing.T, src string) bool {
	t.Helper()
	var c common
	var ty typed
	if !Decode(src, &c, &ty) {
		if !reflect.DeepEqual(c, common{}) || !reflect.DeepEqual(ty, typed{}) {
			t.Fatalf("declined %q but changed the targets: %+v %+v", src, c, ty)
		}
		return false
	}
	rc, rt, ok := reference(src)
	if !ok {
		t.Fatalf("took %q, which BurntSushi/toml rejects or leaves keys of", src)
	}
	if !reflect.DeepEqual(c, rc) || !reflect.DeepEqual(ty, rt) {
		t.Fatalf("decoding %q:\n got  %#v\n      %#v\n want %#v\n      %#v", src, c, ty, rc, rt)
	}
	return true
}

var taken = []string{
	"",
	"\n\n# only a comment\n",
	`title = "A plain title"`,
	"title = \"技术转移\"\r\ndate = 2024-12-03\r\n",
	`title = ""`,
	"title=\"tight\"#comment\ndraft=true",
	"  weight = -12   # indented, with a comment\n",
	"weight = 0\ndraft = false",
	"hours = 11",
	"hours = 2.5",
	"hours = -0.0",
	"count = 999999999999999",
	"date = 2025-11-28T09:00:00+08:00",
	"date = 2025-11-28T09:00:00-03:30",
	"date = 2025-11-28T09:00:00Z",
	"date = 2025-11-28T09:00:00",
	// BurntSushi/toml's local zones keep the offset of start-up: where
	// the offset changes in the year (TZ=America/New_York), a summer and a
	// winter date tell them from time.Local.
	"date = 2024-07-01",
	"date = 2024-07-01T12:00:00",
	"date = 2024-01-15T12:00:00",
	"topics = []",
	`topics = ["a", "b",]`,
	"topics = [\n  \"a\", # first\n  \"b\"\n\n]",
	"Plain = \"by field name\"",
	"title = \"t\"\n[[modules]]\ntitle = \"One\"\nhours = 3\n[[modules]]\nhours = 1.5\nspeakers = [\"s-1\"]\nstart = 2025-01-02",
	"[links]\nwebsite = \"https://example.org/\"\nemail = \"mailto:a@example.org\"",
	"[links]",
	"[[modules]] # first\n\n[links] # then\n",
	"title = \"tab\tinside\"",
}

var declined = []string{
	"title = 'literal'",
	`title = "with \"escape\""`,
	`title = """multi"""`,
	"title = \"unterminated",
	"title = \"a\" \"b\"",
	"title = \"x\"\ntitle = \"y\"",
	"Title = \"another case\"",
	"unknown = 1",
	"Skipped = \"x\"",
	"internal = \"x\"",
	"a.b = 1",
	`"title" = "quoted key"`,
	"title = 1",
	"weight = 1.5",
	"weight = +1",
	"weight = 1_000",
	"weight = 0x10",
	"weight = 012",
	"hours = 1e3",
	"hours = .5",
	"hours = 1.",
	"hours = inf",
	"count = 1234567890123456",
	"draft = True",
	"date = 2024-13-01",
	"date = 2024-1-01",
	"date = 2024-01-01 10:00:00",
	"date = 2024-01-01T10:00:00.5Z",
	"date = \"2024-01-01T10:00:00Z\"",
	"topics = [1, 2]",
	"topics = [\"a\" \"b\"]",
	"topics = [\"a\"",
	"topics = [[\"a\"]]",
	"topics = \"a\"",
	"[modules]\ntitle = \"x\"",
	"[[links]]",
	"[links]\n[links]",
	"[links]\nwebsite = 1",
	"[links]\nwebsite = \"a\"\nwebsite = \"b\"",
	"[[modules]]\nunknown = 1",
	"[[modules]]\ntitle = \"a\"\ntitle = \"b\"",
	"[ links ]",
	"[links.sub]",
	"[title]",
	"title = \"x\"\n[[title]]",
	"links = { website = \"x\" }",
	"title = \"x\"\rdate = 2024-01-01",
	"title = \"bad\x01control\"",
	"title = \"x\" # bad\x01comment",
	"title = \"\xff\"",
	"\ufefftitle = \"byte order mark\"",
}

func TestDecodeMatchesBurntSushi(t *testing.T) {
	for _, src := range taken {
		if !check(t, src) {
			t.Errorf("declined %q, which is in the subset", src)
		}
	}
	for _, src := range declined {
		if check(t, src) {
			t.Errorf("took %q, which is outside the subset", src)
		}
	}
}

// Local dates and date-times keep BurntSushi/toml's zones, whatever the
// machine's: those zones are read off it, not assumed.
func TestDecodeInAnotherZone(t *testing.T) {
	saved := time.Local
	defer func() { time.Local = saved }()
	time.Local = time.FixedZone("CST", 8*3600)
	for _, src := range []string{"date = 2025-11-28T09:00:00+08:00", "date = 2025-11-28T09:00:00+02:00", "date = 2024-12-03"} {
		var c common
		if !Decode(src, &c) {
			t.Fatalf("declined %q", src)
		}
		var want common
		if _, err := toml.Decode(src, &want); err != nil {
			t.Fatal(err)
		}
		if !c.Date.Equal(want.Date) || c.Date.Location().String() != want.Date.Location().String() {
			t.Errorf("%q: got %v, want %v", src, c.Date, want.Date)
		}
	}
}

func TestDecodeLeavesFilledTargets(t *testing.T) {
	c := common{Title: "already"}
	if Decode(`draft = true`, &c) || c.Title != "already" || c.Draft {
		t.Errorf("decoded into a struct that was not zero: %+v", c)
	}
	if Decode(`title = "x"`, common{}) {
		t.Error("decoded into a struct that is not a pointer")
	}
	type withDuration struct {
		Wait time.Duration `toml:"wait"`
	}
	if Decode(`wait = 5`, &withDuration{}) {
		t.Error("decoded into a time.Duration, which BurntSushi/toml decodes its own way")
	}
}

func FuzzDecode(f *testing.F) {
	for _, src := range append(taken, declined...) {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		check(t, src)
	})
}
