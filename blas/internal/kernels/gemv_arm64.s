//go:build !purego

#include "textflag.h"
#include "neon_arm64.h"

// func gemvNNEON(m, n int, alpha float32, a []float32, lda int, x, y []float32)
// for i < m: y[i] += alpha * Σ_j a[i*lda+j] * x[j]
// Four rows per pass share each load of x. Register map: R0 = rows left,
// R1 = n, F0 = alpha, R2 = &A[i, 0], R3 = lda in bytes, R4 = &x[0],
// R5 = &y[i]; in a pass R9, R6, R7, R8 = &A[i+0..3, j], R10 = &x[j],
// R11 = columns left; V16-V19 vector sums per row, F20-F23 scalar tails.
TEXT ·gemvNNEON(SB), NOSPLIT, $0-104
	MOVD  m+0(FP), R0
	MOVD  n+8(FP), R1
	FMOVS alpha+16(FP), F0
	MOVD  a_base+24(FP), R2
	MOVD  lda+48(FP), R3
	LSL   $2, R3
	MOVD  x_base+56(FP), R4
	MOVD  y_base+80(FP), R5

nrows4:
	// for m >= 4: y[i:i+4] += alpha * A[i:i+4, :] · x
	CMP  $4, R0
	BLT  nrows1
	MOVD R2, R9
	ADD  R3, R9, R6
	ADD  R3, R6, R7
	ADD  R3, R7, R8
	MOVD R4, R10
	MOVD R1, R11
	VEOR V16.B16, V16.B16, V16.B16
	VEOR V17.B16, V17.B16, V17.B16
	VEOR V18.B16, V18.B16, V18.B16
	VEOR V19.B16, V19.B16, V19.B16
	FMOVS ZR, F20
	FMOVS ZR, F21
	FMOVS ZR, F22
	FMOVS ZR, F23

ncols4:
	CMP    $4, R11
	BLT    ncols1
	VLD1.P 16(R10), [V1.S4]
	VLD1.P 16(R9), [V2.S4]
	VLD1.P 16(R6), [V3.S4]
	VLD1.P 16(R7), [V4.S4]
	VLD1.P 16(R8), [V5.S4]
	VFMLA  V1.S4, V2.S4, V16.S4
	VFMLA  V1.S4, V3.S4, V17.S4
	VFMLA  V1.S4, V4.S4, V18.S4
	VFMLA  V1.S4, V5.S4, V19.S4
	SUB    $4, R11
	B      ncols4

ncols1:
	CBZ     R11, nreduce4
	FMOVS.P 4(R10), F1
	FMOVS.P 4(R9), F2
	FMOVS.P 4(R6), F3
	FMOVS.P 4(R7), F4
	FMOVS.P 4(R8), F5
	FMADDS  F1, F20, F2, F20
	FMADDS  F1, F21, F3, F21
	FMADDS  F1, F22, F4, F22
	FMADDS  F1, F23, F5, F23
	SUB     $1, R11
	B       ncols1

nreduce4:
	// y[i+r] += alpha * (lanes of V16+r + F20+r)
	HSUM4S(16, 1)
	FADDS   F20, F1, F1
	FMOVS   (R5), F2
	FMADDS  F0, F2, F1, F2
	FMOVS.P F2, 4(R5)
	HSUM4S(17, 1)
	FADDS   F21, F1, F1
	FMOVS   (R5), F2
	FMADDS  F0, F2, F1, F2
	FMOVS.P F2, 4(R5)
	HSUM4S(18, 1)
	FADDS   F22, F1, F1
	FMOVS   (R5), F2
	FMADDS  F0, F2, F1, F2
	FMOVS.P F2, 4(R5)
	HSUM4S(19, 1)
	FADDS   F23, F1, F1
	FMOVS   (R5), F2
	FMADDS  F0, F2, F1, F2
	FMOVS.P F2, 4(R5)
	ADD     R3<<2, R2, R2
	SUB     $4, R0
	B       nrows4

nrows1:
	// for m > 0: y[i] += alpha * A[i, :] · x
	CBZ  R0, ndone
	MOVD R2, R9
	MOVD R4, R10
	MOVD R1, R11
	VEOR V16.B16, V16.B16, V16.B16
	FMOVS ZR, F20

n1cols4:
	CMP    $4, R11
	BLT    n1cols1
	VLD1.P 16(R10), [V1.S4]
	VLD1.P 16(R9), [V2.S4]
	VFMLA  V1.S4, V2.S4, V16.S4
	SUB    $4, R11
	B      n1cols4

n1cols1:
	CBZ     R11, n1reduce
	FMOVS.P 4(R10), F1
	FMOVS.P 4(R9), F2
	FMADDS  F1, F20, F2, F20
	SUB     $1, R11
	B       n1cols1

n1reduce:
	HSUM4S(16, 1)
	FADDS   F20, F1, F1
	FMOVS   (R5), F2
	FMADDS  F0, F2, F1, F2
	FMOVS.P F2, 4(R5)
	ADD     R3, R2, R2
	SUB     $1, R0
	B       nrows1

ndone:
	RET

// func gemvTNEON(m, n int, alpha float32, a []float32, lda int, x, y []float32)
// for i < m: y[j] += (alpha*x[i]) * a[i*lda+j] for j < n
// Four rows per pass, so y is loaded and stored once per four rows.
// Register map: R0 = rows left, R1 = n, F0 = alpha, R2 = &A[i, 0],
// R3 = lda in bytes, R4 = &x[i], R5 = &y[0]; in a pass R9, R6, R7, R8 =
// &A[i+0..3, j], R10 = &y[j], R11 = columns left, V20-V23 = alpha*x[i+r]
// in every lane (F20-F23 the same as scalars).
TEXT ·gemvTNEON(SB), NOSPLIT, $0-104
	MOVD  m+0(FP), R0
	MOVD  n+8(FP), R1
	FMOVS alpha+16(FP), F0
	MOVD  a_base+24(FP), R2
	MOVD  lda+48(FP), R3
	LSL   $2, R3
	MOVD  x_base+56(FP), R4
	MOVD  y_base+80(FP), R5

trows4:
	CMP     $4, R0
	BLT     trows1
	FMOVS.P 4(R4), F20
	FMOVS.P 4(R4), F21
	FMOVS.P 4(R4), F22
	FMOVS.P 4(R4), F23
	FMULS   F0, F20, F20
	FMULS   F0, F21, F21
	FMULS   F0, F22, F22
	FMULS   F0, F23, F23
	VDUP    V20.S[0], V20.S4
	VDUP    V21.S[0], V21.S4
	VDUP    V22.S[0], V22.S4
	VDUP    V23.S[0], V23.S4
	MOVD    R2, R9
	ADD     R3, R9, R6
	ADD     R3, R6, R7
	ADD     R3, R7, R8
	MOVD    R5, R10
	MOVD    R1, R11

tcols4:
	// y[j:j+4] += Σ_r (alpha*x[i+r]) * A[i+r, j:j+4]
	CMP    $4, R11
	BLT    tcols1
	VLD1   (R10), [V1.S4]
	VLD1.P 16(R9), [V2.S4]
	VLD1.P 16(R6), [V3.S4]
	VLD1.P 16(R7), [V4.S4]
	VLD1.P 16(R8), [V5.S4]
	VFMLA  V20.S4, V2.S4, V1.S4
	VFMLA  V21.S4, V3.S4, V1.S4
	VFMLA  V22.S4, V4.S4, V1.S4
	VFMLA  V23.S4, V5.S4, V1.S4
	VST1.P [V1.S4], 16(R10)
	SUB    $4, R11
	B      tcols4

tcols1:
	CBZ     R11, tnext4
	FMOVS   (R10), F1
	FMOVS.P 4(R9), F2
	FMOVS.P 4(R6), F3
	FMOVS.P 4(R7), F4
	FMOVS.P 4(R8), F5
	FMADDS  F20, F1, F2, F1
	FMADDS  F21, F1, F3, F1
	FMADDS  F22, F1, F4, F1
	FMADDS  F23, F1, F5, F1
	FMOVS.P F1, 4(R10)
	SUB     $1, R11
	B       tcols1

tnext4:
	ADD R3<<2, R2, R2
	SUB $4, R0
	B   trows4

trows1:
	// for the last m mod 4 rows: y += (alpha*x[i]) * A[i, :]
	CBZ     R0, tdone
	FMOVS.P 4(R4), F20
	FMULS   F0, F20, F20
	VDUP    V20.S[0], V20.S4
	MOVD    R2, R9
	MOVD    R5, R10
	MOVD    R1, R11

t1cols4:
	CMP    $4, R11
	BLT    t1cols1
	VLD1   (R10), [V1.S4]
	VLD1.P 16(R9), [V2.S4]
	VFMLA  V20.S4, V2.S4, V1.S4
	VST1.P [V1.S4], 16(R10)
	SUB    $4, R11
	B      t1cols4

t1cols1:
	CBZ     R11, t1next
	FMOVS   (R10), F1
	FMOVS.P 4(R9), F2
	FMADDS  F20, F1, F2, F1
	FMOVS.P F1, 4(R10)
	SUB     $1, R11
	B       t1cols1

t1next:
	ADD R3, R2, R2
	SUB $1, R0
	B   trows1

tdone:
	RET
