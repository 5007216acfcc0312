package examples

import (
	"embed"
	"sort"
	"strings"

	"parley"
)

//go:embed *.yaml
var files embed.FS

// Names returns the names of the examples, sorted, without the .yaml extension.
func Names() []string {
	entries, err := files.ReadDir(".")
	if err != nil {
		panic("examples: reading the embedded files: " + err.Error()) // cannot happen: embedded at build time
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(names)
	return names
}

// Get returns the YAML of the named example; the name may end in .yaml. An unknown name is
// a parley.ENOTFOUND error listing the examples.
func Get(name string) ([]byte, error) {
	name = strings.TrimSuffix(name, ".yaml")
	if name == "" || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		return nil, unknown(name)
	}
	data, err := files.ReadFile(name + ".yaml")
	if err != nil {
		return nil, unknown(name)
	}
	return data, nil
}

func unknown(name string) error {
	return parley.Errorf(parley.ENOTFOUND, "no example %q; the examples are %s", name, strings.Join(Names(), ", "))
}
