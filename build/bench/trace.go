//go:build !js

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/systeminfo"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"

	"downhill/build/internal/browser"
)

// ProcessCPU is the CPU time a kind of browser process used per second of
// wall time (1.0: one core busy), all threads together: SwiftShader's
// rasterizer runs in the GPU process.
type ProcessCPU struct {
	Type string  `json:"type"`
	CPU  float64 `json:"cpu_per_s"`
}

// processCPU runs f and returns the browser's CPU use per process type
// while f ran (SystemInfo.getProcessInfo before and after).
func processCPU(p *browser.Page, f func() error) ([]ProcessCPU, error) {
	read := func() (map[int64]*systeminfo.ProcessInfo, error) {
		r, err := chromedp.CallBrowser(p.Context(), systeminfo.GetProcessInfo, cdp.Empty{})
		if err != nil {
			return nil, err
		}
		m := map[int64]*systeminfo.ProcessInfo{}
		for _, pi := range r.ProcessInfo {
			m[pi.ID] = pi
		}
		return m, nil
	}
	a, err := read()
	if err != nil {
		return nil, err
	}
	t0 := time.Now()
	if err := f(); err != nil {
		return nil, err
	}
	b, err := read()
	if err != nil {
		return nil, err
	}
	sec := time.Since(t0).Seconds()
	by := map[string]float64{}
	for id, pi := range b {
		d := pi.CPUTime
		if pa, ok := a[id]; ok {
			d -= pa.CPUTime
		}
		by[pi.Type] += d / sec
	}
	var out []ProcessCPU
	for t, v := range by {
		out = append(out, ProcessCPU{t, v})
	}
	slices.SortFunc(out, func(x, y ProcessCPU) int { return strings.Compare(x.Type, y.Type) })
	return out, nil
}

// traceEvent is one Chrome trace event (the fields used here).
type traceEvent struct {
	Name string          `json:"name"`
	Cat  string          `json:"cat"`
	Ph   string          `json:"ph"`
	Ts   float64         `json:"ts"`  // µs
	Dur  float64         `json:"dur"` // µs, complete events
	Pid  int64           `json:"pid"`
	Tid  int64           `json:"tid"`
	Args json.RawMessage `json:"args"`
}

// traceCategories: top-level tasks of every thread, the renderer's
// timeline (rAF, JS calls, GC), and the GPU process's command handling.
var traceCategories = []string{
	"toplevel", "blink", "v8", "gpu", "cc", "viz",
	"disabled-by-default-devtools.timeline",
	"gpu.angle", "disabled-by-default-gpu.decoder", "disabled-by-default-gpu.service",
}

// record traces the browser for d while the page runs.
func record(ctx context.Context, p *browser.Page, d time.Duration) ([]traceEvent, error) {
	var mu sync.Mutex
	var raw [][]byte
	done := make(chan struct{})
	var once sync.Once
	lctx, cancel := context.WithCancel(p.Context())
	defer cancel()
	if err := chromedp.Listen(lctx, func(ev any) {
		switch e := ev.(type) {
		case *tracing.EventDataCollected:
			mu.Lock()
			for _, v := range e.Value {
				raw = append(raw, append([]byte(nil), v...))
			}
			mu.Unlock()
		case *tracing.EventTracingComplete:
			once.Do(func() { close(done) })
		}
	}); err != nil {
		return nil, err
	}
	_, err := chromedp.Call(p.Context(), tracing.Start, tracing.StartParams{
		TransferMode: tracing.StartTransferModeReportEvents,
		TraceConfig:  &tracing.TraceConfig{IncludedCategories: traceCategories, RecordMode: tracing.TraceConfigRecordModeRecordAsMuchAsPossible},
	})
	if err != nil {
		return nil, fmt.Errorf("Tracing.start: %w", err)
	}
	if err := sleep(ctx, d); err != nil {
		return nil, err
	}
	if _, err := chromedp.Call(p.Context(), tracing.End, cdp.Empty{}); err != nil {
		return nil, fmt.Errorf("Tracing.end: %w", err)
	}
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		return nil, fmt.Errorf("no Tracing.tracingComplete")
	}
	mu.Lock()
	defer mu.Unlock()
	evs := make([]traceEvent, 0, len(raw))
	for _, r := range raw {
		var e traceEvent
		if json.Unmarshal(r, &e) == nil {
			evs = append(evs, e)
		}
	}
	return evs, nil
}

// ThreadTime is what one thread did during a trace: its busy time (top-
// level tasks) per second of the trace, and the events that took most of
// it (their total duration per second, nested events counted inside their
// parents too).
type ThreadTime struct {
	Thread string      `json:"thread"`
	Busy   float64     `json:"busy_ms_per_s"`
	Top    []EventTime `json:"top"`
}

// EventTime is one event name's total and count per second.
type EventTime struct {
	Name  string  `json:"name"`
	MS    float64 `json:"ms_per_s"`
	Count float64 `json:"count_per_s"`
}

// summarize turns a trace into per-thread figures for the threads of the
// page's renderer and of the GPU process that were busy at least minBusy
// ms a second.
func summarize(evs []traceEvent, minBusy float64, top int) []ThreadTime {
	procName := map[int64]string{}
	threadName := map[[2]int64]string{}
	var t0, t1 float64
	for _, e := range evs {
		if e.Ph == "M" {
			var a struct {
				Name string `json:"name"`
			}
			json.Unmarshal(e.Args, &a)
			switch e.Name {
			case "process_name":
				procName[e.Pid] = a.Name
			case "thread_name":
				threadName[[2]int64{e.Pid, e.Tid}] = a.Name
			}
			continue
		}
		if e.Ts <= 0 {
			continue
		}
		if t0 == 0 || e.Ts < t0 {
			t0 = e.Ts
		}
		t1 = max(t1, e.Ts+e.Dur)
	}
	sec := (t1 - t0) / 1e6
	if sec <= 0 {
		return nil
	}
	type acc struct {
		busy  float64
		names map[string]*EventTime
	}
	threads := map[[2]int64]*acc{}
	get := func(k [2]int64) *acc {
		a := threads[k]
		if a == nil {
			a = &acc{names: map[string]*EventTime{}}
			threads[k] = a
		}
		return a
	}
	// Complete events (ph X) carry their duration; B/E pairs are matched
	// per thread.
	open := map[[2]int64][]traceEvent{}
	add := func(k [2]int64, name, cat string, dur float64) {
		a := get(k)
		if cat == "toplevel" {
			a.busy += dur
		}
		n := a.names[name]
		if n == nil {
			n = &EventTime{Name: name}
			a.names[name] = n
		}
		n.MS += dur
		n.Count++
	}
	for _, e := range evs {
		k := [2]int64{e.Pid, e.Tid}
		switch e.Ph {
		case "X":
			add(k, e.Name, e.Cat, e.Dur)
		case "B":
			open[k] = append(open[k], e)
		case "E":
			if st := open[k]; len(st) > 0 {
				b := st[len(st)-1]
				open[k] = st[:len(st)-1]
				add(k, b.Name, b.Cat, e.Ts-b.Ts)
			}
		}
	}
	var out []ThreadTime
	for k, a := range threads {
		busy := a.busy / 1e3 / sec
		if busy < minBusy {
			continue
		}
		name := procName[k[0]] + " / " + threadName[k]
		tt := ThreadTime{Thread: name, Busy: busy}
		for _, n := range a.names {
			tt.Top = append(tt.Top, EventTime{n.Name, n.MS / 1e3 / sec, n.Count / sec})
		}
		slices.SortFunc(tt.Top, func(x, y EventTime) int {
			if x.MS > y.MS {
				return -1
			}
			if x.MS < y.MS {
				return 1
			}
			return strings.Compare(x.Name, y.Name)
		})
		if len(tt.Top) > top {
			tt.Top = tt.Top[:top]
		}
		out = append(out, tt)
	}
	slices.SortFunc(out, func(x, y ThreadTime) int {
		if x.Busy > y.Busy {
			return -1
		}
		if x.Busy < y.Busy {
			return 1
		}
		return 0
	})
	return out
}
