//go:build js && wasm

package main

import (
	"math"

	"downhill/game/sim"
	"downhill/optim"
	"downhill/surfaces"
)

// What window.downhill reports: plain values that js.ValueOf takes (maps,
// slices, numbers, strings, booleans, nil). Nothing non-finite is reported:
// a number that is not finite is null.

// num is a number as reported: null when it is not finite.
func num(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}

func vec(v optim.Vec) []any { return []any{num(v[0]), num(v[1])} }

func nums(v []float64) []any {
	out := make([]any, len(v))
	for i, x := range v {
		out[i] = num(x)
	}
	return out
}

func strs(v []string) []any {
	out := make([]any, len(v))
	for i, x := range v {
		out[i] = x
	}
	return out
}

// stateOf is state(): at most maxBalls balls (all if negative), with or
// without each ball's last step report.
func stateOf(w *sim.World, maxBalls int, last bool) map[string]any {
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
	views := make([]any, len(w.Views))
	for i, v := range w.Views {
		views[i] = v.String()
	}
	name := w.Info.Name
	if quizHidden(w) {
		name = "" // the quiz's answer, until the student picks
	}
	b := w.Box
	return map[string]any{
		"surface":   name,
		"f":         w.F,
		"paused":    w.Paused,
		"speed":     w.Speed,
		"maxSteps":  w.MaxSteps,
		"ticks":     w.Ticks,
		"enabled":   enabled,
		"selected":  w.Selected,
		"cursor":    vec(w.Cursor),
		"focus":     map[string]any{"kind": focusKinds[w.Focus.Kind], "id": w.Focus.ID},
		"mode":      w.Mode.String(),
		"guess":     guessState(w),
		"guesses":   guessRows(w.Guesses),
		"search":    searchState(w),
		"sweep":     sweepState(w.SweepRows),
		"quiz":      quizState(w.Quiz, w.Mode == sim.ModeQuiz),
		"map":       mapState(w),
		"mapGrid":   w.MapGrid,
		"balls":     balls,
		"ballCount": len(w.Balls),
		"rolling":   w.Rolling(),
		"maxBalls":  sim.MaxBalls,
		"spin":      w.Spin / sim.Degree,
		"camera":    map[string]any{"yaw": w.Cam.Yaw / sim.Degree, "pitch": w.Cam.Pitch / sim.Degree, "zoom": w.Cam.Zoom},
		"grid":      w.Grid,
		"views":     views,
		"main":      w.Main.String(),
		"title":     w.Title,
		"caption":   w.Caption,
		"present":   w.Present,
		"sound":     w.Sound,
		"box":       []any{b.WMin, b.WMax, b.BMin, b.BMax},
		"scene":     sceneState(w),
		"tour":      w.Tour,
		"notice":    w.Notice(),
		"changes":   float64(w.Changes),
		"reason":    w.Reason,
		"points":    w.Surf.Points(),
		"config":    configState(w),
	}
}

// focusKinds names what the keyboard is on, as state().focus.kind says it.
var focusKinds = [...]string{sim.FocusCursor: "cursor", sim.FocusStart: "start", sim.FocusBall: "ball"}

// sceneState is the scene shown (null for none).
func sceneState(w *sim.World) any {
	if w.Scene < 0 {
		return nil
	}
	sc := &sim.Scenes[w.Scene]
	return map[string]any{"name": sc.Name, "index": w.Scene, "count": len(sim.Scenes),
		"section": sc.Section, "title": sc.Title, "caption": sc.Caption, "rule": sc.Rule}
}

// configState is what a new ball of each optimizer gets now, by name.
func configState(w *sim.World) map[string]any {
	out := map[string]any{}
	for r := optim.Rule(0); r < optim.NumRules; r++ {
		c := w.Config(r)
		m := configOf(&c)
		m["stepsPerEpoch"] = optim.StepsPerEpoch(w.Surf.Points(), c.Batch)
		out[r.String()] = m
	}
	return out
}

// configOf is every hyperparameter of c, by key.
func configOf(c *optim.Config) map[string]any {
	m := map[string]any{}
	for _, h := range optim.Hyperparameters {
		switch v := c.Value(h.Key).(type) {
		case float64:
			m[h.Key] = num(v)
		case []float64:
			m[h.Key] = nums(v)
		case uint64:
			m[h.Key] = float64(v)
		default:
			m[h.Key] = v
		}
	}
	return m
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
		"label":      b.Label,
		"start":      vec(b.Start),
		"pos":        vec(b.Pos),
		"loss":       num(b.Loss),
		"gradNorm":   num(b.GradNorm),
		"steps":      b.St.T,
		"epoch":      b.St.Epoch,
		"status":     b.Status.String(),
		"diverged":   b.Status == sim.Diverged,
		"divergedAt": b.DivergedAt,
		"divergedLR": num(b.DivergedLR),
		"why":        b.Why,
		"lr":         num(b.Cfg.LR),
		"batch":      b.Cfg.Batch,
		"color":      b.Color.Hex(),
		"trail":      len(b.Trail.Pts),
		"last":       report,
	}
}

func guessState(w *sim.World) any {
	if !w.HaveGuess {
		return nil
	}
	return map[string]any{"w": w.Guess[0], "b": w.Guess[1], "loss": num(w.Loss(w.Guess[0], w.Guess[1]))}
}

func guessRows(rows []sim.GuessRow) []any {
	out := make([]any, len(rows))
	for i, r := range rows {
		out[i] = map[string]any{"w": r.W, "b": r.B, "loss": num(r.Loss)}
	}
	return out
}

func searchState(w *sim.World) any {
	if w.SearchBest < 0 {
		return nil
	}
	p := w.Search[w.SearchBest]
	return map[string]any{"n": len(w.Search), "best": []any{p.W, p.B}, "loss": num(p.Loss)}
}

func sweepState(rows []sim.SweepRow) []any {
	out := make([]any, len(rows))
	for i, r := range rows {
		out[i] = map[string]any{"lr": r.LR, "loss": num(r.Loss), "steps": r.Steps, "status": r.Status.String(), "diverged": r.Status == sim.Diverged, "ball": r.Ball}
	}
	return out
}

// mapState is the convergence map (null when it is not shown): its grid,
// box and step limit, L* and the target, how far it is computed, the
// cursor, each optimizer's summary (the share of the box's starts that
// arrive within MapTol of L* within the limit, the quartiles of their
// steps, the shares that do not, diverge or start undefined, and the share
// each basin gathers) and the words that say it.
func mapState(w *sim.World) any {
	m := &w.Map
	if !w.MapShown() {
		return nil
	}
	basins := make([]any, min(m.NBasins, sim.MaxBasins))
	for i := range basins {
		basins[i] = vec(m.Basins[i])
	}
	panels := make([]any, m.NRules)
	for k := range panels {
		st := m.Stats(k)
		share := func(n int) any {
			if st.Total == 0 {
				return nil
			}
			return float64(n) / float64(st.Total)
		}
		shares := make([]any, len(basins))
		for i := range shares {
			shares[i] = share(st.Basin[i])
		}
		panels[k] = map[string]any{
			"optimizer": st.Rule.String(), "cells": st.Total,
			"reached": st.Reached, "slow": st.Slow, "diverged": st.Diverged, "undefined": st.Undefined,
			"reachedShare": share(st.Reached), "slowShare": share(st.Slow), "divergedShare": share(st.Diverged),
			"median": st.Median, "quartile1": st.Quartile1, "quartile3": st.Quartile3, "slowest": st.Slowest,
			"basinShares": shares, "otherShare": share(st.Basin[sim.BasinOther]),
		}
	}
	var best any
	if m.HaveBest {
		best = num(m.Best)
	}
	b := m.Box
	return map[string]any{
		"grid": m.N, "box": []any{b.WMin, b.WMax, b.BMin, b.BMax}, "limit": m.Limit, "tol": sim.MapTol,
		"best": best, "done": m.Done, "computed": m.Cells, "cells": m.N * m.N * m.NRules, "steps": float64(m.Steps),
		"ms":     float64(m.Spent.Microseconds()) / 1000,
		"cursor": []any{w.MapCursor[0], w.MapCursor[1]}, "basins": basins, "panels": panels, "summary": w.MapSummary(),
	}
}

// quizState shows the options and the student's pick; the answer only once
// picked (a page script should not give it away).
func quizState(q sim.Quiz, on bool) any {
	if !on && q.Picked < 0 && q.Options[0] == "" {
		return nil
	}
	out := map[string]any{"options": strs(q.Options[:]), "picked": q.Picked, "active": on}
	if q.Picked >= 0 {
		out["answer"] = q.Answer
		out["correct"] = q.Picked == q.Answer
	}
	return out
}

// reportState is what the ball's last step did (null before the first).
func reportState(r *optim.Report) any {
	if r.T == 0 {
		return nil
	}
	cands := make([]any, r.NCands)
	for i := range cands {
		cands[i] = map[string]any{"eta": num(r.Cands[i].Eta), "loss": num(r.Cands[i].Loss)}
	}
	batch := make([]any, len(r.Batch))
	for i, k := range r.Batch {
		batch[i] = int(k)
	}
	return map[string]any{
		"t": r.T, "epoch": r.Epoch, "epochEnd": r.EpochEnd,
		"from": vec(r.From), "at": vec(r.At), "grad": vec(r.Grad), "update": vec(r.Upd), "to": vec(r.To),
		"lr": num(r.LR), "gamma": num(r.Gamma),
		"m": vec(r.M), "v": vec(r.V), "mHat": vec(r.MHat), "vHat": vec(r.VHat), "effLR": vec(r.EffLR),
		"candidates": cands, "chosen": r.Chosen, "batch": batch,
	}
}

// settingInfo describes one setting for the panel.
func settingInfo(s *optim.Setting) map[string]any {
	m := map[string]any{
		"key": s.Key, "title": s.Title, "kind": s.Kind.String(), "accepted": s.AcceptedText(),
	}
	switch s.Kind {
	case optim.Real, optim.Whole, optim.List:
		m["min"], m["max"], m["minOpen"], m["maxOpen"] = num(s.Min), num(s.Max), s.MinOpen, s.MaxOpen
	}
	if s.SliderMax > s.SliderMin {
		m["slider"] = map[string]any{"min": s.SliderMin, "max": s.SliderMax, "step": s.Step, "log": s.Log}
	}
	if len(s.Choices) > 0 {
		m["choices"] = strs(s.Choices)
	}
	if len(s.ChoiceTitles) > 0 {
		m["choiceTitles"] = strs(s.ChoiceTitles)
	}
	if s.Off != "" {
		m["off"] = s.Off
	}
	if s.MaxItems > 0 {
		m["maxItems"] = s.MaxItems
	}
	if s.Unit != "" {
		m["unit"] = s.Unit
	}
	return m
}

// info describes what can be chosen, for the panel and page scripts: the
// surfaces, the optimizers (with their colours and the hyperparameters they
// use), every setting, the schedules, modes, views, keys and scenes; and
// the current surface's box, starts, data size and how it was made.
func info(w *sim.World) map[string]any {
	var srfs []any
	for _, n := range surfaces.Names() {
		title := "Your own f(w, b)"
		if n != "custom" {
			if s, err := surfaces.New(n, ""); err == nil {
				title = s.Info().Title
			}
		}
		srfs = append(srfs, map[string]any{"name": n, "title": title})
	}
	var opts []any
	for r := optim.Rule(0); r < optim.NumRules; r++ {
		var uses []any
		for _, h := range optim.Hyperparameters {
			if h.Uses(r) {
				uses = append(uses, h.Key)
			}
		}
		opts = append(opts, map[string]any{"name": r.String(), "title": r.Title(), "long": r.Long(),
			"color": sim.Palette[r].Hex(), "params": uses})
	}
	var hyper []any
	for i := range optim.Hyperparameters {
		h := &optim.Hyperparameters[i]
		m := settingInfo(&h.Setting)
		var rules, scheds []any
		for r := optim.Rule(0); r < optim.NumRules; r++ {
			if h.Uses(r) {
				rules = append(rules, r.String())
			}
		}
		for _, k := range h.Schedules {
			scheds = append(scheds, k.String())
		}
		m["rules"], m["data"], m["batched"], m["schedules"] = rules, h.Data, h.Batched, scheds
		hyper = append(hyper, m)
	}
	var settings []any
	for _, s := range sim.Settings() {
		if _, isHyper := optim.HyperByKey(s.Key); !isHyper {
			settings = append(settings, settingInfo(&s))
		}
	}
	var scheds []any
	for k := optim.ScheduleKind(0); k < optim.NumSchedules; k++ {
		var ps []any
		for _, h := range optim.Hyperparameters {
			for _, s := range h.Schedules {
				if s == k {
					ps = append(ps, h.Key)
				}
			}
		}
		scheds = append(scheds, map[string]any{"name": k.String(), "title": k.Title(), "params": ps})
	}
	var modes []any
	for m := sim.Mode(0); m < sim.NumModes; m++ {
		modes = append(modes, map[string]any{"name": m.String(), "title": m.Title()})
	}
	var keys []any
	for _, b := range sim.Bindings {
		keys = append(keys, map[string]any{"keys": strs(b.Keys), "label": b.Label, "help": b.Help})
	}
	var scenes []any
	for _, sc := range sim.Scenes {
		scenes = append(scenes, map[string]any{"name": sc.Name, "section": sc.Section, "title": sc.Title, "caption": sc.Caption, "rule": sc.Rule})
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
	return map[string]any{
		"surfaces": srfs, "optimizers": opts, "hyperparameters": hyper, "settings": settings,
		"schedules": scheds, "modes": modes, "views": strs([]string{"3d", "contour", "loss", "fit"}),
		"keys": keys, "keysText": sim.KeysText(), "scenes": scenes, "maxBalls": sim.MaxBalls, "version": version,
		"surface": name, "title": title, "about": about, "undefined": w.Info.Undefined,
		"box": []any{bx.WMin, bx.WMax, bx.BMin, bx.BMax}, "starts": starts,
		"points": w.Surf.Points(), "logHeight": w.Info.LogHeight, "data": w.Info.Data != nil,
		"settingKeys": strs(sim.Keys()),
	}
}
