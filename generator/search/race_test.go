//go:build race

package search_test

// The race detector makes the differential test's site build several
// times slower; under it the test checks for races on a smaller site, and
// plain go test (as CI runs it) checks the results at full size.
const raceEnabled = true
