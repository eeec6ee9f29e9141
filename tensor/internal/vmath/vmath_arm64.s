//go:build !purego

#include "textflag.h"

// NEON kernels of package vmath, hand-written. Each handles the whole
// 4-lane vectors of its input (len &^ 3 elements); the Go caller finishes
// the tail with the generic kernel. The algorithms are those of
// exp_generic.go and of the AVX kernels (asm/vmath): exp by Cody-Waite
// reduction, a degree-6 polynomial and a two-step 2^n scale; sigmoid and
// tanh in their overflow-free forms.
//
// Go's assembler has no mnemonics for the vector FADD, FSUB, FMUL, FDIV,
// FMAX, FMIN, FABS, FCVTNS, SCVTF, SSHR, FCMGT, BSL, FMAXV and FADDP used
// here, so the macros below encode them (A64 Advanced SIMD, Q = 1, single
// precision .4S). Operands are register numbers in ARM order, destination
// first: FDIV4S(d, n, m) is Vd = Vn / Vm.
//
// Register map (every function): R0 dst, R1 first input, R2 second input,
// R3 vectors left, R9 constant table; V0..V7 temporaries (EXP uses V5, V6,
// V7); V8..V14 and V16..V29 the constants below, loaded once by LOADCONST;
// V15 a broadcast scalar argument.

#define FADD4S(d, n, m) WORD $(0x4E20D400 | ((m)<<16) | ((n)<<5) | (d))
#define FSUB4S(d, n, m) WORD $(0x4EA0D400 | ((m)<<16) | ((n)<<5) | (d))
#define FMUL4S(d, n, m) WORD $(0x6E20DC00 | ((m)<<16) | ((n)<<5) | (d))
#define FDIV4S(d, n, m) WORD $(0x6E20FC00 | ((m)<<16) | ((n)<<5) | (d))
#define FMAX4S(d, n, m) WORD $(0x4E20F400 | ((m)<<16) | ((n)<<5) | (d))
#define FMIN4S(d, n, m) WORD $(0x4EA0F400 | ((m)<<16) | ((n)<<5) | (d))
#define FCMGT4S(d, n, m) WORD $(0x6EA0E400 | ((m)<<16) | ((n)<<5) | (d))
#define BSL16B(d, n, m) WORD $(0x6E601C00 | ((m)<<16) | ((n)<<5) | (d))
#define FADDP4S(d, n, m) WORD $(0x6E20D400 | ((m)<<16) | ((n)<<5) | (d))
#define FABS4S(d, n) WORD $(0x4EA0F800 | ((n)<<5) | (d))
#define FCVTNS4S(d, n) WORD $(0x4E21A800 | ((n)<<5) | (d))
#define SCVTF4S(d, n) WORD $(0x4E21D800 | ((n)<<5) | (d))
#define FMAXV4S(d, n) WORD $(0x6E30F800 | ((n)<<5) | (d))
// SSHR Vd.4S, Vn.4S, #s: immh:immb = 64 − s.
#define SSHR4S(d, n, s) WORD $(0x4F000400 | ((64-(s))<<16) | ((n)<<5) | (d))

// LOADCONST loads the constant table into V8..V14 and V16..V29.
#define LOADCONST \
	MOVD $neonconst<>(SB), R9                          \
	VLD1.P 64(R9), [V8.S4, V9.S4, V10.S4, V11.S4]      \
	VLD1.P 48(R9), [V12.S4, V13.S4, V14.S4]            \
	VLD1.P 64(R9), [V16.S4, V17.S4, V18.S4, V19.S4]    \
	VLD1.P 64(R9), [V20.S4, V21.S4, V22.S4, V23.S4]    \
	VLD1.P 64(R9), [V24.S4, V25.S4, V26.S4, V27.S4]    \
	VLD1 (R9), [V28.S4, V29.S4, V30.S4, V31.S4]

// EXP(X, x) sets V7 = exp32 of each lane of VX (x = X as a bare number
// for the macros); it clobbers VX, V5 and V6.
#define EXP(X, x) \
	FMIN4S(x, x, 16)                     /* x = min(x, 89), NaN kept    */ \
	FMAX4S(x, x, 17)                     /* x = max(x, -104)            */ \
	FMUL4S(5, x, 18)                     /* t = x·log2e                 */ \
	FCVTNS4S(6, 5)                       /* ni = round(t) (to even)     */ \
	SCVTF4S(5, 6)                        /* n = float(ni)               */ \
	VFMLS V19.S4, V5.S4, X.S4            /* r = x − n·ln2Hi             */ \
	VFMLS V20.S4, V5.S4, X.S4            /* r −= n·ln2Lo                */ \
	VORR V22.B16, V22.B16, V7.B16        /* p = c5 + c6·r (Horner)      */ \
	VFMLA V21.S4, X.S4, V7.S4            \
	VORR V23.B16, V23.B16, V5.B16        /* p = c4 + p·r                */ \
	VFMLA V7.S4, X.S4, V5.S4             \
	VORR V24.B16, V24.B16, V7.B16        /* p = c3 + p·r                */ \
	VFMLA V5.S4, X.S4, V7.S4             \
	VORR V25.B16, V25.B16, V5.B16        /* p = c2 + p·r                */ \
	VFMLA V7.S4, X.S4, V5.S4             \
	FMUL4S(7, x, x)                      /* r2 = r·r                    */ \
	VFMLA V5.S4, V7.S4, X.S4             /* x = r + r2·p                */ \
	FADD4S(7, x, 26)                     /* p = 1 + x                   */ \
	SSHR4S(5, 6, 1)                      /* n1 = ni >> 1                */ \
	VSUB V5.S4, V6.S4, V6.S4             /* n2 = ni − n1                */ \
	VADD V27.S4, V5.S4, V5.S4            /* s1 = (n1 + 127) << 23       */ \
	VSHL $23, V5.S4, V5.S4               \
	VADD V27.S4, V6.S4, V6.S4            /* s2 = (n2 + 127) << 23       */ \
	VSHL $23, V6.S4, V6.S4               \
	FMUL4S(7, 7, 5)                      /* p ·= s1                     */ \
	FMUL4S(7, 7, 6)                      /* p ·= s2                     */

// func expNEON(dst, x []float32)
// for i < len(dst)&^3: dst[i] = exp32(x[i])
TEXT ·expNEON(SB), NOSPLIT, $0-48
	MOVD dst_base+0(FP), R0
	MOVD x_base+24(FP), R1
	MOVD dst_len+8(FP), R3
	LSR  $2, R3, R3
	CBZ  R3, expNEONDone
	LOADCONST

expNEONLoop:
	VLD1.P 16(R1), [V0.S4]
	EXP(V0, 0)
	VORR V7.B16, V7.B16, V3.B16
	VST1.P [V3.S4], 16(R0)
	SUBS   $1, R3, R3
	BNE    expNEONLoop

expNEONDone:
	RET

// func sigmoidNEON(dst, x []float32)
// for i < len(dst)&^3: dst[i] = sigmoid32(x[i]) = (x < 0 ? e : 1)/(1 + e), e = exp(−|x|)
TEXT ·sigmoidNEON(SB), NOSPLIT, $0-48
	MOVD dst_base+0(FP), R0
	MOVD x_base+24(FP), R1
	MOVD dst_len+8(FP), R3
	LSR  $2, R3, R3
	CBZ  R3, sigmoidNEONDone
	LOADCONST

sigmoidNEONLoop:
	VLD1.P 16(R1), [V0.S4]
	FABS4S(1, 0)                     // V1 = |x|
	VORR   V13.B16, V1.B16, V1.B16   // V1 = −|x|
	EXP(V1, 1)                       // V7 = e
	FADD4S(2, 7, 26)                 // V2 = 1 + e
	SSHR4S(3, 0, 31)                 // V3 = x < 0 (sign bit) mask
	BSL16B(3, 7, 26)                 // V3 = mask ? e : 1
	FDIV4S(3, 3, 2)
	VST1.P [V3.S4], 16(R0)
	SUBS   $1, R3, R3
	BNE    sigmoidNEONLoop

sigmoidNEONDone:
	RET

// func tanhNEON(dst, x []float32)
// for i < len(dst)&^3: dst[i] = tanh32(x[i])
TEXT ·tanhNEON(SB), NOSPLIT, $0-48
	MOVD dst_base+0(FP), R0
	MOVD x_base+24(FP), R1
	MOVD dst_len+8(FP), R3
	LSR  $2, R3, R3
	CBZ  R3, tanhNEONDone
	LOADCONST

tanhNEONLoop:
	VLD1.P 16(R1), [V0.S4]
	FABS4S(1, 0)                     // V1 = a = |x|
	FMUL4S(2, 1, 1)                  // V2 = z = a²
	VORR   V9.B16, V9.B16, V3.B16    // q = c9 + c11·z (Horner)
	VFMLA  V8.S4, V2.S4, V3.S4
	VORR   V10.B16, V10.B16, V4.B16  // q = c7 + q·z
	VFMLA  V3.S4, V2.S4, V4.S4
	VORR   V11.B16, V11.B16, V3.B16  // q = c5 + q·z
	VFMLA  V4.S4, V2.S4, V3.S4
	VORR   V12.B16, V12.B16, V4.B16  // q = c3 + q·z
	VFMLA  V3.S4, V2.S4, V4.S4
	FMUL4S(4, 4, 2)                  // V4 = z·q
	VORR   V1.B16, V1.B16, V2.B16    // V2 = a + a·z·q (small-|x| branch)
	VFMLA  V4.S4, V1.S4, V2.S4
	FMUL4S(3, 1, 29)                 // V3 = −2a
	EXP(V3, 3)                       // V7 = e = exp(−2a)
	FSUB4S(4, 26, 7)                 // V4 = 1 − e
	FADD4S(5, 26, 7)                 // V5 = 1 + e
	FDIV4S(4, 4, 5)                  // V4 = (1 − e)/(1 + e)
	FCMGT4S(3, 28, 1)                // V3 = 0.625 > a (false for NaN)
	BSL16B(3, 2, 4)                  // V3 = mask ? poly : ratio
	VAND   V13.B16, V0.B16, V0.B16   // V0 = sign(x)
	VORR   V0.B16, V3.B16, V3.B16
	VST1.P [V3.S4], 16(R0)
	SUBS   $1, R3, R3
	BNE    tanhNEONLoop

tanhNEONDone:
	RET

// func reluNEON(dst, x []float32)
// for i < len(dst)&^3: dst[i] = max(x[i], 0) (NaN propagates; relu(−0) = +0)
TEXT ·reluNEON(SB), NOSPLIT, $0-48
	MOVD dst_base+0(FP), R0
	MOVD x_base+24(FP), R1
	MOVD dst_len+8(FP), R3
	LSR  $2, R3, R3
	CBZ  R3, reluNEONDone
	LOADCONST

reluNEONLoop:
	VLD1.P 16(R1), [V0.S4]
	FMAX4S(3, 0, 14)
	VST1.P [V3.S4], 16(R0)
	SUBS   $1, R3, R3
	BNE    reluNEONLoop

reluNEONDone:
	RET

// func reluBackwardNEON(dst, a, b []float32)
// for i < len(dst)&^3: dst[i] = a[i] > 0 ? b[i] : 0 (a = z, b = g)
TEXT ·reluBackwardNEON(SB), NOSPLIT, $0-72
	MOVD dst_base+0(FP), R0
	MOVD a_base+24(FP), R1
	MOVD b_base+48(FP), R2
	MOVD dst_len+8(FP), R3
	LSR  $2, R3, R3
	CBZ  R3, reluBackwardNEONDone
	LOADCONST

reluBackwardNEONLoop:
	VLD1.P 16(R1), [V0.S4]
	VLD1.P 16(R2), [V1.S4]
	FCMGT4S(3, 0, 14)                // V3 = z > 0 (false for NaN)
	VAND   V1.B16, V3.B16, V3.B16
	VST1.P [V3.S4], 16(R0)
	SUBS   $1, R3, R3
	BNE    reluBackwardNEONLoop

reluBackwardNEONDone:
	RET

// func sigmoidBackwardNEON(dst, a, b []float32)
// for i < len(dst)&^3: dst[i] = b[i]·(a[i]·(1−a[i])) (a = s, b = g)
TEXT ·sigmoidBackwardNEON(SB), NOSPLIT, $0-72
	MOVD dst_base+0(FP), R0
	MOVD a_base+24(FP), R1
	MOVD b_base+48(FP), R2
	MOVD dst_len+8(FP), R3
	LSR  $2, R3, R3
	CBZ  R3, sigmoidBackwardNEONDone
	LOADCONST

sigmoidBackwardNEONLoop:
	VLD1.P 16(R1), [V0.S4]
	VLD1.P 16(R2), [V1.S4]
	FSUB4S(3, 26, 0)                 // V3 = 1 − s
	FMUL4S(3, 0, 3)                  // V3 = s·(1 − s)
	FMUL4S(3, 1, 3)
	VST1.P [V3.S4], 16(R0)
	SUBS   $1, R3, R3
	BNE    sigmoidBackwardNEONLoop

sigmoidBackwardNEONDone:
	RET

// func tanhBackwardNEON(dst, a, b []float32)
// for i < len(dst)&^3: dst[i] = b[i]·(1−a[i]²) (a = t, b = g; 1 − t² fused)
TEXT ·tanhBackwardNEON(SB), NOSPLIT, $0-72
	MOVD dst_base+0(FP), R0
	MOVD a_base+24(FP), R1
	MOVD b_base+48(FP), R2
	MOVD dst_len+8(FP), R3
	LSR  $2, R3, R3
	CBZ  R3, tanhBackwardNEONDone
	LOADCONST

tanhBackwardNEONLoop:
	VLD1.P 16(R1), [V0.S4]
	VLD1.P 16(R2), [V1.S4]
	VORR   V26.B16, V26.B16, V3.B16  // V3 = 1
	VFMLS  V0.S4, V0.S4, V3.S4       // V3 = 1 − t·t
	FMUL4S(3, 1, 3)
	VST1.P [V3.S4], 16(R0)
	SUBS   $1, R3, R3
	BNE    tanhBackwardNEONLoop

tanhBackwardNEONDone:
	RET

// func addNEON(dst, a, b []float32)
// for i < len(dst)&^3: dst[i] = a[i] + b[i]
TEXT ·addNEON(SB), NOSPLIT, $0-72
	MOVD dst_base+0(FP), R0
	MOVD a_base+24(FP), R1
	MOVD b_base+48(FP), R2
	MOVD dst_len+8(FP), R3
	LSR  $2, R3, R3
	CBZ  R3, addNEONDone
	LOADCONST

addNEONLoop:
	VLD1.P 16(R1), [V0.S4]
	VLD1.P 16(R2), [V1.S4]
	FADD4S(3, 0, 1)
	VST1.P [V3.S4], 16(R0)
	SUBS   $1, R3, R3
	BNE    addNEONLoop

addNEONDone:
	RET

// func subNEON(dst, a, b []float32)
// for i < len(dst)&^3: dst[i] = a[i] − b[i]
TEXT ·subNEON(SB), NOSPLIT, $0-72
	MOVD dst_base+0(FP), R0
	MOVD a_base+24(FP), R1
	MOVD b_base+48(FP), R2
	MOVD dst_len+8(FP), R3
	LSR  $2, R3, R3
	CBZ  R3, subNEONDone
	LOADCONST

subNEONLoop:
	VLD1.P 16(R1), [V0.S4]
	VLD1.P 16(R2), [V1.S4]
	FSUB4S(3, 0, 1)
	VST1.P [V3.S4], 16(R0)
	SUBS   $1, R3, R3
	BNE    subNEONLoop

subNEONDone:
	RET

// func mulNEON(dst, a, b []float32)
// for i < len(dst)&^3: dst[i] = a[i]·b[i]
TEXT ·mulNEON(SB), NOSPLIT, $0-72
	MOVD dst_base+0(FP), R0
	MOVD a_base+24(FP), R1
	MOVD b_base+48(FP), R2
	MOVD dst_len+8(FP), R3
	LSR  $2, R3, R3
	CBZ  R3, mulNEONDone
	LOADCONST

mulNEONLoop:
	VLD1.P 16(R1), [V0.S4]
	VLD1.P 16(R2), [V1.S4]
	FMUL4S(3, 0, 1)
	VST1.P [V3.S4], 16(R0)
	SUBS   $1, R3, R3
	BNE    mulNEONLoop

mulNEONDone:
	RET

// func scaleNEON(dst, a []float32, s float32)
// for i < len(dst)&^3: dst[i] = a[i]·s
TEXT ·scaleNEON(SB), NOSPLIT, $0-52
	MOVD  dst_base+0(FP), R0
	MOVD  a_base+24(FP), R1
	MOVD  dst_len+8(FP), R3
	FMOVS s+48(FP), F15
	VDUP  V15.S[0], V15.S4
	LSR   $2, R3, R3
	CBZ   R3, scaleNEONDone

scaleNEONLoop:
	VLD1.P 16(R1), [V0.S4]
	FMUL4S(3, 0, 15)
	VST1.P [V3.S4], 16(R0)
	SUBS   $1, R3, R3
	BNE    scaleNEONLoop

scaleNEONDone:
	RET

// func addScalarNEON(dst, a []float32, s float32)
// for i < len(dst)&^3: dst[i] = a[i] + s
TEXT ·addScalarNEON(SB), NOSPLIT, $0-52
	MOVD  dst_base+0(FP), R0
	MOVD  a_base+24(FP), R1
	MOVD  dst_len+8(FP), R3
	FMOVS s+48(FP), F15
	VDUP  V15.S[0], V15.S4
	LSR   $2, R3, R3
	CBZ   R3, addScalarNEONDone

addScalarNEONLoop:
	VLD1.P 16(R1), [V0.S4]
	FADD4S(3, 0, 15)
	VST1.P [V3.S4], 16(R0)
	SUBS   $1, R3, R3
	BNE    addScalarNEONLoop

addScalarNEONDone:
	RET

// func axpyNEON(dst []float32, alpha float32, x []float32)
// for i < len(dst)&^3: dst[i] += alpha·x[i] (fused)
TEXT ·axpyNEON(SB), NOSPLIT, $0-56
	MOVD  dst_base+0(FP), R0
	MOVD  x_base+32(FP), R1
	MOVD  dst_len+8(FP), R3
	FMOVS alpha+24(FP), F15
	VDUP  V15.S[0], V15.S4
	LSR   $2, R3, R3
	CBZ   R3, axpyDone

axpyLoop:
	VLD1.P 16(R1), [V1.S4]
	VLD1   (R0), [V0.S4]
	VFMLA  V15.S4, V1.S4, V0.S4      // V0 = dst + alpha·x
	VST1.P [V0.S4], 16(R0)
	SUBS   $1, R3, R3
	BNE    axpyLoop

axpyDone:
	RET

// func maxNEON(x []float32) float32
// returns the largest of x[:len(x)&^3] (NaN propagates); len(x) >= 4.
TEXT ·maxNEON(SB), NOSPLIT, $0-28
	MOVD   x_base+0(FP), R1
	MOVD   x_len+8(FP), R3
	LSR    $2, R3, R3
	VLD1.P 16(R1), [V0.S4]           // acc = x[0:4]
	SUBS   $1, R3, R3
	BEQ    maxFold

maxLoop:
	VLD1.P 16(R1), [V1.S4]
	FMAX4S(0, 0, 1)                  // acc = max(acc, x[i:i+4])
	SUBS   $1, R3, R3
	BNE    maxLoop

maxFold:
	FMAXV4S(0, 0)                    // S0 = max over the lanes
	FMOVS  F0, ret+24(FP)
	RET

// func sumNEON(x []float32) float32
// returns the sum of x[:len(x)&^3] (4 partial sums, then pairwise); len(x) >= 4.
TEXT ·sumNEON(SB), NOSPLIT, $0-28
	MOVD   x_base+0(FP), R1
	MOVD   x_len+8(FP), R3
	LSR    $2, R3, R3
	VEOR   V0.B16, V0.B16, V0.B16    // acc = 0

sumLoop:
	VLD1.P 16(R1), [V1.S4]
	FADD4S(0, 0, 1)                  // acc += x[i:i+4]
	SUBS   $1, R3, R3
	BNE    sumLoop
	FADDP4S(0, 0, 0)                 // lanes (0+1, 2+3, ...)
	FADDP4S(0, 0, 0)                 // lane 0 = total
	FMOVS  F0, ret+24(FP)
	RET

// func expShiftSumNEON(dst, x []float32, m float32) float32
// for i < len(x)&^3: dst[i] = exp32(x[i] − m); returns their sum.
TEXT ·expShiftSumNEON(SB), NOSPLIT, $0-60
	MOVD  dst_base+0(FP), R0
	MOVD  x_base+24(FP), R1
	MOVD  x_len+32(FP), R3
	FMOVS m+48(FP), F15
	VDUP  V15.S[0], V15.S4
	VEOR  V4.B16, V4.B16, V4.B16     // acc = 0
	LSR   $2, R3, R3
	CBZ   R3, essFold
	LOADCONST

essLoop:
	VLD1.P 16(R1), [V0.S4]
	FSUB4S(0, 0, 15)                 // V0 = x − m
	EXP(V0, 0)                       // V7 = exp(x − m)
	VST1.P [V7.S4], 16(R0)
	FADD4S(4, 4, 7)                  // acc += V7
	SUBS   $1, R3, R3
	BNE    essLoop

essFold:
	FADDP4S(4, 4, 4)
	FADDP4S(4, 4, 4)
	FMOVS  F4, ret+56(FP)
	RET

// func sumExpShiftNEON(x []float32, m float32) float32
// returns the sum of exp32(x[i] − m) for i < len(x)&^3, storing nothing.
TEXT ·sumExpShiftNEON(SB), NOSPLIT, $0-36
	MOVD  x_base+0(FP), R1
	MOVD  x_len+8(FP), R3
	FMOVS m+24(FP), F15
	VDUP  V15.S[0], V15.S4
	VEOR  V4.B16, V4.B16, V4.B16     // acc = 0
	LSR   $2, R3, R3
	CBZ   R3, sesFold
	LOADCONST

sesLoop:
	VLD1.P 16(R1), [V0.S4]
	FSUB4S(0, 0, 15)                 // V0 = x − m
	EXP(V0, 0)                       // V7 = exp(x − m)
	FADD4S(4, 4, 7)                  // acc += V7
	SUBS   $1, R3, R3
	BNE    sesLoop

sesFold:
	FADDP4S(4, 4, 4)
	FADDP4S(4, 4, 4)
	FMOVS  F4, ret+32(FP)
	RET

// func sumColsNEON(dst, a []float32, rows int)
// for j < len(dst)&^3: dst[j] = Σ_{i<rows} a[i·len(dst) + j]. Walks the rows
// once per block of four column vectors (V0..V3 accumulate, V4..V7 load),
// then once per leftover column vector.
// R0 dst, R1 a at the current column block, R2 row stride in bytes,
// R3 rows, R4 row pointer, R5 rows left, R6 blocks left, R7 leftover vectors.
TEXT ·sumColsNEON(SB), NOSPLIT, $0-56
	MOVD dst_base+0(FP), R0
	MOVD a_base+24(FP), R1
	MOVD dst_len+8(FP), R2
	MOVD rows+48(FP), R3
	LSR  $2, R2, R7
	AND  $3, R7, R7             // leftover whole vectors
	LSR  $4, R2, R6             // blocks of 16 columns
	LSL  $2, R2, R2             // stride = 4·cols bytes
	CBZ  R6, scSingle

scBlock:
	VEOR V0.B16, V0.B16, V0.B16
	VEOR V1.B16, V1.B16, V1.B16
	VEOR V2.B16, V2.B16, V2.B16
	VEOR V3.B16, V3.B16, V3.B16
	MOVD R1, R4
	MOVD R3, R5
	CBZ  R5, scBlockStore

scBlockRow:
	VLD1 (R4), [V4.S4, V5.S4, V6.S4, V7.S4]
	FADD4S(0, 0, 4)             // acc[q] += a[i][j + 4q]
	FADD4S(1, 1, 5)
	FADD4S(2, 2, 6)
	FADD4S(3, 3, 7)
	ADD  R2, R4, R4
	SUBS $1, R5, R5
	BNE  scBlockRow

scBlockStore:
	VST1.P [V0.S4, V1.S4, V2.S4, V3.S4], 64(R0)
	ADD    $64, R1, R1
	SUBS   $1, R6, R6
	BNE    scBlock

scSingle:
	CBZ R7, scDone

scVec:
	VEOR V0.B16, V0.B16, V0.B16
	MOVD R1, R4
	MOVD R3, R5
	CBZ  R5, scVecStore

scVecRow:
	VLD1 (R4), [V4.S4]
	FADD4S(0, 0, 4)
	ADD  R2, R4, R4
	SUBS $1, R5, R5
	BNE  scVecRow

scVecStore:
	VST1.P [V0.S4], 16(R0)
	ADD    $16, R1, R1
	SUBS   $1, R7, R7
	BNE    scVec

scDone:
	RET

// Constants, each repeated over the 4 lanes, in register order.
// V8  tanh c11
DATA neonconst<>+0(SB)/8, $0xbbbaf0dfbbbaf0df
DATA neonconst<>+8(SB)/8, $0xbbbaf0dfbbbaf0df
// V9  tanh c9
DATA neonconst<>+16(SB)/8, $0x3ca9134c3ca9134c
DATA neonconst<>+24(SB)/8, $0x3ca9134c3ca9134c
// V10 tanh c7
DATA neonconst<>+32(SB)/8, $0xbd5c1e2dbd5c1e2d
DATA neonconst<>+40(SB)/8, $0xbd5c1e2dbd5c1e2d
// V11 tanh c5
DATA neonconst<>+48(SB)/8, $0x3e0883933e088393
DATA neonconst<>+56(SB)/8, $0x3e0883933e088393
// V12 tanh c3
DATA neonconst<>+64(SB)/8, $0xbeaaaa99beaaaa99
DATA neonconst<>+72(SB)/8, $0xbeaaaa99beaaaa99
// V13 sign mask
DATA neonconst<>+80(SB)/8, $0x8000000080000000
DATA neonconst<>+88(SB)/8, $0x8000000080000000
// V14 zero
DATA neonconst<>+96(SB)/8, $0x0000000000000000
DATA neonconst<>+104(SB)/8, $0x0000000000000000
// V16 exp max 89
DATA neonconst<>+112(SB)/8, $0x42b2000042b20000
DATA neonconst<>+120(SB)/8, $0x42b2000042b20000
// V17 exp min -104
DATA neonconst<>+128(SB)/8, $0xc2d00000c2d00000
DATA neonconst<>+136(SB)/8, $0xc2d00000c2d00000
// V18 log2(e)
DATA neonconst<>+144(SB)/8, $0x3fb8aa3b3fb8aa3b
DATA neonconst<>+152(SB)/8, $0x3fb8aa3b3fb8aa3b
// V19 ln2Hi
DATA neonconst<>+160(SB)/8, $0x3f3180003f318000
DATA neonconst<>+168(SB)/8, $0x3f3180003f318000
// V20 ln2Lo
DATA neonconst<>+176(SB)/8, $0xb95e8083b95e8083
DATA neonconst<>+184(SB)/8, $0xb95e8083b95e8083
// V21 c6
DATA neonconst<>+192(SB)/8, $0x3ab512263ab51226
DATA neonconst<>+200(SB)/8, $0x3ab512263ab51226
// V22 c5
DATA neonconst<>+208(SB)/8, $0x3c091cea3c091cea
DATA neonconst<>+216(SB)/8, $0x3c091cea3c091cea
// V23 c4
DATA neonconst<>+224(SB)/8, $0x3d2aac793d2aac79
DATA neonconst<>+232(SB)/8, $0x3d2aac793d2aac79
// V24 c3
DATA neonconst<>+240(SB)/8, $0x3e2aaa493e2aaa49
DATA neonconst<>+248(SB)/8, $0x3e2aaa493e2aaa49
// V25 c2
DATA neonconst<>+256(SB)/8, $0x3efffffe3efffffe
DATA neonconst<>+264(SB)/8, $0x3efffffe3efffffe
// V26 one
DATA neonconst<>+272(SB)/8, $0x3f8000003f800000
DATA neonconst<>+280(SB)/8, $0x3f8000003f800000
// V27 exponent bias 127 (int32)
DATA neonconst<>+288(SB)/8, $0x0000007f0000007f
DATA neonconst<>+296(SB)/8, $0x0000007f0000007f
// V28 tanh limit 0.625
DATA neonconst<>+304(SB)/8, $0x3f2000003f200000
DATA neonconst<>+312(SB)/8, $0x3f2000003f200000
// V29 -2
DATA neonconst<>+320(SB)/8, $0xc0000000c0000000
DATA neonconst<>+328(SB)/8, $0xc0000000c0000000
// V30 unused
DATA neonconst<>+336(SB)/8, $0x0000000000000000
DATA neonconst<>+344(SB)/8, $0x0000000000000000
// V31 unused
DATA neonconst<>+352(SB)/8, $0x0000000000000000
DATA neonconst<>+360(SB)/8, $0x0000000000000000
GLOBL neonconst<>(SB), RODATA|NOPTR, $368
