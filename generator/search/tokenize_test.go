package search

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"qiao/generator/corpus"
)

var update = flag.Bool("update", false, "rewrite testdata/vectors.json from the Go tokenizer")

func TestTokens(t *testing.T) {
	a := NewAnalyzer()
	for _, tc := range []struct {
		text string
		want string // term@pos …
	}{
		{"The licensing of patents", "licens@1 patent@3"},
		{"Don't stop: learner's O’Brien", "dont@0 stop@1 learner@2 obrien@3"},
		{"ITT-201 start-ups", "itt@0 201@1 itt201@0 start@2 up@3 startup@2"},
		{"ＷＴＯ ﬁnance", "wto@0 financ@1"},
		{"Café STRASSE İstanbul", "café@0 strass@1 istanbul@2"},
		{"技术转移", "技术@0 技@0 术转@1 术@1 转移@2 转@2 移@3"},
		{"機器學習", "机器@0 机@0 器学@1 器@1 学习@2 学@2 习@3"},
		// A run is followed by a position nothing takes.
		{"我 的书 B", "我@0 的书@2 的@2 书@3 b@5"},
		{"WTO知识产权 RTTP", "wto@0 知识@1 知@1 识产@2 识@2 产权@3 产@3 权@4 rttp@6"},
		// 軟體 folds to 软件: the run as written, then its folded copy after
		// a gap, so both spellings are adjacent somewhere.
		{"軟體開發", "软体@0 软@0 体开@1 体@1 开发@2 开@2 发@3 软件@6 软@6 件开@7 件@7 开发@8 开@8 发@9"},
		{"a the of", ""},
		{strings.Repeat("x", 41) + " y", "y@1"},
	} {
		var got []string
		for _, tok := range a.Tokens(tc.text) {
			got = append(got, tok.Term+"@"+itoa(tok.Pos))
		}
		if g := strings.Join(got, " "); g != tc.want {
			t.Errorf("Tokens(%q) = %q, want %q", tc.text, g, tc.want)
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestQuery(t *testing.T) {
	a := NewAnalyzer()
	for _, tc := range []struct {
		q, want string
	}{
		{"licen", `{"groups":[{"terms":["licen"],"prefix":"licen"}]}`},
		{"licence ", `{"groups":[{"terms":["licenc"]}]}`},
		{"the", `{"groups":[{"prefix":"the"}]}`},
		{"the ", `{"groups":null}`},
		{"of the licence", `{"groups":[{"terms":["licenc"],"prefix":"licence"}]}`},
		{"ITT-201", `{"groups":[{"terms":["itt","201"],"joined":"itt201"}]}`},
		{"know-how", `{"groups":[{"terms":["know"],"joined":"knowhow"}]}`},
		{"WTO 知识产权", `{"groups":[{"terms":["wto"]},{"runs":["知识产权"]}]}`},
		{"技", `{"groups":[{"runs":["技"]}]}`},
		{"軟體", `{"groups":[{"runs":["软体","软件"]}]}`},
		{"技術轉移機構", `{"groups":[{"runs":["技术转移机构"]}]}`},
		{"x" + strings.Repeat("y", 40), `{"groups":null}`},
	} {
		b, _ := json.Marshal(a.Query(tc.q))
		if string(b) != tc.want {
			t.Errorf("Query(%q) =\n %s\nwant\n %s", tc.q, b, tc.want)
		}
	}
}

func TestFold(t *testing.T) {
	f := folding()
	if len(f.chars) < 2000 || len(f.phrases) < 300 {
		t.Fatalf("folding table too small: %d characters, %d words", len(f.chars), len(f.phrases))
	}
	for k, v := range f.chars {
		if _, again := f.chars[v]; again {
			t.Errorf("%c folds to %c, which folds again", k, v)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"機器學習", "机器学习"}, {"技術轉移", "技术转移"}, {"知識產權", "知识产权"}, {"網絡", "网络"}, {"衞生", "卫生"},
		{"啟動", "启动"}, {"技术转移", "技术转移"}, {"什么", "什么"},
	} {
		run := []rune(tc.in)
		f.foldChars(run)
		if string(run) != tc.want {
			t.Errorf("fold %s = %s, want %s", tc.in, string(run), tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"軟體", "软件"}, {"軟件", "软件"}, {"資料庫", "数据库"}, {"網路", "网络"}, {"網絡", "网络"}, {"記憶體", "内存"},
		{"機器學習", "机器学习"},
	} {
		run := []rune(tc.in)
		f.foldChars(run)
		if alt, ok := f.foldPhrases(run); ok {
			run = alt
		}
		if string(run) != tc.want {
			t.Errorf("fold %s = %s, want %s", tc.in, string(run), tc.want)
		}
	}
}

// vectors is testdata/vectors.json: inputs with the Go tokenizer's output,
// which search.test.mjs checks search.js against.
type vectors struct {
	Tokens  []tokenVector `json:"tokens"`
	Queries []queryVector `json:"queries"`
	Stems   [][2]string   `json:"stems"`
}

type tokenVector struct {
	Text   string  `json:"text"`
	Tokens [][]any `json:"tokens"`
}

type queryVector struct {
	Query string `json:"query"`
	Want  Query  `json:"want"`
}

var vectorTexts = []string{
	"",
	"   \n\t",
	"The licensing of patents, and the patent-licensing office's rules.",
	"Don't stop: learner's O’Brien; rock'n'roll; 'quoted' words' ends'",
	"ITT-201 start-ups state-of-the-art e-mail x-ray Covid‐19 a-b-c-d",
	"2,000 units at 3.5% in the 1990s; MP3s and H2O; v1.2.3",
	"ＷＴＯ　ＲＴＴＰ ﬁnance ①② ㈱ Ⅻ",
	"Café naïve Zürich São Paulo Straße İstanbul ΣΟΦΙΑ Москва e\u0301cole",
	"https://example.org/courses/itt-201/?q=licence#top user@example.org",
	"Emoji 🎓 and symbols ™ © → ±",
	strings.Repeat("supercalifragilistic", 3) + " short",
	"技术转移机构处在实验室与市场之间，首要任务是摸清本单位到底拥有哪些科技成果。",
	"機器學習與軟體開發；資料庫、網路和記憶體容量。",
	"衞生署裏面的著作；啟動計劃，為了發展。",
	"WTO知识产权规则；RTTP认证（注册技术转移专业人员）和ITT-201课程",
	"我 的 书。一",
	"ひらがなカタカナ漢字とKanji 한국어 텍스트",
	"𠀀𠀁 CJK extension B; 〇 々 〆",
	"粤港澳大湾区的知识产权保护与技术经理人培训",
	"Greater Bay Area 粤港澳大湾区 Shenzhen 深圳 Hong Kong 香港",
}

var vectorQueries = []string{
	"", "the", "the ", "a", "of the", "licen", "licence", "licence ", "Licensing Agreements", "ITT-201", "itt201",
	"don't", "state-of-the-art", "Ｌｉｃｅｎｓｅ", "café", "2,000", "WTO 知识产权", "RTTP 认证", "技", "技术", "技术转移",
	"技術轉移", "軟體", "資料庫 記憶體", "粤港澳大湾区", "機器學習 licensing", "知識產權保護", "的", "衞生", "QT-00042 课程",
	"technology transfer office", "Hong Kong 香港", "標準必要專利許",
}

// stemWords are the words whose stems both implementations must agree on:
// the words of a generated site, and made-up words that reach every rule
// of the Snowball English stemmer.
func stemWords() []string {
	seen := map[string]bool{}
	var out []string
	addWord := func(w string) {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	files := corpus.Generate(12)
	names := make([]string, 0, len(files))
	for n := range files {
		if !strings.Contains(n, ".zh.") {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	word := regexp.MustCompile(`[a-z]+(?:'[a-z]+)?`)
	for _, n := range names {
		for _, w := range word.FindAllString(strings.ToLower(string(files[n])), -1) {
			addWord(w)
		}
	}
	bases := []string{"connect", "relat", "happ", "gener", "commun", "arsen", "sk", "di", "agre", "fe", "hop", "fizz",
		"tan", "run", "plan", "cr", "tr", "nation", "sensit", "ration", "digit", "form", "hope", "good", "electr",
		"caus", "adjust", "depend", "activ", "angul", "homolog", "analog", "fl", "li", "ti", "bed", "sing", "bl",
		"y", "ey", "say", "play", "abl", "feedb", "proce", "exce", "succe"}
	suffixes := []string{"", "s", "es", "ies", "ied", "ss", "us", "ed", "ing", "ly", "er", "est", "ness", "ful",
		"fulness", "ation", "ational", "tional", "ize", "ization", "izer", "ise", "ity", "iviti", "ive", "iveness",
		"ous", "ousli", "ousness", "al", "alli", "alism", "aliti", "alize", "ence", "enci", "ance", "anci", "ment",
		"ement", "able", "abli", "ible", "ism", "ist", "iti", "biliti", "li", "bli", "ogi", "ator", "edly", "ingly",
		"eed", "eedly", "ic", "ical", "icate", "iciti", "ative", "ant", "ent", "entli", "lessli", "fulli", "ion",
		"sion", "tion", "y", "e", "le", "ll", "'s", "s'", "'"}
	for _, b := range bases {
		for _, s := range suffixes {
			addWord(b + s)
		}
	}
	for _, w := range []string{"skis", "skies", "dying", "lying", "tying", "idly", "gently", "ugly", "early", "only",
		"singly", "sky", "news", "howe", "atlas", "cosmos", "bias", "andes", "inning", "innings", "outing", "outings",
		"canning", "cannings", "herring", "herrings", "earring", "earrings", "proceed", "proceeds", "proceeded",
		"proceeding", "exceed", "exceeds", "exceeded", "exceeding", "succeed", "succeeds", "succeeded", "succeeding",
		"generate", "generously", "communism", "arsenals", "o'brien", "rock'n'roll", "1990s", "mp3s", "h2o", "yy",
		"ayy", "yay", "by", "bye", "ties", "cries", "aa", "a", "xyz", "boys", "boyish", "saying", "crying", "hopping",
		"hoping", "filing", "filling", "controll", "bowl", "feed", "agreed", "disagreement", "y's"} {
		addWord(w)
	}
	return out
}

func buildVectors() vectors {
	a := NewAnalyzer()
	var v vectors
	for _, text := range vectorTexts {
		tv := tokenVector{Text: text, Tokens: [][]any{}}
		for _, tok := range a.Tokens(text) {
			tv.Tokens = append(tv.Tokens, []any{tok.Term, tok.Pos})
		}
		v.Tokens = append(v.Tokens, tv)
	}
	for _, q := range vectorQueries {
		v.Queries = append(v.Queries, queryVector{q, a.Query(q)})
	}
	for _, w := range stemWords() {
		v.Stems = append(v.Stems, [2]string{w, termOf(w)})
	}
	return v
}

// TestVectors checks testdata/vectors.json against the Go tokenizer; run
// with -update to rewrite it after a deliberate change (then search.js
// must follow, which its test checks).
func TestVectors(t *testing.T) {
	b, err := json.MarshalIndent(buildVectors(), "", " ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	path := filepath.Join("testdata", "vectors.json")
	if *update {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	old, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestVectors -update)", err)
	}
	if !bytes.Equal(old, b) {
		t.Errorf("%s is out of date with the tokenizer: run go test ./generator/search -run TestVectors -update, then make search.js agree", path)
	}
}

func FuzzTokens(f *testing.F) {
	for _, s := range vectorTexts {
		f.Add(s)
	}
	a := NewAnalyzer()
	f.Fuzz(func(t *testing.T, s string) {
		toks := a.Tokens(s)
		for _, tok := range toks {
			if tok.Term == "" || tok.Pos < 0 || !utf8.ValidString(tok.Term) {
				t.Fatalf("bad token %+v from %q", tok, s)
			}
		}
		if !reflect.DeepEqual(toks, a.Tokens(s)) {
			t.Fatalf("Tokens(%q) is not deterministic", s)
		}
		q := a.Query(s)
		for _, g := range q.Groups {
			if g.Terms == nil && g.Joined == "" && g.Prefix == "" && g.Runs == nil {
				t.Fatalf("empty group in Query(%q)", s)
			}
			for _, r := range g.Runs {
				if r == "" || g.Terms != nil || g.Prefix != "" {
					t.Fatalf("bad run group %+v in Query(%q)", g, s)
				}
			}
		}
	})
}
