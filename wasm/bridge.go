//go:build js && wasm

package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"syscall/js"

	"downhill/game"
	"downhill/game/sim"
	"downhill/game/view"
	"downhill/optim"
	"downhill/surfaces"
)

// bridge is window.downhill: synchronous calls from JavaScript into the
// world. Each call takes the game's lock, so calls and the game loop take
// turns; none of them waits on JavaScript, so none can deadlock.
type bridge struct {
	g   *game.Game
	api js.Value
	fns []js.Func
}

// shim wraps the raw Go functions so that failures throw an Error whose
// message names the bad field, as the API promises.
const shim = `
const api = {ready: false};
const call = (name, args) => {
	const r = raw[name](...args);
	if (r && typeof r === "object" && typeof r.error === "string") throw new Error(r.error);
	return r;
};
for (const name of Object.keys(raw)) api[name] = (...args) => call(name, args);
return api;
`

func newBridge(g *game.Game) *bridge {
	b := &bridge{g: g}
	raw := js.Global().Get("Object").New()
	add := func(name string, f func(args []js.Value) any) {
		fn := js.FuncOf(func(this js.Value, args []js.Value) (out any) {
			defer func() {
				if r := recover(); r != nil {
					out = errObj(fmt.Sprintf("%s: internal error: %v", name, r))
				}
			}()
			return f(args)
		})
		b.fns = append(b.fns, fn) // kept for the life of the page
		raw.Set(name, fn)
	}
	add("state", func(args []js.Value) any {
		// state({balls: 60, last: false}): a lighter state for polling.
		maxBalls, last := -1, true
		if len(args) > 0 && args[0].Type() == js.TypeObject {
			if v := args[0].Get("balls"); v.Type() == js.TypeNumber {
				maxBalls = int(v.Float())
			}
			if v := args[0].Get("last"); v.Type() == js.TypeBoolean {
				last = v.Bool()
			}
		}
		return b.stateOf(maxBalls, last)
	})
	add("addBall", b.addBall)
	add("step", b.step)
	add("play", func([]js.Value) any {
		b.do(func(w *sim.World, _ *view.Scene) { w.Paused = false })
		return js.Undefined()
	})
	add("pause", func([]js.Value) any {
		b.do(func(w *sim.World, _ *view.Scene) { w.Paused = true })
		return js.Undefined()
	})
	add("reset", func([]js.Value) any { b.do(func(w *sim.World, _ *view.Scene) { w.Reset() }); return js.Undefined() })
	add("restart", func([]js.Value) any { b.do(func(w *sim.World, _ *view.Scene) { w.Restart() }); return js.Undefined() })
	add("remove", func(args []js.Value) any {
		id, err := intArg(args, 0, "id")
		if err != nil {
			return errObj("remove: " + err.Error())
		}
		var ok bool
		b.do(func(w *sim.World, _ *view.Scene) { ok = w.Remove(id) })
		return ok
	})
	add("select", func(args []js.Value) any {
		id, err := intArg(args, 0, "id")
		if err != nil {
			return errObj("select: " + err.Error())
		}
		var ok bool
		b.do(func(w *sim.World, _ *view.Scene) {
			if w.Ball(id) != nil {
				w.Selected, ok = id, true
			}
		})
		return ok
	})
	add("loss", func(args []js.Value) any {
		x, y, err := twoNumbers(args, "w", "b")
		if err != nil {
			return errObj("loss: " + err.Error())
		}
		var v float64
		b.do(func(w *sim.World, _ *view.Scene) { v = w.Loss(x, y) })
		return v
	})
	add("grad", func(args []js.Value) any {
		x, y, err := twoNumbers(args, "w", "b")
		if err != nil {
			return errObj("grad: " + err.Error())
		}
		var gw, gb float64
		b.do(func(w *sim.World, _ *view.Scene) { gw, gb = w.Grad(x, y) })
		return []any{gw, gb}
	})
	add("toScreen", func(args []js.Value) any {
		x, y, err := twoNumbers(args, "w", "b")
		if err != nil {
			return errObj("toScreen: " + err.Error())
		}
		var out any = js.Null()
		b.do(func(w *sim.World, s *view.Scene) {
			if s == nil {
				return
			}
			px, py := s.ToContour(x, y)
			sc := s.L.Scale
			out = map[string]any{"x": px / sc, "y": py / sc}
		})
		return out
	})
	add("fromScreen", func(args []js.Value) any {
		x, y, err := twoNumbers(args, "x", "y")
		if err != nil {
			return errObj("fromScreen: " + err.Error())
		}
		var out any = js.Null()
		b.do(func(w *sim.World, s *view.Scene) {
			if s == nil {
				return
			}
			sc := s.L.Scale
			if wv, bv, ok := s.FromContour(x*sc, y*sc); ok {
				out = []any{wv, bv}
			}
		})
		return out
	})
	add("toSurface", func(args []js.Value) any {
		x, y, err := twoNumbers(args, "w", "b")
		if err != nil {
			return errObj("toSurface: " + err.Error())
		}
		var out any = js.Null()
		b.do(func(w *sim.World, s *view.Scene) {
			if s == nil {
				return
			}
			if px, py, visible, ok := s.ToSurface(x, y); ok {
				sc := s.L.Scale
				out = map[string]any{"x": px / sc, "y": py / sc, "visible": visible}
			}
		})
		return out
	})
	add("fromSurface", func(args []js.Value) any {
		x, y, err := twoNumbers(args, "x", "y")
		if err != nil {
			return errObj("fromSurface: " + err.Error())
		}
		var out any = js.Null()
		b.do(func(w *sim.World, s *view.Scene) {
			if s == nil {
				return
			}
			sc := s.L.Scale
			if wv, bv, ok := s.PickSurface(x*sc, y*sc); ok {
				out = []any{wv, bv}
			}
		})
		return out
	})
	add("layout", func([]js.Value) any {
		var out any = js.Null()
		b.do(func(w *sim.World, s *view.Scene) {
			if s == nil {
				return
			}
			sc := s.L.Scale
			r := func(r view.Rect) any {
				return map[string]any{"x": r.X / sc, "y": r.Y / sc, "w": r.W / sc, "h": r.H / sc}
			}
			out = map[string]any{
				"scale": sc, "width": s.L.W / sc, "height": s.L.H / sc, "wide": s.L.Wide,
				"surface": r(s.L.Surface), "contour": r(s.L.Contour), "contourPlot": r(s.L.ContourPlot),
				"loss": r(s.L.Loss), "lossPlot": r(s.L.LossPlot), "fit": r(s.L.Fit), "fitPlot": r(s.L.FitPlot),
				"camera": map[string]any{"yaw": w.Cam.Yaw * 180 / math.Pi, "pitch": w.Cam.Pitch * 180 / math.Pi, "zoom": w.Cam.Zoom},
			}
		})
		return out
	})
	add("info", func([]js.Value) any { return b.info() })
	add("query", func([]js.Value) any {
		var q string
		b.do(func(w *sim.World, _ *view.Scene) { q = w.Query() })
		return q
	})
	add("set", func(args []js.Value) any {
		if len(args) < 1 || args[0].Type() != js.TypeObject {
			return errObj("set: expects an object of settings, e.g. {lr: 0.5}")
		}
		ps, errs := paramsOf(args[0])
		b.do(func(w *sim.World, _ *view.Scene) { errs = append(errs, w.Apply(ps)...) })
		out := make([]any, len(errs))
		for i, e := range errs {
			out[i] = e.Error()
		}
		return out
	})
	add("guess", func(args []js.Value) any {
		x, y, err := twoNumbers(args, "w", "b")
		if err != nil {
			return errObj("guess: " + err.Error())
		}
		var loss float64
		b.do(func(w *sim.World, _ *view.Scene) {
			w.SetGuess(optim.Vec{x, y})
			w.Mode = sim.ModeGuess
			loss = w.Loss(x, y)
		})
		return loss
	})
	add("recordGuess", func([]js.Value) any {
		var row sim.GuessRow
		var ok bool
		b.do(func(w *sim.World, _ *view.Scene) { row, ok = w.RecordGuess() })
		if !ok {
			return errObj("recordGuess: no guess yet (call guess(w, b) first)")
		}
		return map[string]any{"w": row.W, "b": row.B, "loss": row.Loss}
	})
	add("randomSearch", func(args []js.Value) any {
		n, err := intArg(args, 0, "n")
		if err != nil {
			return errObj("randomSearch: " + err.Error())
		}
		var best sim.Sample
		b.do(func(w *sim.World, _ *view.Scene) {
			seed := w.Seed
			if len(args) > 1 && args[1].Type() == js.TypeNumber {
				seed = uint64(args[1].Float())
			} else {
				w.Seed++
			}
			best, err = w.RandomSearch(n, seed)
		})
		if err != nil {
			return errObj(err.Error())
		}
		return map[string]any{"n": n, "best": []any{best.W, best.B}, "loss": best.Loss}
	})
	add("sweep", b.sweep)
	add("fineSweep", func([]js.Value) any {
		var rows []sim.SweepRow
		var err error
		b.do(func(w *sim.World, _ *view.Scene) { rows, err = w.FineSweep() })
		if err != nil {
			return errObj(err.Error())
		}
		return sweepState(rows)
	})
	add("quiz", func(args []js.Value) any {
		var q sim.Quiz
		b.do(func(w *sim.World, _ *view.Scene) {
			seed := w.Seed
			if len(args) > 0 && args[0].Type() == js.TypeNumber {
				seed = uint64(args[0].Float())
			} else {
				w.Seed++
			}
			q = w.StartQuiz(seed)
		})
		return quizState(q, true)
	})
	add("answer", func(args []js.Value) any {
		i, err := intArg(args, 0, "i")
		if err != nil {
			return errObj("answer: " + err.Error())
		}
		var ok bool
		var q sim.Quiz
		b.do(func(w *sim.World, _ *view.Scene) {
			ok, err = w.AnswerQuiz(i)
			q = w.Quiz
		})
		if err != nil {
			return errObj(err.Error())
		}
		return map[string]any{"correct": ok, "answer": q.Answer, "surface": q.Options[q.Answer]}
	})
	add("frames", func([]js.Value) any {
		d, p := g.Frames()
		return map[string]any{"drawn": d, "presented": p}
	})
	add("perf", func(args []js.Value) any {
		return g.Perf(len(args) > 0 && args[0].Truthy()).JS()
	})
	add("resetPerf", func([]js.Value) any { g.ResetPerf(); return js.Undefined() })
	b.api = js.Global().Get("Function").New("raw", shim).Invoke(raw)
	js.Global().Set("downhill", b.api)
	return b
}

func (b *bridge) do(f func(w *sim.World, s *view.Scene)) { b.g.Do(f) }

func errObj(msg string) map[string]any { return map[string]any{"error": msg} }

func (b *bridge) state() any { return b.stateOf(-1, true) }

// stateOf is state() with at most maxBalls balls (all if negative), with or
// without each ball's last step report.
func (b *bridge) stateOf(maxBalls int, last bool) any {
	var out map[string]any
	b.do(func(w *sim.World, s *view.Scene) {
		n := len(w.Balls)
		if maxBalls >= 0 && maxBalls < n {
			n = maxBalls
		}
		balls := make([]any, n)
		for i, bl := range w.Balls[:n] {
			balls[i] = ballState(bl, last)
		}
		enabled := make([]any, len(w.Enabled))
		for i, r := range w.Enabled {
			enabled[i] = r.String()
		}
		name := w.Info.Name
		if quizHidden(w) {
			name = "" // the quiz's answer, until the student picks
		}
		out = map[string]any{
			"surface":   name,
			"f":         w.F,
			"paused":    w.Paused,
			"speed":     w.Speed,
			"maxSteps":  w.MaxSteps,
			"ticks":     w.Ticks,
			"enabled":   enabled,
			"selected":  w.Selected,
			"mode":      w.Mode.String(),
			"guess":     guessState(w),
			"guesses":   guessRows(w.Guesses),
			"search":    searchState(w),
			"sweep":     sweepState(w.SweepRows),
			"quiz":      quizState(w.Quiz, w.Mode == sim.ModeQuiz),
			"balls":     balls,
			"ballCount": len(w.Balls),
			"rolling":   w.Rolling(),
			"spin":      w.Spin * 180 / math.Pi,
			"points":    w.Surf.Points(),
			"config":    configState(w),
		}
	})
	return out
}

// configState is what a new ball of each optimizer gets now, by name.
func configState(w *sim.World) map[string]any {
	out := map[string]any{}
	for r := optim.Rule(0); r < optim.NumRules; r++ {
		c := w.Config(r)
		etas := make([]any, c.NEtas)
		for i := range etas {
			etas[i] = c.Etas[i]
		}
		gm := any(nil)
		if c.MomentumSchedule {
			gm = c.GammaMax
		}
		out[r.String()] = map[string]any{
			"lr": c.LR, "gamma": c.Gamma, "beta": c.Beta, "beta1": c.Beta1, "beta2": c.Beta2, "eps": c.Eps,
			"biasCorrection": !c.NoBiasCorrection, "batch": c.Batch, "seed": float64(c.Seed), "etas": etas,
			"schedule": c.Schedule.Kind.String(), "decay": c.Schedule.Factor, "every": c.Schedule.Every, "k": c.Schedule.K,
			"gammaMax": gm, "stepsPerEpoch": optim.StepsPerEpoch(w.Surf.Points(), c.Batch),
		}
	}
	return out
}

// info describes what can be chosen: the surfaces, the optimizers, the
// current surface's box, starts, data size and how it was made.
func (b *bridge) info() any {
	var out map[string]any
	b.do(func(w *sim.World, _ *view.Scene) {
		var list []any
		for _, n := range surfaces.Names() {
			title := n
			if n != "custom" {
				if s, err := surfaces.New(n, ""); err == nil {
					title = s.Info().Title
				}
			} else {
				title = "Your own f(w, b)"
			}
			list = append(list, map[string]any{"name": n, "title": title})
		}
		opts := make([]any, 0, optim.NumRules)
		for _, n := range optim.Rules() {
			opts = append(opts, n)
		}
		starts := make([]any, len(w.Info.Starts))
		for i, p := range w.Info.Starts {
			starts[i] = []any{p.X, p.Y}
		}
		bx := w.Info.Box
		name, title, about := w.Info.Name, w.Info.Title, w.Info.About
		if quizHidden(w) {
			name, title, about = "", "A mystery surface", "Which 3D surface has this contour map?"
		}
		out = map[string]any{
			"surfaces": list, "optimizers": opts, "schedules": []any{"constant", "step", "rise", "exp", "inv"},
			"modes":   []any{"roll", "guess", "sweep", "quiz"},
			"surface": name, "title": title, "about": about,
			"box": []any{bx.WMin, bx.WMax, bx.BMin, bx.BMax}, "starts": starts,
			"points": w.Surf.Points(), "logHeight": w.Info.LogHeight, "data": w.Info.Data != nil,
			"keys": keysOf(),
		}
	})
	return out
}

func keysOf() []any {
	out := make([]any, len(sim.Keys))
	for i, k := range sim.Keys {
		out[i] = k
	}
	return out
}

// quizHidden reports whether the surface shown is a quiz's unanswered answer.
func quizHidden(w *sim.World) bool { return w.Mode == sim.ModeQuiz && w.Quiz.Picked < 0 }

func ballState(b *sim.Ball, last bool) map[string]any {
	var report any
	if last {
		report = reportState(&b.Last)
	}
	return map[string]any{
		"id":         b.ID,
		"group":      b.Group,
		"optimizer":  b.Cfg.Rule.String(),
		"start":      []any{b.Start[0], b.Start[1]},
		"pos":        []any{b.Pos[0], b.Pos[1]},
		"loss":       b.Loss,
		"gradNorm":   b.GradNorm,
		"steps":      b.St.T,
		"epoch":      b.St.Epoch,
		"status":     b.Status.String(),
		"diverged":   b.Status == sim.Diverged,
		"divergedAt": b.DivergedAt,
		"divergedLR": b.DivergedLR,
		"why":        b.Why,
		"lr":         b.Cfg.LR,
		"batch":      b.Cfg.Batch,
		"color":      b.Color.Hex(),
		"trail":      len(b.Trail.Pts),
		"last":       report,
	}
}

func vec(v optim.Vec) []any { return []any{v[0], v[1]} }

func guessState(w *sim.World) any {
	if !w.HaveGuess {
		return nil
	}
	return map[string]any{"w": w.Guess[0], "b": w.Guess[1], "loss": w.Loss(w.Guess[0], w.Guess[1])}
}

func guessRows(rows []sim.GuessRow) []any {
	out := make([]any, len(rows))
	for i, r := range rows {
		out[i] = map[string]any{"w": r.W, "b": r.B, "loss": r.Loss}
	}
	return out
}

func searchState(w *sim.World) any {
	if w.SearchBest < 0 {
		return nil
	}
	p := w.Search[w.SearchBest]
	return map[string]any{"n": len(w.Search), "best": []any{p.W, p.B}, "loss": p.Loss}
}

func sweepState(rows []sim.SweepRow) []any {
	out := make([]any, len(rows))
	for i, r := range rows {
		out[i] = map[string]any{"lr": r.LR, "loss": r.Loss, "steps": r.Steps, "status": r.Status.String(), "diverged": r.Status == sim.Diverged, "ball": r.Ball}
	}
	return out
}

// quizState shows the options and the student's pick; the answer only once
// picked (a page script should not give it away).
func quizState(q sim.Quiz, on bool) any {
	if !on && q.Picked < 0 && q.Options[0] == "" {
		return nil
	}
	opts := make([]any, len(q.Options))
	for i, o := range q.Options {
		opts[i] = o
	}
	out := map[string]any{"options": opts, "picked": q.Picked, "active": on}
	if q.Picked >= 0 {
		out["answer"] = q.Answer
		out["correct"] = q.Picked == q.Answer
	}
	return out
}

// sweep({start: [w, b], optimizer: "gd", etas: [...], steps: 100}): every
// field optional (the selected ball's start or the surface's, the first
// enabled optimizer, the lecture's log scale, 100 steps).
func (b *bridge) sweep(args []js.Value) any {
	o := js.Undefined()
	if len(args) > 0 {
		o = args[0]
	}
	if !o.IsUndefined() && o.Type() != js.TypeObject {
		return errObj("sweep: expects an object such as {etas: [0.001, 0.01, 0.1, 1], steps: 100}")
	}
	var start *optim.Vec
	var etas []float64
	steps := 100
	rule := ""
	if o.Type() == js.TypeObject {
		if st := o.Get("start"); !st.IsUndefined() {
			if st.Type() != js.TypeObject || st.Length() != 2 || st.Index(0).Type() != js.TypeNumber || st.Index(1).Type() != js.TypeNumber {
				return errObj("start: expects [w, b], two numbers")
			}
			start = &optim.Vec{st.Index(0).Float(), st.Index(1).Float()}
		}
		if e := o.Get("etas"); !e.IsUndefined() {
			if e.Type() != js.TypeObject || e.Length() == 0 {
				return errObj("etas: expects an array of positive numbers")
			}
			for i := 0; i < e.Length(); i++ {
				if e.Index(i).Type() != js.TypeNumber {
					return errObj("etas: expects an array of positive numbers")
				}
				etas = append(etas, e.Index(i).Float())
			}
		}
		if n := o.Get("steps"); !n.IsUndefined() {
			v, err := intArg([]js.Value{n}, 0, "steps")
			if err != nil {
				return errObj(err.Error())
			}
			steps = v
		}
		if r := o.Get("optimizer"); !r.IsUndefined() {
			rule = r.String()
		}
	}
	var rows []sim.SweepRow
	var err error
	b.do(func(w *sim.World, _ *view.Scene) {
		r := w.Enabled[0]
		if rule != "" {
			if r, err = optim.ParseRule(rule); err != nil {
				err = fmt.Errorf("optimizer: %v", err)
				return
			}
		}
		p := optim.Vec{w.Info.Starts[0].X, w.Info.Starts[0].Y}
		if bl := w.Ball(w.Selected); bl != nil {
			p = bl.Start
		}
		if start != nil {
			p = *start
		}
		if etas == nil {
			etas = sim.LectureSweep
		}
		rows, err = w.Sweep(p, r, etas, steps)
	})
	if err != nil {
		return errObj(err.Error())
	}
	return sweepState(rows)
}

// reportState is what the ball's last step did (null before the first).
func reportState(r *optim.Report) any {
	if r.T == 0 {
		return nil
	}
	cands := make([]any, r.NCands)
	for i := range cands {
		cands[i] = map[string]any{"eta": r.Cands[i].Eta, "loss": r.Cands[i].Loss}
	}
	batch := make([]any, len(r.Batch))
	for i, k := range r.Batch {
		batch[i] = int(k)
	}
	return map[string]any{
		"t": r.T, "epoch": r.Epoch, "epochEnd": r.EpochEnd,
		"from": vec(r.From), "at": vec(r.At), "grad": vec(r.Grad), "update": vec(r.Upd), "to": vec(r.To),
		"lr": r.LR, "gamma": r.Gamma, "velocity": vec(r.Velocity),
		"m": vec(r.M), "v": vec(r.S), "mHat": vec(r.MHat), "vHat": vec(r.SHat), "effLR": vec(r.EffLR),
		"candidates": cands, "chosen": r.Chosen, "batch": batch,
	}
}

// addBall({start: [w, b], optimizer: "gd", lr: 1, ...}) returns the id.
func (b *bridge) addBall(args []js.Value) any {
	if len(args) < 1 || args[0].Type() != js.TypeObject {
		return errObj("addBall: expects an object such as {start: [-2, -2], optimizer: \"gd\"}")
	}
	o := args[0]
	st := o.Get("start")
	if st.Type() != js.TypeObject || st.Length() != 2 || st.Index(0).Type() != js.TypeNumber || st.Index(1).Type() != js.TypeNumber {
		return errObj("start: expects [w, b], two numbers")
	}
	start := optim.Vec{st.Index(0).Float(), st.Index(1).Float()}
	if !start.Finite() || math.Abs(start[0]) > 1e6 || math.Abs(start[1]) > 1e6 {
		return errObj("start: expects two finite numbers with |w|, |b| <= 1e6")
	}
	ps, errs := paramsOf(o)
	if len(errs) > 0 {
		return errObj(errs[0].Error())
	}
	var hyper []sim.Param
	var ruleName string
	for _, p := range ps {
		switch p.Key {
		case "start":
		case "optimizer":
			ruleName = p.Val
		default:
			hyper = append(hyper, p)
		}
	}
	var id int
	var err error
	b.do(func(w *sim.World, _ *view.Scene) {
		r := w.Enabled[0]
		if ruleName != "" {
			r, err = optim.ParseRule(ruleName)
			if err != nil {
				err = fmt.Errorf("optimizer: %v", err)
				return
			}
		}
		var c optim.Config
		c, err = w.BallConfig(r, hyper)
		if err != nil {
			return
		}
		id = w.AddBall(start, c).ID
	})
	if err != nil {
		return errObj(err.Error())
	}
	return id
}

func (b *bridge) step(args []js.Value) any {
	n := 1
	if len(args) > 0 && !args[0].IsUndefined() {
		var err error
		n, err = intArg(args, 0, "n")
		if err != nil || n < 0 || n > 1000000 {
			return errObj("step: n expects a whole number from 0 to 1000000")
		}
	}
	b.do(func(w *sim.World, _ *view.Scene) { w.Step(n) })
	return b.state()
}

func intArg(args []js.Value, i int, name string) (int, error) {
	if len(args) <= i || args[i].Type() != js.TypeNumber {
		return 0, fmt.Errorf("%s expects a number", name)
	}
	v := args[i].Float()
	if v != math.Trunc(v) || math.Abs(v) > 1e9 {
		return 0, fmt.Errorf("%s expects a whole number", name)
	}
	return int(v), nil
}

func twoNumbers(args []js.Value, a, b string) (float64, float64, error) {
	if len(args) < 2 || args[0].Type() != js.TypeNumber || args[1].Type() != js.TypeNumber {
		return 0, 0, fmt.Errorf("expects two numbers (%s, %s)", a, b)
	}
	return args[0].Float(), args[1].Float(), nil
}

// paramsOf turns a JS object's own properties into params, with values as
// the URL would spell them: numbers in Go's shortest form, booleans as
// true/false, arrays joined by commas and arrays of arrays by semicolons.
func paramsOf(o js.Value) ([]sim.Param, []error) {
	keys := js.Global().Get("Object").Call("keys", o)
	var ps []sim.Param
	var errs []error
	for i := 0; i < keys.Length(); i++ {
		k := keys.Index(i).String()
		v, err := text(o.Get(k), 0)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %v", k, err))
			continue
		}
		ps = append(ps, sim.Param{Key: k, Val: v})
	}
	return ps, errs
}

func text(v js.Value, depth int) (string, error) {
	switch v.Type() {
	case js.TypeString:
		return v.String(), nil
	case js.TypeNumber:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64), nil
	case js.TypeBoolean:
		return strconv.FormatBool(v.Bool()), nil
	case js.TypeObject:
		if !js.Global().Get("Array").Call("isArray", v).Bool() || depth > 1 {
			return "", fmt.Errorf("expects a number, a string, a boolean or an array")
		}
		sep := ","
		if depth == 0 && v.Length() > 0 && v.Index(0).Type() == js.TypeObject {
			sep = ";"
		}
		parts := make([]string, v.Length())
		for i := range parts {
			s, err := text(v.Index(i), depth+1)
			if err != nil {
				return "", err
			}
			parts[i] = s
		}
		return strings.Join(parts, sep), nil
	}
	return "", fmt.Errorf("expects a number, a string, a boolean or an array, not %s", v.Type())
}
