// Package redline parses and evaluates red lines: hard constraints a party will not cross,
// written in a small expression language over the scenario's issues.
//
// The grammar, in order of increasing precedence:
//
//	expr       = and { ("or" | "||") and }
//	and        = unary { ("and" | "&&") unary }
//	unary      = ("not" | "!") unary | "(" expr ")" | comparison
//	comparison = issue op value
//	           | issue ["not"] "in" "[" value { "," value } "]"
//	op         = "==" | "!=" | "<" | "<=" | ">" | ">="
//	issue      = name | quoted
//	value      = number | name | quoted
//
// A name is letters, digits, '_', '-' and '.', not starting with a digit; a quoted string is
// enclosed in double quotes and may hold spaces ("Size of Fund"). An issue is matched by id,
// then by display name. Ordering comparisons apply to number issues and to ordered options
// issues (by their listed order). Examples:
//
//	buffer_km <= 50
//	nato in [renounce, moratorium]
//	nato == renounce or guarantees == collective
//
// Every error carries the 1-based column where it was found. The package is pure: it imports
// only parley and the standard library.
package redline
