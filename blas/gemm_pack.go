package blas

// Packing copies a block of A or B into micro-panels in the order the
// micro-kernel reads them, zero-padding partial panels so every kernel call
// computes a full MR x NR tile.
//
// A panels (MR rows of op(A) over kc) come in two layouts, both built from
// contiguous copies of the source: from NoTrans A, row-panels (element (i, p)
// at i*kc + p: aRS = kc, aCS = 1); from Trans A, k-major panels (element
// (i, p) at p*MR + i: aRS = 1, aCS = MR). B panels (kc x NR) are always
// k-major (element (p, j) at p*NR + j), the kernel's vector loads.

// packA packs rows [0, h) x columns [0, kc) of op(A), h <= mr, where a
// starts at the panel's origin, into one zero-padded panel of mr*kc floats.
// It returns the strides of the layout; kMajor forces the k-major one.
func packA(dst []float32, tA Transpose, a []float32, lda, h, kc, mr int, kMajor bool) (aRS, aCS int) {
	switch {
	case tA == Trans:
		packACols(dst, a, lda, h, kc, mr)
	case kMajor:
		packARowsKMajor(dst, a, lda, h, kc, mr)
	default:
		packARows(dst, a, lda, h, kc, mr)
		return kc, 1
	}
	return 1, mr
}

// packARowsKMajor transposes h rows of kc floats (stride lda) into a k-major
// panel: dst[p*mr + i] = a[i*lda + p], zero-padding i >= h.
func packARowsKMajor(dst, a []float32, lda, h, kc, mr int) {
	if h < mr {
		clear(dst[:kc*mr])
	}
	for i := 0; i < h; i++ {
		for p, v := range a[i*lda : i*lda+kc] {
			dst[p*mr+i] = v
		}
	}
}

// packARows copies h rows of kc floats (stride lda) into a row-panel of mr
// rows, zeroing rows h..mr-1.
func packARows(dst, a []float32, lda, h, kc, mr int) {
	for i := 0; i < h; i++ {
		copy(dst[i*kc:(i+1)*kc], a[i*lda:i*lda+kc])
	}
	clear(dst[h*kc : mr*kc])
}

// packACols copies, for each p < kc, h contiguous floats a[p*lda : p*lda+h]
// (column p of h rows of op(A) = Aᵀ) into a k-major panel, zero-padding to mr.
func packACols(dst, a []float32, lda, h, kc, mr int) {
	for p := 0; p < kc; p++ {
		d := dst[p*mr : p*mr+mr]
		copy(d, a[p*lda:p*lda+h])
		clear(d[h:])
	}
}

// packB packs rows [0, kc) x columns [0, nc) of op(B), where b starts at the
// block's origin, into ceil(nc/nr) k-major panels of kc*nr floats.
func packB(dst []float32, tB Transpose, b []float32, ldb, kc, nc, nr int) {
	if tB == NoTrans {
		packBRowBlocks(dst, b, ldb, kc, nc, nr)
		return
	}
	for j0 := 0; j0 < nc; j0 += nr {
		w := min(nr, nc-j0)
		panel := dst[(j0/nr)*nr*kc : (j0/nr+1)*nr*kc]
		if tB == NoTrans {
			packBRows(panel, b[j0:], ldb, w, kc, nr)
		} else {
			packBCols(panel, b[j0*ldb:], ldb, w, kc, nr)
		}
	}
}

// packBRowBlocks packs NoTrans B (kc x nc) into panels 16 rows at a time
// across all panels: packing one panel after the other reads a column strip
// of B, NR floats from each of kc rows (kc pages when ldb is 4 KiB or more);
// row blocks keep the source pages few and the reads sequential. Measured
// with a throwaway benchmark of packB (Zen 4, hot source), a 512 x 1024
// block of a 1024-wide B into 32-float panels: 133 µs panel by panel, 116
// in 8-row blocks, 100-110 with rows copied as arrays; 512 x 512 into
// 16-float panels (AVX2, 2-4% of a 512^3 product): 92-160 µs by copy, 72
// as arrays in 8-row blocks, 66 in 16-row ones (4 rows: 84; 32: 64).
func packBRowBlocks(dst, b []float32, ldb, kc, nc, nr int) {
	const rows = 16
	for p0 := 0; p0 < kc; p0 += rows {
		h := min(rows, kc-p0)
		for j0 := 0; j0 < nc; j0 += nr {
			w := min(nr, nc-j0)
			panel := dst[(j0/nr)*nr*kc+p0*nr:]
			packBRows(panel, b[p0*ldb+j0:], ldb, w, h, nr)
		}
	}
}

// packBRows copies kc rows of w contiguous floats (stride ldb) into a
// k-major panel, zero-padding each row to nr.
func packBRows(dst, b []float32, ldb, w, kc, nr int) {
	// Whole rows of the two tile widths copy as arrays: inline moves, not a
	// memmove call per row.
	switch {
	case w == 32 && nr == 32:
		for p := 0; p < kc; p++ {
			*(*[32]float32)(dst[p*32:]) = *(*[32]float32)(b[p*ldb:])
		}
		return
	case w == 16 && nr == 16:
		for p := 0; p < kc; p++ {
			*(*[16]float32)(dst[p*16:]) = *(*[16]float32)(b[p*ldb:])
		}
		return
	}
	for p := 0; p < kc; p++ {
		d := dst[p*nr : p*nr+nr]
		copy(d, b[p*ldb:p*ldb+w])
		clear(d[w:])
	}
}

// packBCols transposes w rows of Bᵀ (each kc contiguous floats, stride ldb)
// into a k-major panel: dst[p*nr + j] = b[j*ldb + p], zero-padding j >= w.
func packBCols(dst, b []float32, ldb, w, kc, nr int) {
	if w < nr {
		clear(dst[:kc*nr])
	}
	j := 0
	for ; j+4 <= w; j += 4 {
		r0 := b[j*ldb : j*ldb+kc]
		r1 := b[(j+1)*ldb : (j+1)*ldb+kc]
		r2 := b[(j+2)*ldb : (j+2)*ldb+kc]
		r3 := b[(j+3)*ldb : (j+3)*ldb+kc]
		for p := range r0 {
			d := dst[p*nr+j : p*nr+j+4]
			d[0], d[1], d[2], d[3] = r0[p], r1[p], r2[p], r3[p]
		}
	}
	for ; j < w; j++ {
		r := b[j*ldb : j*ldb+kc]
		for p, v := range r {
			dst[p*nr+j] = v
		}
	}
}
