package blas

import (
	"math/rand"
	"runtime"
	"sync"
	"testing"

	"github.com/simdml/simdml/internal/cpu"
)

// gemmOperands returns random A, B and C for an m x n x k product with
// op(A), op(B) as tA, tB say and tight leading dimensions.
func gemmOperands(r *rand.Rand, tA, tB Transpose, m, n, k int) (a []float32, lda int, b []float32, ldb int, c []float32) {
	lda, ldb = k, n
	if tA == Trans {
		lda = m
	}
	if tB == Trans {
		ldb = k
	}
	return gemmRand(r, m, k, k, 0), lda, gemmRand(r, k, n, n, 0), ldb, gemmRand(r, m, n, n, 0)
}

func TestSgemmSameBitsAnyWorkers(t *testing.T) {
	defer func() { gemmForcePacking = nil }()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	defer SetMaxProcs(SetMaxProcs(0))
	gemmEachLevel(t, func(t *testing.T, l cpu.Level) {
		r := rand.New(rand.NewSource(3))
		// The last three take the dot path for NT (split over n, over m)
		// and are split over n for the other pairs.
		for _, sh := range [][3]int{{201, 103, 217}, {37, 411, 100}, {130, 130, 130},
			{130, 256, 200}, {200, 130, 150}, {128, 400, 64}, {40, 300, 120}} {
			for _, tr := range gemmTrans {
				a, lda, b, ldb, c0 := gemmOperands(r, tr[0], tr[1], sh[0], sh[1], sh[2])
				var want []float32
				// Packed B too: a part with fewer than MR rows packs
				// it in a pass, the others in their first row-panel.
				for _, wf := range [][2]int{{1, 0}, {2, 0}, {4, 0}, {1, 1}, {2, 1}, {4, 1}} {
					w := wf[0]
					gemmForcePacking = nil
					if wf[1] == 1 {
						gemmForcePacking = &[2]bool{false, true}
					}
					SetMaxProcs(w)
					if got := gemmWorkers(l, sh[0], sh[1], sh[2]); got != w {
						t.Fatalf("%v: %d workers, want %d", sh, got, w)
					}
					c := append([]float32(nil), c0...)
					Sgemm(tr[0], tr[1], sh[0], sh[1], sh[2], 0.5, a, lda, b, ldb, 0.25, c, sh[1])
					if want == nil {
						want = c
					} else if !gemmSameBits(c, want) {
						t.Fatalf("%c%c %v: %d workers give other bits than 1", tr[0], tr[1], sh, w)
					}
				}
			}
		}
	})
}

func TestGemmSplit(t *testing.T) {
	// 128 rows in 12-row tiles split 60/68, 784 columns in 32-column tiles
	// 384/400: the columns are the better cut.
	if got := gemmLargestPart(128, 12, 2); got != 68 {
		t.Errorf("gemmLargestPart(128, 12, 2) = %d, want 68", got)
	}
	if got := gemmLargestPart(784, 32, 2); got != 400 {
		t.Errorf("gemmLargestPart(784, 32, 2) = %d, want 400", got)
	}
	if got := gemmLargestPart(20, 12, 4); got != 20 {
		t.Errorf("gemmLargestPart(20, 12, 4) = %d, want 20 (fewer tiles than parts)", got)
	}
	gemmEachLevel(t, func(t *testing.T, l cpu.Level) {
		p := gemmProblem{tA: NoTrans, tB: NoTrans, m: 128, n: 784, k: 256, alpha: 1}
		gemmPlan(l, &p)
		mr, nr := gemmTileDims(l, &p)
		overM, unit := gemmSplit(l, &p, 2)
		wantM := gemmLargestPart(128, mr, 2)*784 <= gemmLargestPart(784, nr, 2)*128
		if overM != wantM || unit != map[bool]int{true: mr, false: nr}[overM] {
			t.Errorf("gemmSplit(128x784x256) = %v, %d; want over m %v", overM, unit, wantM)
		}
	})
}

// TestGemmParallelTakesBack hands a part to a slot no goroutine serves:
// the caller must take it back and compute it, with the same bits.
func TestGemmParallelTakesBack(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	defer SetMaxProcs(SetMaxProcs(2))
	gemmPool.mu.Lock()
	saved := gemmPool.workers.Load()
	fake := &gemmWorkerSlot{wake: make(chan struct{}, 1)}
	fake.state.Store(gemmPolling)
	ws := []*gemmWorkerSlot{fake}
	gemmPool.workers.Store(&ws)
	gemmPool.mu.Unlock()
	defer func() {
		gemmPool.mu.Lock()
		gemmPool.workers.Store(saved)
		gemmPool.mu.Unlock()
	}()
	r := rand.New(rand.NewSource(7))
	const m, n, k = 150, 170, 190
	a, lda, b, ldb, c := gemmOperands(r, NoTrans, NoTrans, m, n, k)
	want := append([]float32(nil), c...)
	p := gemmProblem{tA: NoTrans, tB: NoTrans, m: m, n: n, k: k, alpha: 1, beta: 0.5,
		a: a, lda: lda, b: b, ldb: ldb, c: want, ldc: n}
	l := cpu.Active()
	gemmPlan(l, &p)
	ar := gemmArenas.get()
	gemmRun(l, &p, ar)
	gemmArenas.put(ar)
	Sgemm(NoTrans, NoTrans, m, n, k, 1, a, lda, b, ldb, 0.5, c, n)
	if c := fake.claim.Load(); fake.state.Load() != gemmBusy || c != 1<<1|1 {
		t.Fatalf("the part was not handed to the idle slot and taken back (state %d, claim %#x)",
			fake.state.Load(), c)
	}
	if !gemmSameBits(c, want) {
		t.Fatal("taken-back part gives other bits than one worker")
	}
}

func TestSgemmConcurrentCallers(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	const m, n, k = 150, 170, 190
	a, lda, b, ldb, _ := gemmOperands(r, NoTrans, Trans, m, n, k)
	want := make([]float32, m*n)
	Sgemm(NoTrans, Trans, m, n, k, 1, a, lda, b, ldb, 0, want, n)
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := make([]float32, m*n)
			for it := 0; it < 5; it++ {
				Sgemm(NoTrans, Trans, m, n, k, 1, a, lda, b, ldb, 0, c, n)
				if !gemmSameBits(c, want) {
					errs <- "concurrent call gave other bits"
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}

func TestSgemmNoAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("AllocsPerRun needs warm free lists")
	}
	r := rand.New(rand.NewSource(5))
	// GEMV routes, the dot path, the direct and packed paths, and a product
	// big enough to be split between workers.
	shapes := [][3]int{{1, 64, 64}, {64, 1, 64}, {8, 100, 150}, {70, 130, 90}, {150, 160, 170}}
	gemmEachLevel(t, func(t *testing.T, l cpu.Level) {
		for _, sh := range shapes {
			for _, tr := range gemmTrans {
				a, lda, b, ldb, c := gemmOperands(r, tr[0], tr[1], sh[0], sh[1], sh[2])
				f := func() { Sgemm(tr[0], tr[1], sh[0], sh[1], sh[2], 1, a, lda, b, ldb, 0.5, c, sh[1]) }
				f()
				if n := testing.AllocsPerRun(5, f); n != 0 {
					t.Errorf("%c%c %v: %v allocs per call", tr[0], tr[1], sh, n)
				}
			}
		}
	})
}

func TestSgemmNoAllocsConcurrent(t *testing.T) {
	r := rand.New(rand.NewSource(6))
	const m, n, k, callers = 200, 300, 100, 8
	a, lda, b, ldb, _ := gemmOperands(r, NoTrans, NoTrans, m, n, k)
	cs := make([][]float32, callers)
	for i := range cs {
		cs[i] = make([]float32, m*n)
	}
	// run has the callers, already started and waiting, call Sgemm 10 times
	// each at once; it returns the heap allocations made from the start
	// signal to the last call's return: only Sgemm's (the goroutines, their
	// closures and C slices, and a GC that allocating them could start,
	// come before the first snapshot).
	run := func() uint64 {
		var ready, done sync.WaitGroup
		start := make(chan struct{})
		for _, c := range cs {
			ready.Add(1)
			done.Add(1)
			go func() {
				defer done.Done()
				ready.Done()
				<-start
				for it := 0; it < 10; it++ {
					Sgemm(NoTrans, NoTrans, m, n, k, 1, a, lda, b, ldb, 0, c, n)
				}
			}()
		}
		ready.Wait()
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		close(start)
		done.Wait()
		runtime.ReadMemStats(&after)
		return after.Mallocs - before.Mallocs
	}
	// Steady state for 8 concurrent callers means warm arenas for all of
	// them and the pool's workers at once. How many a warm-up run leaves
	// behind depends on how the scheduler happened to overlap its calls, so
	// fill the free lists explicitly: arenas grown by the whole product,
	// which needs at least what any part of it does, and join counters.
	gemmPrewarm(a, lda, b, ldb, m, n, k, 2*callers)
	run() // start the pool's workers
	// The runtime itself allocates now and then in any window (scavenger
	// timers, semaphore queues, GC workers), so one window may count an
	// object or two that is not Sgemm's. An allocation of Sgemm's own would
	// recur in every window: steady state holds if one of ten allocates
	// nothing. (Ten, not five: the GC before each window empties the
	// runtime's caches of wait-queue entries, and goroutines that park at
	// varying times, as the pool's polling workers and callers do, refill
	// them inside the window; under qemu one run in 30 saw five windows
	// of 2-3 such objects.)
	var counts []uint64
	for range 10 {
		d := run()
		if d == 0 {
			return
		}
		counts = append(counts, d)
	}
	t.Fatalf("allocations for %d concurrent Sgemm calls in ten runs: %v", 10*callers, counts)
}

// gemmPrewarm puts count arenas grown by the m x n x k NoTrans product, and
// count join counters, on the free lists.
func gemmPrewarm(a []float32, lda int, b []float32, ldb, m, n, k, count int) {
	p := gemmProblem{tA: NoTrans, tB: NoTrans, m: m, n: n, k: k, alpha: 1,
		a: a, lda: lda, b: b, ldb: ldb, c: make([]float32, m*n), ldc: n}
	l := cpu.Active()
	gemmPlan(l, &p)
	ars := make([]*gemmArena, count)
	wgs := make([]*gemmJoin, count)
	for i := range ars {
		ars[i] = gemmArenas.get()
		gemmRun(l, &p, ars[i])
		wgs[i] = gemmJoins.get()
	}
	for i := range ars {
		gemmArenas.put(ars[i])
		gemmJoins.put(wgs[i])
	}
}

func TestSetMaxProcs(t *testing.T) {
	prev := SetMaxProcs(3)
	defer SetMaxProcs(prev)
	if got := SetMaxProcs(-5); got != 3 {
		t.Fatalf("SetMaxProcs returned %d, want 3", got)
	}
	if got := SetMaxProcs(0); got != 0 {
		t.Fatalf("SetMaxProcs(-5) stored %d, want 0", got)
	}
	SetMaxProcs(1)
	if w := gemmWorkers(cpu.Active(), 1000, 1000, 1000); w != 1 {
		t.Fatalf("capped at 1: %d workers", w)
	}
	SetMaxProcs(0)
	if w := gemmWorkers(cpu.Active(), 8, 8, 8); w != 1 {
		t.Fatalf("tiny problem: %d workers", w)
	}
}
