//go:build !race

package build_test

const raceEdits = 0
