package render

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
	"unicode/utf8"
)

// TestAppendJSONEqualsMarshal holds appendJSON to encoding/json on random
// values of the shapes jsonLD builds, nested, with strings that need every
// kind of escape, and on values it leaves to encoding/json.
func TestAppendJSONEqualsMarshal(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for i := range 5000 {
		v := randomLD(rng, 3)
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendJSON(nil, v)
		if err != nil {
			t.Fatalf("value %d: %v", i, err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("value %d: %#v\nappendJSON: %s\njson:       %s", i, v, got, want)
		}
	}
	if _, err := appendJSON(nil, map[string]any{"bad": func() {}}); err == nil {
		t.Error("a value encoding/json refuses was encoded")
	}
}

func randomLD(rng *rand.Rand, depth int) any {
	kinds := 9
	if depth == 0 {
		kinds = 6
	}
	switch rng.IntN(kinds) {
	case 0:
		return nil
	case 1:
		return rng.IntN(2) == 0
	case 2:
		return rng.IntN(2000) - 1000
	case 3:
		return randomString(rng)
	case 4:
		return []any{3.25, float64(rng.IntN(1e6)) / 7, uint8(rng.IntN(256)), map[int]string{1: "x"}}[rng.IntN(4)] // left to encoding/json
	case 5:
		if rng.IntN(8) == 0 {
			return []string(nil)
		}
		out := make([]string, rng.IntN(4))
		for i := range out {
			out[i] = randomString(rng)
		}
		return out
	case 6, 7:
		if rng.IntN(8) == 0 {
			return map[string]any(nil)
		}
		m := map[string]any{}
		for range rng.IntN(6) {
			m[randomString(rng)] = randomLD(rng, depth-1)
		}
		return m
	default:
		if rng.IntN(8) == 0 {
			return []any(nil)
		}
		out := make([]any, rng.IntN(4))
		for i := range out {
			out[i] = randomLD(rng, depth-1)
		}
		return out
	}
}

// randomString mixes plain text, characters JSON or HTML escape, Chinese,
// the line separators and invalid UTF-8.
func randomString(rng *rand.Rand) string {
	parts := []string{"Course", "课程", "<", ">", "&", `"`, `\`, "\n", "\r", "\t", "\b", "\f", "\x00", "\x1f", "\x7f",
		"\u2028", "\u2029", "\xff", "\xe4\xb8", "é", "😀", "https://example.org/a?b=c&d=e", " "}
	var b []byte
	for range rng.IntN(6) {
		b = append(b, parts[rng.IntN(len(parts))]...)
	}
	return string(b)
}

// FuzzAppendJSONString holds the string encoder to encoding/json on any
// bytes.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", "<script>&</script>", "\u2028\u2029", "\xff\xfe", "a\"b\\c\n\t\b\f\x01", "课程\xe4\xb8"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		got := appendJSONString(nil, s)
		if !bytes.Equal(got, want) {
			t.Fatalf("%q:\nappendJSONString: %s\njson:             %s", s, got, want)
		}
		if !utf8.Valid(got) {
			t.Fatalf("%q: invalid UTF-8 out", s)
		}
	})
}
