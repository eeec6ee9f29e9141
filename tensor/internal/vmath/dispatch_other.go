//go:build purego || !(amd64 || arm64)

package vmath

// Without assembly every *Vec function does nothing and the generic kernels
// do all the work.

func unaryVec(unaryOp, []float32, []float32) int               { return 0 }
func binaryVec(binaryOp, []float32, []float32, []float32) int  { return 0 }
func scalarVec(scalarOp, []float32, []float32, float32) int    { return 0 }
func reduceVec(reduceOp, []float32) (int, float32)             { return 0, 0 }
func expShiftVec([]float32, []float32, float32) (int, float32) { return 0, 0 }
func sumColsVec([]float32, []float32, int) int                 { return 0 }
