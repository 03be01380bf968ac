//go:build race

package incremental_test

// raceEdits is the default of -edits under the race detector, which makes
// each build several times slower.
const raceEdits = 8
