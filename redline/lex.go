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

func lex(src string) ([]token, error) {
	var toks []token
	col := 1
	for i := 0; i < len(src); {
		r, w := utf8.DecodeRuneInString(src[i:])
		if r == utf8.RuneError && w == 1 {
			return nil, &Error{col, "invalid UTF-8"}
		}
		start := col
		switch {
		case unicode.IsSpace(r):
			i += w
			col++
			continue
		case r == '(' || r == ')' || r == '[' || r == ']' || r == ',':
			k := map[rune]tokKind{'(': tLParen, ')': tRParen, '[': tLBrack, ']': tRBrack, ',': tComma}[r]
			toks = append(toks, token{k, string(r), start})
			i += w
			col++
			continue
		case r == '=' || r == '!' || r == '<' || r == '>' || r == '&' || r == '|':
			two := ""
			if i+1 < len(src) {
				two = src[i : i+2]
			}
			switch two {
			case "==", "!=", "<=", ">=":
				toks = append(toks, token{tOp, two, start})
				i += 2
				col += 2
				continue
			case "&&":
				toks = append(toks, token{tAnd, two, start})
				i += 2
				col += 2
				continue
			case "||":
				toks = append(toks, token{tOr, two, start})
				i += 2
				col += 2
				continue
			}
			switch r {
			case '<', '>':
				toks = append(toks, token{tOp, string(r), start})
			case '!':
				toks = append(toks, token{tNot, "!", start})
			case '=':
				return nil, &Error{start, `"=" is not an operator; write "==" to compare`}
			default:
				return nil, &Error{start, fmt.Sprintf("unexpected %q; write %q", string(r), string(r)+string(r))}
			}
			i++
			col++
			continue
		case r == '"':
			var b strings.Builder
			j := i + 1
			c := col + 1
			closed := false
			for j < len(src) {
				r2, w2 := utf8.DecodeRuneInString(src[j:])
				if r2 == '"' {
					closed = true
					j += w2
					c++
					break
				}
				if r2 == '\\' && j+w2 < len(src) {
					j += w2
					c++
					r2, w2 = utf8.DecodeRuneInString(src[j:])
				}
				b.WriteRune(r2)
				j += w2
				c++
			}
			if !closed {
				return nil, &Error{start, "unterminated quoted string"}
			}
			toks = append(toks, token{tQuoted, b.String(), start})
			i, col = j, c
			continue
		case r == '-' || r == '+' || r == '.' || unicode.IsDigit(r):
			j := i
			c := col
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
				return nil, &Error{start, fmt.Sprintf("unexpected %q", string(r))}
			}
			toks = append(toks, token{tNumber, src[i:j], start})
			i, col = j, c
			continue
		case isNameStart(r):
			j := i
			c := col
			for j < len(src) {
				r2, w2 := utf8.DecodeRuneInString(src[j:])
				if !isNameRune(r2) {
					break
				}
				j += w2
				c++
			}
			word := src[i:j]
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
			toks = append(toks, token{k, word, start})
			i, col = j, c
			continue
		default:
			return nil, &Error{start, fmt.Sprintf("unexpected %q", string(r))}
		}
	}
	toks = append(toks, token{tEOF, "", col})
	return toks, nil
}
