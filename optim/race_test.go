//go:build race

package optim

// raceEnabled: the race detector allocates, so zero-allocation checks are skipped.
const raceEnabled = true
