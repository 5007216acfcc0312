package textdiff

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"

	"parley"
)

// Tokens cuts text into the tokens a word diff compares: runs of space, words (with inner
// apostrophes, points, commas and hyphens: "Ukraine's", "800,000", "U.S"), and single other
// characters. With tags, HTML tags ("<p>") and character references ("&amp;") are tokens
// too, so a diff of rendered HTML never splits one.
func Tokens(s string, tags bool) []string {
	var out []string
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		j := i + n
		switch {
		case unicode.IsSpace(r):
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsSpace(r2) {
					break
				}
				j += n2
			}
		case tags && r == '<':
			if k := strings.IndexByte(s[i:], '>'); k > 0 {
				j = i + k + 1
			}
		case tags && r == '&':
			k := i + 1
			for k < len(s) && k-i < 12 && (s[k] == '#' || s[k] == '_' || s[k] < utf8.RuneSelf && isWord(rune(s[k]))) {
				k++
			}
			if k < len(s) && s[k] == ';' && k > i+1 {
				j = k + 1
			}
		case isWord(r):
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if isWord(r2) {
					j += n2
					continue
				}
				if r2 == '\'' || r2 == '’' || r2 == '.' || r2 == ',' || r2 == '-' {
					if r3, n3 := utf8.DecodeRuneInString(s[j+n2:]); j+n2 < len(s) && isWord(r3) {
						j += n2 + n3
						continue
					}
				}
				break
			}
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}

// Words returns a word-level diff of a and b: runs of kept ("="), removed ("-") and
// added ("+") text, whitespace included, so joining the "=" and "+" runs gives b and
// joining the "=" and "-" runs gives a. A space or a short word left between two changes
// is folded into them, so changes read as phrases ("[-The armed forces-]{+No cap+}")
// rather than word against word.
func Words(a, b string) []parley.WordDiff {
	return Diff(Tokens(a, false), Tokens(b, false))
}

// Diff is Words over texts already cut into tokens (the web UI diffs rendered
// HTML, whose tags are tokens).
func Diff(a, b []string) []parley.WordDiff {
	index := map[string]rune{}
	words := map[rune]string{}
	encode := func(ts []string) []rune {
		rs := make([]rune, 0, len(ts))
		for _, w := range ts {
			r, ok := index[w]
			if !ok {
				r = rune(len(words))
				if r >= 0xD800 { // skip the surrogates, which do not survive a string
					r += 0x800
				}
				index[w] = r
				words[r] = w
			}
			rs = append(rs, r)
		}
		return rs
	}
	ra, rb := encode(a), encode(b)
	var diffs []diffmatchpatch.Diff
	if len(ra)*len(rb) <= maxTableDiff {
		diffs = tableDiff(ra, rb)
	} else {
		dmp := diffmatchpatch.New()
		dmp.DiffTimeout = 200 * time.Millisecond // past it, a coarser diff
		diffs = dmp.DiffMainRunes(ra, rb, false)
	}
	// Blocks of equal text, each followed by one change (what was removed, what was added).
	type block struct {
		eq, del, ins string
		tokens       int // tokens of eq
	}
	bs := []block{{}}
	for _, df := range diffs {
		var text strings.Builder
		n := 0
		for _, r := range df.Text {
			text.WriteString(words[r])
			n++
		}
		last := &bs[len(bs)-1]
		switch df.Type {
		case diffmatchpatch.DiffDelete:
			last.del += text.String()
		case diffmatchpatch.DiffInsert:
			last.ins += text.String()
		default:
			if last.del != "" || last.ins != "" {
				bs = append(bs, block{})
				last = &bs[len(bs)-1]
			}
			last.eq += text.String()
			last.tokens += n
		}
	}
	// Fold a short equal stretch between two changes into them.
	for i := 1; i < len(bs); i++ {
		prev, cur := &bs[i-1], &bs[i]
		if (prev.del != "" || prev.ins != "") && (cur.del != "" || cur.ins != "") && foldable(cur.eq, cur.tokens) {
			prev.del += cur.eq + cur.del
			prev.ins += cur.eq + cur.ins
			bs = slices.Delete(bs, i, i+1)
			i--
		}
	}
	var out []parley.WordDiff
	for _, b := range bs {
		for _, r := range []parley.WordDiff{{Op: "=", Text: b.eq}, {Op: "-", Text: b.del}, {Op: "+", Text: b.ins}} {
			if r.Text != "" {
				out = append(out, r)
			}
		}
	}
	return out
}

// maxTableDiff bounds the table of tableDiff (cells); longer texts go to diffmatchpatch's
// bisection, which needs less memory but allocates more per token.
const maxTableDiff = 1 << 18

// tableDiff is a longest-common-subsequence diff of two short token sequences by dynamic
// programming: exact, and several times faster than bisection on a few hundred tokens.
func tableDiff(a, b []rune) []diffmatchpatch.Diff {
	// The common prefix and suffix need no table.
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	q := 0
	for q < len(a)-p && q < len(b)-p && a[len(a)-1-q] == b[len(b)-1-q] {
		q++
	}
	x, y := a[p:len(a)-q], b[p:len(b)-q]
	n, m := len(x), len(y)
	// t[i*(m+1)+j] is the length of the longest common subsequence of x[i:] and y[j:].
	t := make([]int32, (n+1)*(m+1))
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				t[i*(m+1)+j] = t[(i+1)*(m+1)+j+1] + 1
			} else {
				t[i*(m+1)+j] = max(t[(i+1)*(m+1)+j], t[i*(m+1)+j+1])
			}
		}
	}
	var out []diffmatchpatch.Diff
	emit := func(op diffmatchpatch.Operation, r rune) {
		if k := len(out) - 1; k >= 0 && out[k].Type == op {
			out[k].Text += string(r)
			return
		}
		out = append(out, diffmatchpatch.Diff{Type: op, Text: string(r)})
	}
	for _, r := range a[:p] {
		emit(diffmatchpatch.DiffEqual, r)
	}
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && x[i] == y[j]:
			emit(diffmatchpatch.DiffEqual, x[i])
			i, j = i+1, j+1
		case j == m || i < n && t[(i+1)*(m+1)+j] >= t[i*(m+1)+j+1]:
			emit(diffmatchpatch.DiffDelete, x[i])
			i++
		default:
			emit(diffmatchpatch.DiffInsert, y[j])
			j++
		}
	}
	for _, r := range a[len(a)-q:] {
		emit(diffmatchpatch.DiffEqual, r)
	}
	return out
}

// foldable reports whether an unchanged stretch between two changes is too short to stand
// alone: spaces, or spaces around one word of at most three letters ("of", "the").
func foldable(eq string, tokens int) bool {
	w := strings.TrimSpace(eq)
	return tokens <= 3 && !strings.ContainsAny(w, "<> \t\n") && len([]rune(w)) <= 3
}
