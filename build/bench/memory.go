//go:build !js

package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"downhill/build/internal/browser"
)

// Memory is the browser's memory (MB, every process summed: browser.
// MemoryMB) for pages of many figures: issue 19's figures.
type Memory struct {
	// Blank is a blank tab; One the default page, idle.
	Blank, One float64
	// LecturePeak and LectureAfter: lecture.html (every scene embedded)
	// scrolled to each figure in turn, then back to the top; MaxLive the
	// most figures holding an engine at once, Lost the WebGL contexts
	// the browser took, ReadyMS the median time from scrolling a figure
	// into view to its ready.
	LecturePeak, LectureAfter float64
	MaxLive, Lost             int
	ReadyMS                   float64
	// Restart1 and Restart10: one figure after its first and its tenth
	// lost WebGL context (each a fresh engine).
	Restart1, Restart10 float64
	Error               string `json:"error,omitempty"`
}

// memory measures Memory, each page alone in the browser.
func (e *env) memory(ctx context.Context) *Memory {
	m := &Memory{}
	read := func() float64 {
		v, err := e.browser.MemoryMB()
		if err != nil && m.Error == "" {
			m.Error = err.Error()
		}
		return v
	}
	open := func(path string) (*browser.Page, error) {
		p, err := e.browser.NewPage(e.cfg.width, e.cfg.height, 1)
		if err != nil {
			return nil, err
		}
		if path == "" {
			return p, nil
		}
		return p, p.Navigate(e.base + path)
	}
	err := func() error {
		p, err := open("")
		if err != nil {
			return err
		}
		if err := sleep(ctx, 3*time.Second); err != nil {
			return err
		}
		m.Blank = read()
		p.Close()

		if p, err = open("/?paused=1&balls=-2,-2"); err != nil {
			return err
		}
		if err := p.WaitReady(); err != nil {
			return err
		}
		if err := sleep(ctx, 3*time.Second); err != nil {
			return err
		}
		m.One = read()
		// Ten lost contexts in a row, each resumed (a click on the
		// notice when two come within 30 s).
		for i := 1; i <= 10; i++ {
			n, err := browser.Eval[int](p, `downhillLoader.starts`)
			if err != nil {
				return err
			}
			if _, err := browser.Eval[bool](p, `document.querySelector("canvas").getContext("webgl2").getExtension("WEBGL_lose_context").loseContext(), true`); err != nil {
				return err
			}
			// A fresh engine has started (its count is carried across the
			// document it runs in); the notice of a second loss within
			// 30 s is clicked, as a reader would.
			if err := waitAcrossReload(ctx, p, fmt.Sprintf(`(() => {
				const note = document.getElementById("pause-note");
				if (note && !note.hidden) { note.click(); return false; }
				return !!(window.downhillLoader && downhillLoader.starts > %d && window.downhill && downhill.ready && document.querySelector("canvas"));
			})()`, n)); err != nil {
				return fmt.Errorf("restart %d: %w", i, err)
			}
			if err := sleep(ctx, 2*time.Second); err != nil {
				return err
			}
			switch i {
			case 1:
				m.Restart1 = read()
			case 10:
				m.Restart10 = read()
			}
		}
		p.Close()

		if p, err = open(""); err != nil {
			return err
		}
		defer p.Close()
		if err := p.AddScriptOnLoad(browser.LifeJS); err != nil {
			return err
		}
		if err := p.Navigate(e.base + "/lecture.html"); err != nil {
			return err
		}
		var mu sync.Mutex
		peak := 0.0
		done := make(chan struct{})
		go func() {
			for {
				select {
				case <-done:
					return
				case <-time.After(250 * time.Millisecond):
				}
				v := read()
				mu.Lock()
				peak = max(peak, v)
				mu.Unlock()
			}
		}()
		defer close(done)
		n, err := browser.Eval[int](p, `document.querySelectorAll("iframe").length`)
		if err != nil {
			return err
		}
		var times []float64
		visit := func(i int) error {
			t0 := time.Now()
			if _, err := browser.Eval[any](p, fmt.Sprintf(`void document.querySelectorAll("iframe")[%d].scrollIntoView({block: "center"})`, i)); err != nil {
				return err
			}
			if err := p.WaitFor(fmt.Sprintf(`lastOf(%d) === "ready"`, i)); err != nil {
				return fmt.Errorf("figure %d: %w", i, err)
			}
			times = append(times, float64(time.Since(t0).Milliseconds()))
			return nil
		}
		for i := range n {
			if err := visit(i); err != nil {
				return err
			}
		}
		if err := visit(0); err != nil {
			return err
		}
		if err := sleep(ctx, 5*time.Second); err != nil {
			return err
		}
		m.LectureAfter = read()
		mu.Lock()
		m.LecturePeak = max(peak, m.LectureAfter)
		mu.Unlock()
		m.ReadyMS = median(times)
		if m.MaxLive, err = browser.Eval[int](p, `maxLive`); err != nil {
			return err
		}
		m.Lost, err = browser.Eval[int](p, `life.filter((x) => x.what === "lost").length`)
		return err
	}()
	if err != nil {
		m.Error = firstLine(err.Error())
	}
	return m
}

// waitAcrossReload is p.WaitFor while the page may reload: a wait cut
// short by the navigation ("Inspected target navigated or closed") is
// taken up again in the new document, for up to a minute.
func waitAcrossReload(ctx context.Context, p *browser.Page, expr string) error {
	deadline := time.Now().Add(time.Minute)
	for {
		err := p.WaitFor(expr)
		if err == nil || time.Now().After(deadline) || !strings.Contains(err.Error(), "navigated") && !strings.Contains(err.Error(), "context") {
			return err
		}
		if err := sleep(ctx, 100*time.Millisecond); err != nil {
			return err
		}
	}
}
