//go:build !race

package incremental_test

const raceEdits = 0
