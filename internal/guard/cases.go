package guard

import (
	"runtime"
	"slices"
	"testing"

	"github.com/simdml/simdml/internal/cpu"
)

// Case is one assembly entry point for the guard-page tests of a kernel
// package: Run calls it for size n with every slice argument taken from ar
// flush against a guard page on side (what n means is the case's choice).
type Case struct {
	Name  string    // the assembly function, as declared in its stub
	Level cpu.Level // the level it needs
	Run   func(ar *Arena, n int, side Side)
}

// Sizes returns 0..2·width+1 and the edges (e-1, e, e+1) of loops unrolled
// 2, 4, 8 and 16 times over vectors of width elements, and a few large
// sizes, in increasing order: the sizes every kernel meets in tests.
func Sizes(width int) []int {
	var s []int
	for n := 0; n <= 2*width+1; n++ {
		s = append(s, n)
	}
	for _, u := range []int{3, 4, 6, 8, 12, 16, 32, 64} {
		e := u * width
		s = append(s, e-1, e, e+1)
	}
	slices.Sort(s)
	return slices.Compact(s)
}

// RunCases runs every case whose level this process has, over sizes(case),
// for both placements, and fails on the first fault with the function, the
// size and the placement. A case whose level the CPU lacks is skipped; one
// the CPU has but SIMDML_KERNEL hid is skipped too.
func RunCases(t *testing.T, cases []Case, sizes func(Case) []int) {
	t.Helper()
	if !Supported {
		t.Skip("guard: no guard pages on this OS")
	}
	for _, c := range cases {
		if !cpu.Has(c.Level) {
			continue
		}
		for _, side := range Sides {
			for _, n := range sizes(c) {
				var ar Arena
				err := Catch(func() { c.Run(&ar, n, side) })
				where := ""
				if f, ok := err.(*Fault); ok {
					if addr, ok := f.Addr(); ok {
						where = " (" + ar.Describe(addr) + ")"
					}
				}
				ar.Free()
				if err != nil {
					t.Fatalf("%s(n=%d, buffers flush %v a guard page): %v%s", c.Name, n, side, err, where)
				}
			}
		}
	}
}

// CheckComplete fails unless cases name exactly the assembly entry points
// AsmFuncs finds in dir for this GOARCH: a new assembly function without a
// guard case, or a case for a function that is gone, is an error.
func CheckComplete(t *testing.T, dir string, cases []Case) {
	t.Helper()
	want, err := AsmFuncs(dir, runtime.GOARCH)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cases {
		got = append(got, c.Name)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("guard cases %v\ndo not match the assembly stubs in %s for %s: %v\n(add a guard case for every assembly function)",
			got, dir, runtime.GOARCH, want)
	}
}

// Fill returns a guarded slice of n values from a small repeating pattern
// of ordinary numbers in [-6, 6].
func (a *Arena) Fill(n int, side Side, seed int) []float32 {
	s := a.Floats(n, side)
	for i := range s {
		s[i] = float32((i*7+seed)%13) - 6
	}
	return s
}
