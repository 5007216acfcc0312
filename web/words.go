package web

import (
	"slices"
	"strconv"
	"strings"

	"parley"
)

// IssueValue writes a value of the workspace's issue id for people: with the issue's unit
// ("40 km"), or "not bound" for an empty value.
func (s *signedIn) IssueValue(id, v string) string {
	if v == "" {
		return "not bound"
	}
	for _, is := range s.Workspace.Issues {
		if is.ID == id && is.Unit != "" && is.Kind != parley.KindOptions {
			return v + " " + is.Unit
		}
	}
	return v
}

// IssueLabel names an issue with its unit: "Buffer zone (km)".
func (s *signedIn) IssueLabel(id string) string {
	for _, is := range s.Workspace.Issues {
		if is.ID == id && is.Unit != "" {
			return s.IssueName(id) + " (" + is.Unit + ")"
		}
	}
	return s.IssueName(id)
}

// Audience writes who may see a point: "everyone" for an empty list, else the members'
// names in the workspace's order.
func (s *signedIn) Audience(ids []string) string {
	if len(ids) == 0 {
		return "everyone"
	}
	var names []string
	for _, m := range s.Workspace.Members {
		if slices.Contains(ids, m.ID) {
			names = append(names, m.Name)
		}
	}
	for _, id := range ids {
		if s.Workspace.Member(id) == nil {
			names = append(names, id)
		}
	}
	return strings.Join(names, ", ")
}

// versionName names a version for people, "Version 2: 22-point revision", from the list
// the member may see; the id stays only when the version is not in it.
func versionName(vs []*parley.VersionSummary, id string) string {
	for _, v := range vs {
		if v.ID == id {
			name := v.Title
			if v.Number > 0 {
				name = "Version " + strconv.Itoa(v.Number) + ": " + name
			}
			if v.Kind == parley.KindRival {
				name += " (rival draft)"
			}
			return name
		}
	}
	return "version " + id
}

// shortHash shortens a content hash for reading; the full hash stays a click away.
func shortHash(h string) string {
	if len(h) <= 12 {
		return h
	}
	return h[:12] + "…"
}
