//go:build !purego

#include "textflag.h"

// NEON loops of package update, hand-written. Each handles n elements, n a
// multiple of 4 (one 128-bit vector of float32 per iteration); the Go
// caller runs the generic loop on the tail. Each performs exactly the
// rounded float32 operation sequence of the generic loop of the same name:
// separate FMUL and FADD (never FMLA), correctly rounded FSQRT and FDIV, and
// AMSGrad's maximum as FCMGT+BSL (vmax > v ? vmax : v, v when either is
// NaN), so the results equal the generic loop's bit for bit.
//
// Go's assembler has no mnemonics for the vector FADD, FSUB, FMUL, FDIV,
// FSQRT, FCMGT and BSL used here, so the macros below encode them (checked
// against llvm-mc -triple=aarch64 -show-encoding). Operands are register
// numbers in the ARM order: destination first, FDIV(d, n, m) is Vd = Vn/Vm.
//
// Register map (every function): R0 p, R1 grad, R2..R4 state pointers,
// R5 remaining n, R6 coefficient pointer, R7 flags; V16.. coefficients
// broadcast to all four lanes; V0 p/q, V1 d, V2.. state, V4..V7 temporaries.

#define FADD4S(d, n, m) WORD $(0x4E20D400 | ((m)<<16) | ((n)<<5) | (d))
#define FSUB4S(d, n, m) WORD $(0x4EA0D400 | ((m)<<16) | ((n)<<5) | (d))
#define FMUL4S(d, n, m) WORD $(0x6E20DC00 | ((m)<<16) | ((n)<<5) | (d))
#define FDIV4S(d, n, m) WORD $(0x6E20FC00 | ((m)<<16) | ((n)<<5) | (d))
#define FSQRT4S(d, n) WORD $(0x6EA1F800 | ((n)<<5) | (d))
#define FCMGT4S(d, n, m) WORD $(0x6EA0E400 | ((m)<<16) | ((n)<<5) | (d))
#define BSL16B(d, n, m) WORD $(0x6E601C00 | ((m)<<16) | ((n)<<5) | (d))

// COEF broadcasts the float32 at off(R6) into all lanes of v (f is v's
// scalar name: F16 for V16).
#define COEF(off, f, v) FMOVS off(R6), f; VDUP v.S[0], v.S4

// func sgdNEON(p, grad *float32, n int, c *[2]float32)
TEXT ·sgdNEON(SB), NOSPLIT, $0-32
	MOVD p+0(FP), R0
	MOVD grad+8(FP), R1
	MOVD n+16(FP), R5
	MOVD c+24(FP), R6
	COEF(0, F16, V16) // wd
	COEF(4, F17, V17) // negLR

sgdLoop:
	CBZ    R5, sgdDone
	VLD1   (R0), [V0.S4]
	VLD1.P 16(R1), [V1.S4]
	// d = grad[i] + wd·p[i]
	FMUL4S(4, 16, 0)
	FADD4S(1, 1, 4)
	// p[i] = p[i] + negLR·d
	FMUL4S(4, 17, 1)
	FADD4S(0, 0, 4)
	VST1.P [V0.S4], 16(R0)
	SUB    $4, R5, R5
	B      sgdLoop

sgdDone:
	RET

// func sgdMomentumNEON(p, grad, buf *float32, n int, c *SGDCoef)
TEXT ·sgdMomentumNEON(SB), NOSPLIT, $0-40
	MOVD p+0(FP), R0
	MOVD grad+8(FP), R1
	MOVD buf+16(FP), R2
	MOVD n+24(FP), R5
	MOVD c+32(FP), R6
	COEF(0, F16, V16)  // wd
	COEF(4, F17, V17)  // mom
	COEF(8, F18, V18)  // damp1
	COEF(12, F19, V19) // a
	COEF(16, F20, V20) // b
	COEF(20, F21, V21) // negLR

momLoop:
	CBZ    R5, momDone
	VLD1   (R0), [V0.S4]
	VLD1.P 16(R1), [V1.S4]
	VLD1   (R2), [V2.S4]
	// d = grad[i] + wd·p[i]
	FMUL4S(4, 16, 0)
	FADD4S(1, 1, 4)
	// buf[i] = mom·buf[i] + damp1·d
	FMUL4S(2, 17, 2)
	FMUL4S(4, 18, 1)
	FADD4S(2, 2, 4)
	VST1.P [V2.S4], 16(R2)
	// u = a·d + b·buf[i]; p[i] = p[i] + negLR·u
	FMUL4S(4, 19, 1)
	FMUL4S(5, 20, 2)
	FADD4S(4, 4, 5)
	FMUL4S(4, 21, 4)
	FADD4S(0, 0, 4)
	VST1.P [V0.S4], 16(R0)
	SUB    $4, R5, R5
	B      momLoop

momDone:
	RET

// func adagradNEON(p, grad, sum *float32, n int, c *[3]float32)
TEXT ·adagradNEON(SB), NOSPLIT, $0-40
	MOVD p+0(FP), R0
	MOVD grad+8(FP), R1
	MOVD sum+16(FP), R2
	MOVD n+24(FP), R5
	MOVD c+32(FP), R6
	COEF(0, F16, V16) // wd
	COEF(4, F17, V17) // negCLR
	COEF(8, F18, V18) // eps

adaLoop:
	CBZ    R5, adaDone
	VLD1   (R0), [V0.S4]
	VLD1.P 16(R1), [V1.S4]
	VLD1   (R2), [V2.S4]
	// d = grad[i] + wd·p[i]
	FMUL4S(4, 16, 0)
	FADD4S(1, 1, 4)
	// sum[i] = sum[i] + d·d
	FMUL4S(4, 1, 1)
	FADD4S(2, 2, 4)
	VST1.P [V2.S4], 16(R2)
	// p[i] = p[i] + (negCLR·d) / (sqrt(sum[i]) + eps)
	FSQRT4S(2, 2)
	FADD4S(2, 2, 18)
	FMUL4S(4, 17, 1)
	FDIV4S(4, 4, 2)
	FADD4S(0, 0, 4)
	VST1.P [V0.S4], 16(R0)
	SUB    $4, R5, R5
	B      adaLoop

adaDone:
	RET

// func rmspropNEON(p, grad, sq, ga, buf *float32, n int, c *RMSPropCoef, flags int)
// flags bit 0: centered (ga used); bit 1: momentum (buf used).
TEXT ·rmspropNEON(SB), NOSPLIT, $0-64
	MOVD p+0(FP), R0
	MOVD grad+8(FP), R1
	MOVD sq+16(FP), R2
	MOVD ga+24(FP), R3
	MOVD buf+32(FP), R4
	MOVD n+40(FP), R5
	MOVD c+48(FP), R6
	MOVD flags+56(FP), R7
	COEF(0, F16, V16)  // wd
	COEF(4, F17, V17)  // alpha
	COEF(8, F18, V18)  // c = 1 - alpha
	COEF(12, F19, V19) // eps
	COEF(16, F20, V20) // mom
	COEF(20, F21, V21) // negLR

rmsLoop:
	CBZ    R5, rmsDone
	VLD1   (R0), [V0.S4]
	VLD1.P 16(R1), [V1.S4]
	VLD1   (R2), [V2.S4]
	// d = grad[i] + wd·p[i]
	FMUL4S(4, 16, 0)
	FADD4S(1, 1, 4)
	// sq[i] = alpha·sq[i] + (c·d)·d
	FMUL4S(2, 17, 2)
	FMUL4S(4, 18, 1)
	FMUL4S(4, 4, 1)
	FADD4S(2, 2, 4)
	VST1.P [V2.S4], 16(R2)
	TBZ    $0, R7, rmsPlain
	// centered: ga[i] = alpha·ga[i] + c·d; a = sqrt(sq[i] − ga[i]·ga[i]) + eps
	VLD1   (R3), [V3.S4]
	FMUL4S(3, 17, 3)
	FMUL4S(4, 18, 1)
	FADD4S(3, 3, 4)
	VST1.P [V3.S4], 16(R3)
	FMUL4S(3, 3, 3)
	FSUB4S(2, 2, 3)

rmsPlain:
	// a = sqrt(s) + eps
	FSQRT4S(2, 2)
	FADD4S(2, 2, 19)
	TBZ    $1, R7, rmsNoMom
	// buf[i] = mom·buf[i] + d/a; p[i] = p[i] + negLR·buf[i]
	VLD1   (R4), [V5.S4]
	FDIV4S(1, 1, 2)
	FMUL4S(5, 20, 5)
	FADD4S(5, 5, 1)
	VST1.P [V5.S4], 16(R4)
	FMUL4S(4, 21, 5)
	B      rmsStore

rmsNoMom:
	// p[i] = p[i] + (negLR·d)/a
	FMUL4S(4, 21, 1)
	FDIV4S(4, 4, 2)

rmsStore:
	FADD4S(0, 0, 4)
	VST1.P [V0.S4], 16(R0)
	SUB    $4, R5, R5
	B      rmsLoop

rmsDone:
	RET

// func adamNEON(p, grad, m, v, vmax *float32, n int, c *AdamCoef, amsgrad int)
TEXT ·adamNEON(SB), NOSPLIT, $0-64
	MOVD p+0(FP), R0
	MOVD grad+8(FP), R1
	MOVD m+16(FP), R2
	MOVD v+24(FP), R3
	MOVD vmax+32(FP), R4
	MOVD n+40(FP), R5
	MOVD c+48(FP), R6
	MOVD amsgrad+56(FP), R7
	COEF(0, F16, V16)  // decay
	COEF(4, F17, V17)  // wd
	COEF(8, F18, V18)  // b1
	COEF(12, F19, V19) // c1
	COEF(16, F20, V20) // b2
	COEF(20, F21, V21) // c2
	COEF(24, F23, V23) // eps
	COEF(28, F24, V24) // negStep

adamLoop:
	CBZ    R5, adamDone
	VLD1   (R0), [V0.S4]
	VLD1.P 16(R1), [V1.S4]
	VLD1   (R2), [V2.S4]
	VLD1   (R3), [V3.S4]
	// q = decay·p[i]; d = grad[i] + wd·q
	FMUL4S(0, 16, 0)
	FMUL4S(4, 17, 0)
	FADD4S(1, 1, 4)
	// m[i] = b1·m[i] + c1·d
	FMUL4S(2, 18, 2)
	FMUL4S(4, 19, 1)
	FADD4S(2, 2, 4)
	VST1.P [V2.S4], 16(R2)
	// v[i] = b2·v[i] + (c2·d)·d
	FMUL4S(3, 20, 3)
	FMUL4S(4, 21, 1)
	FMUL4S(4, 4, 1)
	FADD4S(3, 3, 4)
	VST1.P [V3.S4], 16(R3)
	CBZ    R7, adamDenom
	// vmax[i] = vmax[i] > v[i] ? vmax[i] : v[i]; s = vmax[i]
	VLD1   (R4), [V5.S4]
	FCMGT4S(6, 5, 3)
	BSL16B(6, 5, 3)
	VST1.P [V6.S4], 16(R4)
	VMOV   V6.B16, V3.B16

adamDenom:
	// p[i] = q + (negStep·m[i]) / (sqrt(s) + eps)
	FSQRT4S(4, 3)
	FADD4S(4, 4, 23)
	FMUL4S(2, 24, 2)
	FDIV4S(2, 2, 4)
	FADD4S(0, 0, 2)
	VST1.P [V0.S4], 16(R0)
	SUB    $4, R5, R5
	B      adamLoop

adamDone:
	RET
