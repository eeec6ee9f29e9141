module github.com/simdml/simdml

go 1.24.0

require (
	github.com/klauspost/cpuid/v2 v2.3.0
	golang.org/x/sys v0.38.0
)
