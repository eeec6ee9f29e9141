package blas

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/simdml/simdml/blas/internal/kernels"
	"github.com/simdml/simdml/internal/cpu"
)

// SetMaxProcs caps at n the number of goroutines (the caller included) one
// Sgemm call may use, and returns the previous cap. n < 1 removes the cap.
// Without a cap a call uses up to runtime.GOMAXPROCS(0) goroutines: the
// caller and workers from a fixed pool, started on first need and kept for
// the life of the process. An idle worker polls for its next task for
// 200 µs (yielding its core to anything else runnable) before it parks, so
// back-to-back calls find it awake. A service that runs many requests in
// parallel may prefer SetMaxProcs(1): each call then stays on its own
// goroutine and no worker is involved.
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
// goroutines; a worker must get at least this much. With the pool's
// workers polling (gemmSpin), handing a task over costs about a
// microsecond, a sixth of what one core needs for 2*64^3 flops: the
// smallest split products gained on two threads (best of 5 runs of 60 ms
// in which the second core was free, AVX-512, Zen 4): 64x64x128 1.6x,
// 128x128x64 1.6x, 96^3 1.8x, 128^3 1.8x; batch-128 products 128x256x784
// (NT) 2.0x, 128x256x128 (TN) 1.8x. Smaller products (64^3, 128x128x10)
// stay on the caller; a lower threshold showed no gain that this shared
// machine could tell from noise.
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
	join *gemmJoin
}

// gemmSpin is how long an idle worker polls for its next task, and a
// caller for its workers' parts, before parking. Waking a parked goroutine
// on this machine (a 2-core VM, Zen 4) took about 100 µs, as long as half
// of a batch-128 training product: with workers that parked at once, two
// threads ran 128x128x784 (NT) 1.0-1.1x and 128x256x784 1.4-1.5x faster
// than one; polling for 200 µs, 1.3-2.0x and 1.7-2.2x (in runs where the
// second core was free; 1024^3 1.9-2.0x either way). A poller yields its
// goroutine and then its thread (gemmYield) between looks, and a caller
// runs itself any part no worker has started by the time its own part is
// done, so a machine without a free core costs little more than one
// thread. The price is up to gemmSpin of CPU time after the last call of
// a burst.
const gemmSpin = 200 * time.Microsecond

// A worker's state: gemmBusy while it runs a task (or is being handed
// one), gemmPolling while it polls its slot, gemmParked while it waits on
// its wake channel. A caller claims a worker by moving it from polling or
// parked to busy.
const (
	gemmBusy int32 = iota
	gemmPolling
	gemmParked
)

// gemmWorkerSlot is one pool worker's mailbox.
type gemmWorkerSlot struct {
	state atomic.Int32
	ready atomic.Bool // task is set (the polling worker's signal)
	// claim is gen<<1 | taken: gen counts the tasks handed to the slot,
	// taken is set by whichever of the worker (starting it) and its caller
	// (taking it back) comes first. The generation keeps a caller that
	// looks late from taking a later caller's task.
	claim atomic.Uint64
	task  gemmTask
	wake  chan struct{} // the parked worker's signal
}

var gemmPool struct {
	mu      sync.Mutex
	workers atomic.Pointer[[]*gemmWorkerSlot] // grows only, under mu
}

// gemmJoin tracks a call's parts handed to workers.
type gemmJoin struct {
	pending   atomic.Int32
	wg        sync.WaitGroup
	handed    []gemmHanded  // the parts handed off, to take back unstarted ones
	handedBuf [8]gemmHanded // handed's first backing array
}

// gemmHanded is a part handed to the worker of slot s as its task gen.
type gemmHanded struct {
	s   *gemmWorkerSlot
	gen uint64
	p   gemmProblem
}

func (j *gemmJoin) add() {
	j.pending.Add(1)
	j.wg.Add(1)
}

// done marks a part finished: pending first, so a caller that returns
// from wg.Wait finds no worker still touching j.
func (j *gemmJoin) done() {
	j.pending.Add(-1)
	j.wg.Done()
}

// wait returns when every part has finished, polling for up to gemmSpin
// before parking.
func (j *gemmJoin) wait() {
	if j.pending.Load() != 0 {
		t0 := time.Now()
		for j.pending.Load() != 0 && time.Since(t0) < gemmSpin {
			gemmYield()
		}
	}
	j.wg.Wait()
}

var gemmJoins = newGemmFreeList[gemmJoin](64)

// gemmEnsureWorkers starts pool workers until there are at least n.
func gemmEnsureWorkers(n int) {
	if ws := gemmPool.workers.Load(); ws != nil && len(*ws) >= n {
		return
	}
	gemmPool.mu.Lock()
	var ws []*gemmWorkerSlot
	if old := gemmPool.workers.Load(); old != nil {
		ws = *old
	}
	for len(ws) < n {
		s := &gemmWorkerSlot{wake: make(chan struct{}, 1)}
		s.state.Store(gemmBusy)
		ws = append(ws, s)
		go gemmWorker(s)
	}
	gemmPool.workers.Store(&ws)
	gemmPool.mu.Unlock()
}

// gemmWorker runs the tasks handed to s, unless their caller took them
// back first. It is claimable again before it reports its part done, so
// the caller's next call finds it idle.
func gemmWorker(s *gemmWorkerSlot) {
	s.state.Store(gemmPolling)
	for {
		if !gemmAwaitTask(s) {
			<-s.wake
		}
		t := s.task
		s.task = gemmTask{}
		s.ready.Store(false)
		if c := s.claim.Load(); c&1 != 0 || !s.claim.CompareAndSwap(c, c|1) {
			s.state.Store(gemmPolling) // taken back: the caller reports it
			continue
		}
		ar := gemmArenas.get()
		gemmRun(t.l, &t.p, ar)
		gemmArenas.put(ar)
		s.state.Store(gemmPolling)
		t.join.done()
	}
}

// gemmAwaitTask polls s for a task for up to gemmSpin and reports whether
// one arrived; if not, the worker is parked and must wait on s.wake.
func gemmAwaitTask(s *gemmWorkerSlot) bool {
	t0 := time.Now()
	for !s.ready.Load() {
		if time.Since(t0) < gemmSpin {
			gemmYield()
			continue
		}
		if s.state.CompareAndSwap(gemmPolling, gemmParked) {
			return false
		}
		for !s.ready.Load() { // claimed meanwhile: the task is being set
			gemmYield()
		}
	}
	return true
}

// gemmHandOff gives t to an idle worker, a polling one first, and returns
// its slot and the task's generation there, or nil if no worker was idle.
func gemmHandOff(t gemmTask) (*gemmWorkerSlot, uint64) {
	ws := *gemmPool.workers.Load()
	for _, s := range ws {
		if s.state.CompareAndSwap(gemmPolling, gemmBusy) {
			gen := s.claim.Load()>>1 + 1
			s.claim.Store(gen << 1)
			s.task = t
			s.ready.Store(true)
			return s, gen
		}
	}
	for _, s := range ws {
		if s.state.CompareAndSwap(gemmParked, gemmBusy) {
			gen := s.claim.Load()>>1 + 1
			s.claim.Store(gen << 1)
			s.task = t
			s.wake <- struct{}{}
			return s, gen
		}
	}
	return nil, 0
}

// takeBack claims h's task for its caller, unless the worker started it.
func (h *gemmHanded) takeBack() bool {
	return h.s.claim.CompareAndSwap(h.gen<<1, h.gen<<1|1)
}

// gemmParallel splits p into w parts on whole tiles (gemmSplit), hands
// them to idle workers and runs the last itself, then any handed part its
// worker has not started yet. A part no worker is idle for runs on the
// caller, so many concurrent callers degrade to serial calls rather than
// queueing.
func gemmParallel(l cpu.Level, p *gemmProblem, w int) {
	gemmEnsureWorkers(w - 1)
	overM, unit := gemmSplit(l, p, w)
	size := p.n
	if overM {
		size = p.m
	}
	tiles := (size + unit - 1) / unit
	join := gemmJoins.get()
	if join.handed == nil {
		join.handed = join.handedBuf[:0]
	}
	join.handed = join.handed[:0] // kept when grown: no allocation next time
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
		join.add()
		if s, gen := gemmHandOff(gemmTask{l: l, p: sub, join: join}); s != nil {
			join.handed = append(join.handed, gemmHanded{s: s, gen: gen, p: sub})
			continue
		}
		join.done()
		gemmRun(l, &sub, ar)
	}
	for i := len(join.handed) - 1; i >= 0; i-- {
		if h := &join.handed[i]; h.takeBack() {
			gemmRun(l, &h.p, ar)
			join.done()
		}
	}
	join.wait()
	clear(join.handed) // drop the operands
	gemmArenas.put(ar)
	gemmJoins.put(join)
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
