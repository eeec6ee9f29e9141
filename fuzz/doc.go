// Package fuzz holds simdml's differential fuzz targets. It has no API: the
// targets live in its _test.go files and run with go test.
//
// Every target decodes sizes, transposes, scalars, leading dimensions,
// increments, buffer placement and data from the fuzz input, runs the public
// operation at every kernel level this machine has (internal/cpu.Available),
// with every argument flush against a PROT_NONE page (internal/guard), and
// compares the result with a naive float64 loop under a derived error bound.
// Inputs must come back bit for bit unchanged, and so must every element of
// an output the operation must not write (strided gaps, leading-dimension
// padding).
//
// Plain go test ./fuzz runs the committed seed corpora under
// testdata/fuzz/<Target>/; see README.md for fuzzing campaigns.
package fuzz
