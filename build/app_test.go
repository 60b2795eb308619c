//go:build !js

package main

// The browser tests of issue 2: Downhill's page, driven as a user would.

import (
	"fmt"
	"image"
	"math"
	"strings"
	"testing"
	"time"

	"downhill/build/internal/browser"
	"downhill/optim"
	"downhill/surfaces"
)

func TestClickDropsBallThatRollsByGD(t *testing.T) {
	for _, scale := range []float64{1, 2} {
		t.Run(fmt.Sprintf("dpr%g", scale), func(t *testing.T) {
			e := appEnv(t)
			p := newPage(t, e, 1024, 700, scale)
			must(t, p.Load(e.appURL+"?paused=1"))
			if aa := eval[bool](t, p, `document.querySelector("canvas").getContext("webgl2").getContextAttributes().antialias`); aa {
				t.Error("ebiten's WebGL2 context has antialias on; the loader should turn it off")
			}

			// A real click where (-2, -2) is drawn.
			at := toScreen(t, p, -2, -2)
			if at.X < 0 || at.Y < 0 || at.X >= float64(p.Width) || at.Y >= float64(p.Height) {
				t.Fatalf("toScreen(-2, -2) = %+v is outside the %dx%d viewport", at, p.Width, p.Height)
			}
			must(t, p.Click(at))
			must(t, p.WaitFor(`downhill.state().balls.length > 0`))
			st := eval[appState](t, p, `downhill.state()`)
			if len(st.Balls) != 1 {
				t.Fatalf("one click made %d balls: %+v", len(st.Balls), st.Balls)
			}
			ball := st.Balls[0]
			dw, db := pixelSize(t, p, at)
			if math.Abs(ball.Start[0]+2) > dw+1e-9 || math.Abs(ball.Start[1]+2) > db+1e-9 {
				t.Errorf("ball starts at %v, more than one pixel (%.4g, %.4g) from (-2, -2)", ball.Start, dw, db)
			}
			if ball.Optimizer != "gd" {
				t.Errorf("ball optimizer %q, want gd (the default)", ball.Optimizer)
			}

			// 100 steps in the page and in Go, from the same start.
			before := ball.Steps
			st = eval[appState](t, p, `downhill.step(100)`)
			ball = st.Balls[0]
			if ball.Steps != before+100 {
				t.Errorf("step(100) took the ball from %d to %d steps, want %d", before, ball.Steps, before+100)
			}
			surf, err := surfaces.New("neuron", "")
			if err != nil {
				t.Fatal(err)
			}
			cfg := optim.Defaults(optim.GD)
			var os optim.State
			x := optim.Vec(ball.Start)
			for range ball.Steps {
				x = optim.Step(&cfg, &os, x, surf, nil)
			}
			if math.Abs(ball.Pos[0]-x[0]) > 1e-9 || math.Abs(ball.Pos[1]-x[1]) > 1e-9 {
				t.Errorf("after %d GD steps from %v the page has %v, Go computes %v", ball.Steps, ball.Start, ball.Pos, x)
			}

			// The ball is drawn where toScreen says, in its colour.
			want, err := browser.ParseHex(ball.Color)
			if err != nil {
				t.Fatal(err)
			}
			must(t, p.WaitFrames(3))
			pos := toScreen(t, p, ball.Pos[0], ball.Pos[1])
			img, err := p.Screenshot()
			if err != nil {
				t.Fatal(err)
			}
			// The centre pixel, or one within 2 CSS pixels of it: overlays
			// (the step-by-step arrows start at the ball's centre) may cover
			// the very centre.
			if !colourNear(img, pos, p.Scale, 2, want) {
				t.Errorf("no pixel within 2 CSS px of the ball's screen position %+v has the ball's colour %s; around it:\n%s",
					pos, ball.Color, neighbourhood(img, pos, p.Scale))
			}

			// Only the page's own files were fetched.
			urls := eval[[]string](t, p, `performance.getEntriesByType("resource").map((r) => r.name)`)
			for _, u := range urls {
				if !strings.HasPrefix(u, e.appURL) {
					t.Errorf("the page fetched %s, outside its own directory", u)
				}
			}
			noConsoleErrors(t, p)
		})
	}
}

func TestURLErrorsAreShownAndSurfaceStillDraws(t *testing.T) {
	e := appEnv(t)
	p := newPage(t, e, 1024, 700, 1)
	must(t, p.Load(e.appURL+"?lr=abc&bogus=1"))
	box := eval[struct {
		Text     string
		Display  string
		Children int
		Height   float64
	}](t, p, `(() => {
		const el = document.getElementById("downhill-error");
		return {text: el.textContent, display: getComputedStyle(el).display,
			children: el.children.length, height: el.getBoundingClientRect().height};
	})()`)
	for _, key := range []string{"lr", "bogus"} {
		if !strings.Contains(box.Text, key) {
			t.Errorf("#downhill-error %q does not name the key %q", box.Text, key)
		}
	}
	if box.Display == "none" || box.Height == 0 {
		t.Errorf("#downhill-error is not visible (display %q, height %g)", box.Display, box.Height)
	}
	if box.Children != 0 {
		t.Errorf("#downhill-error has %d child elements; it must hold text only", box.Children)
	}

	// The surface still draws: the contour view has many colours.
	must(t, p.WaitFrames(3))
	img, err := p.Screenshot()
	if err != nil {
		t.Fatal(err)
	}
	a, b := toScreen(t, p, -6, -6), toScreen(t, p, 6, 6)
	view := image.Rect(int(a.X*p.Scale), int(a.Y*p.Scale), int(b.X*p.Scale), int(b.Y*p.Scale)).Canon()
	colours, share := variety(img, view)
	if colours < 16 || share > 0.9 {
		t.Errorf("the contour view %v has %d colours, the commonest covering %.0f%%: the surface is not drawn", view, colours, 100*share)
	}
}

func TestCanvasFillsPageLeftOfPanel(t *testing.T) {
	e := appEnv(t)
	p := newPage(t, e, 1000, 600, 2)
	must(t, p.Load(e.appURL))
	type box struct {
		Left, Top, Width, Height float64
		PixelW                   int `json:"pixelW"`
		PixelH                   int `json:"pixelH"`
	}
	canvas := func() box {
		return eval[box](t, p, `(() => {
			const c = document.querySelector("canvas"), r = c.getBoundingClientRect();
			return {left: r.left, top: r.top, width: r.width, height: r.height, pixelW: c.width, pixelH: c.height};
		})()`)
	}
	// The first visit's prompt is a band under the pictures: the canvas
	// fills the page above it.
	band := eval[float64](t, p, `document.documentElement.classList.contains("touring") ? document.getElementById("tour").getBoundingClientRect().height : 0`)
	if band <= 0 || band > 120 {
		t.Errorf("the first visit's prompt band is %g px tall", band)
	}
	h := 600 - band
	if got, want := canvas(), (box{0, 0, 1000, h, 2000, int(2 * h)}); got != want {
		t.Errorf("canvas %+v, want %+v: at the top-left, filling the page above the band at device resolution", got, want)
	}
	// The control panel's room comes from --panel-width alone.
	eval[struct{}](t, p, `document.documentElement.style.setProperty("--panel-width", "300px")`)
	must(t, p.WaitFor(`document.querySelector("canvas").width === 1400`))
	must(t, within(p, 3*time.Second, `document.querySelector("canvas").getBoundingClientRect().height === 600 - document.getElementById("tour").getBoundingClientRect().height`))
	band = eval[float64](t, p, `document.getElementById("tour").getBoundingClientRect().height`)
	h = 600 - band
	if got, want := canvas(), (box{0, 0, 700, h, 1400, int(2 * h)}); got != want {
		t.Errorf("with --panel-width 300px the canvas is %+v, want %+v", got, want)
	}
}
