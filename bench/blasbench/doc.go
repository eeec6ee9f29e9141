// Package blasbench compares simdml's blas with gonum and, under the
// openblas build tag, with OpenBLAS through cgo.
package blasbench

import _ "github.com/simdml/simdml/blas" // keeps the core module required
