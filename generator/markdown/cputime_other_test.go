//go:build !unix

package markdown

import "time"

// cpuTime is not measured here; TestPathologicalInputs logs 0.
func cpuTime() time.Duration { return 0 }
