package blas

import (
	"runtime"
	"sync"
	"sync/atomic"

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
func gemmWorkers(l cpu.Level, m, n, k int, dot bool) int {
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
	units := (n + bl.nr - 1) / bl.nr
	if !dot {
		units = max(units, (m+bl.mr-1)/bl.mr)
	}
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

// gemmParallel splits p into w parts on whole micro-tiles, over m when m
// has enough tiles, else over n, hands them to idle workers and runs the
// rest itself. A part no worker is idle for runs on the caller, so many
// concurrent callers degrade to serial calls rather than queueing.
func gemmParallel(l cpu.Level, p *gemmProblem, w int) {
	gemmEnsureWorkers(w - 1)
	bl := &gemmBlocks[l]
	// The dot path splits over n only: its tiles are not MR rows high.
	overM := (p.m+bl.mr-1)/bl.mr >= w && !p.dot
	size, unit := p.n, bl.nr
	if overM {
		size, unit = p.m, bl.mr
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
