package sim

import (
	"bytes"
	"math"
	"reflect"
	"strings"
	"testing"

	"downhill/optim"
)

// Where each field of World is kept. A link (Query) recreates the set-up;
// a snapshot (Snapshot, after a lost graphics context) the whole world,
// balls mid-run included. Every field is in one of them or is rebuilt from
// them; a new field must be added here, and to the snapshot (and the query
// if a link should carry it), or the test fails.
const (
	inQuery    = "query and snapshot"
	inSnapshot = "snapshot"
	derived    = "derived"   // rebuilt from the fields kept
	transient  = "transient" // not state: memory, nesting, a passing notice
)

var worldFields = map[string]struct {
	kept string
	as   string // the snapshot's field, when its name differs
}{
	"Surf": {derived, ""}, "Info": {inQuery, "Surface"}, "F": {inQuery, ""}, "SurfaceGen": {derived, ""},
	"Box": {inQuery, ""}, "BoxGen": {derived, ""}, "Balls": {inQuery, ""}, "Paused": {inQuery, ""},
	"Speed": {inQuery, ""}, "MaxSteps": {inQuery, ""}, "Enabled": {inQuery, ""}, "Cam": {inQuery, ""},
	"Grid": {inQuery, ""}, "Spin": {inQuery, ""}, "Views": {inQuery, ""}, "Present": {inQuery, ""},
	"Main": {inQuery, ""}, "Title": {inQuery, ""}, "Caption": {inQuery, ""}, "Ticks": {inSnapshot, ""},
	"Selected": {inSnapshot, ""}, "Cursor": {inSnapshot, ""}, "Focus": {inSnapshot, ""}, "Asked": {inSnapshot, ""},
	"Sound": {inQuery, ""}, "Heard": {inSnapshot, ""}, "Mode": {inQuery, ""}, "Guess": {inQuery, ""},
	"HaveGuess": {inQuery, ""}, "Guesses": {inQuery, ""},
	// A search's points are drawn again from its size and seed.
	"Search": {inSnapshot, "SearchN"}, "SearchBest": {derived, ""}, "SearchGen": {derived, ""},
	"SearchSeed": {inSnapshot, ""}, "Seed": {inSnapshot, ""},
	"SweepRows": {inQuery, ""}, "SweepRule": {inSnapshot, ""}, "SweepStart": {inSnapshot, ""},
	"SweepSteps": {inSnapshot, ""}, "SweepGen": {derived, ""}, "Quiz": {inSnapshot, ""},
	"Map": {derived, ""}, "MapGrid": {inQuery, ""}, "MapCursor": {inSnapshot, ""}, "MapEtas": {inQuery, ""},
	"Scene": {inQuery, ""}, "Tour": {inQuery, ""}, "Changes": {inSnapshot, ""}, "Reason": {inSnapshot, ""},
	"Refusal": {transient, ""}, "RefusedAt": {transient, ""},
	"obj": {derived, ""}, "cfg": {derived, ""}, "hyper": {inQuery, "Hyper"}, "acc": {inSnapshot, "Acc"},
	"nextID": {inSnapshot, "NextID"}, "nextGroup": {inSnapshot, "NextGroup"},
	"free": {transient, ""}, "probe": {transient, ""}, "depth": {transient, ""},
	"edits": {inSnapshot, "Edits"}, "sceneEdits": {inSnapshot, "SceneEdits"},
}

func TestEveryWorldFieldIsKept(t *testing.T) {
	wt := reflect.TypeOf(World{})
	st := reflect.TypeOf(snapshot{})
	for i := 0; i < wt.NumField(); i++ {
		name := wt.Field(i).Name
		f, ok := worldFields[name]
		if !ok {
			t.Errorf("World.%s is in neither the snapshot nor the query, nor said to be derived: add it to the snapshot (snapshot.go), to Query if a link should carry it, and to worldFields", name)
			continue
		}
		if f.kept == derived || f.kept == transient {
			continue
		}
		as := name
		if f.as != "" {
			as = f.as
		}
		if _, ok := st.FieldByName(as); !ok {
			t.Errorf("World.%s is said to be in the snapshot as %s, which has no such field", name, as)
		}
	}
	for name := range worldFields {
		if _, ok := wt.FieldByName(name); !ok {
			t.Errorf("worldFields names %s, which World no longer has", name)
		}
	}
}

// roundTripQueries set every setting of the world (the page's own keys
// aside) away from its default, in worlds that cannot be one (the
// exercises exclude each other; a scene left as it was is its name).
var roundTripQueries = []string{
	"surface=custom&f=(1-w)^2%2B100*(b-w^2)^2&opt=gd,momentum,nag,linesearch,adagrad,rmsprop,adam,nadam,amsgrad,newton" +
		"&lr=0.002&momentum.gamma=0.8&gammaMax=0.95&beta=0.8&beta1=0.85&beta2=0.99&eps=1e-6&biasCorrection=0&etas=0.1,0.2" +
		"&schedule=step&decay=0.25&every=3&k=0.5&adam.lr=0.01" +
		"&speed=12&maxSteps=500&yaw=30&pitch=60&zoom=1.5&spin=10&grid=0&views=contour,loss,3d&main=loss" +
		"&title=Rosenbrock&caption=A%20long%20valley&present=1&sound=1&box=-2,2,-1,3&paused=1" +
		"&balls=-1,2;0.5,0.5&ball=adam,0,1,lr=0.05,color=orange&mapGrid=32&mapEtas=0.01,0.02&mode=map",
	"surface=neuron&batch=1&seed=7&guesses=0.5,0;-0.1,0;0.94,-0.95&guess=1,-1",
	"surface=bowl&opt=momentum&sweep=0.01,0.1,1",
	"scene=5.4-momentum-valley&tour=1&main=3d&title=Valley",
}

// setUp is what a link recreates, for comparing two worlds.
type setUp struct {
	Surface, F                   string
	Box                          [4]float64
	Hyper                        []string
	Enabled                      []optim.Rule
	Paused, Grid, Present, Sound bool
	Speed                        float64
	MaxSteps                     int
	Views                        []View
	Main                         View
	Title, Caption               string
	Mode                         Mode
	Guess                        optim.Vec
	HaveGuess                    bool
	Guesses                      []GuessRow
	SweepEtas                    []float64
	MapGrid                      int
	MapEtas                      []float64
	Scene                        int
	Tour                         bool
	Balls                        []string
}

func setUpOf(w *World) setUp {
	s := setUp{Surface: w.Info.Name, F: w.F, Box: [4]float64{w.Box.WMin, w.Box.WMax, w.Box.BMin, w.Box.BMax},
		Enabled: w.Enabled, Paused: w.Paused, Grid: w.Grid, Present: w.Present, Sound: w.Sound, Speed: w.Speed,
		MaxSteps: w.MaxSteps, Views: w.Views, Main: w.Main, Title: w.Title, Caption: w.Caption, Mode: w.Mode,
		Guess: w.Guess, HaveGuess: w.HaveGuess, Guesses: w.Guesses, MapGrid: w.MapGrid, MapEtas: w.MapEtas,
		Scene: w.Scene, Tour: w.Tour}
	// Empty and nil say the same.
	if len(s.Guesses) == 0 {
		s.Guesses = nil
	}
	if len(s.MapEtas) == 0 {
		s.MapEtas = nil
	}
	for _, h := range w.hyper {
		s.Hyper = append(s.Hyper, h.key()+"="+h.text())
	}
	for _, r := range w.SweepRows {
		s.SweepEtas = append(s.SweepEtas, r.LR)
	}
	for _, b := range w.Balls {
		s.Balls = append(s.Balls, b.Cfg.Rule.String()+" "+exact(b.Start[0])+","+exact(b.Start[1])+" "+b.Color.Hex()+" "+sprintCfg(b.Cfg))
	}
	return s
}

func sprintCfg(c optim.Config) string {
	var parts []string
	for _, h := range optim.Hyperparameters {
		parts = append(parts, h.Key+"="+valueText(c.Value(h.Key), h.Off))
	}
	return strings.Join(parts, ",")
}

func fromQuery(t *testing.T, q string) *World {
	t.Helper()
	w := New()
	c := &Set{Params: ParseQuery(q)}
	if err := w.Do(c); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return w
}

func TestQueryRoundTrip(t *testing.T) {
	for _, q := range roundTripQueries {
		w := fromQuery(t, q)
		v := fromQuery(t, w.Query())
		if a, b := setUpOf(w), setUpOf(v); !reflect.DeepEqual(a, b) {
			t.Errorf("world -> query -> world changed the set-up\nquery %s\nwas  %+v\nnow  %+v", w.Query(), a, b)
		}
		// The camera and the spin travel in degrees, to six digits.
		if math.Abs(w.Cam.Yaw-v.Cam.Yaw) > 1e-6 || math.Abs(w.Cam.Pitch-v.Cam.Pitch) > 1e-6 || math.Abs(w.Cam.Zoom-v.Cam.Zoom) > 1e-6 || math.Abs(w.Spin-v.Spin) > 1e-6 {
			t.Errorf("%s: camera %+v spin %v came back as %+v spin %v", q, w.Cam, w.Spin, v.Cam, v.Spin)
		}
		if v.Query() != w.Query() {
			t.Errorf("the query of the recreated world differs:\n%s\n%s", w.Query(), v.Query())
		}
	}
}

func TestSnapshotRoundTrip(t *testing.T) {
	for _, q := range append(roundTripQueries, "surface=neuron&opt=gd,adam&search=200&balls=-2,-2", "mode=quiz") {
		w := fromQuery(t, q)
		w.Do(Play{})
		for i := 0; i < 90; i++ {
			w.Tick() // balls mid-run, optimizer state and trails
		}
		w.Do(&Key{Name: "n"}) // the keyboard's focus on a start
		data := w.Snapshot()
		v := New()
		if err := v.Do(Restore{Data: data}); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if !bytes.Equal(v.Snapshot(), data) {
			t.Errorf("%s: world -> snapshot -> world is not the same world", q)
		}
		if !reflect.DeepEqual(setUpOf(w), setUpOf(v)) || w.Query() != v.Query() || len(v.Search) != len(w.Search) {
			t.Errorf("%s: the restored world's set-up differs", q)
		}
		for i, b := range w.Balls {
			if b.Pos != v.Balls[i].Pos || b.St != v.Balls[i].St || len(b.Trail.Pts) != len(v.Balls[i].Trail.Pts) {
				t.Errorf("%s: ball %d restored at %v (state %+v), was at %v", q, b.ID, v.Balls[i].Pos, v.Balls[i].St, b.Pos)
			}
		}
	}
	// Every optimizer had a ball in the first world.
	w := fromQuery(t, roundTripQueries[0])
	seen := map[optim.Rule]bool{}
	for _, b := range w.Balls {
		seen[b.Cfg.Rule] = true
	}
	if len(seen) != int(optim.NumRules) {
		t.Errorf("the round trips roll %d of the %d optimizers", len(seen), optim.NumRules)
	}
}
