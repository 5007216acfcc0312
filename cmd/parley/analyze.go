package main

import (
	"context"
	"fmt"
	"io"
)

func runAnalyze(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "parley analyze: being wired")
	return 1
}
