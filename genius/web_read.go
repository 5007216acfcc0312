package genius

import "parley"

// ReadWebDir reads a GeniusWeb scenario folder.
func ReadWebDir(dir string) (*parley.Scenario, []parley.Warning, error) {
	return nil, nil, errorAt(dir, 0, "", "GeniusWeb folders are not read yet")
}
