package cpu_test

import (
	"testing"

	"github.com/simdml/simdml/internal/cpu"
	"github.com/simdml/simdml/internal/testutil"
)

// TestLevels fails when this process cannot run a level it should: CI sets
// SIMDML_EXPECT_LEVELS to the exact list per machine, and without a
// SIMDML_KERNEL cap every hardware level must be available.
func TestLevels(t *testing.T) {
	testutil.CheckLevels(t)
	t.Logf("hardware %s, available %s, active %v, capped %v",
		testutil.LevelNames(cpu.Hardware()), testutil.LevelNames(cpu.Available()), cpu.Active(), cpu.Capped())
}
