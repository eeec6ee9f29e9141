//go:build !purego

#include "textflag.h"
#include "neon_arm64.h"

// func axpyNEON(alpha float32, x, y []float32)
// for i := range x { y[i] += alpha * x[i] }
// Register map: R0 = &x[i], R1 = &y[i], R2 = elements left, V0 = alpha in
// every lane, F0 = alpha; V1-V4 x, V5-V8 y.
TEXT ·axpyNEON(SB), NOSPLIT, $0-56
	FMOVS alpha+0(FP), F0
	VDUP  V0.S[0], V0.S4
	MOVD  x_base+8(FP), R0
	MOVD  x_len+16(FP), R2
	MOVD  y_base+32(FP), R1

axpy16:
	// for n >= 16: y[0:16] += alpha * x[0:16]
	CMP    $16, R2
	BLT    axpy4
	VLD1.P 64(R0), [V1.S4, V2.S4, V3.S4, V4.S4]
	VLD1   (R1), [V5.S4, V6.S4, V7.S4, V8.S4]
	VFMLA  V0.S4, V1.S4, V5.S4
	VFMLA  V0.S4, V2.S4, V6.S4
	VFMLA  V0.S4, V3.S4, V7.S4
	VFMLA  V0.S4, V4.S4, V8.S4
	VST1.P [V5.S4, V6.S4, V7.S4, V8.S4], 64(R1)
	SUB    $16, R2
	B      axpy16

axpy4:
	// for n >= 4: one vector
	CMP    $4, R2
	BLT    axpy1
	VLD1.P 16(R0), [V1.S4]
	VLD1   (R1), [V5.S4]
	VFMLA  V0.S4, V1.S4, V5.S4
	VST1.P [V5.S4], 16(R1)
	SUB    $4, R2
	B      axpy4

axpy1:
	// for n > 0: y[0] += alpha * x[0]
	CBZ     R2, axpydone
	FMOVS.P 4(R0), F1
	FMOVS   (R1), F5
	FMADDS  F0, F5, F1, F5
	FMOVS.P F5, 4(R1)
	SUB     $1, R2
	B       axpy1

axpydone:
	RET

// func dotNEON(x, y []float32) float32
// for i := range x { s += x[i] * y[i] }
// Register map: R0 = &x[i], R1 = &y[i], R2 = elements left; V16-V19
// vector partial sums, F20 the scalar tail's sum; V1-V8 loads.
TEXT ·dotNEON(SB), NOSPLIT, $0-52
	MOVD x_base+0(FP), R0
	MOVD x_len+8(FP), R2
	MOVD y_base+24(FP), R1
	VEOR V16.B16, V16.B16, V16.B16
	VEOR V17.B16, V17.B16, V17.B16
	VEOR V18.B16, V18.B16, V18.B16
	VEOR V19.B16, V19.B16, V19.B16
	FMOVS ZR, F20

dot16:
	// for n >= 16: V16..V19 += x[0:16] * y[0:16]
	CMP    $16, R2
	BLT    dot4
	VLD1.P 64(R0), [V1.S4, V2.S4, V3.S4, V4.S4]
	VLD1.P 64(R1), [V5.S4, V6.S4, V7.S4, V8.S4]
	VFMLA  V1.S4, V5.S4, V16.S4
	VFMLA  V2.S4, V6.S4, V17.S4
	VFMLA  V3.S4, V7.S4, V18.S4
	VFMLA  V4.S4, V8.S4, V19.S4
	SUB    $16, R2
	B      dot16

dot4:
	CMP    $4, R2
	BLT    dot1
	VLD1.P 16(R0), [V1.S4]
	VLD1.P 16(R1), [V5.S4]
	VFMLA  V1.S4, V5.S4, V16.S4
	SUB    $4, R2
	B      dot4

dot1:
	// for n > 0: s += x[0] * y[0] (scalar, in F20: a scalar write would
	// zero the upper lanes of a vector accumulator)
	CBZ     R2, dotreduce
	FMOVS.P 4(R0), F1
	FMOVS.P 4(R1), F5
	FMADDS  F1, F20, F5, F20
	SUB     $1, R2
	B       dot1

dotreduce:
	// return sum of V16..V19 lanes + F20
	VFADD4S(17, 16, 16)
	VFADD4S(19, 18, 18)
	VFADD4S(18, 16, 16)
	HSUM4S(16, 0)
	FADDS F20, F0, F0
	FMOVS F0, ret+48(FP)
	RET

// func scalNEON(alpha float32, x []float32)
// for i := range x { x[i] *= alpha }
// Register map: R0 = &x[i], R2 = elements left, V0 = alpha in every lane.
TEXT ·scalNEON(SB), NOSPLIT, $0-32
	FMOVS alpha+0(FP), F0
	VDUP  V0.S[0], V0.S4
	MOVD  x_base+8(FP), R0
	MOVD  x_len+16(FP), R2

scal16:
	CMP  $16, R2
	BLT  scal4
	VLD1 (R0), [V1.S4, V2.S4, V3.S4, V4.S4]
	VFMUL4S(0, 1, 1)
	VFMUL4S(0, 2, 2)
	VFMUL4S(0, 3, 3)
	VFMUL4S(0, 4, 4)
	VST1.P [V1.S4, V2.S4, V3.S4, V4.S4], 64(R0)
	SUB  $16, R2
	B    scal16

scal4:
	CMP  $4, R2
	BLT  scal1
	VLD1 (R0), [V1.S4]
	VFMUL4S(0, 1, 1)
	VST1.P [V1.S4], 16(R0)
	SUB  $4, R2
	B    scal4

scal1:
	CBZ     R2, scaldone
	FMOVS   (R0), F1
	FMULS   F0, F1, F1
	FMOVS.P F1, 4(R0)
	SUB     $1, R2
	B       scal1

scaldone:
	RET
