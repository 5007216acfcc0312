package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"parley"
)

// failedForm is an editor form the service refused: which form, what was typed, and the
// field to mark with the message.
type failedForm struct {
	Form    string     // the form's key: "add", "merge", "edit-POINT", "split-POINT"
	Values  url.Values // what was typed
	Part    string     // the split part the field belongs to ("1", "2"), else ""
	Field   string     // "title", "text", "bind.ISSUE", "visible", "at", or "" (the form)
	Message string     // in words, naming the field as the form labels it
}

var fieldRE = regexp.MustCompile(`^(?:ops\[\d+\]\.)?(?:content|parts\[(\d+)\])\.(title|text|bindings\.(.+)|visible_to(?:\[\d+\])?)$`)

// failedFormOf explains an EINVALID error of an editing operation in the form's own words.
func failedFormOf(r *http.Request, me *signedIn, err error) *failedForm {
	f := &failedForm{Values: r.PostForm, Message: parley.ErrorMessage(err)}
	switch op, pt := r.PostForm.Get("op"), r.PostForm.Get("point"); op {
	case "add", "merge":
		f.Form = op
	case "edit", "split":
		f.Form = op + "-" + pt
	}
	e, ok := err.(*parley.Error)
	if !ok {
		return f
	}
	m := fieldRE.FindStringSubmatch(e.Field)
	if m == nil {
		if strings.HasSuffix(e.Field, ".at") || e.Field == "at" {
			f.Field, f.Message = "at", "Position: "+e.Message
		} else {
			f.Message = e.Message
		}
		return f
	}
	if m[1] != "" {
		i, _ := strconv.Atoi(m[1])
		f.Part = strconv.Itoa(i + 1)
	}
	switch {
	case m[2] == "title":
		f.Field, f.Message = "title", "Title: "+e.Message
	case m[2] == "text":
		f.Field, f.Message = "text", "Text: "+e.Message
	case m[3] != "":
		f.Field = "bind." + m[3]
		f.Message = e.Message
		for _, is := range me.Workspace.Issues {
			if is.ID == m[3] {
				iss := is
				v := r.PostForm.Get("bind" + f.Part + "." + is.ID)
				f.Message = fmt.Sprintf("%s: %q is not one of its values; give %s.", iss.DisplayName(), v, valuesHint(iss))
			}
		}
	default:
		f.Field, f.Message = "visible", "Who may see this point: "+e.Message
	}
	return f
}

// valuesHint says what values an issue takes: "one of join, moratorium, renounce" or "a
// number from 0 to 60 km in steps of 5".
func valuesHint(is *parley.Issue) string {
	if is.Kind == parley.KindOptions {
		return "one of " + is.Describe()
	}
	s := "a number from " + parley.FormatNumber(is.Min) + " to " + parley.FormatNumber(is.Max)
	if is.Unit != "" {
		s += " " + is.Unit
	}
	if is.Step != 1 {
		s += " in steps of " + parley.FormatNumber(is.Step)
	}
	return s
}

// doneURL is the query and fragment a successful edit returns to: what was done, and the
// point it changed, so the page opens there and says so.
func doneURL(op parley.PointOp, v *parley.Version) string {
	id := ""
	switch op.Op {
	case "edit", "move", "split":
		id = op.Point
	case "add", "carry":
		if n := len(v.Points); n > 0 {
			id = v.Points[n-1].ID
			if op.At > 0 && op.At <= n {
				id = v.Points[op.At-1].ID
			}
		}
	}
	if op.Op == "split" {
		id = "" // the point has two new ids; the message shows at the top
	}
	if id == "" {
		return "?done=" + url.QueryEscape(string(op.Op))
	}
	return "?done=" + url.QueryEscape(string(op.Op)) + "&point=" + url.QueryEscape(id) + "#p-" + id
}

// doneMessage says in words what the action named in the query did; it returns the point
// to show it at, or "" for the top of the page. Only known actions have a message, so the
// query cannot put words on the page.
func doneMessage(q url.Values, v *parley.Version) (msg, point string) {
	num := 0
	if id := q.Get("point"); id != "" {
		for _, p := range v.Points {
			if p.ID == id {
				num, point = p.Number, id
			}
		}
	}
	n := ""
	if num > 0 {
		n = " " + strconv.Itoa(num)
	}
	switch q.Get("done") {
	case "add":
		msg = "Point" + n + " added."
	case "edit":
		msg = "Point" + n + " saved."
	case "move":
		msg = "Point moved to position" + n + "."
	case "carry":
		msg = "Point carried over as point" + n + "."
	case "remove":
		msg = "Point removed."
	case "merge":
		msg = "Points merged."
	case "split":
		msg = "Point split in two."
	case "publish":
		if v.Number > 0 {
			msg = "Published as version " + strconv.Itoa(v.Number) + ". Every member it is meant for can read it now."
		} else {
			msg = "Published. Every member it is meant for can read it now."
		}
	}
	if msg == "" {
		point = ""
	}
	return msg, point
}

// fieldError is a field's error message (empty when the field is fine) and the id of the
// element that shows it, for aria-describedby.
type fieldError struct{ ID, Message string }
