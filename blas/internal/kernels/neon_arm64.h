// Encodings of the NEON float instructions Go's arm64 assembler lacks
// (it has VFMLA but no vector FADD, FMUL or FADDP). Arguments are register
// numbers: VFADD4S(m, n, d) is "fadd vd.4s, vn.4s, vm.4s".
#define VFADD4S(m, n, d) WORD $(0x4E20D400 | ((m)<<16) | ((n)<<5) | (d))
#define VFMUL4S(m, n, d) WORD $(0x6E20DC00 | ((m)<<16) | ((n)<<5) | (d))
#define VFADDP4S(m, n, d) WORD $(0x6E20D400 | ((m)<<16) | ((n)<<5) | (d))
// FADDP2S(n, d) is the scalar "faddp sd, vn.2s": sd = vn[0] + vn[1].
#define FADDP2S(n, d) WORD $(0x7E30D800 | ((n)<<5) | (d))
// HSUM4S(v, d) leaves the sum of the four lanes of vv in sd (vv clobbered).
#define HSUM4S(v, d) VFADDP4S(v, v, v); FADDP2S(v, d)
