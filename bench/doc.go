// Module bench compares simdml with gonum and OpenBLAS (cgo, build tag
// openblas), and holds the MNIST demo, the serving example and the report.
package bench
