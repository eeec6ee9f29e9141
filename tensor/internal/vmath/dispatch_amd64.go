//go:build !purego

package vmath

import "github.com/simdml/simdml/internal/cpu"

// Each *Vec function runs the active level's kernel on the whole vectors
// of len(dst) and returns how many elements it did (0 at the generic
// level); the caller finishes the rest with the generic kernel.

func unaryVec(op unaryOp, dst, x []float32) int {
	switch cpu.Active() {
	case cpu.AVX512:
		switch op {
		case opExp:
			expAVX512(dst, x)
		case opSigmoid:
			sigmoidAVX512(dst, x)
		case opTanh:
			tanhAVX512(dst, x)
		case opRelu:
			reluAVX512(dst, x)
		}
		return len(dst) &^ 15
	case cpu.AVX2:
		switch op {
		case opExp:
			expAVX2(dst, x)
		case opSigmoid:
			sigmoidAVX2(dst, x)
		case opTanh:
			tanhAVX2(dst, x)
		case opRelu:
			reluAVX2(dst, x)
		}
		return len(dst) &^ 7
	}
	return 0
}

func binaryVec(op binaryOp, dst, a, b []float32) int {
	switch cpu.Active() {
	case cpu.AVX512:
		switch op {
		case opAdd:
			addAVX512(dst, a, b)
		case opSub:
			subAVX512(dst, a, b)
		case opMul:
			mulAVX512(dst, a, b)
		case opReluBackward:
			reluBackwardAVX512(dst, a, b)
		case opSigmoidBackward:
			sigmoidBackwardAVX512(dst, a, b)
		case opTanhBackward:
			tanhBackwardAVX512(dst, a, b)
		}
		return len(dst) &^ 15
	case cpu.AVX2:
		switch op {
		case opAdd:
			addAVX2(dst, a, b)
		case opSub:
			subAVX2(dst, a, b)
		case opMul:
			mulAVX2(dst, a, b)
		case opReluBackward:
			reluBackwardAVX2(dst, a, b)
		case opSigmoidBackward:
			sigmoidBackwardAVX2(dst, a, b)
		case opTanhBackward:
			tanhBackwardAVX2(dst, a, b)
		}
		return len(dst) &^ 7
	}
	return 0
}

func scalarVec(op scalarOp, dst, a []float32, s float32) int {
	switch cpu.Active() {
	case cpu.AVX512:
		switch op {
		case opScale:
			scaleAVX512(dst, a, s)
		case opAddScalar:
			addScalarAVX512(dst, a, s)
		case opAxpy:
			axpyAVX512(dst, s, a)
		}
		return len(dst) &^ 15
	case cpu.AVX2:
		switch op {
		case opScale:
			scaleAVX2(dst, a, s)
		case opAddScalar:
			addScalarAVX2(dst, a, s)
		case opAxpy:
			axpyAVX2(dst, s, a)
		}
		return len(dst) &^ 7
	}
	return 0
}

// reduceVec folds the whole vectors of x (len(x) ≥ the width) with op.
func reduceVec(op reduceOp, x []float32) (n int, r float32) {
	switch w := width(); {
	case w == 0 || len(x) < w:
		return 0, 0
	case w == 16 && op == opMax:
		return len(x) &^ 15, maxAVX512(x)
	case w == 16:
		return len(x) &^ 15, sumAVX512(x)
	case op == opMax:
		return len(x) &^ 7, maxAVX2(x)
	default:
		return len(x) &^ 7, sumAVX2(x)
	}
}

// expShiftVec does ExpShiftSum's whole vectors (storing into dst unless it
// is nil) and returns their count and sum.
func expShiftVec(dst, x []float32, m float32) (int, float32) {
	switch cpu.Active() {
	case cpu.AVX512:
		if dst == nil {
			return len(x) &^ 15, sumExpShiftAVX512(x, m)
		}
		return len(x) &^ 15, expShiftSumAVX512(dst, x, m)
	case cpu.AVX2:
		if dst == nil {
			return len(x) &^ 7, sumExpShiftAVX2(x, m)
		}
		return len(x) &^ 7, expShiftSumAVX2(dst, x, m)
	}
	return 0, 0
}

// sumColsVec sums the whole column vectors of dst over rows rows of a.
func sumColsVec(dst, a []float32, rows int) int {
	switch cpu.Active() {
	case cpu.AVX512:
		sumColsAVX512(dst, a, rows)
		return len(dst) &^ 15
	case cpu.AVX2:
		sumColsAVX2(dst, a, rows)
		return len(dst) &^ 7
	}
	return 0
}
