package kernels

import "github.com/simdml/simdml/internal/cpu"

// GemmDims returns the micro-tile size MR x NR that GemmTile computes at
// level l: MR rows of C (broadcast from A) by NR columns (vector loads of B).
func GemmDims(l cpu.Level) (mr, nr int) {
	mr, nr = gemmDims(l)
	return mr, nr
}

// GemmTile computes the top-left rows x cols corner (1 <= rows <= MR,
// 1 <= cols <= NR) of one MR x NR tile of C at level l (MR, NR =
// GemmDims(l)); the kernel always computes the whole tile, so A and B must
// hold (zero-padded) MR rows and NR columns:
//
//	for i < rows, j < cols:
//		s := Σ_{p<kc} a[i*aRS + p*aCS] * b[p*bCS + j]
//		c[i*ldc + j] = alpha*s + beta*c[i*ldc + j]   (beta == 0: c is not read)
//
// Preconditions (the caller, package blas, guarantees them; they are not
// checked): kc >= 1; every a, b and c element named above is inside its
// slice; strides are non-negative and fit in 32 bits. The accumulation order
// over p is fixed, so a tile's bits do not depend on which call computes it.
// C elements outside the corner are neither read nor written; a corner is
// computed with the same instructions as a full tile, so its bits do not
// depend on where tiles fall.
func GemmTile(l cpu.Level, kc int, a []float32, aRS, aCS int, b []float32, bCS int,
	c []float32, ldc, rows, cols int, alpha, beta float32) {
	mr, nr := gemmDims(l)
	if rows < mr && !gemmPartialRows(l) || cols < nr && !gemmMasked(l) {
		gemmTileEdge(l, kc, a, aRS, aCS, b, bCS, c, ldc, rows, cols, alpha, beta)
		return
	}
	gemmTile(l, kc, a, aRS, aCS, b, bCS, c, ldc, rows, cols, alpha, beta)
}

// gemmMaxTile bounds MR*NR over all levels.
const gemmMaxTile = 12 * 32

// gemmTileEdge computes a corner through a scratch tile on the stack,
// loaded with C's corner first so beta applies exactly as in a full tile.
func gemmTileEdge(l cpu.Level, kc int, a []float32, aRS, aCS int, b []float32, bCS int,
	c []float32, ldc, rows, cols int, alpha, beta float32) {
	mr, nr := gemmDims(l)
	var scratch [gemmMaxTile]float32
	t := scratch[:mr*nr]
	if beta != 0 {
		for i := 0; i < rows; i++ {
			copy(t[i*nr:i*nr+cols], c[i*ldc:i*ldc+cols])
		}
	}
	rowsRead := mr // a kernel that reads only some rows of A must be told how many
	if gemmPartialRows(l) {
		rowsRead = rows
	}
	gemmTile(l, kc, a, aRS, aCS, b, bCS, t, nr, rowsRead, nr, alpha, beta)
	for i := 0; i < rows; i++ {
		copy(c[i*ldc:i*ldc+cols], t[i*nr:i*nr+cols])
	}
}

// GemmKMajorA reports whether GemmTile at level l reads A only as a k-major
// packed micro-panel (aRS = 1, aCS = MR); otherwise any strides work.
func GemmKMajorA(l cpu.Level) bool { return gemmKMajorA(l) }

// GemmDotDims returns the tile MR x NR of GemmDot at level l, or 0, 0 if
// the level has no such kernel.
func GemmDotDims(l cpu.Level) (mr, nr int) { return gemmDotDims(l) }

// GemmDot computes one MR x NR tile (MR, NR = GemmDotDims(l)) of
// C = alpha·A·Bᵀ + beta·C from rows of A and B contiguous along k, the
// small-m shape of a network's forward pass:
//
//	for i < MR, j < NR:
//		s := Σ_{p<k} a[i*lda + p] * b[j*ldb + p]
//		c[i*ldc + j] = alpha*s + beta*c[i*ldc + j]   (beta == ±0: c not read)
//
// Preconditions (unchecked): GemmDotDims(l) is not 0, 0; k >= 0; every
// element named above is inside its slice.
func GemmDot(l cpu.Level, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32) {
	gemmDot(l, k, a, lda, b, ldb, c, ldc, alpha, beta)
}

// GemmHasDotPanel reports whether level l has GemmDotPanel.
func GemmHasDotPanel(l cpu.Level) bool { return gemmHasDotPanel(l) }

// GemmDotPanel computes cols >= 1 columns of groups >= 1 GemmDot tiles of
// C in one call, tile (g, h) from rows g*MR.. of A and h*NR.. of B (MR, NR =
// GemmDotDims(l)), column by column, writing only columns skip.. of each
// tile (the driver shifts the last column of tiles back to end at C's edge
// and skips the columns already written):
//
//	for h < cols, g < groups, i < MR, skip <= j < NR:
//		s := Σ_{p<k} a[(g*MR+i)*lda + p] * b[(h*NR+j)*ldb + p]
//		c[(g*MR+i)*ldc + h*NR+j] = alpha*s + beta*c[(g*MR+i)*ldc + h*NR+j]   (beta == ±0: c not read)
//
// Each tile gets the bits GemmDot gives it; with beta != 0 the skipped
// columns of C are read but not written. Preconditions (unchecked):
// GemmHasDotPanel(l); groups, cols >= 1; k >= 0; 0 <= skip < NR; every
// element named above for 0 <= j < NR is inside its slice.
func GemmDotPanel(l cpu.Level, groups, cols, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, skip int) {
	gemmDotPanel(l, groups, cols, k, a, lda, b, ldb, c, ldc, alpha, beta, skip)
}

// GemmNarrowNR returns the width NR' < NR of level l's narrow tile kernel,
// or 0 if it has none. The narrow kernel computes MR x NR' tiles for
// products with n <= NR', where the full tile would waste most of its work.
func GemmNarrowNR(l cpu.Level) int { return gemmNarrowNR(l) }

// GemmTileNarrow is GemmTile with the narrow MR x GemmNarrowNR(l) tile; B
// panels are GemmNarrowNR(l) wide. Preconditions as GemmTile's, and
// GemmNarrowNR(l) != 0.
func GemmTileNarrow(l cpu.Level, kc int, a []float32, aRS, aCS int, b []float32, bCS int,
	c []float32, ldc, rows, cols int, alpha, beta float32) {
	gemmTileNarrow(l, kc, a, aRS, aCS, b, bCS, c, ldc, rows, cols, alpha, beta)
}

// GemmPartialRows reports whether GemmTile at level l reads only the first
// rows rows of A, so an edge tile's A may be read in place; otherwise A must
// hold MR rows (zero-padded).
func GemmPartialRows(l cpu.Level) bool { return gemmPartialRows(l) }

// GemmPacksB reports whether level l has GemmTilePackB.
func GemmPacksB(l cpu.Level) bool { return gemmPacksB(l) }

// GemmTilePackB is GemmTile for a whole tile (rows = MR, cols = NR) that
// also copies the block of B it reads into bp as a k-major panel:
//
//	bp[p*NR + j] = b[p*bCS + j]   for p < kc, j < NR
//
// so the first row-panel of a block packs B for the others while it
// computes, instead of a separate pass over B. The tile gets the bits
// GemmTile gives it. Preconditions: GemmTile's, GemmPacksB(l), and bp holds
// kc*NR floats.
func GemmTilePackB(l cpu.Level, kc int, a []float32, aRS, aCS int, b []float32, bCS int,
	c []float32, ldc int, alpha, beta float32, bp []float32) {
	gemmTilePackB(l, kc, a, aRS, aCS, b, bCS, c, ldc, alpha, beta, bp)
}

// GemmTilePackA is GemmTile for a whole tile (rows = MR, cols = NR) that
// also copies the MR x kc block of A it reads into ap as a k-major panel:
//
//	ap[p*MR + i] = a[i*aRS + p*aCS]   for p < kc, i < MR
//
// so the first tile of a row-panel packs A for the others (which read ap
// with aRS = 1, aCS = MR) instead of a separate pass. The tile gets the
// bits GemmTile gives it. Preconditions: GemmTile's, GemmPacksB(l) (the
// levels with packing kernels), and ap holds kc*MR floats.
func GemmTilePackA(l cpu.Level, kc int, a []float32, aRS, aCS int, b []float32, bCS int,
	c []float32, ldc int, alpha, beta float32, ap []float32) {
	gemmTilePackA(l, kc, a, aRS, aCS, b, bCS, c, ldc, alpha, beta, ap)
}

// GemmHasPanel reports whether level l has GemmPanel.
func GemmHasPanel(l cpu.Level) bool { return gemmHasPanel(l) }

// GemmPanel computes tiles >= 1 whole MR x NR tiles (MR, NR = GemmDims(l))
// down a column of C, tile t from the A row-panel at a[t*MR*kc:] (row i at
// a[(t*MR+i)*kc:], as GemmTilePackARows writes it) and the one k-major B
// panel b:
//
//	for t < tiles, i < MR, j < NR:
//		s := Σ_{p<kc} a[(t*MR+i)*kc + p] * b[p*NR + j]
//		c[(t*MR+i)*ldc + j] = alpha*s + beta*c[(t*MR+i)*ldc + j]   (beta == ±0: c not read)
//
// Each tile gets the bits GemmTile gives it (aRS = kc, aCS = 1, bCS = NR);
// one call replaces tiles calls of GemmTile. While it computes, each tile
// also prefetches (into L2) one line per 8 steps of k, pfStep bytes apart
// from pf[0] on, and then moves on pfSkip more bytes; and the B panel that
// follows b. The caller points pf at what the next packing tiles read:
// rows of A (pfStep 32, pfSkip 4*lda - 4*(kc - kc mod 8): one row of A per
// tile) or of B (pfStep 4*ldb, pfSkip 0), or anywhere valid with pfStep
// and pfSkip 0. Preconditions (unchecked): GemmHasPanel(l), kc >= 1,
// tiles >= 1, pf is not empty, and every element named above is inside its
// slice (the prefetched bytes need not be).
func GemmPanel(l cpu.Level, kc int, a, b, c []float32, ldc, tiles int, alpha, beta float32, pf []float32, pfStep, pfSkip int) {
	gemmPanel(l, kc, a, b, c, ldc, tiles, alpha, beta, pf, pfStep, pfSkip)
}

// GemmTilePackARows is GemmTilePackA writing the MR x kc block of A as a
// row-panel, the layout GemmPanel reads:
//
//	ap[i*kc + p] = a[i*aRS + p*aCS]   for p < kc, i < MR
//
// Preconditions: GemmTile's, GemmHasPanel(l), and ap holds kc*MR floats.
func GemmTilePackARows(l cpu.Level, kc int, a []float32, aRS, aCS int, b []float32, bCS int,
	c []float32, ldc int, alpha, beta float32, ap []float32) {
	gemmTilePackARows(l, kc, a, aRS, aCS, b, bCS, c, ldc, alpha, beta, ap)
}

// GemmHasDotTiles reports whether level l has GemmDotPanelTiles.
func GemmHasDotTiles(l cpu.Level) bool { return gemmHasDotTiles(l) }

// GemmDotPanelTiles is GemmDotPanel with mr x nr tiles, 3x4, 2x4 or 2x5
// (the last with skip == 0), writing only rows rowSkip.. (0 <= rowSkip <
// mr) and columns skip.. (0 <= skip < nr) of each tile; the driver shifts
// the last row and column of tiles back to end at C's edges:
//
//	for h < cols, g < groups, rowSkip <= i < mr, skip <= j < nr:
//		s := Σ_{p<k} a[(g*mr+i)*lda + p] * b[(h*nr+j)*ldb + p]
//		c[(g*mr+i)*ldc + h*nr+j] = alpha*s + beta*c[(g*mr+i)*ldc + h*nr+j]   (beta == ±0: c not read)
//
// Every element gets the bits GemmDot gives it, whatever the tile shape,
// so the driver may pick the shape by m and n; with beta != 0 the skipped
// rows and columns of C are read but not written. Preconditions
// (unchecked): GemmHasDotTiles(l); groups, cols >= 1; k >= 0; every element
// named above for i < mr, j < nr is inside its slice.
func GemmDotPanelTiles(l cpu.Level, mr, nr, groups, cols, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, skip, rowSkip int) {
	gemmDotPanelTiles(mr, nr, groups, cols, k, a, lda, b, ldb, c, ldc, alpha, beta, skip, rowSkip)
}
