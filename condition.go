package parley

// ConditionStatus is whether a version meets the condition of a conditional stance. Sent:
// append only.
type ConditionStatus string

// Condition statuses.
const (
	// ConditionMet: the version, as the party reads it, meets the condition whatever its
	// open issues become.
	ConditionMet ConditionStatus = "met"
	// ConditionUnmet: it meets it for no completion of its open issues.
	ConditionUnmet ConditionStatus = "unmet"
	// ConditionOpen: it meets it for some completions only: an issue the condition names
	// is still open.
	ConditionOpen ConditionStatus = "open"
	// ConditionNone: no condition (in Matrix.Conditions, a cell without a conditional
	// stance).
	ConditionNone ConditionStatus = "none"
)

// Reopened is a point a party accepted on a condition in an earlier version, met there,
// that a later version carries while no longer meeting the condition: a change elsewhere in
// the text reopened it ("nothing is agreed until everything is agreed").
type Reopened struct {
	Point     string `json:"point"`
	Number    int    `json:"number"`
	Party     string `json:"party"`
	Condition string `json:"condition"`
	// From is the earlier version the point was accepted in.
	From   string          `json:"from"`
	Status ConditionStatus `json:"status"`
}
