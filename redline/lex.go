package redline

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Error is a red-line syntax or meaning error at a 1-based column of the expression.
type Error struct {
	Col int
	Msg string
}

func (e *Error) Error() string { return fmt.Sprintf("column %d: %s", e.Col, e.Msg) }

type tokKind int

const (
	tEOF tokKind = iota
	tName
	tQuoted
	tNumber
	tOp     // == != < <= > >=
	tLParen // (
	tRParen // )
	tLBrack // [
	tRBrack // ]
	tComma
	tAnd
	tOr
	tNot
	tIn
)

type token struct {
	kind tokKind
	text string // names and quoted strings unquoted; ops as written
	col  int    // 1-based, in runes
}

func (t token) describe() string {
	switch t.kind {
	case tEOF:
		return "end of expression"
	case tQuoted:
		return fmt.Sprintf("%q", t.text)
	}
	return fmt.Sprintf("%q", t.text)
}

func isNameStart(r rune) bool { return r == '_' || unicode.IsLetter(r) }
func isNameRune(r rune) bool {
	return r == '_' || r == '-' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// lexer turns an expression into tokens; i is the byte offset and col the 1-based rune
// column of the next rune.
type lexer struct {
	src  string
	i    int
	col  int
	toks []token
}

func lex(src string) ([]token, error) {
	l := &lexer{src: src, col: 1}
	for l.i < len(src) {
		r, w := utf8.DecodeRuneInString(src[l.i:])
		if r == utf8.RuneError && w == 1 {
			return nil, &Error{l.col, "invalid UTF-8"}
		}
		var err error
		switch {
		case unicode.IsSpace(r):
			l.i += w
			l.col++
		case r == '(' || r == ')' || r == '[' || r == ']' || r == ',':
			k := map[rune]tokKind{'(': tLParen, ')': tRParen, '[': tLBrack, ']': tRBrack, ',': tComma}[r]
			l.emit(k, string(r), l.i+w, l.col+1)
		case r == '=' || r == '!' || r == '<' || r == '>' || r == '&' || r == '|':
			err = l.operator(r)
		case r == '"':
			err = l.quoted()
		case r == '-' || r == '+' || r == '.' || unicode.IsDigit(r):
			err = l.number(r)
		case isNameStart(r):
			l.word()
		default:
			err = &Error{l.col, fmt.Sprintf("unexpected %q", string(r))}
		}
		if err != nil {
			return nil, err
		}
	}
	l.toks = append(l.toks, token{tEOF, "", l.col})
	return l.toks, nil
}

// emit appends a token of kind k starting at the current position and moves to byte offset
// end, column col.
func (l *lexer) emit(k tokKind, text string, end, col int) {
	l.toks = append(l.toks, token{k, text, l.col})
	l.i, l.col = end, col
}

// operator reads a comparison or boolean operator starting with r.
func (l *lexer) operator(r rune) error {
	two := ""
	if l.i+1 < len(l.src) {
		two = l.src[l.i : l.i+2]
	}
	switch two {
	case "==", "!=", "<=", ">=":
		l.emit(tOp, two, l.i+2, l.col+2)
		return nil
	case "&&":
		l.emit(tAnd, two, l.i+2, l.col+2)
		return nil
	case "||":
		l.emit(tOr, two, l.i+2, l.col+2)
		return nil
	}
	switch r {
	case '<', '>':
		l.emit(tOp, string(r), l.i+1, l.col+1)
	case '!':
		l.emit(tNot, "!", l.i+1, l.col+1)
	case '=':
		return &Error{l.col, `"=" is not an operator; write "==" to compare`}
	default:
		return &Error{l.col, fmt.Sprintf("unexpected %q; write %q", string(r), string(r)+string(r))}
	}
	return nil
}

// quoted reads a double-quoted string; a backslash escapes the rune after it.
func (l *lexer) quoted() error {
	var b strings.Builder
	j, c := l.i+1, l.col+1
	for j < len(l.src) {
		r, w := utf8.DecodeRuneInString(l.src[j:])
		if r == '"' {
			l.emit(tQuoted, b.String(), j+w, c+1)
			return nil
		}
		if r == '\\' && j+w < len(l.src) {
			j += w
			c++
			r, w = utf8.DecodeRuneInString(l.src[j:])
		}
		b.WriteRune(r)
		j += w
		c++
	}
	return &Error{l.col, "unterminated quoted string"}
}

// number reads a decimal number, with an optional sign and exponent, starting with r.
func (l *lexer) number(r rune) error {
	src, i := l.src, l.i
	j, c := i, l.col
	if r == '-' || r == '+' {
		j++
		c++
	}
	digits := 0
	for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '.' || src[j] == 'e' || src[j] == 'E' ||
		(src[j] == '-' || src[j] == '+') && j > i && (src[j-1] == 'e' || src[j-1] == 'E')) {
		if src[j] >= '0' && src[j] <= '9' {
			digits++
		}
		j++
		c++
	}
	if digits == 0 {
		return &Error{l.col, fmt.Sprintf("unexpected %q", string(r))}
	}
	l.emit(tNumber, src[i:j], j, c)
	return nil
}

// word reads a name or a keyword (and, or, not, in).
func (l *lexer) word() {
	j, c := l.i, l.col
	for j < len(l.src) {
		r, w := utf8.DecodeRuneInString(l.src[j:])
		if !isNameRune(r) {
			break
		}
		j += w
		c++
	}
	word := l.src[l.i:j]
	k := tName
	switch word {
	case "and":
		k = tAnd
	case "or":
		k = tOr
	case "not":
		k = tNot
	case "in":
		k = tIn
	}
	l.emit(k, word, j, c)
}
