//go:build js && wasm

// Package game is the thin ebiten adapter of Downhill: it turns mouse, touch
// and keys into commands on the world (game/sim), and the layers the scene
// builds (game/view) into DrawTriangles calls. Everything with logic lives in
// those packages, which import no ebiten and are tested on any machine.
package game

import (
	"image"
	"image/color"
	"math"
	"sync"
	"time"
	"unsafe"

	"github.com/hajimehoshi/ebiten/v2"

	"downhill/game/sim"
	"downhill/game/view"
)

// Game must stay an ebiten.Game that draws its own final screen: if ebiten's
// interfaces drift, the build fails here instead of the overlay silently
// disappearing.
var (
	_ ebiten.Game              = (*Game)(nil)
	_ ebiten.LayoutFer         = (*Game)(nil)
	_ ebiten.FinalScreenDrawer = (*Game)(nil)
)

// The scene's vertices are handed to ebiten without copying: the two types
// must have the same layout.
var _ [0]struct{} = [unsafe.Sizeof(view.Vertex{}) - unsafe.Sizeof(ebiten.Vertex{})]struct{}{}
var _ [0]struct{} = [unsafe.Sizeof(ebiten.Vertex{}) - unsafe.Sizeof(view.Vertex{})]struct{}{}

// Game implements ebiten.Game (with LayoutF and FinalScreenDrawer). All
// access to the world goes through the game's mutex: ebiten's loop and
// JavaScript calls take turns.
type Game struct {
	mu      sync.Mutex
	world   *sim.World
	scene   *view.Scene
	ctl     view.Controller
	touches []ebiten.TouchID
	// hidden is set while the page is out of sight (scrolled away, a
	// background tab): the world does not step and nothing is drawn.
	hidden bool
	// taps are pointer presses the page hands over (an embed's one-finger
	// tap, which the page keeps from ebiten so that a swipe can scroll
	// the host page): each is pressed for a tick, then released.
	taps []tap

	atlas    *ebiten.Image
	atlasFor float64
	tex      *ebiten.Image
	texGen   int

	scale     float64 // device pixels per CSS pixel
	lastW     int     // the screen image's size at the last Draw
	lastH     int
	drawn     int // frames drawn
	presented int // final screens drawn
	ready     bool

	upd, drw, fin timings
	finalOp       ebiten.DrawImageOptions

	subs [view.NumRegions]struct {
		of   *ebiten.Image
		rect image.Rectangle
		img  *ebiten.Image
	}

	// OnReady is called once, from the game loop, after the first frame
	// showing the surface has been drawn.
	OnReady func()
}

// New returns a game showing w.
func New(w *sim.World) *Game {
	return &Game{world: w, scale: 1}
}

// Do runs f with exclusive access to the world and the scene (which holds
// the layout for coordinate conversions). Do must not be called from f.
func (g *Game) Do(f func(w *sim.World, s *view.Scene)) {
	g.mu.Lock()
	defer g.mu.Unlock()
	f(g.world, g.scene)
}

// Frames returns the number of frames drawn and presented so far.
func (g *Game) Frames() (drawn, presented int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.drawn, g.presented
}

// Scale returns the device pixels per CSS pixel the game draws at.
func (g *Game) Scale() float64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.scale
}

// tap is a press the page hands over, at a CSS-pixel position; ticks
// counts the ticks it has been held.
type tap struct {
	x, y  float64
	ticks int
}

// Tap presses and releases the primary button at (x, y) CSS pixels over
// the next two ticks, as a click there would.
func (g *Game) Tap(x, y float64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.taps = append(g.taps, tap{x: x, y: y})
}

// SetHidden tells the game whether its page is out of sight: hidden, the
// world does not step and nothing is drawn, so an embed nobody looks at
// costs nothing; shown again, it goes on where it was.
func (g *Game) SetHidden(hidden bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.hidden = hidden
}

// Update handles input and advances the world one tick.
func (g *Game) Update() error {
	t0 := time.Now()
	g.mu.Lock()
	defer func() {
		g.upd.add(time.Since(t0))
		g.mu.Unlock()
	}()
	if g.hidden {
		return nil
	}
	if g.scene != nil {
		var in view.InputFrame
		in, g.touches = sample(g.touches)
		if len(g.taps) > 0 {
			in = g.nextTap(in)
		}
		g.ctl.Update(in, g.world, g.scene)
	}
	g.world.Tick()
	return nil
}

// nextTap replaces this tick's pointer by the oldest tap: held for one
// tick, released the next.
func (g *Game) nextTap(in view.InputFrame) view.InputFrame {
	t := &g.taps[0]
	in.X, in.Y, in.In = t.x*g.scale, t.y*g.scale, true
	in.Left = t.ticks == 0
	in.Right, in.Middle, in.Fingers, in.Wheel = false, false, 0, 0
	if t.ticks++; t.ticks > 1 {
		g.taps = g.taps[1:]
	}
	return in
}

// LayoutF makes the screen as large as the canvas in device pixels, so the
// picture is crisp at any devicePixelRatio.
func (g *Game) LayoutF(ow, oh float64) (float64, float64) {
	s := ebiten.Monitor().DeviceScaleFactor()
	if s <= 0 {
		s = 1
	}
	g.mu.Lock()
	g.scale = s
	g.mu.Unlock()
	return ow * s, oh * s
}

// Layout is not used (LayoutF is), but ebiten.Game requires it.
func (g *Game) Layout(ow, oh int) (int, int) { return ow, oh }

// Draw paints what changed onto the screen image, which is not cleared
// between frames: the surface and the trails accumulate there.
func (g *Game) Draw(screen *ebiten.Image) {
	t0 := time.Now()
	g.mu.Lock()
	defer func() {
		g.drw.add(time.Since(t0))
		g.mu.Unlock()
	}()
	if g.hidden {
		return // nothing changes on screen: ebiten stops presenting
	}
	if g.atlas == nil || g.atlasFor != g.scale {
		a := view.NewAtlas(g.scale)
		if g.atlas != nil {
			g.atlas.Deallocate()
		}
		g.atlas = ebiten.NewImageFromImage(a.Img)
		g.atlasFor = g.scale
		if g.scene == nil {
			g.scene = view.NewScene(a)
		} else {
			g.scene.SetAtlas(a)
		}
	}
	b := screen.Bounds()
	s := g.scene
	if b.Dx() != g.lastW || b.Dy() != g.lastH {
		// A new screen image: nothing of the old one is on it.
		g.lastW, g.lastH = b.Dx(), b.Dy()
		s.Invalidate()
	}
	s.Frame(g.world, float64(b.Dx()), float64(b.Dy()), g.scale)
	if s.TexGen != g.texGen && s.TexW > 0 {
		if g.tex == nil || g.tex.Bounds().Dx() != s.TexW || g.tex.Bounds().Dy() != s.TexH {
			if g.tex != nil {
				g.tex.Deallocate()
			}
			g.tex = ebiten.NewImage(s.TexW, s.TexH)
		}
		g.tex.WritePixels(s.TexPix)
		g.texGen = s.TexGen
	}
	bg := colorOf(view.Background())
	for r := view.Region(0); r < view.NumRegions; r++ {
		if !s.Redraw[r] || r == view.RSurface { // View3D paints its own background
			continue
		}
		rect := s.RegionRect(r)
		if rect.W <= 0 || rect.H <= 0 {
			continue
		}
		g.sub(screen, r, rect).Fill(bg)
		switch r {
		case view.RContour:
			if g.tex != nil {
				p := s.L.ContourPlot
				var op ebiten.DrawImageOptions
				op.GeoM.Translate(p.X, p.Y)
				screen.DrawImage(g.tex, &op)
			}
		}
	}
	if s.View3D.Len() > 0 {
		drawLayer(g.sub(screen, view.RSurface, s.L.Surface), &s.View3D, g.atlas)
	}
	drawLayer(screen, &s.Static, g.atlas)
	drawLayer(screen, &s.Trails, g.atlas)
	if !s.Repainting() && s.Trails.Len()+s.View3D.Len() == 0 && s.OverlayChanged {
		// Touch the screen image so ebiten presents this frame: the
		// overlay is drawn on the final screen and has changed.
		touch(screen, g.atlas)
	}
	g.drawn++
}

// DrawFinalScreen copies the screen image and draws what moves every frame
// over it.
func (g *Game) DrawFinalScreen(screen ebiten.FinalScreen, off *ebiten.Image, geoM ebiten.GeoM) {
	t0 := time.Now()
	g.mu.Lock()
	defer g.mu.Unlock()
	// The options live in the game: passed through the FinalScreen
	// interface they would escape, one allocation per frame.
	g.finalOp.GeoM = geoM
	g.finalOp.Blend = ebiten.BlendCopy
	screen.DrawImage(off, &g.finalOp)
	if g.scene != nil {
		for _, b := range g.scene.Overlay.Batches() {
			screen.DrawTriangles(verts(b.Verts), b.Idx, g.atlas, &triOpts)
		}
	}
	g.presented++
	g.fin.add(time.Since(t0))
	if !g.ready && g.drawn > 0 {
		g.ready = true
		if g.OnReady != nil {
			// On its own goroutine: the callback may call Do.
			go g.OnReady()
		}
	}
}

var triOpts = ebiten.DrawTrianglesOptions{Filter: ebiten.FilterLinear}

func drawLayer(dst *ebiten.Image, l *view.Layer, src *ebiten.Image) {
	for _, b := range l.Batches() {
		dst.DrawTriangles(verts(b.Verts), b.Idx, src, &triOpts)
	}
}

func verts(v []view.Vertex) []ebiten.Vertex {
	if len(v) == 0 {
		return nil
	}
	return unsafe.Slice((*ebiten.Vertex)(unsafe.Pointer(&v[0])), len(v))
}

var (
	touchVerts = make([]ebiten.Vertex, 3)
	touchIdx   = []uint16{0, 1, 2}
)

// touch draws an empty, fully transparent triangle: it changes no pixel but
// marks the image as modified.
func touch(dst, src *ebiten.Image) {
	dst.DrawTriangles(touchVerts, touchIdx, src, &triOpts)
}

// sub returns the part of screen a region covers, cached: SubImage
// allocates, and the regions change only with the layout.
func (g *Game) sub(screen *ebiten.Image, r view.Region, rect view.Rect) *ebiten.Image {
	c := &g.subs[r]
	pr := pixelRect(rect)
	if c.img == nil || c.of != screen || c.rect != pr {
		c.img = screen.SubImage(pr).(*ebiten.Image)
		c.of, c.rect = screen, pr
	}
	return c.img
}

// pixelRect returns the whole pixels a rectangle covers, rounding its edges
// the way the regions are laid out (on whole pixels).
func pixelRect(r view.Rect) image.Rectangle {
	return image.Rect(int(math.Round(r.X)), int(math.Round(r.Y)), int(math.Round(r.X+r.W)), int(math.Round(r.Y+r.H)))
}

func colorOf(c view.Color) color.RGBA {
	return color.RGBA{uint8(c.R*255 + 0.5), uint8(c.G*255 + 0.5), uint8(c.B*255 + 0.5), uint8(c.A*255 + 0.5)}
}
