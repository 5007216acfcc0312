package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"parley"
	"parley/examples"
	"parley/genius"
	"parley/scenario"
)

// examplePrefix marks a scenario argument that names an embedded example: example:peace-talks.
const examplePrefix = "example:"

// loadScenario reads the scenario at path: a parley YAML file, a folder holding a GENIUS
// domain and its profiles (or a GeniusWeb scenario), or example:NAME for an embedded
// example. Warnings go to stderr.
func loadScenario(path string, stderr io.Writer) (*parley.Scenario, error) {
	s, warns, err := readScenario(path)
	for _, w := range warns {
		fmt.Fprintf(stderr, "parley: warning: %s\n", w)
	}
	return s, err
}

func readScenario(path string) (*parley.Scenario, []parley.Warning, error) {
	if name, ok := strings.CutPrefix(path, examplePrefix); ok {
		data, err := examples.Get(name)
		if err != nil {
			return nil, nil, &parley.Error{Code: parley.EINVALID, Message: fmt.Sprintf("%v", err)}
		}
		return scenario.Parse(path, data)
	}
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, &parley.Error{Code: parley.ENOTFOUND, File: path, Message: "no such file or folder; give a parley YAML file, a GENIUS or GeniusWeb scenario folder, or example:NAME (" + strings.Join(examples.Names(), ", ") + ")"}
	} else if err != nil {
		return nil, nil, &parley.Error{Code: parley.EINVALID, File: path, Message: err.Error()}
	}
	if fi.IsDir() {
		return genius.ReadDir(path)
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xml":
		return nil, nil, &parley.Error{Code: parley.EINVALID, File: path, Message: "a GENIUS scenario is a folder: give the folder that holds the domain file and one profile file per party"}
	case ".json":
		return nil, nil, &parley.Error{Code: parley.EINVALID, File: path, Message: "a GeniusWeb scenario is a folder: give the folder that holds the domain and profile files"}
	}
	return scenario.Load(path)
}

// exitCode maps an error to the CLI's exit code: 2 for bad input, 1 for any other failure.
func exitCode(err error) int {
	switch parley.ErrorCode(err) {
	case "":
		return 0
	case parley.EINVALID, parley.ENOTFOUND:
		return 2
	}
	return 1
}

// fail prints err for the command and returns its exit code. Several problems (a scenario
// file with more than one) are printed one a line, in the order given (file order).
func fail(stderr io.Writer, cmd string, err error) int {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			fmt.Fprintf(stderr, "parley %s: %v\n", cmd, e)
		}
		return exitCode(err)
	}
	fmt.Fprintf(stderr, "parley %s: %v\n", cmd, err)
	return exitCode(err)
}
