//go:build !js

package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// Target is one of the benchmark's targets with what this run measured.
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

// peers are the best other optimizer demo's frame rates in issue 13's
// run of the same recipe (benfred's fmin demo, D3/SVG: N trajectories
// started by script, requestAnimationFrame callbacks over 10 s, median of
// 3, 1280x720, 127.0.0.1), with that run's frame cap (60.1 FPS). Those
// pages are not in this repository and this machine has no network, so
// they are compared as ratios to the cap: Downhill's rAF frame rate over
// the raw WebGL2 page's of the same run.
var peers = map[int]float64{1: 60.1, 10: 60.1, 50: 52.7, 100: 35.9, 500: 10.2}

const peersCap = 60.1

// targets checks issue 13's targets (and the earlier ones that still
// hold: flat heap, no allocation per frame, wasm size). Frame rates of
// scenarios with moving balls count the frames the game presented (what
// the reader sees move), as a ratio to the raw WebGL2 page's frame rate in
// the same run, with the ratio to the tuned bare Ebiten page beside it.
func targets(r *Report) []Target {
	var ts []Target
	add := func(target, measured string, ok, known bool) {
		st := "-"
		if known {
			st = status(ok)
		}
		ts = append(ts, Target{target, measured, st})
	}
	tuned := r.scenario("ebiten-tuned")
	ratio := func(target, name string, want float64) {
		s := r.scenario(name)
		if s == nil || r.Reference == 0 {
			add(target, "not measured", false, false)
			return
		}
		got := s.GameRatio
		beside := ""
		if tuned != nil && tuned.GameFPS > 0 {
			beside = fmt.Sprintf("; %.2f of ebiten-tuned's %.1f", s.GameFPS/tuned.GameFPS, tuned.GameFPS)
		}
		add(target, fmt.Sprintf("%.2f (presented %.1f / webgl2 %.1f FPS%s; %+.0f%% of the target)", got, s.GameFPS, r.Reference, beside, 100*(got/want-1)), got >= want, true)
	}
	ratio("100 balls with trails >= 0.9 of webgl2", "downhill 100 balls", 0.9)
	ratio("500 balls with trails >= 0.75", "downhill 500 balls", 0.75)
	ratio("500 balls, 3D view turning >= 0.45", "downhill 500 balls spin", 0.45)
	ratio("2,000 balls >= 0.45", "downhill 2000 balls", 0.45)
	ratio("2,000 balls, turning >= 0.3", "downhill 2000 balls spin", 0.3)

	if s := r.scenario("downhill 500 balls spin"); s != nil && s.Metrics != nil {
		d := s.Metrics["draw_p95_ms"]
		add("Draw p95 at 500 balls, turning < 3 ms", fmt.Sprintf("%.2f ms (median %.2f; DrawFinalScreen p95 %.2f more)", d, s.Metrics["draw_med_ms"], s.Metrics["final_p95_ms"]), d < 3, true)
	} else {
		add("Draw p95 at 500 balls, turning < 3 ms", "not measured", false, false)
	}
	if s := r.scenario("downhill 2000 balls"); s != nil && s.Metrics != nil {
		u, d := s.Metrics["update_p95_ms"], s.Metrics["draw_p95_ms"]
		add("Update + Draw p95 at 2,000 balls < 6 ms", fmt.Sprintf("%.2f + %.2f = %.2f ms", u, d, u+d), u+d < 6, true)
	} else {
		add("Update + Draw p95 at 2,000 balls < 6 ms", "not measured", false, false)
	}

	// The other demos: at every N, at least the best peer's frame rate.
	for _, n := range freshBalls {
		target := fmt.Sprintf("%d fresh balls: rAF >= the best peer's (%.1f of %.1f FPS)", n, peers[n], peersCap)
		s := r.scenario(fmt.Sprintf("downhill %d fresh", n))
		if s == nil || r.Reference == 0 {
			add(target, "not measured", false, false)
			continue
		}
		want := peers[n] / peersCap
		// At the cap, equal within the cap's own jitter (webgl2 itself
		// measures 59.9 to 60.1).
		if peers[n] == peersCap {
			want = 0.98
		}
		add(target, fmt.Sprintf("%.2f of webgl2 (rAF %.1f, presented %.1f) against the peer's %.2f of its cap", s.Ratio, s.FPS, s.GameFPS, peers[n]/peersCap), s.Ratio >= want, true)
	}

	one, four := r.scenario("1 embeds, 1 in view"), r.scenario("4 embeds, 1 in view")
	if one != nil && four != nil && one.GameFPS > 0 {
		q := four.GameFPS / one.GameFPS
		add("4 embeds, 1 in view: its frame rate >= 0.8 of a single embed's", fmt.Sprintf("%.2f (presented %.1f vs %.1f FPS; the others presented %.0f frames, %.0f of 4 loaded)", q, four.GameFPS, one.GameFPS, four.Metrics["others_presented"], four.Metrics["loaded"]), q >= 0.8, true)
	} else {
		add("4 embeds, 1 in view: its frame rate >= 0.8 of a single embed's", "not measured", false, false)
	}

	if h := r.Heap; h != nil && h.Error == "" {
		add(fmt.Sprintf("Go heap after GC, %d balls, %d steps <= 40 MB", h.Balls, h.Steps), fmt.Sprintf("%.1f MB", h.After/1e6), h.After <= 40e6, true)
		per := (h.After - h.Empty) / float64(h.Balls)
		add("a ball with a full trail costs <= 40 KB", fmt.Sprintf("%.1f KB ((%.1f - %.1f MB before any ball) / %d)", per/1e3, h.After/1e6, h.Empty/1e6, h.Balls), per <= 40e3, true)
		noise := max(256<<10, h.Before/1000)
		add(fmt.Sprintf("heap flat over %d steps of %d balls (growth < %.0f KiB after GC)", h.Steps, h.Balls, noise/1024),
			fmt.Sprintf("%+.1f KiB (%.2f -> %.2f MB live; %.0f allocations, %.0f frames, %.0f GCs)", h.Growth/1024, h.Before/1e6, h.After/1e6, h.Mallocs, h.Frames, h.GCs),
			h.Growth < noise, true)
	} else {
		msg := "not measured"
		if h != nil {
			msg = h.Error
		}
		add("Go heap after GC, 500 balls, 20,000 steps <= 40 MB", msg, false, false)
	}
	for _, ih := range r.Idle {
		target := "Go heap, idle: " + ih.Name + " <= 12 MB"
		if ih.Error != "" {
			add(target, ih.Error, false, false)
			continue
		}
		add(target, fmt.Sprintf("%.1f MB (%.1f MB from the system)", ih.Alloc/1e6, ih.Sys/1e6), ih.Alloc <= 12e6, true)
	}

	worst, where := -1.0, ""
	for _, s := range r.Scenarios {
		if v, ok := s.Metrics["mallocs_per_frame"]; ok && strings.HasPrefix(s.Name, "downhill ") && v > worst {
			worst, where = v, s.Name
		}
	}
	floor := 0.0
	if tuned != nil {
		floor = tuned.Metrics["mallocs_per_frame"]
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
	readyTarget := func(suffix string, want float64) {
		target := fmt.Sprintf("navigation to ready < %.0f ms, %s", want, suffix)
		for _, t := range r.Ready {
			if strings.HasSuffix(t.Name, suffix) && !strings.HasPrefix(t.Name, againstPrefix) && t.Error == "" && len(t.Runs) > 0 {
				add(target, fmt.Sprintf("%.0f ms (median of %d)", t.Median, len(t.Runs)), t.Median < want, true)
				return
			}
		}
		add(target, "not measured", false, false)
	}
	readyTarget("warm", 600)
	readyTarget("cold", 900)
	// Issue 19's: live within 1.0 s warm and 1.5 s cold, the instance to
	// the first frame under 400 ms, no task over 200 ms while starting.
	readyTarget("warm", 1000)
	readyTarget("cold", 1500)
	for _, t := range r.Ready {
		if t.Error != "" || len(t.Runs) == 0 || strings.HasPrefix(t.Name, againstPrefix) {
			continue
		}
		add("instance to first frame < 400 ms, "+strings.TrimPrefix(t.Name, "downhill "), fmt.Sprintf("%.0f ms (median of %d)", t.Start, len(t.StartRuns)), t.Start < 400, len(t.StartRuns) > 0)
		add("longest main-thread task while starting < 200 ms, "+strings.TrimPrefix(t.Name, "downhill "), fmt.Sprintf("%.0f ms (median of %d)", t.Longest, len(t.LongestRuns)), t.Longest < 200, len(t.LongestRuns) > 0)
	}
	worstPaint, paintKnown := 0.0, false
	for _, t := range r.Ready {
		if t.Error == "" && len(t.PaintRuns) > 0 && !strings.HasPrefix(t.Name, againstPrefix) {
			worstPaint, paintKnown = max(worstPaint, t.Paint), true
		}
	}
	add("something meaningful within 200 ms of navigation (first contentful paint: the loading bar or the poster)", fmt.Sprintf("%.0f ms (median, the slower of cold and warm)", worstPaint), worstPaint < 200, paintKnown)
	return ts
}

func printReport(w io.Writer, r *Report) {
	lo, hi := 0.0, 0.0
	if len(r.LoadRuns) > 0 {
		lo, hi = slices.Min(r.LoadRuns), slices.Max(r.LoadRuns)
	}
	fmt.Fprintf(w, "\nDownhill benchmark, %s\n%s, %s, %d cores, %s, median of %d x %s\n", r.Time.Format("2006-01-02 15:04 UTC"), r.Browser, r.CPU, r.CPUs, r.Viewport, r.Runs, r.Duration)
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
		fmt.Fprintf(w, "\n%-24s %10s  %-32s %10s  %s\n", "navigation to ready", "median", "runs (ms)", "1st paint", "runs (ms)")
		for _, t := range r.Ready {
			if t.Error != "" {
				fmt.Fprintf(w, "%-24s %10s  %s\n", t.Name, "-", t.Error)
				continue
			}
			var runs, paints []string
			for _, v := range t.Runs {
				runs = append(runs, fmt.Sprintf("%.0f", v))
			}
			for _, v := range t.PaintRuns {
				paints = append(paints, fmt.Sprintf("%.0f", v))
			}
			fmt.Fprintf(w, "%-24s %8.0fms  %-32s %8.0fms  %s\n", t.Name, t.Median, strings.Join(runs, " "), t.Paint, strings.Join(paints, " "))
		}
		for _, t := range r.Ready {
			if len(t.Phases) == 0 {
				continue
			}
			ph := t.Phases
			fmt.Fprintf(w, "  %s, medians (ms after navigation): main.wasm asked %.0f, response %.0f, compiled %.0f, instantiated %.0f, first frame and ready %.0f\n",
				t.Name, ph["fetch"], ph["response"], ph["compiled"], ph["instantiated"], t.Median)
			if ph["main"] == 0 { // a build from before the engine marked its parts
				fmt.Fprintf(w, "    instance to ready %.0f ms, longest task %.0f ms\n", t.Start, t.Longest)
				continue
			}
			fmt.Fprintf(w, "    the engine's parts: main %.0f (runtime and inits), world %.0f, started %.0f (go.run returned), atlas %.0f, first update %.0f, scene's frame %.0f, painted %.0f, presented %.0f; instance to ready %.0f ms, longest task %.0f ms\n",
				ph["main"], ph["world"], ph["started"], ph["atlas"], ph["update"], ph["frame"], ph["paint"], ph["present"], t.Start, t.Longest)
		}
	}
	for _, ih := range r.Idle {
		if ih.Error != "" {
			fmt.Fprintf(w, "\nidle heap, %s: %s", ih.Name, ih.Error)
			continue
		}
		fmt.Fprintf(w, "\nidle heap, %s: %.2f MB live after GC, %.2f MB from the system", ih.Name, ih.Alloc/1e6, ih.Sys/1e6)
	}
	if len(r.Idle) > 0 {
		fmt.Fprintln(w)
	}
	if h := r.Heap; h != nil {
		fmt.Fprintf(w, "\nwasm heap, %d balls rolling %d steps (asked %d steps/s; #panel=off):\n", h.Balls, h.Steps, h.Speed)
		if h.Error != "" {
			fmt.Fprintf(w, "  %s\n", h.Error)
		} else {
			fmt.Fprintf(w, "  live after GC %.3f MB before any ball, %.3f -> %.3f MB (%+.1f KiB), heap reserved %.2f -> %.2f MB,\n  %.0f allocations (%.3f per step of all balls, %.2f per frame), %.0f frames, %.0f GCs, %.0f balls took every step\n",
				h.Empty/1e6, h.Before/1e6, h.After/1e6, h.Growth/1024, h.SysBefore/1e6, h.SysAfter/1e6, h.Mallocs, h.Mallocs/float64(max(h.Steps, 1)), h.Mallocs/max(h.Frames, 1), h.Frames, h.GCs, h.AtLimit)
		}
	}
	if m := r.Memory; m != nil {
		fmt.Fprintln(w, "\nbrowser memory (every process's resident set, summed):")
		if m.Error != "" {
			fmt.Fprintf(w, "  error: %s\n", m.Error)
		}
		one := m.One - m.Blank
		fmt.Fprintf(w, "  blank tab %.0f MB; one figure idle %.0f MB (+%.0f)\n", m.Blank, m.One, one)
		if m.Restart1 > 0 {
			fmt.Fprintf(w, "  one figure after 1 lost context %.0f MB, after 10 %.0f MB (%+.1f%%)\n", m.Restart1, m.Restart10, 100*(m.Restart10/m.Restart1-1))
		}
		if m.LecturePeak > 0 && one > 0 {
			fmt.Fprintf(w, "  lecture.html (every scene) scrolled through and back: peak %.0f MB = blank + %.1f figures, after %.0f MB = blank + %.1f; at most %d live at once, %d contexts lost, ready %.0f ms after scrolled into view (median)\n",
				m.LecturePeak, (m.LecturePeak-m.Blank)/one, m.LectureAfter, (m.LectureAfter-m.Blank)/one, m.MaxLive, m.Lost, m.ReadyMS)
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
	printAgainst(w, r)
	if pr := r.Profile; pr != nil {
		printProfile(w, pr)
	}
	if len(r.Targets) > 0 {
		fmt.Fprintf(w, "\n%-4s  %-66s  %s\n", "", "target (issue 13; earlier ones that still hold)", "measured")
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

// printAgainst compares each Downhill scenario with its run on the
// -against dist/, in the same run.
func printAgainst(w io.Writer, r *Report) {
	header := false
	for _, s := range r.Scenarios {
		o := r.scenario(againstPrefix + s.Name)
		if o == nil || strings.HasPrefix(s.Name, againstPrefix) || s.Error != "" || len(s.RunsFPS) == 0 {
			continue
		}
		if !header {
			fmt.Fprintf(w, "\n%-28s %18s %18s %20s %20s\n", "this commit / -against", "rAF FPS", "shown FPS", "Draw p95 ms", "Update p95 ms")
			header = true
		}
		pair := func(a, b float64) string { return fmt.Sprintf("%6.1f %6.1f %4.2f", a, b, a/max(b, 1e-9)) }
		ms := func(k string) string {
			return fmt.Sprintf("%6.2f %6.2f", s.Metrics[k], o.Metrics[k])
		}
		fmt.Fprintf(w, "%-28s %18s %18s %20s %20s\n", s.Name, pair(s.FPS, o.FPS), pair(s.GameFPS, o.GameFPS), ms("draw_p95_ms"), ms("update_p95_ms"))
	}
	if header {
		fmt.Fprintln(w, "(this commit, the -against dist/, and their ratio, in the same run)")
	}
}
