//go:build !js

package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// Target is one of issue 6's targets with what this run measured.
type Target struct {
	Target   string `json:"target"`
	Measured string `json:"measured"`
	// Status is PASS, MISS or "-" (not measured in this run).
	Status string `json:"status"`
}

func (r *Report) scenario(name string) *Result {
	for _, s := range r.Scenarios {
		if s.Name == name && s.Error == "" && len(s.RunsFPS) > 0 {
			return s
		}
	}
	return nil
}

func (r *Report) size(name string) *Size {
	for i := range r.Sizes {
		if r.Sizes[i].Name == name {
			return &r.Sizes[i]
		}
	}
	return nil
}

func status(ok bool) string {
	if ok {
		return "PASS"
	}
	return "MISS"
}

// targets checks issue 6's targets. Frame rates of scenarios with moving
// balls count the frames the game presented (what the reader sees move),
// as a ratio to the raw WebGL2 page's frame rate in the same run; the idle
// page presents nothing new, so its figure is the browser's frame rate.
func targets(r *Report) []Target {
	var ts []Target
	add := func(target, measured string, ok, known bool) {
		st := "-"
		if known {
			st = status(ok)
		}
		ts = append(ts, Target{target, measured, st})
	}
	ratio := func(target, name string, want float64, game bool) {
		s := r.scenario(name)
		if s == nil || r.Reference == 0 {
			add(target, "not measured", false, false)
			return
		}
		got, what := s.Ratio, "rAF"
		fps := s.FPS
		if game {
			got, what, fps = s.GameRatio, "presented", s.GameFPS
		}
		add(target, fmt.Sprintf("%.2f (%s %.1f / webgl2 %.1f FPS; %+.0f%% of the target)", got, what, fps, r.Reference, 100*(got/want-1)), got >= want, true)
	}
	ratio("idle >= 0.8 of webgl2", "downhill idle", 0.8, false)
	ratio("500 balls, camera still >= 0.6", "downhill 500 balls", 0.6, true)
	ratio("500 balls, 3D view rotating >= 0.4", "downhill 500 balls spin", 0.4, true)
	ratio("2,000 balls, camera still >= 0.4", "downhill 2000 balls", 0.4, true)

	def := r.scenario("ebiten-default")
	for _, s := range r.Scenarios {
		if !strings.HasPrefix(s.Name, "downhill ") {
			continue
		}
		target := s.Name + ": more FPS than ebiten-default"
		if def == nil || s.Error != "" || len(s.RunsFPS) == 0 {
			add(target, "not measured", false, false)
			continue
		}
		got, what := s.GameFPS, "presented"
		if s.Balls == 0 {
			got, what = s.FPS, "rAF"
		}
		add(target, fmt.Sprintf("%.1f %s vs %.1f", got, what, def.GameFPS), got > def.GameFPS, true)
	}

	for _, name := range []string{"downhill 500 balls", "downhill 500 balls spin"} {
		s := r.scenario(name)
		if s == nil || s.Metrics == nil {
			add(name+": Update p95 < 1 ms", "not measured", false, false)
			add(name+": Draw p95 < 4 ms", "not measured", false, false)
			continue
		}
		u, d := s.Metrics["update_p95_ms"], s.Metrics["draw_p95_ms"]
		add(name+": Update p95 < 1 ms", fmt.Sprintf("%.2f ms (median %.2f)", u, s.Metrics["update_med_ms"]), u < 1, true)
		add(name+": Draw p95 < 4 ms", fmt.Sprintf("%.2f ms (median %.2f; DrawFinalScreen p95 %.2f more)", d, s.Metrics["draw_med_ms"], s.Metrics["final_p95_ms"]), d < 4, true)
	}

	// Zero allocations per frame: no heap growth beyond noise over 20,000
	// steps (noise: 256 KiB or 0.1% of the live heap, whichever is more:
	// ebiten's command buffers are reused but not always the same ones),
	// and no allocation per frame in the steady windows.
	if h := r.Heap; h != nil && h.Error == "" {
		noise := max(256<<10, h.Before/1000)
		add(fmt.Sprintf("heap flat over %d steps of %d balls (growth < %.0f KiB after GC)", h.Steps, h.Balls, noise/1024),
			fmt.Sprintf("%+.1f KiB (%.2f -> %.2f MB live; %.0f allocations, %.0f frames, %.0f GCs)", h.Growth/1024, h.Before/1e6, h.After/1e6, h.Mallocs, h.Frames, h.GCs),
			h.Growth < noise, true)
	} else {
		msg := "not measured"
		if h != nil {
			msg = h.Error
		}
		add("heap flat over 20,000 steps of 500 balls", msg, false, false)
	}
	worst, where := -1.0, ""
	for _, s := range r.Scenarios {
		if v, ok := s.Metrics["mallocs_per_frame"]; ok && strings.HasPrefix(s.Name, "downhill ") && v > worst {
			worst, where = v, s.Name
		}
	}
	floor := 0.0
	if t := r.scenario("ebiten-tuned"); t != nil {
		floor = t.Metrics["mallocs_per_frame"]
	}
	if worst >= 0 {
		add("0 allocations per frame while rolling (beyond ebiten's own)", fmt.Sprintf("worst %.1f per drawn frame (%s); ebiten-tuned's own %.1f: Downhill's %.1f", worst, where, floor, worst-floor), worst-floor < 0.5, true)
	} else {
		add("0 allocations per frame while rolling (beyond ebiten's own)", "not measured", false, false)
	}

	app, bare := r.size("downhill"), r.size("ebiten-default")
	if app != nil && bare != nil && bare.Gzip > 0 {
		q := float64(app.Gzip) / float64(bare.Gzip)
		add("wasm gzip <= 1.2 x bare Ebiten", fmt.Sprintf("%.2f (%s vs %s; brotli %.2f)", q, mb(app.Gzip), mb(bare.Gzip), float64(app.Brotli)/float64(max(bare.Brotli, 1))), q <= 1.2, true)
	} else {
		add("wasm gzip <= 1.2 x bare Ebiten", "not measured", false, false)
	}
	if sv := r.Served; sv != nil && sv.Error == "" {
		add("the page loads a precompressed main.wasm", fmt.Sprintf("%s (%s over the wire for %s)", sv.Encoding, mb(int64(sv.Encoded)), mb(int64(sv.Decoded))), sv.Encoding == "br" || sv.Encoding == "gzip", true)
	} else {
		add("the page loads a precompressed main.wasm", "not measured", false, false)
	}
	var warm *ReadyTime
	for i := range r.Ready {
		if strings.HasSuffix(r.Ready[i].Name, "warm") && r.Ready[i].Error == "" && len(r.Ready[i].Runs) > 0 {
			warm = &r.Ready[i]
		}
	}
	if warm != nil {
		add("navigation to ready < 1 s, warm", fmt.Sprintf("%.0f ms (median of %d)", warm.Median, len(warm.Runs)), warm.Median < 1000, true)
	} else {
		add("navigation to ready < 1 s, warm", "not measured", false, false)
	}
	return ts
}

func printReport(w io.Writer, r *Report) {
	lo, hi := 0.0, 0.0
	if len(r.LoadRuns) > 0 {
		lo, hi = slices.Min(r.LoadRuns), slices.Max(r.LoadRuns)
	}
	fmt.Fprintf(w, "\nDownhill benchmark, %s\n%s, %d CPUs, %s, median of %d x %s\n", r.Time.Format("2006-01-02 15:04 UTC"), r.Browser, r.CPUs, r.Viewport, r.Runs, r.Duration)
	fmt.Fprintf(w, "load average (1 min): %.2f at the start, %.2f-%.2f during the frame-rate runs, %.2f after them, %.2f at the end\n\n", r.Load[0], lo, hi, r.Load[1], r.Load[2])

	const row = "%-24s %6s %5s %6s %5s %6s %11s  %11s %11s %11s %7s %5s  %-9s %s\n"
	fmt.Fprintf(w, row, "", "rAF", "", "shown", "", "Draw", "frame ms", "Update ms", "Draw ms", "Final ms", "allocs", "", "canvas", "shown FPS")
	fmt.Fprintf(w, row, "scenario", "FPS", "ratio", "FPS", "ratio", "/s", "p95   max", "med   p95", "med   p95", "med   p95", "/frame", "roll", "px", "runs")
	for _, s := range r.Scenarios {
		if s.Error != "" {
			fmt.Fprintf(w, "%-24s %s\n", s.Name, s.Error)
			continue
		}
		game, gr := "-", "-"
		if len(s.RunsGame) > 0 {
			game, gr = fmt.Sprintf("%.1f", s.GameFPS), fmt.Sprintf("%.2f", s.GameRatio)
		}
		m := s.Metrics
		num := func(k, f string) string {
			if v, ok := m[k]; ok {
				return fmt.Sprintf(f, v)
			}
			return "-"
		}
		pair := func(a, b string) string {
			if _, ok := m[a]; !ok {
				return "-"
			}
			return fmt.Sprintf("%5.2f %5.2f", m[a], m[b])
		}
		gaps := "-"
		if _, ok := m["frame_p95_ms"]; ok {
			gaps = fmt.Sprintf("%4.0f %5.0f", m["frame_p95_ms"], m["frame_max_ms"])
		}
		runs := s.RunsGame
		if len(runs) == 0 {
			runs = s.RunsFPS
		}
		var rs []string
		for _, v := range runs {
			rs = append(rs, fmt.Sprintf("%.1f", v))
		}
		fmt.Fprintf(w, row, s.Name, fmt.Sprintf("%.1f", s.FPS), fmt.Sprintf("%.2f", s.Ratio), game, gr,
			num("drawn_fps", "%.1f"), gaps, pair("update_med_ms", "update_p95_ms"), pair("draw_med_ms", "draw_p95_ms"), pair("final_med_ms", "final_p95_ms"),
			num("mallocs_per_frame", "%.1f"), num("rolling", "%.0f"), s.Canvas, strings.Join(rs, " "))
	}
	fmt.Fprintln(w, "rAF: requestAnimationFrame callbacks/s; shown: frames the game presented/s (baselines: drew); Draw/s: Draw calls/s;")
	fmt.Fprintln(w, "ratios to webgl2 in the same run; frame ms: time between animation frames, p95 and longest; Update/Draw/Final ms: CPU")
	fmt.Fprintln(w, "inside the wasm (downhill.perf: Update, Draw, DrawFinalScreen), median and p95 over the window; allocs/frame: Go heap")
	fmt.Fprintln(w, "allocations in the window per drawn frame (bare pages: ebiten's own); roll: balls still rolling at the end.")

	fmt.Fprintf(w, "\n%-24s %10s %10s %10s\n", "wasm size", "raw", "gzip", "brotli")
	for _, s := range r.Sizes {
		br := "-"
		if s.Brotli > 0 {
			br = mb(s.Brotli)
		}
		fmt.Fprintf(w, "%-24s %10s %10s %10s\n", s.Name, mb(s.Raw), mb(s.Gzip), br)
	}
	if app, bare := r.size("downhill"), r.size("ebiten-default"); app != nil && bare != nil && bare.Raw > 0 && bare.Gzip > 0 && bare.Brotli > 0 {
		fmt.Fprintf(w, "%-24s %10.2f %10.2f %10.2f\n", "downhill / bare", float64(app.Raw)/float64(bare.Raw), float64(app.Gzip)/float64(bare.Gzip), float64(app.Brotli)/float64(bare.Brotli))
	}
	if sv := r.Served; sv != nil {
		if sv.Error != "" {
			fmt.Fprintf(w, "served main.wasm: %s\n", sv.Error)
		} else {
			fmt.Fprintf(w, "served main.wasm: %s, %s over the wire\n", sv.Encoding, mb(int64(sv.Encoded)))
		}
	}
	if len(r.Ready) > 0 {
		fmt.Fprintf(w, "\n%-24s %10s  %s\n", "navigation to ready", "median", "runs (ms)")
		for _, t := range r.Ready {
			if t.Error != "" {
				fmt.Fprintf(w, "%-24s %10s  %s\n", t.Name, "-", t.Error)
				continue
			}
			var runs []string
			for _, v := range t.Runs {
				runs = append(runs, fmt.Sprintf("%.0f", v))
			}
			fmt.Fprintf(w, "%-24s %8.0fms  %s\n", t.Name, t.Median, strings.Join(runs, " "))
		}
	}
	if h := r.Heap; h != nil {
		fmt.Fprintf(w, "\nwasm heap, %d balls rolling %d steps (asked %d steps/s; #panel=off):\n", h.Balls, h.Steps, h.Speed)
		if h.Error != "" {
			fmt.Fprintf(w, "  %s\n", h.Error)
		} else {
			fmt.Fprintf(w, "  live after GC %.3f -> %.3f MB (%+.1f KiB), heap reserved %.2f -> %.2f MB,\n  %.0f allocations (%.3f per step of all balls, %.2f per frame), %.0f frames, %.0f GCs, %.0f balls took every step\n",
				h.Before/1e6, h.After/1e6, h.Growth/1024, h.SysBefore/1e6, h.SysAfter/1e6, h.Mallocs, h.Mallocs/float64(max(h.Steps, 1)), h.Mallocs/max(h.Frames, 1), h.Frames, h.GCs, h.AtLimit)
		}
	}
	if len(r.GoBench) > 0 {
		fmt.Fprintf(w, "\n%-52s %12s %9s %9s  %s\n", "Go benchmark", "ns/op", "B/op", "allocs/op", "own metrics")
		for _, b := range r.GoBench {
			keys := make([]string, 0, len(b.Metrics))
			for k := range b.Metrics {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			var own []string
			for _, k := range keys {
				own = append(own, fmt.Sprintf("%s=%.4g", strings.TrimSuffix(k, "/frame"), b.Metrics[k]))
			}
			fmt.Fprintf(w, "%-52s %12.1f %9.0f %9.0f  %s\n", b.Name, b.NsPerOp, b.BytesPerOp, b.AllocsPerOp, strings.Join(own, " "))
		}
		fmt.Fprintln(w, "own metrics of frame.BenchmarkFrame are per frame: what the adapter draws on the canvas image (verts, tris, calls, Mpx covered),")
		fmt.Fprintln(w, "of it the trails' and the mesh's, and on the final screen (overlay verts and calls, finalMpx incl. the full-screen copy).")
	}
	if pr := r.Profile; pr != nil {
		printProfile(w, pr)
	}
	if len(r.Targets) > 0 {
		fmt.Fprintf(w, "\n%-4s  %-66s  %s\n", "", "issue 6 target", "measured")
		for _, t := range r.Targets {
			fmt.Fprintf(w, "%-4s  %-66s  %s\n", t.Status, t.Target, t.Measured)
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "\nnote: %s\n", n)
	}
}

func printProfile(w io.Writer, pr *Profile) {
	fmt.Fprintf(w, "\nprofile (probe: Downhill's game without the page's panel and bridge, parts switched off to measure them)\n")
	fmt.Fprintf(w, "%-52s %5s %5s %11s %11s %11s %9s  %s\n", "", "", "", "Update ms", "Draw ms", "Final ms", "CPU ms", "")
	fmt.Fprintf(w, "%-52s %5s %5s %11s %11s %11s %9s  %s\n", "case", "rAF", "shown", "med   p95", "med   p95", "med   p95", "GPU  rend", "CPU per process (cores)")
	for _, c := range pr.Cases {
		if c.Error != "" {
			fmt.Fprintf(w, "%-52s %s\n", c.Name, c.Error)
			continue
		}
		var cpu []string
		var gpu, rend float64
		for _, pc := range c.CPU {
			if pc.CPU >= 0.01 {
				cpu = append(cpu, fmt.Sprintf("%s %.2f", pc.Type, pc.CPU))
			}
			switch pc.Type {
			case "GPU":
				gpu = pc.CPU
			case "renderer":
				rend = pc.CPU
			}
		}
		perFrame := "-"
		if c.FPS > 0 {
			perFrame = fmt.Sprintf("%4.0f %4.0f", 1000*gpu/c.FPS, 1000*rend/c.FPS)
		}
		pair := func(k string) string { return fmt.Sprintf("%5.2f %5.2f", c.Perf[k+"_med_ms"], c.Perf[k+"_p95_ms"]) }
		fmt.Fprintf(w, "%-52s %5.1f %5.1f %11s %11s %11s %9s  %s\n", c.Name, c.FPS, c.GameFPS, pair("update"), pair("draw"), pair("final"), perFrame, strings.Join(cpu, ", "))
	}
	fmt.Fprintln(w, "CPU ms: CPU time of the GPU process (SwiftShader included) and of the renderers per animation frame.")
	for _, c := range pr.Cases {
		if len(c.Threads) == 0 {
			continue
		}
		fmt.Fprintf(w, "\ntrace of %s: busy threads (ms per s; top events, ms per s and count per s; nested events inside their parents)\n", c.Name)
		for _, t := range c.Threads {
			fmt.Fprintf(w, "  %-44s %6.0f ms/s\n", t.Thread, t.Busy)
			for _, ev := range t.Top {
				fmt.Fprintf(w, "      %-56s %7.1f ms/s %7.1f /s\n", ev.Name, ev.MS, ev.Count)
			}
		}
	}
	if len(pr.StateMS) > 0 {
		fmt.Fprint(w, "\ndownhill.state() takes (median of 5):")
		for _, n := range []string{"100", "500", "2000"} {
			if v, ok := pr.StateMS[n]; ok {
				fmt.Fprintf(w, " %s balls %.1f ms;", n, v)
			}
		}
		fmt.Fprintln(w)
	}
	if len(pr.HeapTop) > 0 {
		fmt.Fprintln(w, "\nin-wasm heap profile of the probe page over 5 s of 500 balls rolling (go tool pprof -top):")
		for _, l := range pr.HeapTop {
			fmt.Fprintln(w, "  "+l)
		}
	}
	if pr.Error != "" {
		fmt.Fprintf(w, "profile: %s\n", pr.Error)
	}
}
