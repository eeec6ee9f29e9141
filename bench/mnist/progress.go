package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// isTerminal reports whether f is a character device (a terminal), the
// check the bench module can make without golang.org/x/term.
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progress draws a one-line bar inside an epoch on a terminal; on anything
// else it does nothing, so logs get plain per-epoch lines only.
type progress struct {
	w     io.Writer
	on    bool
	every time.Duration
	last  time.Time
}

func newProgress(f *os.File) *progress {
	return &progress{w: f, on: isTerminal(f), every: 100 * time.Millisecond}
}

// update redraws the bar for step done of total (at most every p.every).
func (p *progress) update(epoch, epochs, done, total int, loss float64, start time.Time) {
	if !p.on || (done < total && time.Since(p.last) < p.every) {
		return
	}
	p.last = time.Now()
	fmt.Fprintf(p.w, "\r\033[Kepoch %*d/%d %s %3.0f%%  loss %.4f  %s", digits(epochs), epoch, epochs,
		bar(done, total, 30), 100*float64(done)/float64(total), loss, time.Since(start).Round(10*time.Millisecond))
}

// clear erases the bar so the epoch's summary line replaces it.
func (p *progress) clear() {
	if p.on {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

// bar renders done/total as [=====>    ] of the given width.
func bar(done, total, width int) string {
	if total <= 0 {
		total = 1
	}
	n := min(width, max(0, done*width/total))
	s := strings.Repeat("=", n)
	if n < width {
		s += ">" + strings.Repeat(" ", width-n-1)
	}
	return "[" + s + "]"
}

// digits returns the number of decimal digits of n > 0.
func digits(n int) int {
	d := 1
	for ; n >= 10; n /= 10 {
		d++
	}
	return d
}
