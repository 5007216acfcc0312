package report

import (
	"bufio"
	"encoding/json"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"parley"
	"parley/analysis"
	"parley/internal/jsonfloat"
)

// WriteJSON writes the JSON document of res, an analysis of s, as it goes: the same bytes as
// a json.Encoder indenting NewDocument by two spaces, without building the document, so
// that listing a frontier of many points over many issues costs no memory beyond the result
// itself.
func WriteJSON(w io.Writer, s *parley.Scenario, res *analysis.Result) error {
	head := NewDocument(s, withoutPoints(res))
	head.setCounts(res)
	pw := newPointWriter(s, res)
	lists := map[string][]analysis.Point{
		"pareto": res.Pareto, "acceptable_pareto": res.AcceptablePareto, "nash": res.Nash,
		"kalai_smorodinsky": res.KalaiSmorodinsky, "egalitarian": res.Egalitarian, "utilitarian": res.Utilitarian,
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString("{")
	v := reflect.ValueOf(head).Elem()
	t := v.Type()
	first := true
	for i := 0; i < t.NumField(); i++ {
		name, opts, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		f := v.Field(i)
		if opts == "omitempty" && f.IsZero() {
			continue
		}
		if !first {
			bw.WriteString(",")
		}
		first = false
		bw.WriteString("\n  ")
		bw.Write(jsonString(name))
		bw.WriteString(": ")
		if pts, ok := lists[name]; ok {
			pw.list(bw, pts)
			continue
		}
		b, err := json.MarshalIndent(f.Interface(), "  ", "  ")
		if err != nil {
			return err
		}
		bw.Write(b)
	}
	bw.WriteString("\n}\n")
	return bw.Flush()
}

// withoutPoints returns a copy of res without its listed points, for the document's head.
func withoutPoints(res *analysis.Result) *analysis.Result {
	r := *res
	r.Pareto, r.AcceptablePareto, r.Nash, r.KalaiSmorodinsky, r.Egalitarian, r.Utilitarian = nil, nil, nil, nil, nil, nil
	return &r
}

// pointWriter writes points as encoding/json would write Point, two levels deep.
type pointWriter struct {
	s         *parley.Scenario
	res       *analysis.Result
	issues    []int    // issue indices, sorted by id as a map's keys are
	issueKey  [][]byte // encoded ids, same order
	party     []int    // positions in res.Parties, sorted by id
	partyKey  [][]byte
	med       []int
	medKey    [][]byte
	optionEnc [][][]byte // per issue: encoded option names, for option issues
	buf       []byte
}

func newPointWriter(s *parley.Scenario, res *analysis.Result) *pointWriter {
	pw := &pointWriter{s: s, res: res}
	sorted := func(n int, id func(int) string) ([]int, [][]byte) {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		slices.SortStableFunc(idx, func(a, b int) int { return strings.Compare(id(a), id(b)) })
		keys := make([][]byte, n)
		for x, i := range idx {
			keys[x] = jsonString(id(i))
		}
		return idx, keys
	}
	pw.issues, pw.issueKey = sorted(len(s.Issues), func(i int) string { return s.Issues[i].ID })
	pw.party, pw.partyKey = sorted(len(res.Parties), func(i int) string { return s.Parties[res.Parties[i]].ID })
	pw.med, pw.medKey = sorted(len(res.Mediators), func(i int) string { return s.Parties[res.Mediators[i]].ID })
	pw.optionEnc = make([][][]byte, len(s.Issues))
	for i, is := range s.Issues {
		if is.Kind == parley.KindOptions {
			for k := 0; k < is.Size(); k++ {
				pw.optionEnc[i] = append(pw.optionEnc[i], jsonString(is.Value(k).String()))
			}
		}
	}
	return pw
}

func (pw *pointWriter) list(w *bufio.Writer, pts []analysis.Point) {
	if len(pts) == 0 {
		w.WriteString("[]")
		return
	}
	w.WriteString("[")
	for x, p := range pts {
		if x > 0 {
			w.WriteString(",")
		}
		w.Write(pw.point(p))
	}
	w.WriteString("\n  ]")
}

// point encodes one point, starting with its line break.
func (pw *pointWriter) point(p analysis.Point) []byte {
	b := append(pw.buf[:0], "\n    {\n      \"outcome\": "...)
	if len(pw.issues) == 0 {
		b = append(b, "{}"...)
	} else {
		b = append(b, '{')
		for x, i := range pw.issues {
			if x > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n        "...)
			b = append(b, pw.issueKey[x]...)
			b = append(b, ": "...)
			b = pw.value(b, i, p.Outcome[i])
		}
		b = append(b, "\n      }"...)
	}
	b = append(b, ",\n      \"utility\": "...)
	b = utilities(b, pw.party, pw.partyKey, p.Utility)
	if len(pw.med) > 0 {
		b = append(b, ",\n      \"mediator_utility\": "...)
		b = utilities(b, pw.med, pw.medKey, p.MediatorUtility)
	}
	b = append(b, ",\n      \"acceptable\": "...)
	b = strconv.AppendBool(b, p.Acceptable)
	b = append(b, "\n    }"...)
	pw.buf = b
	return b
}

func utilities(b []byte, idx []int, keys [][]byte, us []float64) []byte {
	if len(idx) == 0 {
		return append(b, "{}"...)
	}
	b = append(b, '{')
	for x, i := range idx {
		if x > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n        "...)
		b = append(b, keys[x]...)
		b = append(b, ": "...)
		b = jsonfloat.Append(b, round(us[i]))
	}
	return append(b, "\n      }"...)
}

// value encodes value v of issue i as value() gives it to encoding/json.
func (pw *pointWriter) value(b []byte, i, v int) []byte {
	if enc := pw.optionEnc[i]; enc != nil && v < len(enc) {
		return append(b, enc[v]...)
	}
	switch x := value(pw.s.Issues[i].Value(v)).(type) {
	case float64:
		return jsonfloat.Append(b, x)
	case string:
		return append(b, jsonString(x)...)
	}
	return append(b, "null"...)
}

func jsonString(s string) []byte {
	b, _ := json.Marshal(s)
	return b
}

// WriteFrontierJSONL writes every Pareto-optimal outcome of res (res.EachPareto: the whole
// frontier when the analysis kept it) to w as JSON lines, one point a line in the form of
// the document's points, and returns the number of lines. It stops after limit lines when
// limit is positive.
func WriteFrontierJSONL(w io.Writer, s *parley.Scenario, res *analysis.Result, limit int64) (int64, error) {
	pw := newPointWriter(s, res)
	bw := bufio.NewWriterSize(w, 1<<16)
	var n int64
	var err error
	var line []byte
	res.EachPareto(func(p analysis.Point) bool {
		line = compactPoint(line[:0], pw.point(p))
		if _, err = bw.Write(line); err != nil {
			return false
		}
		n++
		return limit <= 0 || n < limit
	})
	if err != nil {
		return n, err
	}
	return n, bw.Flush()
}

// compactPoint appends the indented point b without its layout, and a line break.
func compactPoint(dst, b []byte) []byte {
	in := false
	esc := false
	for _, c := range b {
		switch {
		case in:
			dst = append(dst, c)
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				in = false
			}
		case c == '"':
			in = true
			dst = append(dst, c)
		case c == ' ' || c == '\n':
		default:
			dst = append(dst, c)
		}
	}
	return append(dst, '\n')
}
