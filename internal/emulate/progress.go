package emulate

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Progress is told how a run advances. Run calls it from one goroutine only.
type Progress interface {
	Start(total int)
	Update(done, failed int)
	Finish()
}

// NewProgress returns a redrawn bar for a terminal, and plain lines at every tenth of the run
// otherwise, so logs and CI output stay readable.
func NewProgress(w io.Writer, terminal bool) Progress {
	if terminal {
		return &barProgress{w: w, width: 30}
	}
	return &lineProgress{w: w}
}

type barProgress struct {
	w                   io.Writer
	width, total        int
	done, failed        int
	started, lastRedraw time.Time
}

func (b *barProgress) Start(total int) {
	b.total, b.started = total, time.Now()
	b.draw()
}

func (b *barProgress) Update(done, failed int) {
	b.done, b.failed = done, failed
	// Redrawing on every request would cost more than sending at high rates.
	if time.Since(b.lastRedraw) >= 100*time.Millisecond || done == b.total {
		b.draw()
	}
}

func (b *barProgress) Finish() {
	b.draw()
	fmt.Fprintln(b.w)
}

func (b *barProgress) draw() {
	b.lastRedraw = time.Now()
	filled := 0
	if b.total > 0 {
		filled = b.done * b.width / b.total
	}
	rate := 0.0
	if elapsed := time.Since(b.started).Seconds(); elapsed > 0 {
		rate = float64(b.done) / elapsed
	}
	fmt.Fprintf(b.w, "\r[%s%s] %d/%d %3d%%  %d failed  %.0f req/s ",
		strings.Repeat("#", filled), strings.Repeat(".", b.width-filled),
		b.done, b.total, percent(b.done, b.total), b.failed, rate)
}

type lineProgress struct {
	w           io.Writer
	total       int
	lastTenth   int
	done, fails int
}

func (l *lineProgress) Start(total int) {
	l.total = total
	fmt.Fprintf(l.w, "sending %d requests\n", total)
}

func (l *lineProgress) Update(done, failed int) {
	l.done, l.fails = done, failed
	if l.total == 0 {
		return
	}
	if tenth := done * 10 / l.total; tenth > l.lastTenth {
		l.lastTenth = tenth
		fmt.Fprintf(l.w, "progress: %d/%d (%d%%), %d failed\n", done, l.total, percent(done, l.total), failed)
	}
}

func (l *lineProgress) Finish() {}

func percent(done, total int) int {
	if total == 0 {
		return 100
	}
	return done * 100 / total
}
