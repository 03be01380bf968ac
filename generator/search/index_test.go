package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// sampleDocs is a small bilingual site: pages in English, Simplified and
// Traditional Chinese, with course codes, mixed text and markup as text.
func sampleDocs() []Document {
	body := func(blocks ...string) PageText { return PageText{Body: blocks, Paragraphs: blocks} }
	return []Document{
		{URL: "courses/itt-201/", Lang: "en", Type: "courses", Title: "Evaluating Scientific and Technological Achievements",
			Summary: "An intermediate course on evaluation indicators and pricing a transfer.", Facts: []string{"ITT-201", "RTTP"},
			Text: PageText{Headings: []string{"Licensing in practice"}, Body: []string{"Trainees draft a licence agreement and negotiate its royalties.", "The course leads to the RTTP certification."}}},
		{URL: "courses/itt-101/", Lang: "en", Type: "courses", Title: "National Technology Transfer Policy",
			Summary: "A foundation course.", Facts: []string{"ITT-101"},
			Text: body("Licensing appears once in the body of this page, far from agreement, which is elsewhere.")},
		{URL: "cases/licence-deal/", Lang: "en", Type: "cases", Title: "A licence agreement for a university's patents",
			Summary: "How the theory of licensing met practice in Shenzhen.",
			Text:    body("The licence agreement set royalties, milestones and a field of use.", "Shown as text: <script>alert(1)</script>")},
		{URL: "speakers/han-jun/", Lang: "en", Type: "speakers", Title: "Han Jun", Facts: []string{"Han Jun", "Shenzhen Technology University", "Professor"},
			Text: body("Han Jun teaches technology transfer and WTO intellectual property rules.")},
		{URL: "zh/courses/itt-201/", Lang: "zh", Type: "courses", Title: "科技成果评价", Summary: "中级课程：讲解科技成果评价的指标和方法。",
			Facts: []string{"ITT-201"},
			Text:  PageText{Headings: []string{"机器学习与技术转移"}, Body: []string{"学员通过RTTP认证，学习国际技术转移和知识产权保护。", "WTO知识产权规则是课程的重点。"}}},
		{URL: "zh/cases/software/", Lang: "zh", Type: "cases", Title: "軟體授權案例", Summary: "台灣大學將資料庫軟體授權給深圳企業。",
			Text: body("雙方在網路上完成談判，記憶體容量和機器學習模型一併移轉。", "粵港澳大灣區的技術轉移")},
		{URL: "zh/policies/ip/", Lang: "zh", Type: "policies", Title: "知识产权保护条例", Summary: "关于知识产权保护的地方性法规。",
			Facts: []string{"深圳市人大常委会"},
			Text:  body("本条例适用于粤港澳大湾区内的技术转移活动，以及软件和数据库的保护。", "衞生、裏面、著作。")},
		{URL: "zh/speakers/han-jun/", Lang: "zh", Type: "speakers", Title: "韩军", Facts: []string{"韩军", "深圳技术大学"},
			Text: body("韩军教授讲授技术转移课程。")},
	}
}

// writeIndex builds an index of docs (added in the order given by perm)
// and returns its files.
func writeIndex(t testing.TB, docs []Document, perm []int, opts Options) map[string][]byte {
	t.Helper()
	b := NewBuilder(len(docs), []string{"en", "zh"}, opts)
	for _, i := range perm {
		b.Add(i, docs[i])
	}
	files := map[string][]byte{}
	err := b.Write(func(path string, data []byte) error {
		if _, dup := files[path]; dup {
			return fmt.Errorf("%s written twice", path)
		}
		files[path] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func identity(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func TestDeterministic(t *testing.T) {
	docs := sampleDocs()
	a := writeIndex(t, docs, identity(len(docs)), Options{ShardBytes: 200, PositionsBytes: 100, BundleBytes: 300})
	rev := identity(len(docs))
	slices.Reverse(rev)
	b := writeIndex(t, docs, rev, Options{ShardBytes: 200, PositionsBytes: 100, BundleBytes: 300})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two builds of the same pages differ")
	}
	var shards int
	for p := range a {
		if strings.Contains(p, "/t") {
			shards++
		}
	}
	if shards < 3 {
		t.Errorf("%d shards: the byte budget did not split the index", shards)
	}
}

// The postings are written in spans of documents at once, one per CPU
// (see span). Any number of spans must give the same files as one: terms
// in most pages (bitmaps) and in few (lists), with their bitmap bytes and
// impacts shared across the spans' borders.
func TestSpansWriteTheSameIndex(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	common := strings.Fields("licence royalty patent transfer agreement 技术 转移 许可")
	rare := strings.Fields("milestone audit territory exclusivity improvement field 里程碑 审计 地域 独占")
	var docs []Document
	for i := range 301 {
		var words []string
		for range 40 + r.IntN(40) {
			if r.IntN(4) == 0 {
				words = append(words, rare[r.IntN(len(rare))]+fmt.Sprint(r.IntN(30)))
			} else {
				words = append(words, common[r.IntN(len(common))])
			}
		}
		lang := []string{"en", "zh"}[i%2]
		docs = append(docs, Document{URL: fmt.Sprintf("cases/c-%03d/", i), Lang: lang, Type: "cases", Title: fmt.Sprintf("Case %d", i),
			Text: PageText{Body: []string{strings.Join(words, " ")}}})
	}
	opts := Options{ShardBytes: 2000, PositionsBytes: 1000, BundleBytes: 3000}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(1)
	want := writeIndex(t, docs, identity(len(docs)), opts)
	for _, n := range []int{2, 3, 8, 64} {
		runtime.GOMAXPROCS(n)
		if got := writeIndex(t, docs, identity(len(docs)), opts); !reflect.DeepEqual(got, want) {
			t.Errorf("%d spans: the index differs from one span's", n)
		}
	}
}

// testIndex reads an index back whole, to test what it holds.
type testIndex struct {
	m      manifest
	terms  map[string]*ShardTerm
	sorted []string
	pos    map[string][][]uint32
	urls   []string
}

func openIndex(t testing.TB, files map[string][]byte) *testIndex {
	t.Helper()
	x := &testIndex{terms: map[string]*ShardTerm{}, pos: map[string][][]uint32{}}
	if err := json.Unmarshal(files[Dir+"manifest.json"], &x.m); err != nil {
		t.Fatal(err)
	}
	for i, first := range x.m.Shards {
		s, err := DecodeShard(files[fmt.Sprintf("%s%st%d", Dir, x.m.Dir, i)])
		if err != nil {
			t.Fatalf("shard %d: %v", i, err)
		}
		for j := range s.Terms {
			st := &s.Terms[j]
			if compareTerms(st.Term, first) < 0 {
				t.Fatalf("term %q in shard %d, which starts at %q", st.Term, i, first)
			}
			x.terms[st.Term] = st
			x.sorted = append(x.sorted, st.Term)
			if st.PosLen > 0 {
				raw, err := gunzip(files[fmt.Sprintf("%s%sp%d", Dir, x.m.Dir, s.PosFiles[st.PosFile])])
				if err != nil {
					t.Fatal(err)
				}
				ps, err := DecodePositions(raw[st.PosOffset:st.PosOffset+st.PosLen], len(st.Docs))
				if err != nil {
					t.Fatalf("positions of %q: %v", st.Term, err)
				}
				x.pos[st.Term] = ps
			}
		}
	}
	if !slices.IsSortedFunc(x.sorted, compareTerms) {
		t.Fatal("terms are not sorted")
	}
	for b := 0; b*x.m.Bundle < x.m.Docs; b++ {
		var entries [][3]string
		raw, err := gunzip(files[fmt.Sprintf("%s%se%d", Dir, x.m.Dir, b)])
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, &entries); err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			x.urls = append(x.urls, e[0])
		}
	}
	return x
}

func TestRoundTrip(t *testing.T) {
	docs := sampleDocs()
	files := writeIndex(t, docs, identity(len(docs)), Options{ShardBytes: 300, PositionsBytes: 200, BundleBytes: 400})
	x := openIndex(t, files)
	if x.m.Docs != len(docs) || len(x.urls) != len(docs) {
		t.Fatalf("%d documents, %d in bundles; want %d", x.m.Docs, len(x.urls), len(docs))
	}
	// Documents are sorted by language, then type, then URL, and the
	// ranges say so.
	if !slices.IsSortedFunc(x.urls[:4], strings.Compare) || !strings.HasPrefix(x.urls[4], "zh/") {
		t.Errorf("document order: %v", x.urls)
	}
	want := [][4]any{{"en", "cases", 0, 1}, {"en", "courses", 1, 3}, {"en", "speakers", 3, 4}, {"zh", "cases", 4, 5},
		{"zh", "courses", 5, 6}, {"zh", "policies", 6, 7}, {"zh", "speakers", 7, 8}}
	for i, r := range x.m.Ranges {
		if got := [4]any{r.Lang, r.Type, r.Start, r.End}; got != want[i] {
			t.Errorf("range %d = %v, want %v", i, got, want[i])
		}
	}
	// Every token of every page is in the index with that page; pairs of
	// Han characters at their positions, other terms with none.
	a := NewAnalyzer()
	for _, d := range docs {
		n := slices.Index(x.urls, d.URL)
		var toks []Token
		st := a.stream(func(term string, pos int, _ Field) { toks = append(toks, Token{term, pos}) })
		for _, text := range append(append(append(append([]string{d.Title}, d.Text.Headings...), d.Facts...), d.Summary), d.Text.Body...) {
			st.add(text, FieldBody)
		}
		st.finish()
		for _, tok := range toks {
			term := x.terms[tok.Term]
			if term == nil {
				t.Fatalf("%s: term %q missing", d.URL, tok.Term)
			}
			k, found := slices.BinarySearch(term.Docs, uint32(n))
			if !found {
				t.Fatalf("%s: term %q lacks the page", d.URL, tok.Term)
			}
			if term.Impacts[k] < 1 || term.Impacts[k] > impactLevels {
				t.Errorf("%s: impact %d", d.URL, term.Impacts[k])
			}
			pair := utf8.RuneCountInString(tok.Term) == 2 && isHan([]rune(tok.Term)[0])
			if ps := x.pos[tok.Term]; pair != (ps != nil) {
				t.Errorf("%s: term %q keeps positions %v", d.URL, tok.Term, ps != nil)
			} else if pair && !slices.Contains(ps[k], uint32(tok.Pos)) {
				t.Errorf("%s: term %q lacks position %d: %v", d.URL, tok.Term, tok.Pos, ps[k])
			}
		}
	}
}

// TestFind holds the reference reader to the semantics of doc.go on the
// sample pages; differential_test.go holds search.js to the reference.
func TestFind(t *testing.T) {
	docs := sampleDocs()
	ref := newReference(docs)
	urls := func(q string) string {
		var out []string
		for _, m := range ref.find(q) {
			u := docs[m.Page].URL
			if m.Partial {
				u += fmt.Sprintf("~%.2f", m.Coverage)
			}
			out = append(out, u)
		}
		slices.Sort(out)
		return strings.Join(out, " ")
	}
	for _, tc := range []struct {
		q    string
		want string
	}{
		{"licence agreement", "cases/licence-deal/ courses/itt-201/"},
		{"licensing", "cases/licence-deal/ courses/itt-101/ courses/itt-201/"},
		{"licen", "cases/licence-deal/ courses/itt-101/ courses/itt-201/"},
		{"ITT-201", "courses/itt-201/ zh/courses/itt-201/"},
		{"itt201", "courses/itt-201/ zh/courses/itt-201/"},
		{"the", "cases/licence-deal/"}, // theory
		{"the ", ""},
		{"Shenzhen Technology University", "speakers/han-jun/"},
		{"机器学习", "zh/cases/software/ zh/courses/itt-201/"},
		{"機器學習", "zh/cases/software/ zh/courses/itt-201/"},
		{"技術轉移", "zh/cases/software/ zh/courses/itt-201/ zh/policies/ip/ zh/speakers/han-jun/"},
		{"软件", "zh/cases/software/ zh/policies/ip/"},
		{"軟體", "zh/cases/software/ zh/policies/ip/"},
		{"数据库", "zh/cases/software/ zh/policies/ip/"},
		{"資料庫", "zh/cases/software/ zh/policies/ip/"},
		{"网络", "zh/cases/software/"},
		{"内存容量", "zh/cases/software/"},
		{"WTO 知识产权", "zh/courses/itt-201/"},
		{"RTTP 认证", "zh/courses/itt-201/"},
		{"rttp", "courses/itt-201/ zh/courses/itt-201/"},
		{"粤港澳大湾区", "zh/cases/software/ zh/policies/ip/"},
		{"卫生", "zh/policies/ip/"},
		{"術轉", "zh/cases/software/ zh/courses/itt-201/ zh/policies/ip/ zh/speakers/han-jun/"},
		{"转技", ""},
		{"alert script", "cases/licence-deal/"},
		// No page holds the run: those with five of its six pairs follow.
		{"知识产权保护例", "zh/courses/itt-201/~0.83 zh/policies/ip/~0.83"},
		{"知识产权保护例 WTO", "zh/courses/itt-201/~0.83"},
		{"深圳技术转移条例", ""}, // five of seven
		{"术转移技", ""},     // two of three
	} {
		if got := urls(tc.q); got != tc.want {
			t.Errorf("find %q = %q, want %q", tc.q, got, tc.want)
		}
	}
}

// TestChineseRecall checks the promise of the folding: every run of two or
// more Chinese characters in a page finds the page, typed in Simplified or
// in Traditional characters.
func TestChineseRecall(t *testing.T) {
	docs := sampleDocs()
	ref := newReference(docs)
	f := folding()
	traditional := map[rune]rune{}
	for k, v := range f.chars {
		if old, ok := traditional[v]; !ok || k < old {
			traditional[v] = k
		}
	}
	convert := func(s string, m func(rune) rune) string {
		rs := []rune(s)
		for i, r := range rs {
			rs[i] = m(r)
		}
		return string(rs)
	}
	toSimplified := func(r rune) rune {
		if s, ok := f.chars[r]; ok {
			return s
		}
		return r
	}
	toTraditional := func(r rune) rune {
		if t, ok := traditional[r]; ok {
			return t
		}
		return r
	}
	checked := 0
	for _, d := range docs {
		if d.Lang != "zh" {
			continue
		}
		texts := append(append(append([]string{d.Title, d.Summary}, d.Facts...), d.Text.Headings...), d.Text.Body...)
		for _, text := range texts {
			scan(normalize(text), func(u unit) {
				run := u.han
				for i := 0; i < len(run); i++ {
					for j := i + 2; j <= len(run); j++ {
						sub := string(run[i:j])
						for _, q := range []string{sub, convert(sub, toSimplified), convert(sub, toTraditional)} {
							checked++
							if !slices.ContainsFunc(ref.find(q), func(m refMatch) bool { return docs[m.Page].URL == d.URL && !m.Partial }) {
								t.Errorf("%q (from %q) does not find %s", q, sub, d.URL)
							}
						}
					}
				}
			})
		}
	}
	if checked < 1000 {
		t.Errorf("only %d queries checked", checked)
	}
}

func TestImpact(t *testing.T) {
	avg := [numFields]float64{5, 10, 3, 20, 400}
	lens := [numFields]uint32{5, 10, 3, 20, 400}
	title := impact([numFields]uint32{FieldTitle: 1}, lens, avg)
	heading := impact([numFields]uint32{FieldHeadings: 1}, lens, avg)
	summary := impact([numFields]uint32{FieldSummary: 1}, lens, avg)
	body := impact([numFields]uint32{FieldBody: 1}, lens, avg)
	body3 := impact([numFields]uint32{FieldBody: 3}, lens, avg)
	if !(title > heading && heading > summary && summary > body && body3 > body && title > body3) {
		t.Errorf("impacts: title %d heading %d summary %d body %d body×3 %d", title, heading, summary, body, body3)
	}
	// A page's name beats any count of the word in its text.
	body50 := impact([numFields]uint32{FieldBody: 50, FieldHeadings: 5}, lens, avg)
	fact := impact([numFields]uint32{FieldFacts: 1}, lens, avg)
	if title <= body50 || fact <= body50 {
		t.Errorf("impacts: title %d fact %d, a word fifty times in the body and in every heading %d", title, fact, body50)
	}
	long := lens
	long[FieldBody] = 4000
	if impact([numFields]uint32{FieldBody: 1}, long, avg) >= body {
		t.Error("a long body does not weigh a term less")
	}
}

func FuzzDecodeShard(f *testing.F) {
	docs := sampleDocs()
	files := writeIndex(f, docs, identity(len(docs)), Options{ShardBytes: 300})
	for p, data := range files {
		if strings.Contains(p, "/t") {
			raw, _ := gunzip(data)
			f.Add(raw)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := DecodeShard(data)
		if err != nil {
			return
		}
		for _, st := range s.Terms {
			if len(st.Docs) != len(st.Impacts) || !slices.IsSorted(st.Docs) {
				t.Fatalf("decoded a shard with bad postings: %+v", st)
			}
		}
	})
}

func FuzzDecodePositions(f *testing.F) {
	f.Add([]byte{2, 1, 3, 1, 4}, 2)
	f.Add([]byte{0x80, 0x80, 0x80}, 1)
	f.Fuzz(func(t *testing.T, data []byte, df int) {
		if df < 0 || df > 1<<16 {
			return
		}
		_, _ = DecodePositions(data, df)
	})
}

func TestCorruptShard(t *testing.T) {
	docs := sampleDocs()
	files := writeIndex(t, docs, identity(len(docs)), Options{})
	var shard []byte
	for p, data := range files {
		if strings.HasSuffix(p, "/t0") {
			shard, _ = gunzip(data)
		}
	}
	if _, err := DecodeShard(shard); err != nil {
		t.Fatal(err)
	}
	for n := range len(shard) {
		if _, err := DecodeShard(shard[:n]); err == nil {
			t.Errorf("a shard cut to %d of %d bytes decodes", n, len(shard))
		}
	}
	gz := gzipBytes(shard)
	gz[len(gz)/2] ^= 0xff
	if _, err := DecodeShard(gz); err == nil {
		t.Error("a corrupt gzip stream decodes")
	}
}

// TestNode runs search.test.mjs: the browser script against the vectors,
// and against an index of sampleDocs written here, with queries whose
// answers are known. Under CI it must run; elsewhere it is skipped when
// Node is not installed.
func TestNode(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is required under CI")
		}
		t.Skip("node is not installed")
	}
	dir := t.TempDir()
	docs := sampleDocs()
	writeFiles(t, dir, writeIndex(t, docs, identity(len(docs)), Options{ShardBytes: 400, PositionsBytes: 300, BundleBytes: 500}))
	type expectation struct {
		Q     string         `json:"q"`
		Lang  string         `json:"lang,omitempty"`
		Type  string         `json:"type,omitempty"`
		Want  []string       `json:"want,omitempty"`
		Not   []string       `json:"not,omitempty"`
		First string         `json:"first,omitempty"`
		Total *int           `json:"total,omitempty"`
		Types map[string]int `json:"types,omitempty"`
		// Partial: the results are partial matches (see doc.go).
		Partial bool `json:"partial,omitempty"`
	}
	n := func(i int) *int { return &i }
	expect := []expectation{
		{Q: "licence agreement", Lang: "en", Want: []string{"cases/licence-deal/", "courses/itt-201/"}, Not: []string{"courses/itt-101/"}, First: "cases/licence-deal/"},
		{Q: "licensing", Lang: "en", First: "courses/itt-201/", Total: n(3)}, // a heading beats a summary
		{Q: "licen", Lang: "en", Total: n(3)},
		{Q: "licensing", Lang: "en", Type: "courses", Total: n(2), Types: map[string]int{"cases": 1, "courses": 2}},
		{Q: "ITT-201", First: "courses/itt-201/", Total: n(2)},
		{Q: "itt201", Lang: "zh", Want: []string{"zh/courses/itt-201/"}, Total: n(1)},
		{Q: "the", Lang: "en", Want: []string{"cases/licence-deal/"}, Total: n(1)},
		{Q: "Han Jun", Lang: "en", First: "speakers/han-jun/"},
		{Q: "Shenzhen Technology University", Lang: "en", First: "speakers/han-jun/", Total: n(1)},
		{Q: "机器学习", Lang: "zh", Total: n(2)},
		{Q: "機器學習", Lang: "zh", Total: n(2)},
		{Q: "技術轉移", Lang: "zh", Total: n(4)},
		{Q: "軟體", Lang: "zh", First: "zh/cases/software/", Total: n(2)},
		{Q: "软件", Lang: "zh", First: "zh/cases/software/", Total: n(2)},
		{Q: "資料庫", Lang: "zh", Want: []string{"zh/cases/software/", "zh/policies/ip/"}},
		{Q: "内存容量", Lang: "zh", Want: []string{"zh/cases/software/"}, Total: n(1)},
		{Q: "WTO 知识产权", Want: []string{"zh/courses/itt-201/"}, Total: n(1)},
		{Q: "RTTP 认证", Lang: "zh", Want: []string{"zh/courses/itt-201/"}, Total: n(1)},
		{Q: "粤港澳大湾区", Lang: "zh", Total: n(2)},
		{Q: "韩军", Lang: "zh", First: "zh/speakers/han-jun/"},
		{Q: "转技", Lang: "zh", Total: n(0)},
		{Q: "alert script", Lang: "en", Want: []string{"cases/licence-deal/"}},
		{Q: "知识产权保护例", Lang: "zh", Want: []string{"zh/courses/itt-201/", "zh/policies/ip/"}, Total: n(2), Partial: true},
		{Q: "知识产权保护例 WTO", Total: n(1), Partial: true},
		{Q: "深圳技术转移条例", Total: n(0)},
	}
	// Recall in the browser too: every pair and triple of Chinese
	// characters of each Chinese page finds it.
	for _, d := range docs {
		if d.Lang != "zh" {
			continue
		}
		for _, text := range append([]string{d.Title, d.Summary}, d.Text.Body...) {
			scan(normalize(text), func(u unit) {
				for i := 0; i+2 <= len(u.han); i++ {
					for j := i + 2; j <= len(u.han) && j <= i+3; j++ {
						expect = append(expect, expectation{Q: string(u.han[i:j]), Want: []string{d.URL}})
					}
				}
			})
		}
	}
	b, _ := json.Marshal(expect)
	if err := os.WriteFile(filepath.Join(dir, "expect.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	// Random texts in every script the tokenizer treats apart, with what
	// Go makes of them, for search.js to agree with.
	b, _ = json.Marshal(randomVectors(1000))
	if err := os.WriteFile(filepath.Join(dir, "random.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	runNode(t, node, dir)

	// A site with nothing to index answers every query with nothing.
	empty := t.TempDir()
	writeFiles(t, empty, writeIndex(t, nil, nil, Options{}))
	for name, data := range map[string]string{
		"expect.json": `[{"q":"licence","total":0},{"q":"lic","total":0},{"q":"技术","total":0},{"q":"技","total":0}]`,
		"random.json": `{"tokens":[],"queries":[]}`,
	} {
		if err := os.WriteFile(filepath.Join(empty, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	runNode(t, node, empty)
}

// runNode runs search.test.mjs on the index in dir, with the script the
// index was written with.
func runNode(t *testing.T, node, dir string) {
	t.Helper()
	cmd := exec.Command(node, "--test", "search.test.mjs")
	cmd.Env = append(os.Environ(), "QIAO_SEARCH_SITE="+dir, "QIAO_SEARCH_SCRIPT="+filepath.Join(dir, "search", "search.js"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("node --test search.test.mjs: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "# fail 0") || !strings.Contains(out.String(), "# skipped 0") {
		t.Errorf("not every Node test passed:\n%s", out.String())
	}
}

func writeFiles(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	for p, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestExcerpt(t *testing.T) {
	long := strings.Repeat("技术转移机构处在实验室与市场之间，", 20)
	for _, tc := range []struct {
		summary string
		body    []string
	}{
		{"Short summary.", []string{strings.Repeat("word ", 200)}},
		{"", []string{long}},
		{long, nil},
		{"Short summary.", []string{long}}, // the run is cut to what is left
	} {
		e := excerpt(tc.summary, tc.body)
		if w := textWidth(e); w > excerptWidth || w < excerptWidth/2 {
			t.Errorf("excerpt width %d: %q", w, e)
		}
		if !utf8.ValidString(e) {
			t.Errorf("excerpt cut inside a character: %q", e)
		}
	}
}

// randomVectors returns n random texts with their tokens and queries.
func randomVectors(n int) vectors {
	pool := []rune("aAbBeEiIoOuUyYsSdDgGlLnNtTzZ0123456789 '’-‐.,;:!?()\n\t\u00a0" +
		"éÉüßİıσΣжЖ　ＡＢｃ１ﬁ①" + "技术轉移機器學習软體資料庫網路記憶體知识产权的一了衞裏著" + "かなカナ한국" + "\u0301\u200b🎓")
	r := rand.New(rand.NewPCG(1, 2))
	a := NewAnalyzer()
	var v vectors
	for range n {
		rs := make([]rune, 1+r.IntN(24))
		for i := range rs {
			rs[i] = pool[r.IntN(len(pool))]
		}
		text := string(rs)
		tv := tokenVector{Text: text, Tokens: [][]any{}}
		for _, tok := range a.Tokens(text) {
			tv.Tokens = append(tv.Tokens, []any{tok.Term, tok.Pos})
		}
		v.Tokens = append(v.Tokens, tv)
		v.Queries = append(v.Queries, queryVector{text, a.Query(text)})
	}
	return v
}

// TestNodeNameFirst asks search.js, over an index written by Go, for two
// parts that one page's title holds (the first through a synonym) while
// another's title holds the first literally and its text says the second
// again and again: the page whose name holds every part comes first
// (search.js, results), whatever the scores of the parts.
func TestNodeNameFirst(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is required under CI")
		}
		t.Skip("node is not installed")
	}
	body := func(s string, n int) PageText { return PageText{Body: slices.Repeat([]string{s}, n)} }
	docs := []Document{
		{URL: "zh/courses/itt-301/", Lang: "zh", Type: "courses", Title: "国际技术贸易与世贸组织知识产权规则",
			Text: body("本课程讲解跨境技术许可。", 3)},
		{URL: "zh/policies/trips/", Lang: "zh", Type: "policies", Title: "世界贸易组织《与贸易有关的知识产权协定》",
			Summary: "世界贸易组织的知识产权规则。", Text: body("世界贸易组织成员须遵守这些知识产权规则。", 8)},
		{URL: "zh/cases/licence/", Lang: "zh", Type: "cases", Title: "海外高校专利许可",
			Text: body("世贸组织成员之间的许可，依照知识产权规则。", 2)},
	}
	for i := range 6 {
		docs = append(docs, Document{URL: fmt.Sprintf("zh/pages/p%d/", i), Lang: "zh", Type: "page", Title: fmt.Sprintf("技术转移第%d讲", i),
			Text: body("技术转移与许可的实务。", 2)})
	}
	b := NewBuilder(len(docs), []string{"en", "zh"}, Options{})
	b.SetSynonyms([][]string{{"WTO", "World Trade Organization", "世界贸易组织", "世贸组织"}})
	for i, d := range docs {
		b.Add(i, d)
	}
	files := map[string][]byte{}
	if err := b.Write(func(path string, data []byte) error { files[path] = data; return nil }); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeFiles(t, dir, files)
	expect := []map[string]any{
		{"q": "世界贸易组织 知识产权规则", "lang": "zh", "first": "zh/courses/itt-301/", "total": 3},
		{"q": "世贸组织 知识产权规则", "lang": "zh", "first": "zh/courses/itt-301/", "total": 3},
		{"q": "WTO 知识产权规则", "lang": "zh", "first": "zh/courses/itt-301/", "total": 3},
		// One part: both titles hold it, and the score decides.
		{"q": "世界贸易组织", "lang": "zh", "first": "zh/policies/trips/", "total": 3},
	}
	for _, f := range []struct {
		name string
		v    any
	}{{"expect.json", expect}, {"random.json", randomVectors(50)}} {
		data, _ := json.Marshal(f.v)
		if err := os.WriteFile(filepath.Join(dir, f.name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	runNode(t, node, dir)
}

// TestNameLevelInScript: search.js tells a page's name by the same impact
// as the builder gives it.
func TestNameLevelInScript(t *testing.T) {
	if want := fmt.Sprintf("var NAME_LEVEL = %d;", nameLevel); !strings.Contains(scriptSource, want) {
		t.Errorf("search.js lacks %q", want)
	}
}

// TestTitleAboveFacts: a term in a page's title and the same term only
// among its facts are both in its name, but the title's weighs more, at
// any count: a course titled "Overseas Technology Transfer Practice" ranks
// above a case whose parties include "an overseas technology transfer
// office", however often the case says it.
func TestTitleAboveFacts(t *testing.T) {
	var norms, avg [numFields]float64
	for f := range norms {
		norms[f], avg[f] = 1, 10
	}
	for n := uint32(1); n <= 50; n++ {
		var title, facts [numFields]uint32
		title[FieldTitle] = 1
		facts[FieldFacts], facts[FieldBody] = n, n
		ti, fi := impactNorm(title, norms, avg), impactNorm(facts, norms, avg)
		if ti < titleLevel || fi < nameLevel || fi >= titleLevel || fi >= ti {
			t.Fatalf("facts and body %d times: impact %d; title once: %d; want facts in [%d, %d) below the title", n, fi, ti, nameLevel, titleLevel)
		}
	}
}
