package negotiate_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"parley/negotiate"
)

func memShard(name string, b []byte) negotiate.ShardFile {
	return negotiate.ShardFile{Name: name, Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }}
}

// writeShards runs tn as n shards, each into memory.
func writeShards(t testing.TB, tn *negotiate.Tournament, spec string, n int) [][]byte {
	t.Helper()
	var out [][]byte
	for i := range n {
		var b bytes.Buffer
		if _, err := tn.WriteShard(context.Background(), &b, spec, "title", i, n, nil); err != nil {
			t.Fatal(err)
		}
		out = append(out, b.Bytes())
	}
	return out
}

// TestShardMerge: a tournament run at once, and as n shards merged, writes the same CSV,
// JSON lines and summary, for several n (more shards than negotiations included); GENIUS
// rules too.
func TestShardMerge(t *testing.T) {
	for _, rules := range []negotiate.Rules{negotiate.RulesParley, negotiate.RulesGenius} {
		tn := newTournament(t, 2)
		if rules == negotiate.RulesGenius {
			tn.Scenarios = tn.Scenarios[1:] // three parties: GENIUS's TimeDependentAgent is bilateral
			tn.Agents = specs(t, "party-boulware", "party-conceder", "random")
		}
		tn.Config.Rules = rules
		csv, jsonl, sum := runTournament(t, tn)
		var table bytes.Buffer
		if err := sum.WriteTable(&table); err != nil {
			t.Fatal(err)
		}
		size, _ := tn.Size()
		for _, n := range []int{1, 2, 3, 7, size + 5} {
			t.Run(fmt.Sprintf("%v/%d", rules, n), func(t *testing.T) {
				var files []negotiate.ShardFile
				for i, b := range writeShards(t, tn, "sha256:x", n) {
					files = append(files, memShard(fmt.Sprintf("s%d", i), b))
				}
				// Any order of the files.
				files[0], files[len(files)-1] = files[len(files)-1], files[0]
				var c, j, tb bytes.Buffer
				msum, title, err := negotiate.MergeShards(files, &c, &j)
				if err != nil {
					t.Fatal(err)
				}
				if err := msum.WriteTable(&tb); err != nil {
					t.Fatal(err)
				}
				if title != "title" {
					t.Errorf("title %q", title)
				}
				if !bytes.Equal(c.Bytes(), csv) {
					t.Errorf("CSV differs")
				}
				if !bytes.Equal(j.Bytes(), jsonl) {
					t.Errorf("JSON lines differ")
				}
				if tb.String() != table.String() {
					t.Errorf("summary:\n%s\nwant:\n%s", tb.String(), table.String())
				}
			})
		}
	}
}

func TestShardRange(t *testing.T) {
	for _, tt := range []struct{ total, n int }{{10, 3}, {3, 7}, {1 << 40, 1000}, {0, 2}} {
		prev := 0
		for i := range tt.n {
			first, end := negotiate.ShardRange(tt.total, i, tt.n)
			if first != prev || end < first || end-first > tt.total/tt.n+1 {
				t.Fatalf("%d of %d: shard %d is [%d, %d), after %d", tt.total, tt.n, i, first, end, prev)
			}
			prev = end
		}
		if prev != tt.total {
			t.Errorf("%d of %d: shards end at %d", tt.total, tt.n, prev)
		}
	}
}

func TestMergeShardsErrors(t *testing.T) {
	tn := newTournament(t, 1)
	three := writeShards(t, tn, "sha256:a", 3)
	other := writeShards(t, tn, "sha256:b", 3)
	two := writeShards(t, tn, "sha256:a", 2)
	lines := bytes.SplitAfter(three[1], []byte("\n"))
	cut := bytes.Join(lines[:4], nil)
	swapped := bytes.Join(append([][]byte{lines[0], lines[2], lines[1]}, lines[3:]...), nil)
	corrupt := bytes.Join([][]byte{lines[0], []byte("[1,2,3]\n")}, nil)
	for _, tt := range []struct {
		name  string
		files []negotiate.ShardFile
		want  string
	}{
		{"ErrNone", nil, "no shards to merge"},
		{"ErrMissing", []negotiate.ShardFile{memShard("a", three[0]), memShard("c", three[2])}, "missing shard(s) 1 of 3"},
		{"ErrDuplicate", []negotiate.ShardFile{memShard("a", three[0]), memShard("b", three[1]), memShard("b2", three[1]), memShard("c", three[2])}, "b2: shard 1 of 3 given twice (also b)"},
		{"ErrForeign", []negotiate.ShardFile{memShard("a", three[0]), memShard("x", other[1]), memShard("c", three[2])}, "x: shard of another tournament: spec sha256:b, but a has spec sha256:a"},
		{"ErrCount", []negotiate.ShardFile{memShard("a", three[0]), memShard("y", two[1])}, "y: shard 1 of 2, but a is a shard of 3"},
		{"ErrNotShard", []negotiate.ShardFile{memShard("z", []byte("negotiation,scenario\n"))}, "z:1: not a shard written by parley tournament --shard"},
		{"ErrEmpty", []negotiate.ShardFile{memShard("e", nil)}, "e:1: empty file"},
		{"ErrIncomplete", []negotiate.ShardFile{memShard("a", three[0]), memShard("b", cut), memShard("c", three[2])}, "b: incomplete shard: 3 of its"},
		{"ErrOrder", []negotiate.ShardFile{memShard("a", three[0]), memShard("b", swapped), memShard("c", three[2])}, "b:2: corrupt shard: negotiation"},
		{"ErrCorrupt", []negotiate.ShardFile{memShard("a", three[0]), memShard("b", corrupt), memShard("c", three[2])}, "b:2: corrupt shard: 3 fields, want 19"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := negotiate.MergeShards(tt.files, io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// FuzzMergeShards: whatever a shard file holds, merging it fails cleanly or succeeds.
func FuzzMergeShards(f *testing.F) {
	tn := newTournament(f, 1)
	for _, b := range writeShards(f, tn, "sha256:a", 1) {
		f.Add(b)
	}
	f.Add([]byte(`{"parley_tournament_shard":1,"spec":"s","shard":0,"shards":1,"negotiations":1,"first":0,"count":1,"layout":{"scenarios":[{"name":"x","parties":["a","b"]}],"agents":["z"]}}` + "\n" + `[0,0,0,1,[0,0],true,[1,1],[1,1],2,3,null,null,[0,0],null,null,null,null,0,{"i":1}]` + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		negotiate.MergeShards([]negotiate.ShardFile{memShard("f", data)}, io.Discard, io.Discard)
	})
}
