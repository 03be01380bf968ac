package content

import (
	"strings"
	"testing"
	"time"
)

// The catalog fields of a course and its sessions: each problem at its line.
func TestCatalogFields(t *testing.T) {
	const head = courseHead + "hours = 2\n"                                                         // the next line is 7
	session := "[[sessions]]\nstart = 2025-10-09T19:00:00+08:00\nend = 2025-10-28T21:00:00+08:00\n" // lines 7-9
	tests := []struct {
		name, src string
		want      []string
	}{
		{"all valid", head + "fee = \"CNY 3800\"\nenrol = \"https://example.org/enrol\"\n" + session +
			"days = [\"tue\", \"thu\"]\nmode = \"online\"\nfee = \"free\"\nenrol = \"learn@example.org\"\n+++\n", nil},
		{"fee without currency", head + "fee = \"3800\"\n+++\n",
			[]string{`content/courses/a.md:7: fee = "3800": write "free" or a currency code and an amount such as "CNY 3800"`}},
		{"fee with a lowercase code", head + "fee = \"cny 3800\"\n+++\n",
			[]string{`content/courses/a.md:7: fee = "cny 3800": write "free" or a currency code and an amount such as "CNY 3800"`}},
		{"fee with a comma", head + "fee = \"HKD 3,800\"\n+++\n",
			[]string{`content/courses/a.md:7: fee = "HKD 3,800": amount "3,800": write "free" or a currency code and an amount such as "CNY 3800"`}},
		{"fee of zero", head + "fee = \"CNY 0\"\n+++\n",
			[]string{`content/courses/a.md:7: fee = "CNY 0": an amount of 0: write "free"`}},
		{"fee as a number", head + "fee = 3800\n+++\n",
			[]string{`content/courses/a.md:7: front matter: fee: incompatible types: write text in quotes, not the number 3800`}},
		{"enrol neither", head + "enrol = \"call us\"\n+++\n",
			[]string{`content/courses/a.md:7: enrol: "call us" is neither a web address nor an e-mail address: write an https:// address or an e-mail address`}},
		{"enrol web address without host", head + "enrol = \"https:///x\"\n+++\n",
			[]string{`content/courses/a.md:7: enrol: "https:///x" is not a web address: write an https:// address or an e-mail address`}},
		{"session mode", head + session + "mode = \"blended\"\n+++\n",
			[]string{`content/courses/a.md:10: session 1: mode = "blended" is not allowed; use one of in-person, online, hybrid`}},
		{"session fee and enrol", head + session + "fee = \"USD\"\nenrol = \"x@\"\n+++\n",
			[]string{
				`content/courses/a.md:10: session 1: fee = "USD": write "free" or a currency code and an amount such as "CNY 3800"`,
				`content/courses/a.md:11: session 1: enrol: "x@" is neither a web address nor an e-mail address: write an https:// address or an e-mail address`,
			}},
		{"session days", head + session + "days = [\"tuesday\", \"thu\"]\n+++\n",
			[]string{`content/courses/a.md:10: session 1: days: "tuesday" is not a weekday; use sun, mon, tue, wed, thu, fri, sat`}},
		{"start not on a day", head + session + "days = [\"mon\"]\n+++\n",
			[]string{`content/courses/a.md:8: session 1 starts on a Thursday, which is not one of its days`}},
		{"daily end before start", head + "[[sessions]]\nstart = 2025-10-09T19:00:00+08:00\nend = 2025-10-10T09:00:00+08:00\n+++\n",
			[]string{`content/courses/a.md:9: session 1: a session meets every day from the start's time to the end's; 09:00 ends before 19:00 starts`}},
		{"over a year", head + "[[sessions]]\nstart = 2025-10-09T19:00:00+08:00\nend = 2027-10-10T21:00:00+08:00\n+++\n",
			[]string{`content/courses/a.md:9: session 1 runs for more than a year; split it into sessions`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, f := problems(t, "content/courses/a.md", tt.src)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("diagnostics:\n got %q\nwant %q", got, tt.want)
			}
			if f == nil {
				t.Fatal("file left out")
			}
		})
	}
}

func TestRuns(t *testing.T) {
	cst := time.FixedZone("", 8*3600)
	c := &Course{Format: "hybrid", Fee: "CNY 3800", Enrol: "enrol@example.org", Sessions: []Session{
		{Start: time.Date(2025, 10, 24, 9, 0, 0, 0, cst), End: time.Date(2025, 10, 26, 17, 0, 0, 0, cst), Mode: "online", Fee: "free"},
		{Start: time.Date(2025, 10, 9, 19, 0, 0, 0, cst), End: time.Date(2025, 10, 28, 21, 0, 0, 0, cst), Days: []string{"tue", "thu"}, Enrol: "https://example.org/a"},
		{},
	}}
	runs := c.Runs()
	if len(runs) != 3 || runs[0].Number != 2 || runs[1].Number != 1 || runs[2].Number != 3 {
		t.Fatalf("order: %+v", runs)
	}
	if runs[0].Mode != "hybrid" || runs[1].Mode != "online" {
		t.Errorf("modes %q %q: want the course's where the session has none", runs[0].Mode, runs[1].Mode)
	}
	if runs[0].Fee != (Fee{Currency: "CNY", Amount: "3800"}) || !runs[1].Fee.Free {
		t.Errorf("fees %+v %+v", runs[0].Fee, runs[1].Fee)
	}
	if runs[0].EnrolURL != "https://example.org/a" || runs[1].EnrolURL != "mailto:enrol@example.org" {
		t.Errorf("enrol %q %q", runs[0].EnrolURL, runs[1].EnrolURL)
	}
	var days []string
	for _, m := range runs[0].Meetings() {
		days = append(days, m.Format("Mon 2 15:04"))
	}
	if got, want := strings.Join(days, ", "), "Thu 9 19:00, Tue 14 19:00, Thu 16 19:00, Tue 21 19:00, Thu 23 19:00, Tue 28 19:00"; got != want {
		t.Errorf("meetings:\n got %s\nwant %s", got, want)
	}
	if n := len(runs[1].Meetings()); n != 3 {
		t.Errorf("a daily session of three days meets %d times", n)
	}
	if z := runs[0].Zone(); z != "UTC+08:00" {
		t.Errorf("zone %q", z)
	}
	if g := (Fee{Currency: "HKD", Amount: "1234567.5"}).Grouped(); g != "1,234,567.5" {
		t.Errorf("grouped %q", g)
	}
}

func FuzzParseFee(f *testing.F) {
	for _, s := range []string{"free", "CNY 3800", "HKD 4500.50", "USD 0.5", "CNY 0", "CNY 01", "CNY 1.", "cny 1", "CNY  1", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fee, err := ParseFee(s)
		if err != nil {
			if fee.Stated() {
				t.Errorf("%q refused but stated", s)
			}
			return
		}
		if s == "" || fee.Free {
			return
		}
		// An accepted fee writes back to what was read.
		if back := fee.Currency + " " + fee.Amount; back != s {
			t.Errorf("%q read as %q", s, back)
		}
		if strings.ReplaceAll(fee.Grouped(), ",", "") != fee.Amount {
			t.Errorf("grouping %q changes the amount", fee.Amount)
		}
	})
}

func FuzzEnrolLink(f *testing.F) {
	for _, s := range []string{"https://example.org/enrol", "learn@example.org", "mailto:a@b.c", "http://", "a b@c", "x@", "javascript:alert(1)", "<a@b.c>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := EnrolLink(s)
		if err != nil || s == "" {
			return
		}
		if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "mailto:") {
			t.Errorf("%q gives the link %q", s, u)
		}
		if strings.ContainsAny(u, " \"<>") {
			t.Errorf("%q gives a link with a space or bracket: %q", s, u)
		}
	})
}
