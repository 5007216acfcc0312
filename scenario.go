package parley

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strconv"
)

// Role is what a member of a negotiation does. Stored: append only.
type Role string

// Roles.
const (
	RoleParty    Role = "party"    // must agree; its profile decides what is acceptable
	RoleMediator Role = "mediator" // drafts and proposes; may have interests, constrains nothing
	RoleObserver Role = "observer" // reads what it is shown
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleParty || r == RoleMediator || r == RoleObserver }

// Scenario is the structure of a negotiation: its parties, its issues and each party's
// private profile.
type Scenario struct {
	Name        string
	Description string
	Parties     []*Party
	Issues      []*Issue
}

// Party is a side of the negotiation. Profile is nil when the party's preferences are not
// known (an observer, or a party that has not submitted one).
type Party struct {
	ID      string
	Name    string
	Role    Role
	Profile *Profile
}

// DisplayName returns the party's name, or its id when it has none.
func (p *Party) DisplayName() string {
	if p.Name != "" {
		return p.Name
	}
	return p.ID
}

// IssueKind is the kind of values an issue takes. Stored: append only.
type IssueKind string

// Issue kinds.
const (
	KindOptions IssueKind = "options" // a list of named options
	KindInteger IssueKind = "integer" // integers from Min to Max by Step
	KindReal    IssueKind = "real"    // reals from Min to Max by Step
)

// Issue is one question to settle. Number issues are discrete: their values are
// Min, Min+Step, ..., up to Max.
type Issue struct {
	ID      string    `json:"id"`
	Name    string    `json:"name,omitempty"`
	Kind    IssueKind `json:"kind"`
	Options []string  `json:"options,omitempty"` // KindOptions
	Ordered bool      `json:"ordered,omitempty"` // KindOptions: the options are listed in a meaningful order
	Min     float64   `json:"min,omitempty"`     // KindInteger, KindReal
	Max     float64   `json:"max,omitempty"`
	Step    float64   `json:"step,omitempty"` // > 0; 1 when an integer issue leaves it out
	Unit    string    `json:"unit,omitempty"` // "km", "%", "days"
}

// UnmarshalJSON decodes an issue; an integer issue that leaves its step out steps by 1.
func (is *Issue) UnmarshalJSON(b []byte) error {
	type plain Issue
	if err := json.Unmarshal(b, (*plain)(is)); err != nil {
		return err
	}
	if is.Kind == KindInteger && is.Step == 0 {
		is.Step = 1
	}
	return nil
}

// DisplayName returns the issue's name, or its id when it has none.
func (is *Issue) DisplayName() string {
	if is.Name != "" {
		return is.Name
	}
	return is.ID
}

// Size returns the number of values the issue takes. For a malformed number issue (Step
// not positive, Max below Min, or non-finite bounds) it returns 0.
func (is *Issue) Size() int {
	if is.Kind == KindOptions {
		return len(is.Options)
	}
	if !(is.Step > 0) || math.IsInf(is.Min, 0) || math.IsInf(is.Max, 0) || math.IsNaN(is.Min) || math.IsNaN(is.Max) || is.Max < is.Min {
		return 0
	}
	n := math.Floor((is.Max-is.Min)/is.Step+1e-9) + 1
	if n > math.MaxInt32 {
		return math.MaxInt32
	}
	return int(n)
}

// Value returns the i-th value of the issue, 0 <= i < Size().
func (is *Issue) Value(i int) Value {
	if is.Kind == KindOptions {
		return Option(is.Options[i])
	}
	x := is.Min + float64(i)*is.Step
	if is.Kind == KindInteger {
		x = math.Round(x)
	} else {
		// Keep decimal steps readable: 0.1*3 prints as 0.3, not 0.30000000000000004.
		x, _ = strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	}
	if x > is.Max {
		x = is.Max
	}
	return Number(x)
}

// Index returns the index of v among the issue's values. Number values must lie on the
// grid within a tolerance of a thousandth of a step.
func (is *Issue) Index(v Value) (int, bool) {
	if is.Kind == KindOptions {
		if v.num {
			return 0, false
		}
		for i, o := range is.Options {
			if o == v.s {
				return i, true
			}
		}
		return 0, false
	}
	if !v.num {
		return 0, false
	}
	n := is.Size()
	f := (v.n - is.Min) / is.Step
	i := math.Round(f)
	if math.Abs(f-i) > 1e-3 || i < 0 || i >= float64(n) { // compared as floats: int(i) overflows
		return 0, false
	}
	return int(i), true
}

// Describe returns the issue's values in words: "join, moratorium, renounce" or
// "0-60 km, step 5".
func (is *Issue) Describe() string {
	if is.Kind == KindOptions {
		s := ""
		for i, o := range is.Options {
			if i > 0 {
				s += ", "
			}
			s += o
		}
		return s
	}
	s := FormatNumber(is.Min) + "-" + FormatNumber(is.Max)
	if is.Unit != "" {
		s += " " + is.Unit
	}
	if is.Step != 1 {
		s += ", step " + FormatNumber(is.Step)
	}
	return s
}

// Value is one value of an issue: an option name or a number.
type Value struct {
	s   string
	n   float64
	num bool
}

// Option returns the option value s.
func Option(s string) Value { return Value{s: s} }

// Number returns the numeric value x.
func Number(x float64) Value { return Value{n: x, num: true} }

// IsNumber reports whether v is a number.
func (v Value) IsNumber() bool { return v.num }

// Float returns v's number (0 for an option).
func (v Value) Float() float64 { return v.n }

// String returns the option name or the number in shortest form.
func (v Value) String() string {
	if v.num {
		return FormatNumber(v.n)
	}
	return v.s
}

// FormatNumber formats x in its shortest exact form ("50", "0.25").
func FormatNumber(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// Outcome is one complete package: Outcome[i] is the index of the value chosen for
// Scenario.Issues[i].
type Outcome []int

// Values returns the outcome's values by issue id.
func (s *Scenario) Values(o Outcome) map[string]Value {
	m := make(map[string]Value, len(s.Issues))
	for i, is := range s.Issues {
		m[is.ID] = is.Value(o[i])
	}
	return m
}

// Size returns the number of outcomes, exactly, however large.
func (s *Scenario) Size() *big.Int {
	n := big.NewInt(1)
	for _, is := range s.Issues {
		n.Mul(n, big.NewInt(int64(is.Size())))
	}
	return n
}

// Party returns the party with the given id.
func (s *Scenario) Party(id string) (*Party, error) {
	for _, p := range s.Parties {
		if p.ID == id {
			return p, nil
		}
	}
	return nil, Errorf(ENOTFOUND, "no party %q", id)
}

// Issue returns the index of the issue with the given id, or -1.
func (s *Scenario) Issue(id string) int {
	for i, is := range s.Issues {
		if is.ID == id {
			return i
		}
	}
	return -1
}

// Deciders returns the parties whose profiles decide what is acceptable: every party of
// role party, in scenario order. Mediators and observers are left out.
func (s *Scenario) Deciders() []*Party {
	var ps []*Party
	for _, p := range s.Parties {
		if p.Role == RoleParty {
			ps = append(ps, p)
		}
	}
	return ps
}

// Mediators returns the mediators that have a profile of their own.
func (s *Scenario) Mediators() []*Party {
	var ps []*Party
	for _, p := range s.Parties {
		if p.Role == RoleMediator && p.Profile != nil {
			ps = append(ps, p)
		}
	}
	return ps
}

// String implements fmt.Stringer for debugging.
func (o Outcome) String() string { return fmt.Sprint([]int(o)) }
