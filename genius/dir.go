package genius

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"parley"
)

// ParetoFile is the name of the frontier file some GENIUS domains ship; ReadDir leaves it
// out (read it with ReadPareto).
const ParetoFile = "pareto.xml"

// ReadDir reads a scenario folder. A GENIUS folder holds one domain file (root element
// negotiation_template) and one profile per party (root utility_space); each party is named
// after its profile's file name without .xml (its id and name) and has the role party. A
// GeniusWeb folder holds a domain (JSON with issuesValues) and one profile per party (JSON
// with LinearAdditiveUtilitySpace or SumOfGroupsUtilitySpace); see ReadWebDir. Which one a
// folder is follows from its files: any .xml file other than pareto.xml makes it GENIUS.
func ReadDir(dir string) (*parley.Scenario, []parley.Warning, error) {
	xmls, jsons, err := listDir(dir)
	if err != nil {
		return nil, nil, err
	}
	switch {
	case len(xmls) > 0:
		return readGeniusDir(dir, xmls)
	case len(jsons) > 0:
		return ReadWebDir(dir)
	}
	return nil, nil, errorAt(dir, 0, "", "no scenario files in the folder; expected a GENIUS domain and profiles (.xml) or a GeniusWeb domain and profiles (.json)")
}

// listDir returns the .xml (without pareto.xml) and .json files of dir, sorted.
func listDir(dir string) (xmls, jsons []string, err error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, &parley.Error{Code: parley.ENOTFOUND, File: dir, Message: fmt.Sprintf("cannot read folder: %v", unwrapPath(err))}
	}
	for _, e := range ents {
		if e.IsDir() {
			continue
		}
		switch n := e.Name(); strings.ToLower(filepath.Ext(n)) {
		case ".xml":
			if !strings.EqualFold(n, ParetoFile) {
				xmls = append(xmls, n)
			}
		case ".json":
			jsons = append(jsons, n)
		}
	}
	sort.Strings(xmls)
	sort.Strings(jsons)
	return xmls, jsons, nil
}

func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// openSpace parses one GENIUS file.
func openSpace(path string) (*rawSpace, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &parley.Error{Code: parley.ENOTFOUND, File: path, Message: fmt.Sprintf("cannot open: %v", unwrapPath(err))}
	}
	defer f.Close()
	return parseSpace(f, path)
}

func readGeniusDir(dir string, names []string) (*parley.Scenario, []parley.Warning, error) {
	var domain *rawSpace
	var profiles []*rawSpace
	for _, n := range names {
		sp, err := openSpace(filepath.Join(dir, n))
		if err != nil {
			return nil, nil, err
		}
		if sp.root == "negotiation_template" {
			if domain != nil {
				return nil, nil, errorAt(sp.file, 0, "<negotiation_template>", "a second domain file in the folder (the first is %s); a GENIUS folder holds exactly one", domain.file)
			}
			domain = sp
			continue
		}
		profiles = append(profiles, sp)
	}
	if domain == nil {
		return nil, nil, errorAt(dir, 0, "", "no GENIUS domain file in the folder; expected one .xml file with the root element <negotiation_template>")
	}
	if len(profiles) == 0 {
		return nil, nil, errorAt(dir, 0, "", "no GENIUS profile in the folder; expected one .xml file with the root element <utility_space> per party")
	}
	d, warns, err := domainFrom(domain)
	if err != nil {
		return nil, nil, err
	}
	s := d.Scenario
	s.Name = strings.TrimSuffix(filepath.Base(domain.file), filepath.Ext(domain.file))
	for _, sp := range profiles {
		p, w, err := d.profileFrom(sp)
		if err != nil {
			return nil, nil, err
		}
		warns = append(warns, w...)
		id := strings.TrimSuffix(filepath.Base(sp.file), filepath.Ext(sp.file))
		s.Parties = append(s.Parties, &parley.Party{ID: id, Name: id, Role: parley.RoleParty, Profile: p})
	}
	return s, warns, nil
}
