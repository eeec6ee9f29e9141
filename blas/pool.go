package blas

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/simdml/simdml/blas/internal/kernels"
	"github.com/simdml/simdml/internal/cpu"
)

// SetMaxProcs caps at n the number of goroutines (the caller included) one
// Sgemm call may use, and returns the previous cap. n < 1 removes the cap.
// Without a cap a call uses up to runtime.GOMAXPROCS(0) goroutines: the
// caller and workers from a fixed pool, started on first need and kept for
// the life of the process. A service that runs many requests in parallel
// may prefer SetMaxProcs(1): each call then stays on its own goroutine.
// The cap never changes results: work is split over the rows and columns of
// C, never over k, so the bits are the same for any number of workers.
func SetMaxProcs(n int) int {
	if n < 1 {
		n = 0
	}
	return int(gemmMaxProcs.Swap(int64(n)))
}

var gemmMaxProcs atomic.Int64 // 0: no cap beyond GOMAXPROCS

// gemmParallelMinWork is the smallest m*n*k product split between
// goroutines; a worker must get at least this much. Handing a task to a
// parked worker and waiting for it costs a few microseconds, about what one
// core needs for 2*64^3 flops (measured with BenchmarkSgemm at threads=2).
const gemmParallelMinWork = 64 * 64 * 64

// gemmWorkers returns how many goroutines the problem should use.
func gemmWorkers(l cpu.Level, m, n, k int) int {
	work := m * n * k
	if work < 2*gemmParallelMinWork {
		return 1 // without asking GOMAXPROCS, which takes a lock
	}
	w := runtime.GOMAXPROCS(0)
	if c := int(gemmMaxProcs.Load()); c > 0 {
		w = min(w, c)
	}
	if w <= 1 {
		return 1
	}
	w = min(w, work/gemmParallelMinWork)
	// Splits fall on whole micro-tiles.
	bl := &gemmBlocks[l]
	units := max((n+bl.nr-1)/bl.nr, (m+bl.mr-1)/bl.mr)
	return max(1, min(w, units))
}

// gemmTask is one worker's share of a call: the sub-problem and the join.
type gemmTask struct {
	l    cpu.Level
	p    gemmProblem
	done *sync.WaitGroup
}

var gemmPool struct {
	tasks   chan gemmTask // unbuffered: a send succeeds only to an idle worker
	mu      sync.Mutex
	started atomic.Int32
}

var gemmJoins = newGemmFreeList[sync.WaitGroup](64)

func init() { gemmPool.tasks = make(chan gemmTask) }

// gemmEnsureWorkers starts pool workers until there are at least n.
func gemmEnsureWorkers(n int) {
	if int(gemmPool.started.Load()) >= n {
		return
	}
	gemmPool.mu.Lock()
	for int(gemmPool.started.Load()) < n {
		go gemmWorker()
		gemmPool.started.Add(1)
	}
	gemmPool.mu.Unlock()
}

func gemmWorker() {
	for t := range gemmPool.tasks {
		ar := gemmArenas.get()
		gemmRun(t.l, &t.p, ar)
		gemmArenas.put(ar)
		t.done.Done()
	}
}

// gemmParallel splits p into w parts on whole tiles (gemmSplit), hands
// them to idle workers and runs the last itself. A part no worker is idle
// for runs on the caller, so many concurrent callers degrade to serial
// calls rather than queueing.
func gemmParallel(l cpu.Level, p *gemmProblem, w int) {
	gemmEnsureWorkers(w - 1)
	overM, unit := gemmSplit(l, p, w)
	size := p.n
	if overM {
		size = p.m
	}
	tiles := (size + unit - 1) / unit
	done := gemmJoins.get()
	ar := gemmArenas.get()
	lo := 0
	for part := 0; part < w; part++ {
		hi := min(size, (tiles*(part+1)/w)*unit)
		if hi <= lo {
			continue
		}
		sub := gemmSub(p, overM, lo, hi)
		lo = hi
		if part == w-1 {
			gemmRun(l, &sub, ar) // the caller's own share
			break
		}
		done.Add(1)
		select {
		case gemmPool.tasks <- gemmTask{l: l, p: sub, done: done}:
		default:
			done.Done()
			gemmRun(l, &sub, ar)
		}
	}
	done.Wait()
	gemmArenas.put(ar)
	gemmJoins.put(done)
}

// gemmSplit chooses how gemmParallel cuts p into w parts: over the rows
// (overM) or the columns of C, in whole tiles of unit rows or columns (the
// dot kernel's tile on the dot path, whose elements do not depend on where
// its tiles fall; the micro-tile otherwise, so sub-problems meet the same
// tiles as the whole). It takes the direction whose largest part is the
// smaller share of the whole, the rows on a tie (then each part reads a
// contiguous block of A and writes one of C): the batch-128 products have
// few row tiles: 128 rows in 12-row tiles split 60/68, a 1.88x bound on
// two workers' speedup, where 784 columns in 32-column tiles split 384/400
// (1.96x), and the dot path's 4-row tiles 64/64.
func gemmSplit(l cpu.Level, p *gemmProblem, w int) (overM bool, unit int) {
	mr, nr := gemmTileDims(l, p)
	if p.dot {
		mr, nr = kernels.GemmDotDims(l)
	}
	// Compare largest parts as fractions, lm/m <= ln/n, cross-multiplied.
	lm, ln := gemmLargestPart(p.m, mr, w), gemmLargestPart(p.n, nr, w)
	if lm*p.n <= ln*p.m {
		return true, mr
	}
	return false, nr
}

// gemmLargestPart returns the largest of the w parts gemmParallel cuts size
// into in whole units (size itself if there are fewer units than parts).
func gemmLargestPart(size, unit, w int) int {
	tiles := (size + unit - 1) / unit
	if tiles < w {
		return size
	}
	largest, lo := 0, 0
	for part := 0; part < w; part++ {
		hi := min(size, (tiles*(part+1)/w)*unit)
		largest = max(largest, hi-lo)
		lo = hi
	}
	return largest
}

// gemmSub returns the sub-problem of rows (overM) or columns [lo, hi) of C.
func gemmSub(p *gemmProblem, overM bool, lo, hi int) gemmProblem {
	s := *p
	if overM {
		s.m = hi - lo
		s.a = gemmAt(p.a, p.tA, p.lda, lo, 0)
		s.c = p.c[lo*p.ldc:]
		return s
	}
	s.n = hi - lo
	s.b = gemmAt(p.b, p.tB, p.ldb, 0, lo)
	s.c = p.c[lo:]
	return s
}
