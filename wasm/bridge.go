//go:build js && wasm

package main

import (
	"syscall/js"

	"downhill/game"
	"downhill/game/sim"
	"downhill/game/view"
	"downhill/optim"
)

// bridge is window.downhill: calls from JavaScript into the world. Each
// call decodes its arguments into a command (sim.Command), or a read of the
// world, and runs it under the game's lock, so calls and the game loop take
// turns; none waits on JavaScript, so none can deadlock. A refused call
// throws an Error whose message is the command's (naming the field and what
// is accepted) and whose field property is the field.
type bridge struct {
	g   *game.Game
	api js.Value
	fns []js.Func
	// ann is the live region's announcer (what changed since the page
	// last asked); used under the game's lock.
	ann view.Announcer
}

// method is one window.downhill call: it returns the value to give
// JavaScript or a refusal.
type method func(b *bridge, args []js.Value) (any, error)

// methods are window.downhill's calls. Those starting with "_" are the
// page's own (its loader and input filter); a host page cannot call them.
var methods = map[string]method{
	"state": (*bridge).state,
	"info": func(b *bridge, _ []js.Value) (any, error) {
		return b.read(func(w *sim.World) any { return info(w) }), nil
	},
	"addBall":   (*bridge).addBall,
	"step":      (*bridge).step,
	"play":      command(sim.Play{}),
	"pause":     command(sim.Pause{}),
	"reset":     command(sim.Clear{}),
	"restart":   command(sim.Restart{}),
	"fit":       command(sim.FitPaths{}),
	"resetView": command(sim.ResetView{}),
	"remove":    (*bridge).remove,
	"select":    (*bridge).selectBall,
	"key":       (*bridge).key,
	"set":       (*bridge).set,
	"query": func(b *bridge, _ []js.Value) (any, error) {
		return b.read(func(w *sim.World) any { return w.Query() }), nil
	},
	"loss":         (*bridge).loss,
	"grad":         (*bridge).grad,
	"toScreen":     (*bridge).toScreen,
	"fromScreen":   (*bridge).fromScreen,
	"toSurface":    (*bridge).toSurface,
	"fromSurface":  (*bridge).fromSurface,
	"layout":       (*bridge).layout,
	"guess":        (*bridge).guess,
	"recordGuess":  (*bridge).recordGuess,
	"randomSearch": (*bridge).randomSearch,
	"sweep":        (*bridge).sweep,
	"fineSweep":    (*bridge).fineSweep,
	"quiz":         (*bridge).quiz,
	"answer":       (*bridge).answer,
	"scene":        (*bridge).scene,
	"next":         command(sim.NextScene{}),
	"previous":     command(sim.PrevScene{}),
	"tour":         (*bridge).tour,
	"csv":          (*bridge).csv,
	"screenshot":   (*bridge).screenshot,
	"frames":       (*bridge).frames,
	"perf":         (*bridge).perf,
	"resetPerf":    func(b *bridge, _ []js.Value) (any, error) { b.g.ResetPerf(); return nil, nil },
	"_grabs":       (*bridge).grabs,
	"_tap":         (*bridge).tap,
	"_hidden":      (*bridge).hidden,
	"_resolution": func(b *bridge, args []js.Value) (any, error) {
		k, err := number(arg(args, 0), "resolution")
		if err == nil {
			b.g.SetResolution(k)
		}
		return nil, err
	},
	"_snapshot": (*bridge).snapshot,
	"_words":    (*bridge).words,
	"_sound": func(b *bridge, _ []js.Value) (any, error) {
		return b.read(func(w *sim.World) any {
			s := view.SoundOf(w)
			return map[string]any{"on": s.On, "id": s.ID, "freq": s.Freq, "step": s.Step, "status": s.Status, "heard": s.Heard}
		}), nil
	},
	"_table": func(b *bridge, _ []js.Value) (any, error) {
		return b.read(func(w *sim.World) any {
			var out []any
			for _, t := range view.Tables(w) {
				rows := make([]any, len(t.Rows))
				for i, r := range t.Rows {
					rows[i] = strs(r[:])
				}
				out = append(out, map[string]any{"caption": t.Caption, "note": t.Note, "rows": rows})
			}
			return out
		}), nil
	},
	"_curve": func(b *bridge, _ []js.Value) (any, error) {
		return b.read(func(w *sim.World) any { return nums(view.CurvePitches(w, nil)) }), nil
	},
	"_announce": (*bridge).announce,
	"_keyFocus": func(b *bridge, args []js.Value) (any, error) {
		b.g.SetKeyFocus(arg(args, 0).Truthy())
		return nil, nil
	},
	"_ticks": func(b *bridge, _ []js.Value) (any, error) {
		return b.read(func(w *sim.World) any { return float64(w.Ticks) }), nil
	},
	"_changes": func(b *bridge, _ []js.Value) (any, error) {
		return b.read(func(w *sim.World) any { return float64(w.Changes) }), nil
	},
}

func newBridge(g *game.Game) *bridge {
	b := &bridge{g: g}
	raw := js.Global().Get("Object").New()
	for name, m := range methods {
		name, m := name, m
		fn := js.FuncOf(func(this js.Value, args []js.Value) (out any) {
			defer func() {
				if r := recover(); r != nil {
					out = map[string]any{"error": name + ": internal error (please report it)", "field": name}
				}
			}()
			v, err := m(b, args)
			if err != nil {
				return errorValue(positional(err, name), name)
			}
			return v
		})
		b.fns = append(b.fns, fn) // kept for the life of the page
		raw.Set(name, fn)
	}
	// The page's loader (loader.js) wraps the raw functions: a refusal
	// becomes a thrown Error, a picture a Promise (no eval: the page runs
	// under a strict Content-Security-Policy).
	b.api = js.Global().Get("downhillWrap").Invoke(raw)
	js.Global().Set("downhill", b.api)
	return b
}

// arguments names the positional arguments of the calls that take them: a
// refusal of one is said as "step(n): ...", naming the call and the
// argument.
var arguments = map[string][]string{
	"step": {"n"}, "remove": {"id"}, "select": {"id"}, "key": {"key"}, "scene": {"scene"},
	"loss": {"w", "b"}, "grad": {"w", "b"}, "toScreen": {"w", "b"}, "toSurface": {"w", "b"},
	"fromScreen": {"x", "y"}, "fromSurface": {"x", "y"}, "guess": {"w", "b"},
	"randomSearch": {"n", "seed"}, "quiz": {"seed"}, "answer": {"i"}, "tour": {"tour"},
}

// positional renames a refused positional argument after its call.
func positional(err error, call string) error {
	e, ok := err.(*optim.Error)
	if !ok {
		return err
	}
	for _, a := range arguments[call] {
		if e.Field == a {
			c := *e
			c.Field = call + "(" + a + ")"
			if len(arguments[call]) == 2 && c.Accepted == "" {
				c.Accepted = "two numbers " + arguments[call][0] + ", " + arguments[call][1]
			}
			return &c
		}
	}
	return err
}

// errorValue is what the shim turns into a thrown Error.
func errorValue(err error, call string) map[string]any {
	field := call
	if e, ok := err.(*optim.Error); ok {
		field = e.Field
	}
	return map[string]any{"error": err.Error(), "field": field}
}

// do runs a command on the world. Its caller hears the refusal (a call
// throws it), so the world does not show it on the canvas (sim.Called).
func (b *bridge) do(c sim.Command) (err error) {
	b.g.Do(func(w *sim.World, _ *view.Scene) { err = w.Do(sim.Called{Command: c}) })
	return err
}

// result does c and, if the world takes it, returns what f reads off it
// (a command that answers, such as Guess or Sweep, fills its fields).
func result[C sim.Command](b *bridge, c C, f func(C) any) (any, error) {
	if err := b.do(c); err != nil {
		return nil, err
	}
	return f(c), nil
}

// read returns f's reading of the world.
func (b *bridge) read(f func(w *sim.World) any) (out any) {
	b.g.Do(func(w *sim.World, _ *view.Scene) { out = f(w) })
	return out
}

// command is a call that runs one fixed command and returns nothing.
func command(c sim.Command) method {
	return func(b *bridge, _ []js.Value) (any, error) { return nil, b.do(c) }
}

// state({balls: 60, last: false}): a lighter state for polling.
func (b *bridge) state(args []js.Value) (any, error) {
	maxBalls, last := -1, true
	if o := arg(args, 0); isObject(o) {
		if v := o.Get("balls"); !v.IsUndefined() {
			n, err := whole(v, "balls")
			if err != nil {
				return nil, err
			}
			maxBalls = n
		}
		if v := o.Get("last"); v.Type() == js.TypeBoolean {
			last = v.Bool()
		}
	} else if !o.IsUndefined() {
		return nil, &optim.Error{Field: "state", Problem: "takes an object such as {balls: 60, last: false}, not " + typeName(o)}
	}
	return b.read(func(w *sim.World) any { return stateOf(w, maxBalls, last) }), nil
}

// addBall({start: [w, b], optimizer: "gd", lr: 1, ...}) returns the id.
func (b *bridge) addBall(args []js.Value) (any, error) {
	o := arg(args, 0)
	if !isObject(o) {
		return nil, &optim.Error{Field: "addBall", Problem: "takes an object such as {start: [-2, -2], optimizer: \"gd\"}, not " + typeName(o)}
	}
	start, err := point(o.Get("start"), "start")
	if err != nil {
		return nil, err
	}
	c := &sim.AddBall{Start: start}
	if r := o.Get("optimizer"); !r.IsUndefined() {
		if r.Type() != js.TypeString {
			return nil, &optim.Error{Field: "optimizer", Problem: "needs an optimizer's name, not " + typeName(r)}
		}
		c.Rule = r.String()
	}
	if c.Params, err = params(o, "start", "optimizer"); err != nil {
		return nil, err
	}
	return result(b, c, func(c *sim.AddBall) any { return c.ID })
}

// step(n) advances every ball n steps (1 when n is left out) and returns
// state().
func (b *bridge) step(args []js.Value) (any, error) {
	n := 1
	if v := arg(args, 0); !v.IsUndefined() {
		var err error
		if n, err = whole(v, "n"); err != nil {
			return nil, err
		}
	}
	if err := b.do(sim.Step{N: n}); err != nil {
		return nil, err
	}
	return b.state(nil)
}

func (b *bridge) remove(args []js.Value) (any, error) {
	id, err := whole(arg(args, 0), "id")
	if err != nil {
		return nil, err
	}
	c := &sim.Remove{ID: id}
	return c.Removed, b.do(c)
}

func (b *bridge) selectBall(args []js.Value) (any, error) {
	id, err := whole(arg(args, 0), "id")
	if err != nil {
		return nil, err
	}
	c := &sim.Select{ID: id}
	err = b.do(c)
	return c.Selected, err
}

// key(name, shift) presses a key by the name the browser gives it, with
// Shift held when shift is true: the page's keys and the canvas's go
// through here. It reports whether the key means something.
func (b *bridge) key(args []js.Value) (any, error) {
	v := arg(args, 0)
	if v.Type() != js.TypeString {
		return nil, &optim.Error{Field: "key", Problem: "needs a key's name such as \" \" or \"ArrowRight\", not " + typeName(v)}
	}
	c := &sim.Key{Name: v.String(), Shift: arg(args, 1).Truthy()}
	err := b.do(c)
	return c.Handled, err
}

// set(params) applies URL settings; it returns the refusals as strings.
func (b *bridge) set(args []js.Value) (any, error) {
	o := arg(args, 0)
	if !isObject(o) {
		return nil, &optim.Error{Field: "set", Problem: "takes an object of settings such as {lr: 0.5}, not " + typeName(o)}
	}
	ps, err := params(o)
	if err != nil {
		return []any{err.Error()}, nil
	}
	c := &sim.Set{Params: ps}
	b.do(c)
	out := make([]any, len(c.Errs))
	for i, e := range c.Errs {
		out[i] = e.Error()
	}
	return out, nil
}

func (b *bridge) loss(args []js.Value) (any, error) {
	x, y, err := two(args, "w", "b")
	if err != nil {
		return nil, err
	}
	return b.read(func(w *sim.World) any { return num(w.Loss(x, y)) }), nil
}

func (b *bridge) grad(args []js.Value) (any, error) {
	x, y, err := two(args, "w", "b")
	if err != nil {
		return nil, err
	}
	return b.read(func(w *sim.World) any {
		gw, gb := w.Grad(x, y)
		return []any{num(gw), num(gb)}
	}), nil
}

// viewed runs f with the scene, and null before the first tick.
func (b *bridge) viewed(f func(w *sim.World, s *view.Scene) any) (out any) {
	out = nil
	b.g.Do(func(w *sim.World, s *view.Scene) {
		if s != nil {
			out = f(w, s)
		}
	})
	return out
}

func (b *bridge) toScreen(args []js.Value) (any, error) {
	x, y, err := two(args, "w", "b")
	if err != nil {
		return nil, err
	}
	return b.viewed(func(w *sim.World, s *view.Scene) any {
		px, py := s.ToContour(x, y)
		sc := s.Layout().Scale
		return map[string]any{"x": px / sc, "y": py / sc}
	}), nil
}

func (b *bridge) fromScreen(args []js.Value) (any, error) {
	return b.pick(args, (*view.Scene).FromContour)
}

// pick answers fromScreen and fromSurface: the (w, b) under a page
// position (CSS pixels) in one of the views, null where there is none.
func (b *bridge) pick(args []js.Value, at func(s *view.Scene, w *sim.World, x, y float64) (wv, bv float64, ok bool)) (any, error) {
	x, y, err := two(args, "x", "y")
	if err != nil {
		return nil, err
	}
	return b.viewed(func(w *sim.World, s *view.Scene) any {
		sc := s.Layout().Scale
		if wv, bv, ok := at(s, w, x*sc, y*sc); ok {
			return []any{num(wv), num(bv)}
		}
		return nil
	}), nil
}

func (b *bridge) toSurface(args []js.Value) (any, error) {
	x, y, err := two(args, "w", "b")
	if err != nil {
		return nil, err
	}
	return b.viewed(func(w *sim.World, s *view.Scene) any {
		if px, py, visible, ok := s.ToSurface(x, y); ok {
			sc := s.Layout().Scale
			return map[string]any{"x": px / sc, "y": py / sc, "visible": visible}
		}
		return nil
	}), nil
}

func (b *bridge) fromSurface(args []js.Value) (any, error) {
	return b.pick(args, (*view.Scene).PickSurface)
}

// layout() returns the views' rectangles in CSS pixels (empty ones for the
// views not shown), labels: every text the views show, as {view, text,
// x, y, w, h} (its line box; view "3d", "contour", "loss", "fit" or
// "canvas"); plates: the boxes drawn over the views (a step's readout, a
// label's plate); on the convergence map, its small multiples (maps) and its
// legend.
func (b *bridge) layout([]js.Value) (any, error) {
	return b.viewed(func(w *sim.World, s *view.Scene) any {
		sc := s.Layout().Scale
		r := func(r view.Rect) any {
			return map[string]any{"x": r.X / sc, "y": r.Y / sc, "w": r.W / sc, "h": r.H / sc}
		}
		hidden := make([]any, len(s.Layout().Hidden))
		for i, v := range s.Layout().Hidden {
			hidden[i] = v.String()
		}
		ls := s.Labels()
		labels := make([]any, len(ls))
		for i, l := range ls {
			labels[i] = map[string]any{"view": view.LabelViewName(l.View), "text": string(l.Text),
				"x": l.Bounds.X / sc, "y": l.Bounds.Y / sc, "w": l.Bounds.W / sc, "h": l.Bounds.H / sc}
		}
		ps := s.Plates()
		plates := make([]any, len(ps))
		for i, p := range ps {
			plates[i] = r(p)
		}
		maps := make([]any, s.Layout().NMaps)
		for i := range maps {
			maps[i] = r(s.Layout().Maps[i])
		}
		return map[string]any{
			"labels": labels, "plates": plates, "hidden": hidden, "maps": maps, "mapLegend": r(s.Layout().MapLegend),
			"scale": sc, "width": s.Layout().W / sc, "height": s.Layout().H / sc, "wide": s.Layout().Wide,
			"surface": r(s.Layout().Surface), "contour": r(s.Layout().Contour), "contourPlot": r(s.Layout().ContourPlot),
			"loss": r(s.Layout().Loss), "lossPlot": r(s.Layout().LossPlot), "fit": r(s.Layout().Fit), "fitPlot": r(s.Layout().FitPlot),
			"camera": map[string]any{"yaw": w.Cam.Yaw / sim.Degree, "pitch": w.Cam.Pitch / sim.Degree, "zoom": w.Cam.Zoom},
		}
	}), nil
}

func (b *bridge) guess(args []js.Value) (any, error) {
	x, y, err := two(args, "w", "b")
	if err != nil {
		return nil, err
	}
	c := &sim.Guess{At: optim.Vec{x, y}}
	return result(b, c, func(c *sim.Guess) any { return num(c.Loss) })
}

func (b *bridge) recordGuess([]js.Value) (any, error) {
	c := &sim.RecordGuess{}
	return result(b, c, func(c *sim.RecordGuess) any {
		return map[string]any{"w": c.Row.W, "b": c.Row.B, "loss": num(c.Row.Loss)}
	})
}

// seedArg reads an optional seed: given is false when there is none.
func seedArg(v js.Value) (seed uint64, given bool, err error) {
	if v.IsUndefined() {
		return 0, false, nil
	}
	s, err := whole(v, "seed")
	return uint64(s), err == nil, err
}

// randomSearch(n[, seed]).
func (b *bridge) randomSearch(args []js.Value) (any, error) {
	n, err := whole(arg(args, 0), "n")
	if err != nil {
		return nil, err
	}
	c := &sim.RandomSearch{N: n}
	if c.Seed, c.HaveSeed, err = seedArg(arg(args, 1)); err != nil {
		return nil, err
	}
	return result(b, c, func(c *sim.RandomSearch) any {
		return map[string]any{"n": n, "best": []any{c.Best.W, c.Best.B}, "loss": num(c.Best.Loss)}
	})
}

// sweep({start: [w, b], optimizer: "gd", etas: [...], steps: 100}): every
// field optional.
func (b *bridge) sweep(args []js.Value) (any, error) {
	o := arg(args, 0)
	c := &sim.Sweep{}
	if !o.IsUndefined() {
		if !isObject(o) {
			return nil, &optim.Error{Field: "sweep", Problem: "takes an object such as {etas: [0.001, 0.01, 0.1, 1], steps: 100}, not " + typeName(o)}
		}
		if v := o.Get("start"); !v.IsUndefined() {
			p, err := point(v, "start")
			if err != nil {
				return nil, err
			}
			c.Start, c.HaveStart = p, true
		}
		if v := o.Get("etas"); !v.IsUndefined() {
			if !isArray(v) || v.Length() == 0 {
				return nil, &optim.Error{Field: "etas", Problem: "needs an array of learning rates, not " + typeName(v), Accepted: sim.SweepEtas.AcceptedText()}
			}
			c.Etas = make([]float64, v.Length())
			for i := range c.Etas {
				x, err := number(v.Index(i), "etas")
				if err != nil {
					return nil, err
				}
				c.Etas[i] = x
			}
		}
		if v := o.Get("steps"); !v.IsUndefined() {
			n, err := whole(v, "steps")
			if err != nil {
				return nil, err
			}
			c.Steps, c.HaveSteps = n, true
		}
		if v := o.Get("optimizer"); !v.IsUndefined() {
			if v.Type() != js.TypeString {
				return nil, &optim.Error{Field: "optimizer", Problem: "needs an optimizer's name, not " + typeName(v)}
			}
			c.Rule = v.String()
		}
	}
	return result(b, c, func(c *sim.Sweep) any { return sweepState(c.Rows) })
}

func (b *bridge) fineSweep([]js.Value) (any, error) {
	c := &sim.FineSweep{}
	return result(b, c, func(c *sim.FineSweep) any { return sweepState(c.Rows) })
}

// quiz([seed]) starts the quiz.
func (b *bridge) quiz(args []js.Value) (any, error) {
	c := &sim.StartQuiz{}
	var err error
	if c.Seed, c.HaveSeed, err = seedArg(arg(args, 0)); err != nil {
		return nil, err
	}
	return result(b, c, func(c *sim.StartQuiz) any { return quizState(c.Quiz, true) })
}

func (b *bridge) answer(args []js.Value) (any, error) {
	i, err := whole(arg(args, 0), "i")
	if err != nil {
		return nil, err
	}
	c := &sim.Answer{Choice: i}
	if err := b.do(c); err != nil {
		return nil, err
	}
	return b.read(func(w *sim.World) any {
		q := w.Quiz
		return map[string]any{"correct": c.Correct, "answer": q.Answer, "surface": q.Options[q.Answer]}
	}), nil
}

// scene(name) enters a scene of the lecture and returns it.
func (b *bridge) scene(args []js.Value) (any, error) {
	v := arg(args, 0)
	if v.Type() != js.TypeString {
		return nil, &optim.Error{Field: "scene", Problem: "needs a scene's name such as \"5.4-momentum-valley\", not " + typeName(v)}
	}
	if err := b.do(sim.EnterScene{Name: v.String()}); err != nil {
		return nil, err
	}
	return b.read(sceneState), nil
}

// tour(on) turns the lecture's tour on or off.
func (b *bridge) tour(args []js.Value) (any, error) {
	on := true
	if v := arg(args, 0); !v.IsUndefined() {
		if v.Type() != js.TypeBoolean {
			return nil, &optim.Error{Field: "tour", Problem: "needs true or false, not " + typeName(v)}
		}
		on = v.Bool()
	}
	if err := b.do(sim.Tour{On: on}); err != nil {
		return nil, err
	}
	return b.read(sceneState), nil
}

func (b *bridge) frames([]js.Value) (any, error) {
	d, p := b.g.Frames()
	return map[string]any{"drawn": d, "presented": p}, nil
}

func (b *bridge) perf(args []js.Value) (any, error) {
	return b.g.Perf(arg(args, 0).Truthy()).JS(), nil
}

// _grabs(x, y) says what a press at (x, y) CSS pixels would hold
// ("start", "ball", "map", "3d" or ""): an embed's touch filter asks it.
func (b *bridge) grabs(args []js.Value) (any, error) {
	x, y, err := two(args, "x", "y")
	if err != nil {
		return nil, err
	}
	return b.viewed(func(w *sim.World, s *view.Scene) any { return s.Grabs(w, x*s.Layout().Scale, y*s.Layout().Scale) }), nil
}

// _tap(x, y) clicks at (x, y) CSS pixels (an embed's one-finger tap).
func (b *bridge) tap(args []js.Value) (any, error) {
	x, y, err := two(args, "x", "y")
	if err != nil {
		return nil, err
	}
	b.g.Tap(x, y)
	return nil, nil
}

// _hidden(bool): the page is out of sight (or back).
func (b *bridge) hidden(args []js.Value) (any, error) {
	b.g.SetHidden(arg(args, 0).Truthy())
	return nil, nil
}

// _words() is the figure in words (view.Describe), for the page's
// visually hidden description.
func (b *bridge) words([]js.Value) (any, error) {
	return b.read(func(w *sim.World) any {
		d := view.Describe(w)
		return map[string]any{"figure": d.Figure, "caption": d.Caption, "balls": strs(d.Balls), "more": d.More,
			"focus": d.Focus, "summary": d.Summary}
	}), nil
}

// _announce() is what the live region should say now ("" for nothing):
// the page asks a few times a second (view.Announcer rate-limits).
func (b *bridge) announce([]js.Value) (any, error) {
	var msg string
	b.g.Do(func(w *sim.World, _ *view.Scene) { msg = b.ann.Next(w) })
	return msg, nil
}

// _snapshot() returns the world as bytes (a Uint8Array), for the page to
// hand to a fresh engine after a lost graphics context.
func (b *bridge) snapshot([]js.Value) (any, error) {
	var data []byte
	b.g.Do(func(w *sim.World, _ *view.Scene) { data = w.Snapshot() })
	a := js.Global().Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(a, data)
	return a, nil
}

// csv() returns every ball's recorded points as CSV text.
func (b *bridge) csv([]js.Value) (any, error) {
	return b.read(func(w *sim.World) any { return w.CSV() }), nil
}

// screenshot({scale}) returns a Promise of the picture as a data:image/png
// URL, at the device's scale or the one given.
func (b *bridge) screenshot(args []js.Value) (any, error) {
	scale := 0.0
	if o := arg(args, 0); isObject(o) {
		if v := o.Get("scale"); !v.IsUndefined() {
			var err error
			if scale, err = number(v, "scale"); err != nil {
				return nil, err
			}
			if err := game.ShotScale.Check(scale, ""); err != nil {
				return nil, err
			}
		}
	} else if !o.IsUndefined() {
		return nil, &optim.Error{Field: "screenshot", Problem: "takes an object such as {scale: 2}, not " + typeName(o)}
	}
	var exec js.Func
	exec = js.FuncOf(func(_ js.Value, a []js.Value) any {
		resolve, reject := a[0], a[1]
		b.g.Screenshot(scale, func(w, h int, pix []byte, err error) {
			defer exec.Release()
			if err != nil {
				e := js.Global().Get("Error").New(err.Error())
				reject.Invoke(e)
				return
			}
			arr := js.Global().Get("Uint8ClampedArray").New(len(pix))
			js.CopyBytesToJS(arr, pix)
			resolve.Invoke(map[string]any{"width": w, "height": h, "pixels": arr})
		})
		return nil
	})
	return map[string]any{"promise": exec, "png": true}, nil
}
