// Package textdiff compares texts word by word, for people: the plan's diffs (package
// workspace) and the web UI, which diffs rendered Markdown with its tags as tokens. Changes
// are folded into phrases, so a reader sees "[-The armed forces-]{+No cap+}" rather than word
// against word.
//
// It is pure (no I/O) and imports only parley, for the WordDiff type, and the diff library;
// both workspace and web may import it.
package textdiff
