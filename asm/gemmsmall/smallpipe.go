package main

import (
	"fmt"
	"math"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	"github.com/simdml/simdml/asm/internal/avoisa"
)

// The pipelined tiles of gemmSmallAVX512 (see smallKernel): a tile of up to
// 12 rows by 17-32 columns with alpha == 1 (and a panel of 2 rows or more)
// runs as two halves, the top ceil(rows/2) rows in bank 0 (Z0-Z11) and the
// other rows in bank 1 (Z12-Z23), acc(bank, i, v) = Z(12*bank + 2i + v).
// While one half runs its k loop, the other bank, which holds the half
// finished just before (the previous tile's bottom half, or this tile's top
// half), is stored to C, row j of it in step j of the loop's first
// smallPipeSteps steps (k < 6 leaves the rest to a tail after the loop), so
// the stores spread over the FMAs instead of following them in a burst.
// Each element still gets acc = 0, its k FMAs in order and one epilogue
// operation, so the bits are those of the 12x32 micro-kernel.
//
// Why: on Zen 4 zmm stores slow zmm FMAs down. Measured with a loop of 24
// independent zmm FMAs (24 cycles alone) plus n zmm stores per iteration:
// n = 3 or 4 cost nothing, 6 added 9 cycles, 12 added 21; 24 ymm stores
// (the same bytes as 12 zmm) added 6. A tile's 24 stores after its k loop
// cost about 45 cycles next to 192 of FMAs at k = 8. A model of a 12x32
// tile at k = 8, beta = 0.5 (A and B in L1) ran at 86 GFLOPS that way and
// 104 with two 6-row halves storing each other's rows this way; the FMA
// peak is 116. Spreading the 12 stores of a half over 4, 8 or 12 steps
// instead of 6 measured no better, and worse for 4-row halves (m = 8). A
// store whose data comes straight from an add or FMA costs less than one
// reading a register finished long before (see pipeMode), so even beta == 0
// passes the data through an add.
//
// Pending half: RDX its rows (0 if none), R13 its C (row by row), K3, K4
// its column masks; Z28 beta; Z29 -0; Z26 a vector of C. Between halves
// they live in the locals pendRows and pendC. Bank 1 is the one pending
// when a tile that cannot be pipelined comes (at most 16 columns, alpha !=
// 1, a 1-row panel, k > smallPipeMaxK) and at the end: those flush it
// first.
const smallPipeSteps = 6

// smallPipe holds what the pipelined tiles need besides smallFrame.
type smallPipe struct {
	f                                  smallFrame
	rowsTop, rowsBot, aBotOff, cBotOff Mem // per panel
	pendC, pendRows                    Mem // the half not yet stored
	lbl                                func(string, ...any) string
}

func pipeAcc(bank, i, v int) VecPhysical { return avoisa.Z[12*bank+2*i+v] }

// pipeBeta is the register holding beta in the pipelined tiles.
var pipeBeta = Z28

// pipeMode is how a pipelined tile's epilogue treats C: c = acc + beta*c
// with one FMA (pipeAny); c = c + acc with one VADDPS when beta == 1
// (pipeOne: fma(1, c, acc) rounds c + acc once, the same bits, and the add
// runs on Zen 4's FP adders, beside the FMA pipes); c = acc, C not read,
// when beta == ±0 (pipeZero), stored as acc + -0 (Z29): the same bits (x +
// -0 == x for every x, and the accumulator's NaNs are quiet already), but
// a store fed by an add runs beside the FMAs where one reading the
// finished bank directly slowed them: 128x128x10 NN beta 0 108 -> 113
// GFLOPS, 128x256x8 TN 106 -> 108 (kernel alone, interleaved). beta == 1
// gets the same from its add, which is why it ran faster than beta == 0
// before.
type pipeMode int

const (
	pipeAny pipeMode = iota
	pipeOne
	pipeZero
)

func (m pipeMode) String() string { return []string{"beta", "beta1", "beta0"}[m] }

// pipeModeJumps emits the jumps to lbl(mode) for beta == ±0 and beta == 1;
// pipeAny falls through.
func pipeModeJumps(lbl func(pipeMode) string) {
	TESTL(U32(0x7fffffff), NewParamAddr("beta", 84))
	JZ(LabelRef(lbl(pipeZero)))
	CMPL(NewParamAddr("beta", 84), U32(math.Float32bits(1)))
	JEQ(LabelRef(lbl(pipeOne)))
}

// smallPipeInit emits the once-per-call setup: no half pending, Z28 = beta,
// Z29 = -0.
func smallPipeInit(p *smallPipe) {
	MOVQ(U32(0), p.pendRows)
	VBROADCASTSS(NewParamAddr("beta", 84), pipeBeta)
	MOVL(U32(0x80000000), EAX)
	VPBROADCASTD(EAX, Z29)
}

// smallPipePanel emits the per-panel split of its rows (rows at f.rows).
func smallPipePanel(p *smallPipe) {
	Comment("Halves of the panel: ceil(rows/2) rows on top, the others below.")
	MOVQ(p.f.rows, RAX)
	MOVQ(RAX, RCX)
	SHRQ(U8(1), RCX)
	MOVQ(RCX, p.rowsBot)
	SUBQ(RCX, RAX)
	MOVQ(RAX, p.rowsTop)
	MOVQ(RAX, RCX)
	IMULQ(R8, RCX)
	MOVQ(RCX, p.aBotOff)
	IMULQ(R12, RAX)
	MOVQ(RAX, p.cBotOff)
}

// pipeStoreVecs emits the stores of vectors from..to-1 of bank's pending
// half, vector 2j+v being (row j, vector v), R13 at row from/2, as mode
// says, through K3, K4. Row j is stored only if RDX > j; at the first row
// not stored it jumps to skip.
func pipeStoreVecs(bank, from, to int, mode pipeMode, skip string) {
	for x := from; x < to; x++ {
		j, v := x/2, x%2
		if v == 0 || x == from {
			CMPQ(RDX, U8(j))
			JLE(LabelRef(skip))
		}
		m := Mem{Base: R13, Disp: 64 * v}
		k := []Register{K3, K4}[v]
		switch mode {
		case pipeAny:
			VMOVUPS_Z(m, k, Z26)
			VFMADD231PS(Z26, pipeBeta, pipeAcc(bank, j, v))
		case pipeOne:
			VMOVUPS_Z(m, k, Z26)
			VADDPS(pipeAcc(bank, j, v), Z26, pipeAcc(bank, j, v))
		case pipeZero:
			VADDPS(Z29, pipeAcc(bank, j, v), pipeAcc(bank, j, v))
		}
		VMOVUPS(pipeAcc(bank, j, v), k, m)
		if v == 1 {
			ADDQ(R12, R13)
		}
	}
}

// pipeGroup is the first vector the pipelined loop stores in step j (j <=
// smallPipeSteps): the 12 vectors of a half spread evenly over the steps.
func pipeGroup(j int) int { return j * smallMR / smallPipeSteps }

// smallPipeFlush emits the stores of bank 1's pending half (if any), then
// pendRows = 0. It falls through at its end.
func smallPipeFlush(p *smallPipe, name string) {
	done := p.lbl("%s_done", name)
	MOVQ(p.pendRows, RDX)
	TESTQ(RDX, RDX)
	JZ(LabelRef(done))
	MOVQ(p.pendC, R13)
	MOVQ(U32(0), p.pendRows)
	TESTL(U32(0x7fffffff), NewParamAddr("beta", 84))
	JZ(LabelRef(p.lbl("%s_beta0", name)))
	pipeStoreVecs(1, 0, smallMR, pipeAny, done) // beta == 1 too: the same bits
	JMP(LabelRef(done))
	Label(p.lbl("%s_beta0", name))
	pipeStoreVecs(1, 0, smallMR, pipeZero, done)
	Label(done)
}

// smallPipeTile emits a pipelined tile (both halves); it ends with a jump
// to next.
func smallPipeTile(p *smallPipe, next string) {
	f := p.f
	for bank := 0; bank < 2; bank++ {
		half := []string{"top", "bot"}[bank]
		rows := []Mem{p.rowsTop, p.rowsBot}[bank]
		Commentf("The %s half: its k loop in bank %d, storing bank %d's pending rows.", half, bank, 1-bank)
		MOVQ(f.aPanel, RSI)
		if bank == 1 {
			ADDQ(p.aBotOff, RSI)
		}
		LEAQ(Mem{Base: RSI, Index: R8, Scale: 4}, RDI)
		ADDQ(R8, RDI) // row 5
		MOVQ(f.bTile, RBX)
		Load(Param("k"), RCX)
		MOVQ(p.pendC, R13)
		MOVQ(p.pendRows, RDX)
		MOVQ(rows, RAX)
		pipeModeJumps(func(m pipeMode) string { return p.lbl("%s_%s", half, m) })
		for _, mode := range []pipeMode{pipeAny, pipeOne, pipeZero} {
			beta := mode.String()
			if mode != pipeAny {
				Label(p.lbl("%s_%s", half, beta))
			}
			for r := smallMR / 2; r >= 2; r-- {
				CMPQ(RAX, U8(r))
				JEQ(LabelRef(p.lbl("%s_%s_r%d", half, beta, r)))
			}
			JMP(LabelRef(p.lbl("%s_%s_r1", half, beta)))
		}
		end := p.lbl("%s_end", half)
		for _, mode := range []pipeMode{pipeAny, pipeOne, pipeZero} {
			beta := mode.String()
			tail := func(j int) string { return p.lbl("%s_%s_tail%d", half, beta, j) }
			for r := 1; r <= smallMR/2; r++ {
				Label(p.lbl("%s_%s_r%d", half, beta, r))
				pipeLoop(p, bank, r, mode, tail, end)
			}
			Comment("k < 6: the pending rows the loop did not store.")
			for j := 1; j < smallPipeSteps; j++ {
				Label(tail(j))
				pipeStoreVecs(1-bank, pipeGroup(j), pipeGroup(j+1), mode, end)
			}
			JMP(LabelRef(end))
		}
		Label(end)
		Comment("This half is now pending.")
		MOVQ(f.cTile, RAX)
		if bank == 1 {
			ADDQ(p.cBotOff, RAX)
		}
		MOVQ(RAX, p.pendC)
		MOVQ(rows, RAX)
		MOVQ(RAX, p.pendRows)
		KMOVW(K1, K3)
		KMOVW(K2, K4)
	}
	JMP(LabelRef(next))
}

// pipeLoop emits the k loop of a half of rows rows in bank: its first
// smallPipeSteps steps each store one row of the other bank (pipeStoreRow),
// leaving to tail(j+1) when k ends after step j < smallPipeSteps-1; it
// jumps to end when done.
func pipeLoop(p *smallPipe, bank, rows int, mode pipeMode, tail func(int) string, end string) {
	for i := 0; i < rows; i++ {
		for v := 0; v < 2; v++ {
			VXORPS(pipeAcc(bank, i, v), pipeAcc(bank, i, v), pipeAcc(bank, i, v))
		}
	}
	step := func() {
		for v := 0; v < 2; v++ {
			VMOVUPS_Z(Mem{Base: RBX, Disp: 64 * v}, []Register{K1, K2}[v], avoisa.Z[24+v])
		}
		for i := 0; i < rows; i++ {
			for v := 0; v < 2; v++ {
				VFMADD231PS_BCST(avoisa.PanelRow(i), avoisa.Z[24+v], pipeAcc(bank, i, v))
			}
		}
		avoisa.PanelStep(rows)
		ADDQ(R11, RBX)
	}
	id := p.lbl("b%dr%d_%v", bank, rows, mode)
	for j := 0; j < smallPipeSteps; j++ {
		skip := fmt.Sprintf("%s_s%d", id, j)
		Commentf("Step %d, storing pending vectors %d-%d.", j, pipeGroup(j), pipeGroup(j+1)-1)
		step()
		pipeStoreVecs(1-bank, pipeGroup(j), pipeGroup(j+1), mode, skip)
		Label(skip)
		DECQ(RCX)
		if j < smallPipeSteps-1 {
			JZ(LabelRef(tail(j + 1)))
		} else {
			JZ(LabelRef(end))
		}
	}
	Label(id + "_loop")
	step()
	DECQ(RCX)
	JNZ(LabelRef(id + "_loop"))
	JMP(LabelRef(end))
}

// smallPipeMaxK is the longest k the pipelined tiles take. Each half reads
// the tile's B (k rows of 128 bytes) again, from L1 while it fits: at k =
// 256 (32 KiB) the second pass comes from L2, and 8x784x256 NN ran 2% slower
// pipelined, while at k <= 128 it ran 1% faster (8x256x128 NN, 10x128x128
// TN); the stores the pipeline hides are a small part of a tile there.
const smallPipeMaxK = 128

// smallPipeOK emits the jump to old unless the tile can be pipelined:
// more than 16 columns (R14), alpha == 1, at least 2 rows and k <=
// smallPipeMaxK.
func smallPipeOK(p *smallPipe, old string) {
	CMPQ(R14, U8(16))
	JLE(LabelRef(old))
	CMPL(NewParamAddr("alpha", 80), U32(math.Float32bits(1)))
	JNE(LabelRef(old))
	CMPQ(p.f.rows, U8(1))
	JEQ(LabelRef(old))
	CMPQ(NewParamAddr("k", 16), U32(smallPipeMaxK))
	JG(LabelRef(old))
}
