package check

import "qiao/generator/diag"

// JSONVersion is the version of check's JSON output. It changes when a
// field changes meaning or goes away, not when one is added.
const JSONVersion = 1

// JSON is the whole output of check --format json: the same fields with
// or without --translations and --external, null when not asked for.
type JSON struct {
	Version      int              `json:"version"`
	Diagnostics  []diag.JSON      `json:"diagnostics"`
	Translations *Translations    `json:"translations"`
	External     *ExternalSummary `json:"external"`
}
