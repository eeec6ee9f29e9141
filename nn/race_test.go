//go:build race

package nn

// raceEnabled: under the race detector sync.Pool drops items on purpose,
// so pooled paths allocate and their zero-allocation checks are skipped.
const raceEnabled = true
