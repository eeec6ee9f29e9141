//go:build !purego

#include "textflag.h"
#include "neon_arm64.h"

// func gemmRank1NEON(m, n int, alpha float32, x *float32, incX int, y *float32, beta float32, c *float32, ldc int)
// for i < m { s := alpha * x[i*incX]; for j < n { c[i*ldc+j] = s*y[j] + beta*c[i*ldc+j] } }
// (beta == ±0: c not read; beta == 1: no multiplication of c.)
// Register map: R0 = rows left, R1 = n, R2 = &x[i*incX], R3 = incX*4,
// R4 = &y[0], R5 = &c[i*ldc], R6 = ldc*4, R7 = beta case (0: ±0, 1: one,
// 2: other); per row R8 = &y[j], R9 = &c[i*ldc+j], R10 = elements left;
// F0 = alpha, F1/V1 = beta, F2/V2 = s; V4-V7 y, V16-V19 c.
TEXT ·gemmRank1NEON(SB), NOSPLIT, $0-72
	MOVD  m+0(FP), R0
	MOVD  n+8(FP), R1
	FMOVS alpha+16(FP), F0
	MOVD  x+24(FP), R2
	MOVD  incX+32(FP), R3
	LSL   $2, R3
	MOVD  y+40(FP), R4
	FMOVS beta+48(FP), F1
	VDUP  V1.S[0], V1.S4
	MOVD  c+56(FP), R5
	MOVD  ldc+64(FP), R6
	LSL   $2, R6

	// R7 = 0 if beta == ±0, 1 if beta == 1, else 2
	MOVWU beta+48(FP), R11
	MOVD  $2, R7
	AND   $0x7fffffff, R11, R12
	CBNZ  R12, notzero
	MOVD  $0, R7

notzero:
	MOVW $0x3f800000, R12
	CMPW R12, R11
	BNE  row
	MOVD $1, R7

row:
	// s = alpha * x[i*incX] in every lane
	FMOVS (R2), F2
	FMULS F0, F2, F2
	VDUP  V2.S[0], V2.S4
	MOVD  R4, R8
	MOVD  R5, R9
	MOVD  R1, R10

loop16:
	// for n >= 16: c[0:16] = s*y[0:16] (+ beta*c[0:16])
	CMP    $16, R10
	BLT    loop1
	VLD1.P 64(R8), [V4.S4, V5.S4, V6.S4, V7.S4]
	CBNZ   R7, readc16
	VFMUL4S(2, 4, 16)
	VFMUL4S(2, 5, 17)
	VFMUL4S(2, 6, 18)
	VFMUL4S(2, 7, 19)
	B      store16

readc16:
	VLD1 (R9), [V16.S4, V17.S4, V18.S4, V19.S4]
	CMP  $1, R7
	BEQ  fma16
	VFMUL4S(1, 16, 16)
	VFMUL4S(1, 17, 17)
	VFMUL4S(1, 18, 18)
	VFMUL4S(1, 19, 19)

fma16:
	VFMLA V2.S4, V4.S4, V16.S4
	VFMLA V2.S4, V5.S4, V17.S4
	VFMLA V2.S4, V6.S4, V18.S4
	VFMLA V2.S4, V7.S4, V19.S4

store16:
	VST1.P [V16.S4, V17.S4, V18.S4, V19.S4], 64(R9)
	SUB    $16, R10
	B      loop16

loop1:
	// for n > 0: one element
	CBZ     R10, nextrow
	FMOVS.P 4(R8), F4
	CBNZ    R7, readc1
	FMULS   F2, F4, F16
	B       store1

readc1:
	FMOVS (R9), F16
	CMP   $1, R7
	BEQ   fma1
	FMULS F1, F16, F16

fma1:
	FMADDS F2, F16, F4, F16

store1:
	FMOVS.P F16, 4(R9)
	SUB     $1, R10
	B       loop1

nextrow:
	ADD  R3, R2
	ADD  R6, R5
	SUBS $1, R0
	BNE  row
	RET
