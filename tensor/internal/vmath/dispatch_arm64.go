//go:build !purego

package vmath

import "github.com/simdml/simdml/internal/cpu"

// Each *Vec function runs the NEON kernel on the whole vectors of len(dst)
// when NEON is active and returns how many elements it did; the caller
// finishes the rest with the generic kernel.

func unaryVec(op unaryOp, dst, x []float32) int {
	if cpu.Active() != cpu.NEON {
		return 0
	}
	switch op {
	case opExp:
		expNEON(dst, x)
	case opSigmoid:
		sigmoidNEON(dst, x)
	case opTanh:
		tanhNEON(dst, x)
	case opRelu:
		reluNEON(dst, x)
	}
	return len(dst) &^ 3
}

func binaryVec(op binaryOp, dst, a, b []float32) int {
	if cpu.Active() != cpu.NEON {
		return 0
	}
	switch op {
	case opAdd:
		addNEON(dst, a, b)
	case opSub:
		subNEON(dst, a, b)
	case opMul:
		mulNEON(dst, a, b)
	case opReluBackward:
		reluBackwardNEON(dst, a, b)
	case opSigmoidBackward:
		sigmoidBackwardNEON(dst, a, b)
	case opTanhBackward:
		tanhBackwardNEON(dst, a, b)
	}
	return len(dst) &^ 3
}

func scalarVec(op scalarOp, dst, a []float32, s float32) int {
	if cpu.Active() != cpu.NEON {
		return 0
	}
	switch op {
	case opScale:
		scaleNEON(dst, a, s)
	case opAddScalar:
		addScalarNEON(dst, a, s)
	case opAxpy:
		axpyNEON(dst, s, a)
	}
	return len(dst) &^ 3
}

func reduceVec(op reduceOp, x []float32) (int, float32) {
	if cpu.Active() != cpu.NEON || len(x) < 4 {
		return 0, 0
	}
	if op == opMax {
		return len(x) &^ 3, maxNEON(x)
	}
	return len(x) &^ 3, sumNEON(x)
}

func expShiftVec(dst, x []float32, m float32) (int, float32) {
	if cpu.Active() != cpu.NEON {
		return 0, 0
	}
	if dst == nil {
		return len(x) &^ 3, sumExpShiftNEON(x, m)
	}
	return len(x) &^ 3, expShiftSumNEON(dst, x, m)
}

func sumColsVec(dst, a []float32, rows int) int {
	if cpu.Active() != cpu.NEON {
		return 0
	}
	sumColsNEON(dst, a, rows)
	return len(dst) &^ 3
}
