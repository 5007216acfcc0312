package negotiate

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/bits"
	"sort"
	"strconv"
	"strings"

	"parley"
)

// shardVersion is the version of the shard format, the value of a shard's first key.
const shardVersion = 1

// MaxShards bounds the number of shards of a tournament.
const MaxShards = 1 << 20

// ShardHeader is the first line of a shard file (JSON). The negotiations follow, one JSON
// line each, in the tournament's order.
type ShardHeader struct {
	Version int `json:"parley_tournament_shard"`
	// Spec identifies the tournament: a hash of its spec and scenarios. Shards merge only
	// with shards of the same spec.
	Spec         string `json:"spec"`
	Shard        int    `json:"shard"`  // from 0
	Shards       int    `json:"shards"` // how many in all
	Negotiations int    `json:"negotiations"`
	First        int    `json:"first"` // the shard's first negotiation, from 0
	Count        int    `json:"count"`
	// Title is the line a single process prints above the summary.
	Title  string  `json:"title"`
	Layout *Layout `json:"layout"`
}

// ShardRange returns the negotiations [first, end) of shard i of n of a tournament of
// total negotiations: contiguous slices, in order, whose sizes differ by at most one.
func ShardRange(total, i, n int) (first, end int) {
	return mulDiv(total, i, n), mulDiv(total, i+1, n)
}

// mulDiv returns a*b/c without overflow for non-negative operands (c > 0).
func mulDiv(a, b, c int) int {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	q, _ := bits.Div64(hi, lo, uint64(c))
	return int(q)
}

// CheckShard reports an error unless 0 <= i < n <= MaxShards.
func CheckShard(i, n int) error {
	if n <= 0 || n > MaxShards {
		return parley.Errorf(parley.EINVALID, "%d shards; give 1 to %d", n, MaxShards)
	}
	if i < 0 || i >= n {
		return parley.Errorf(parley.EINVALID, "shard %d of %d; shards count from 0 to %d", i, n, n-1)
	}
	return nil
}

// WriteShard runs shard i of n of the tournament (see ShardRange) and writes it to w: the
// header, with spec and title, then one line per negotiation. The same tournament and
// shard always write the same bytes. It returns the summary of the shard's negotiations.
func (t *Tournament) WriteShard(ctx context.Context, w io.Writer, spec, title string, i, n int, progress func(done, total int)) (*Summary, error) {
	if err := CheckShard(i, n); err != nil {
		return nil, err
	}
	total, err := t.Size()
	if err != nil {
		return nil, err
	}
	first, end := ShardRange(total, i, n)
	h := ShardHeader{Version: shardVersion, Spec: spec, Shard: i, Shards: n, Negotiations: total, First: first, Count: end - first, Title: title, Layout: t.Layout()}
	b, err := json.Marshal(h)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(append(b, '\n')); err != nil {
		return nil, err
	}
	jw := NewJSONWriter(io.Discard, t)
	var buf []byte
	return t.RunRange(ctx, first, end, func(r *Record) error {
		buf = appendShardRecord(buf[:0], jw, r)
		_, err := w.Write(buf)
		return err
	}, progress)
}

// appendShardRecord appends r as a shard line: a JSON array of index, scenario, rep, seed,
// agents, acceptable, utility, discounted utility, welfare, rounds, Pareto and Nash
// distances (null when unknown), advantage, Kalai, Kalai-Smorodinsky, GENIUS Pareto and
// Nash distances, GENIUS welfare, and the agreement as the JSON lines write it. Floats are
// written in shortest form, so they read back exactly.
func appendShardRecord(b []byte, jw *JSONWriter, r *Record) []byte {
	b = append(b, '[')
	b = strconv.AppendInt(b, int64(r.Index), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(r.Scenario), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(r.Rep), 10)
	b = append(b, ',')
	b = strconv.AppendUint(b, r.Seed, 10)
	b = append(b, ",["...)
	for p, a := range r.Agents {
		if p > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(a), 10)
	}
	b = append(b, "],"...)
	b = strconv.AppendBool(b, r.Acceptable)
	b = append(b, ',')
	b = appendExactFloats(b, r.Utility)
	b = append(b, ',')
	b = appendExactFloats(b, r.Discounted)
	for _, x := range []float64{r.Welfare, float64(r.Rounds), r.ParetoDistance, r.NashDistance} {
		b = append(b, ',')
		b = appendExact(b, x)
	}
	b = append(b, ',')
	b = appendExactFloats(b, r.Advantage)
	for _, x := range []float64{r.KalaiDistance, r.KSDistance, r.GeniusPareto, r.GeniusNash, r.GeniusWelfare} {
		b = append(b, ',')
		b = appendExact(b, x)
	}
	b = append(b, ',')
	b = jw.appendAgreement(b, r)
	return append(b, "]\n"...)
}

func appendExact(b []byte, x float64) []byte {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return append(b, "null"...)
	}
	return strconv.AppendFloat(b, x, 'g', -1, 64)
}

func appendExactFloats(b []byte, xs []float64) []byte {
	b = append(b, '[')
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendExact(b, x)
	}
	return append(b, ']')
}

// ShardFile is a shard to merge: its name, for errors, and how to open it.
type ShardFile struct {
	Name string
	Open func() (io.ReadCloser, error)
}

// shardFields is the number of fields of a shard line.
const shardFields = 19

// maxShardLine bounds the length of a shard's lines.
const maxShardLine = 16 << 20

// readShardHeader reads the header of a shard file.
func readShardHeader(f ShardFile) (*ShardHeader, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, &parley.Error{Code: parley.EINVALID, File: f.Name, Message: "cannot read the shard: " + err.Error()}
	}
	defer rc.Close()
	line, err := bufio.NewReaderSize(rc, 1<<16).ReadSlice('\n')
	if err != nil && len(line) == 0 {
		return nil, &parley.Error{Code: parley.EINVALID, File: f.Name, Line: 1, Message: "empty file; not a shard written by parley tournament --shard"}
	}
	var h ShardHeader
	if json.Unmarshal(line, &h) != nil || h.Version == 0 || h.Layout == nil {
		return nil, &parley.Error{Code: parley.EINVALID, File: f.Name, Line: 1, Message: "not a shard written by parley tournament --shard"}
	}
	if h.Version != shardVersion {
		return nil, &parley.Error{Code: parley.EINVALID, File: f.Name, Line: 1, Message: fmt.Sprintf("shard format %d; this parley reads format %d", h.Version, shardVersion)}
	}
	if CheckShard(h.Shard, h.Shards) != nil || h.Negotiations < 0 || h.Negotiations > maxNegotiations {
		return nil, &parley.Error{Code: parley.EINVALID, File: f.Name, Line: 1, Message: fmt.Sprintf("shard %d of %d of %d negotiations: not a valid shard", h.Shard, h.Shards, h.Negotiations)}
	}
	if first, end := ShardRange(h.Negotiations, h.Shard, h.Shards); h.First != first || h.Count != end-first {
		return nil, &parley.Error{Code: parley.EINVALID, File: f.Name, Line: 1, Message: fmt.Sprintf("shard %d of %d holds negotiations %d to %d; it should hold %d to %d", h.Shard, h.Shards, h.First, h.First+h.Count, first, end)}
	}
	return &h, nil
}

// MergeShards merges the shards of one tournament: it checks that they are every shard of
// the same spec, exactly once, then streams them in order, writing to csvw and jsonw
// (when not nil) the bytes a single process writes with --csv and --json, and returns the
// summary and title a single process prints. Memory stays bounded whatever the
// tournament's size: one shard is open at a time, read line by line.
//
// Errors (parley.EINVALID) name the shard file: not a shard, a shard of another spec or
// of another number of shards, a shard given twice, missing shards, an incomplete shard.
func MergeShards(shards []ShardFile, csvw, jsonw io.Writer) (*Summary, string, error) {
	if len(shards) == 0 {
		return nil, "", parley.Errorf(parley.EINVALID, "no shards to merge")
	}
	heads := make([]*ShardHeader, len(shards))
	for k, f := range shards {
		h, err := readShardHeader(f)
		if err != nil {
			return nil, "", err
		}
		heads[k] = h
	}
	h0, f0 := heads[0], shards[0].Name
	byIndex := make(map[int]int, len(shards))
	for k, h := range heads {
		name := shards[k].Name
		if h.Spec != h0.Spec {
			return nil, "", &parley.Error{Code: parley.EINVALID, File: name, Message: fmt.Sprintf("shard of another tournament: spec %s, but %s has spec %s", h.Spec, f0, h0.Spec)}
		}
		if h.Shards != h0.Shards {
			return nil, "", &parley.Error{Code: parley.EINVALID, File: name, Message: fmt.Sprintf("shard %d of %d, but %s is a shard of %d", h.Shard, h.Shards, f0, h0.Shards)}
		}
		if h.Negotiations != h0.Negotiations || h.Title != h0.Title {
			return nil, "", &parley.Error{Code: parley.EINVALID, File: name, Message: fmt.Sprintf("shard of another tournament than %s, though with the same spec hash", f0)}
		}
		if j, dup := byIndex[h.Shard]; dup {
			return nil, "", &parley.Error{Code: parley.EINVALID, File: name, Message: fmt.Sprintf("shard %d of %d given twice (also %s)", h.Shard, h.Shards, shards[j].Name)}
		}
		byIndex[h.Shard] = k
	}
	if len(byIndex) != h0.Shards {
		var missing []string
		for i := range h0.Shards {
			if _, ok := byIndex[i]; !ok {
				if len(missing) == 10 {
					missing = append(missing, "...")
					break
				}
				missing = append(missing, strconv.Itoa(i))
			}
		}
		return nil, "", parley.Errorf(parley.EINVALID, "missing shard(s) %s of %d (shards count from 0); run them with parley tournament SPEC --shard I/%d", strings.Join(missing, ", "), h0.Shards, h0.Shards)
	}
	order := make([]int, 0, len(shards))
	for _, k := range byIndex {
		order = append(order, k)
	}
	sort.Slice(order, func(a, b int) bool { return heads[order[a]].Shard < heads[order[b]].Shard })

	l := h0.Layout
	sum := newSummaryLayout(l)
	var cw *CSVWriter
	if csvw != nil {
		cw = newCSVWriter(csvw, l)
	}
	var jw *JSONWriter
	if jsonw != nil {
		jw = newJSONWriter(jsonw, l)
	}
	var rec Record
	for _, k := range order {
		if err := mergeShard(shards[k], heads[k], l, &rec, sum, cw, jw); err != nil {
			return nil, "", err
		}
	}
	if cw != nil {
		if err := cw.Flush(); err != nil {
			return nil, "", err
		}
	}
	return sum, h0.Title, nil
}

// mergeShard streams one shard's negotiations into the summary and writers.
func mergeShard(f ShardFile, h *ShardHeader, l *Layout, rec *Record, sum *Summary, cw *CSVWriter, jw *JSONWriter) error {
	rc, err := f.Open()
	if err != nil {
		return &parley.Error{Code: parley.EINVALID, File: f.Name, Message: "cannot read the shard: " + err.Error()}
	}
	defer rc.Close()
	sc := bufio.NewScanner(rc)
	sc.Buffer(make([]byte, 0, 1<<16), maxShardLine)
	sc.Scan() // the header, read already
	n := 0
	for sc.Scan() {
		line := sc.Bytes()
		agreement, err := parseShardRecord(line, l, rec)
		if err == nil && rec.Index != h.First+n {
			err = fmt.Errorf("negotiation %d where %d belongs", rec.Index+1, h.First+n+1)
		}
		if err == nil && n >= h.Count {
			err = fmt.Errorf("more negotiations than the %d the header announces", h.Count)
		}
		if err != nil {
			return &parley.Error{Code: parley.EINVALID, File: f.Name, Line: n + 2, Message: "corrupt shard: " + err.Error() + "; run the shard again"}
		}
		sum.add(rec)
		if cw != nil {
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		if jw != nil {
			if err := jw.write(rec, agreement); err != nil {
				return err
			}
		}
		n++
	}
	if err := sc.Err(); err != nil {
		return &parley.Error{Code: parley.EINVALID, File: f.Name, Line: n + 2, Message: "cannot read the shard: " + err.Error()}
	}
	if n != h.Count {
		return &parley.Error{Code: parley.EINVALID, File: f.Name, Message: fmt.Sprintf("incomplete shard: %d of its %d negotiations; run shard %d of %d again", n, h.Count, h.Shard, h.Shards)}
	}
	return nil
}

// parseShardRecord reads a shard line into rec and returns the agreement as written. It
// reads exactly what appendShardRecord writes (no spaces), by hand: encoding/json took two
// thirds of a merge's time.
func parseShardRecord(line []byte, l *Layout, rec *Record) ([]byte, error) {
	sc := lineScanner{b: line}
	sc.expect('[')
	rec.Index, rec.Scenario, rec.Rep = sc.int(), sc.int(), sc.int()
	rec.Seed = sc.uint()
	if sc.err != nil {
		return nil, sc.err
	}
	if rec.Scenario < 0 || rec.Scenario >= len(l.Scenarios) {
		return nil, fmt.Errorf("scenario %d out of range", rec.Scenario)
	}
	parties := len(l.Scenarios[rec.Scenario].Parties)
	rec.Agents = sc.ints(rec.Agents[:0])
	if sc.err == nil && len(rec.Agents) != parties {
		return nil, fmt.Errorf("%d agents, want %d", len(rec.Agents), parties)
	}
	for _, a := range rec.Agents {
		if a < 0 || a >= len(l.Agents) {
			return nil, fmt.Errorf("agent %d out of range", a)
		}
	}
	switch t := sc.token(); string(t) {
	case "true", "false":
		rec.Acceptable = string(t) == "true"
	default:
		sc.fail("acceptable %q: want true or false", t)
	}
	rec.Utility = sc.floats(rec.Utility[:0], parties)
	rec.Discounted = sc.floats(rec.Discounted[:0], parties)
	rec.Welfare = sc.num()
	rec.Rounds = sc.int()
	rec.ParetoDistance, rec.NashDistance = sc.num(), sc.num()
	rec.Advantage = sc.floats(rec.Advantage[:0], parties)
	rec.KalaiDistance, rec.KSDistance = sc.num(), sc.num()
	rec.GeniusPareto, rec.GeniusNash, rec.GeniusWelfare = sc.num(), sc.num(), sc.num()
	if sc.err != nil {
		return nil, sc.err
	}
	// The agreement is the rest of the line but its closing bracket.
	rest := sc.b[sc.i:]
	if len(rest) < 2 || rest[len(rest)-1] != ']' {
		return nil, fmt.Errorf("%d fields, want %d", sc.fields+1, shardFields)
	}
	agreement := rest[:len(rest)-1]
	rec.Agreement = nil
	if string(agreement) != "null" {
		if agreement[0] != '{' || !json.Valid(agreement) {
			return nil, fmt.Errorf("agreement %.40q: want a JSON object or null", agreement)
		}
		rec.Agreement = parley.Outcome{} // agreed; the values are in agreement
	}
	return agreement, nil
}

// lineScanner reads the fields of a shard line. The first error sticks.
type lineScanner struct {
	b      []byte
	i      int
	fields int // fields read
	err    error
}

func (s *lineScanner) fail(format string, args ...any) {
	if s.err == nil {
		s.err = fmt.Errorf(format, args...)
	}
}

func (s *lineScanner) expect(c byte) {
	if s.err == nil && (s.i >= len(s.b) || s.b[s.i] != c) {
		s.fail("want %q at column %d", c, s.i+1)
	}
	s.i++
}

// token returns the next scalar field and skips the comma after it.
func (s *lineScanner) token() []byte {
	if s.err != nil {
		return nil
	}
	j := s.i
	for j < len(s.b) && s.b[j] != ',' && s.b[j] != ']' {
		j++
	}
	t := s.b[s.i:j]
	if j >= len(s.b) || s.b[j] != ',' {
		s.fail("%d fields, want %d", s.fields+1, shardFields)
		return t
	}
	s.i = j + 1
	s.fields++
	return t
}

func (s *lineScanner) int() int {
	t := s.token()
	x, err := strconv.Atoi(string(t))
	if err != nil {
		s.fail("%q is not a whole number", t)
	}
	return x
}

func (s *lineScanner) uint() uint64 {
	t := s.token()
	x, err := strconv.ParseUint(string(t), 10, 64)
	if err != nil {
		s.fail("%q is not a whole number", t)
	}
	return x
}

func (s *lineScanner) num() float64 {
	t := s.token()
	if string(t) == "null" {
		return math.NaN()
	}
	x, err := strconv.ParseFloat(string(t), 64)
	if err != nil {
		s.fail("%q is not a number", t)
	}
	return x
}

// list reads a bracketed list of scalars, calling f on each, and skips the comma after it.
func (s *lineScanner) list(f func(t []byte)) {
	s.expect('[')
	if s.err != nil {
		return
	}
	if s.i < len(s.b) && s.b[s.i] == ']' {
		s.i++
	} else {
		for s.err == nil {
			j := s.i
			for j < len(s.b) && s.b[j] != ',' && s.b[j] != ']' {
				j++
			}
			if j >= len(s.b) {
				s.fail("unterminated list")
				return
			}
			f(s.b[s.i:j])
			s.i = j + 1
			if s.b[j] == ']' {
				break
			}
		}
	}
	s.expect(',')
	s.fields++
}

func (s *lineScanner) ints(dst []int) []int {
	s.list(func(t []byte) {
		x, err := strconv.Atoi(string(t))
		if err != nil {
			s.fail("%q is not a whole number", t)
		}
		dst = append(dst, x)
	})
	return dst
}

func (s *lineScanner) floats(dst []float64, n int) []float64 {
	s.list(func(t []byte) {
		x, err := strconv.ParseFloat(string(t), 64)
		if err != nil {
			s.fail("%q is not a number", t)
		}
		dst = append(dst, x)
	})
	if s.err == nil && len(dst) != n {
		s.fail("%d numbers, want %d", len(dst), n)
	}
	return dst
}
