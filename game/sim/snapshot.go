package sim

import (
	"encoding/binary"
	"math"
	"reflect"

	"downhill/optim"
	"downhill/surfaces"
)

// snapshot is everything World.Snapshot keeps: enough to rebuild the world
// exactly, balls mid-run with their optimizer state, trails and last step
// included. It is encoded field by field (encodeValue), so a field added
// here is kept without more code.
type snapshot struct {
	Version           int
	Surface, F        string
	Box               surfaces.Box
	Hyper             []SetHyper
	Enabled           []optim.Rule
	Paused            bool
	Speed             float64
	MaxSteps          int
	Cam               Camera
	Grid              bool
	Spin              float64
	Views             []View
	Present           bool
	Main              View
	Title, Caption    string
	Ticks, Selected   int
	Cursor            optim.Vec
	Focus             Focus
	Asked             int
	Sound             bool
	Heard             int
	Mode              Mode
	Guess             optim.Vec
	HaveGuess         bool
	Guesses           []GuessRow
	SearchN           int
	SearchSeed, Seed  uint64
	SweepRows         []SweepRow
	SweepRule         optim.Rule
	SweepStart        optim.Vec
	SweepSteps        int
	Quiz              Quiz
	MapGrid           int
	MapCursor         [2]int
	MapEtas           []float64
	Scene             int
	Tour              bool
	Acc               float64
	NextID, NextGroup int
	Edits, SceneEdits uint64
	Changes           uint64
	Reason            string
	Balls             []Ball
}

const snapshotVersion = 4 // 4: hyperparameters typed (SetHyper)

// Snapshot returns the world as bytes that Restore turns back into the
// same world (the page keeps them when the browser takes the graphics
// context away).
func (w *World) Snapshot() []byte {
	s := snapshot{
		Version: snapshotVersion, Surface: w.Info.Name, F: w.F, Box: w.Box, Hyper: w.hyper, Enabled: w.Enabled,
		Paused: w.Paused, Speed: w.Speed, MaxSteps: w.MaxSteps, Cam: w.Cam, Grid: w.Grid, Spin: w.Spin,
		Views: w.Views, Present: w.Present, Main: w.Main, Title: w.Title, Caption: w.Caption, Ticks: w.Ticks, Selected: w.Selected, Mode: w.Mode,
		Cursor: w.Cursor, Focus: w.Focus, Asked: w.Asked, Sound: w.Sound, Heard: w.Heard,
		Guess: w.Guess, HaveGuess: w.HaveGuess, Guesses: w.Guesses, SearchN: len(w.Search), SearchSeed: w.SearchSeed,
		Seed: w.Seed, SweepRows: w.SweepRows, SweepRule: w.SweepRule, SweepStart: w.SweepStart, SweepSteps: w.SweepSteps,
		Quiz: w.Quiz, MapGrid: w.MapGrid, MapCursor: w.MapCursor, MapEtas: w.MapEtas, Scene: w.Scene, Tour: w.Tour, Acc: w.acc, NextID: w.nextID, NextGroup: w.nextGroup,
		Edits: w.edits, SceneEdits: w.sceneEdits, Changes: w.Changes, Reason: w.Reason,
	}
	for _, b := range w.Balls {
		s.Balls = append(s.Balls, *b)
	}
	return encodeValue(nil, reflect.ValueOf(&s).Elem())
}

// restore rebuilds a world from Snapshot's bytes.
func restore(data []byte) (*World, error) {
	var s snapshot
	bad := &optim.Error{Field: "snapshot", Problem: "is not a snapshot of this version of Downhill"}
	rest, ok := decodeValue(data, reflect.ValueOf(&s).Elem())
	if !ok || len(rest) != 0 || s.Version != snapshotVersion {
		return nil, bad
	}
	w := New()
	srf, err := surfaces.New(s.Surface, s.F)
	if err != nil {
		return nil, bad
	}
	w.setSurface(srf, s.F)
	for _, h := range s.Hyper {
		if _, ok := optim.HyperByKey(h.Key); !ok || w.Do(h) != nil {
			return nil, bad
		}
	}
	w.setBox(s.Box)
	w.Enabled, w.Paused, w.Speed, w.MaxSteps, w.Cam = s.Enabled, s.Paused, s.Speed, s.MaxSteps, s.Cam.Clamped()
	w.Grid, w.Spin, w.Views, w.Present, w.Ticks = s.Grid, s.Spin, s.Views, s.Present, s.Ticks
	w.Main, w.Title, w.Caption = s.Main, s.Title, s.Caption
	if len(w.Enabled) == 0 || len(w.Views) == 0 || w.Main >= NumViews || len(w.Title) > MaxTitle || len(w.Caption) > MaxCaption {
		return nil, bad
	}
	if s.SearchN > 0 {
		w.randomSearch(s.SearchN, s.SearchSeed)
	}
	w.Guess, w.HaveGuess, w.Guesses = s.Guess, s.HaveGuess, s.Guesses
	w.Seed, w.SweepRows, w.SweepRule, w.SweepStart, w.SweepSteps = s.Seed, s.SweepRows, s.SweepRule, s.SweepStart, s.SweepSteps
	w.Quiz, w.Scene, w.Tour, w.Mode = s.Quiz, s.Scene, s.Tour, s.Mode
	w.MapGrid, w.MapCursor, w.MapEtas = s.MapGrid, s.MapCursor, s.MapEtas
	for _, e := range w.MapEtas {
		if mapEtasSetting.Check(e, "") != nil {
			return nil, bad
		}
	}
	if len(w.MapEtas) > MaxMapRules {
		return nil, bad
	}
	if mapGridSetting.Check(float64(w.MapGrid), "") != nil || w.MapCursor[0] < 0 || w.MapCursor[1] < 0 {
		return nil, bad
	}
	w.acc, w.nextID, w.nextGroup, w.edits, w.sceneEdits = s.Acc, s.NextID, s.NextGroup, s.Edits, s.SceneEdits
	w.Changes, w.Reason = s.Changes, s.Reason
	if w.Scene >= len(Scenes) || w.Scene < -1 || w.Mode >= numModes || w.SweepRule >= optim.NumRules {
		return nil, bad
	}
	for i := range s.Balls {
		b := s.Balls[i]
		if b.Cfg.Validate() != nil || b.Trail.Stride < 1 || len(b.Trail.Pts) > MaxTrail || b.St.NPerm > optim.MaxPoints {
			return nil, bad
		}
		trail := make([]TrailPoint, len(b.Trail.Pts), MaxTrail)
		copy(trail, b.Trail.Pts)
		b.Trail.Pts = trail
		w.Balls = append(w.Balls, &b)
	}
	w.Selected = s.Selected
	if !s.Cursor.Finite() || s.Focus.Kind > FocusBall || !w.focusValid(s.Focus) {
		return nil, bad
	}
	w.Cursor, w.Focus, w.Asked, w.Sound, w.Heard = s.Cursor, s.Focus, s.Asked, s.Sound, s.Heard
	return w, nil
}

// encodeValue appends v: numbers as 8 bytes, booleans as one, strings and
// slices with their length first, arrays and structs field by field
// (unexported fields and functions are left out).
func encodeValue(dst []byte, v reflect.Value) []byte {
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			return append(dst, 1)
		}
		return append(dst, 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return appendN(dst, uint64(v.Int()), v.Type().Size())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return appendN(dst, v.Uint(), v.Type().Size())
	case reflect.Float32:
		return binary.LittleEndian.AppendUint32(dst, math.Float32bits(float32(v.Float())))
	case reflect.Float64:
		return binary.LittleEndian.AppendUint64(dst, math.Float64bits(v.Float()))
	case reflect.String:
		dst = binary.LittleEndian.AppendUint64(dst, uint64(v.Len()))
		return append(dst, v.String()...)
	case reflect.Slice:
		dst = binary.LittleEndian.AppendUint64(dst, uint64(v.Len()))
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return append(dst, v.Bytes()...)
		}
		fallthrough
	case reflect.Array:
		if v.Kind() == reflect.Array && v.Type().Elem().Kind() == reflect.Uint8 {
			for i := 0; i < v.Len(); i++ {
				dst = append(dst, byte(v.Index(i).Uint()))
			}
			return dst
		}
		for i := 0; i < v.Len(); i++ {
			dst = encodeValue(dst, v.Index(i))
		}
		return dst
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < v.NumField(); i++ {
			if t.Field(i).IsExported() {
				dst = encodeValue(dst, v.Field(i))
			}
		}
		return dst
	}
	return dst // functions, interfaces: not part of a snapshot
}

// appendN appends the low size bytes of x (an int or uint takes 8, whatever
// the platform's word).
func appendN(dst []byte, x uint64, size uintptr) []byte {
	if size > 4 {
		size = 8
	}
	for i := uintptr(0); i < size; i++ {
		dst = append(dst, byte(x>>(8*i)))
	}
	return dst
}

// readN reads what appendN wrote, sign-extending for a signed type.
func readN(src []byte, size uintptr, signed bool) (uint64, []byte, bool) {
	if size > 4 {
		size = 8
	}
	if uintptr(len(src)) < size {
		return 0, nil, false
	}
	var x uint64
	for i := uintptr(0); i < size; i++ {
		x |= uint64(src[i]) << (8 * i)
	}
	if signed && size < 8 && x&(1<<(8*size-1)) != 0 {
		x |= ^uint64(0) << (8 * size)
	}
	return x, src[size:], true
}

// decodeValue reads what encodeValue wrote into v and returns the rest; ok
// is false when the bytes do not fit.
func decodeValue(src []byte, v reflect.Value) (rest []byte, ok bool) {
	u64 := func() (uint64, bool) {
		if len(src) < 8 {
			return 0, false
		}
		x := binary.LittleEndian.Uint64(src)
		src = src[8:]
		return x, true
	}
	switch v.Kind() {
	case reflect.Bool:
		if len(src) < 1 || src[0] > 1 {
			return nil, false
		}
		v.SetBool(src[0] == 1)
		return src[1:], true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		x, rest, ok := readN(src, v.Type().Size(), true)
		if ok {
			v.SetInt(int64(x))
		}
		return rest, ok
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		x, rest, ok := readN(src, v.Type().Size(), false)
		if ok {
			v.SetUint(x)
		}
		return rest, ok
	case reflect.Float32:
		if len(src) < 4 {
			return nil, false
		}
		v.SetFloat(float64(math.Float32frombits(binary.LittleEndian.Uint32(src))))
		return src[4:], true
	case reflect.Float64:
		x, ok := u64()
		v.SetFloat(math.Float64frombits(x))
		return src, ok
	case reflect.String:
		n, ok := u64()
		if !ok || n > uint64(len(src)) {
			return nil, false
		}
		v.SetString(string(src[:n]))
		return src[n:], true
	case reflect.Slice:
		n, ok := u64()
		if !ok || n > uint64(len(src)) { // every element takes at least a byte
			return nil, false
		}
		s := reflect.MakeSlice(v.Type(), int(n), int(n))
		if v.Type().Elem().Kind() == reflect.Uint8 {
			for i := 0; i < int(n); i++ { // a []byte, or of a named byte type
				s.Index(i).SetUint(uint64(src[i]))
			}
			v.Set(s)
			return src[n:], true
		}
		for i := 0; i < int(n); i++ {
			if src, ok = decodeValue(src, s.Index(i)); !ok {
				return nil, false
			}
		}
		v.Set(s)
		return src, true
	case reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			if len(src) < v.Len() {
				return nil, false
			}
			for i := 0; i < v.Len(); i++ {
				v.Index(i).SetUint(uint64(src[i]))
			}
			return src[v.Len():], true
		}
		for i := 0; i < v.Len(); i++ {
			if src, ok = decodeValue(src, v.Index(i)); !ok {
				return nil, false
			}
		}
		return src, true
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < v.NumField(); i++ {
			if !t.Field(i).IsExported() {
				continue
			}
			if src, ok = decodeValue(src, v.Field(i)); !ok {
				return nil, false
			}
		}
		return src, true
	}
	return src, true
}
