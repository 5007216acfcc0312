// Package funclen holds the test that keeps every function short: one whose body is over
// 100 lines, outside tests and generated code (testdata programs included), fails the test
// suite with its file, line, name and length, so it is split where it helps reading.
//
// It has no code of its own, and nothing may import it.
package funclen
