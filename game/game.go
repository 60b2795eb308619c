//go:build js && wasm

// Package game is the thin ebiten adapter of Downhill: it samples pointer
// input for the controller (game/control), which turns it into commands on
// the world (game/sim), and hands the drawings the scene lists (game/view)
// to ebiten. Everything with logic lives in those packages, which import
// no ebiten and are tested on any machine.
package game

import (
	"image"
	"image/color"
	"math"
	"sync"
	"time"
	"unsafe"

	"github.com/hajimehoshi/ebiten/v2"

	"downhill/game/control"
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

// The scene's vertices are handed to ebiten without copying (verts): the
// two types must have the same layout, field for field. vertexMismatch is
// zero only while every field of view.Vertex sits at the offset of its
// ebiten.Vertex namesake and the sizes agree; the array below fails to
// compile otherwise, as the list after it does if a field stops being a
// float32. (An ebiten field added at the end changes the size.)
const vertexMismatch = unsafe.Offsetof(view.Vertex{}.DstX) ^ unsafe.Offsetof(ebiten.Vertex{}.DstX) |
	unsafe.Offsetof(view.Vertex{}.DstY) ^ unsafe.Offsetof(ebiten.Vertex{}.DstY) |
	unsafe.Offsetof(view.Vertex{}.SrcX) ^ unsafe.Offsetof(ebiten.Vertex{}.SrcX) |
	unsafe.Offsetof(view.Vertex{}.SrcY) ^ unsafe.Offsetof(ebiten.Vertex{}.SrcY) |
	unsafe.Offsetof(view.Vertex{}.R) ^ unsafe.Offsetof(ebiten.Vertex{}.ColorR) |
	unsafe.Offsetof(view.Vertex{}.G) ^ unsafe.Offsetof(ebiten.Vertex{}.ColorG) |
	unsafe.Offsetof(view.Vertex{}.B) ^ unsafe.Offsetof(ebiten.Vertex{}.ColorB) |
	unsafe.Offsetof(view.Vertex{}.A) ^ unsafe.Offsetof(ebiten.Vertex{}.ColorA) |
	unsafe.Offsetof(view.Vertex{}.C0) ^ unsafe.Offsetof(ebiten.Vertex{}.Custom0) |
	unsafe.Offsetof(view.Vertex{}.C1) ^ unsafe.Offsetof(ebiten.Vertex{}.Custom1) |
	unsafe.Offsetof(view.Vertex{}.C2) ^ unsafe.Offsetof(ebiten.Vertex{}.Custom2) |
	unsafe.Offsetof(view.Vertex{}.C3) ^ unsafe.Offsetof(ebiten.Vertex{}.Custom3) |
	unsafe.Sizeof(view.Vertex{}) ^ unsafe.Sizeof(ebiten.Vertex{})

var (
	_ [0]struct{} = [vertexMismatch]struct{}{}
	_             = [...]float32{ebiten.Vertex{}.DstX, ebiten.Vertex{}.DstY, ebiten.Vertex{}.SrcX, ebiten.Vertex{}.SrcY,
		ebiten.Vertex{}.ColorR, ebiten.Vertex{}.ColorG, ebiten.Vertex{}.ColorB, ebiten.Vertex{}.ColorA,
		ebiten.Vertex{}.Custom0, ebiten.Vertex{}.Custom1, ebiten.Vertex{}.Custom2, ebiten.Vertex{}.Custom3}
)

// presentScale is how much larger text and lines are when presenting.
const presentScale = 1.5

// Game implements ebiten.Game (with LayoutF and FinalScreenDrawer). All
// access to the world goes through the game's mutex: ebiten's loop and
// JavaScript calls take turns.
type Game struct {
	mu      sync.Mutex
	world   *sim.World
	scene   *view.Scene
	ctl     control.Controller
	touches []ebiten.TouchID
	// begun is set by the first Update (ebiten's goroutine only); stale
	// when the outside size changed while it paused (see begin).
	begun bool
	stale bool
	// cssW, cssH: the outside size (CSS pixels) of the last LayoutF.
	cssW, cssH float64
	// hidden is set while the page is out of sight (scrolled away, a
	// background tab): the world does not step and nothing is drawn.
	hidden bool
	// keyFocus is set while the canvas has the keyboard's focus.
	keyFocus bool
	// taps are pointer presses the page hands over (an embed's one-finger
	// tap, which the page keeps from ebiten so that a swipe can scroll
	// the host page): each is pressed for a tick, then released.
	taps []tap
	// shots are pictures asked for (screenshot), taken at the next Draw.
	shots []shot
	// atlases are the last few atlases made (their glyphs take a while).
	atlases []*view.Atlas

	gpu   painter // the canvas's atlas, colour map and sub-images
	scale float64 // canvas pixels per CSS pixel: the device's times res
	// res is the share of the device's resolution the canvas has (1, or
	// less while frames run late: the page decides, see pace.js).
	res       float64
	lastW     int // the screen image's size at the last Draw
	lastH     int
	outW      int // the screen image's size this frame (LayoutF)
	outH      int
	drawn     int // frames drawn
	presented int // final screens drawn
	ready     bool

	upd, drw, fin timings
	finalOp       ebiten.DrawImageOptions

	// OnReady is called once, from the game loop, after the first frame
	// showing the surface has been drawn.
	OnReady func()
	// Mark, when set, is called with a part's name as each part of the
	// first frame ends (update, atlas, frame, paint, present): the
	// loader's start-up timings.
	Mark func(part string)
	// Outside, when set, returns the outside size (CSS pixels) as ebiten
	// will read it at its next frame (the page's body).
	Outside func() (w, h float64)
	// Breathe, when set, returns after the page has run its own tasks
	// (paint, input, the loader's): between the parts of the first frame.
	// (A short time.Sleep does not do it: on a slow machine its timer has
	// run out before the Go scheduler looks, and it goes on at once.)
	Breathe func()
}

// mark calls Mark until the first frame has been presented.
func (g *Game) mark(part string) {
	if !g.ready && g.Mark != nil {
		g.Mark(part)
	}
}

// New returns a game showing w.
func New(w *sim.World) *Game {
	return &Game{world: w, scale: 1, res: 1}
}

// SetResolution tells the game what share of the device's resolution its
// canvas now has (the page lowers it while frames run late, and gives it
// back when the picture is still): text, lines and coordinates follow.
func (g *Game) SetResolution(res float64) {
	if !(res > 0 && res <= 1) {
		res = 1
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.res = res
}

// Do runs f with exclusive access to the world and the scene (which holds
// the layout for coordinate conversions; nil before the first tick). Do
// must not be called from f.
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

// SetKeyFocus tells the game whether the canvas has the keyboard's focus:
// then the map shows the keyboard's cursor, or a ring on the start or
// ball the keys act on.
func (g *Game) SetKeyFocus(on bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.keyFocus = on
}

// SetHidden tells the game whether its page is out of sight: hidden, the
// world does not step and nothing is drawn, so an embed nobody looks at
// costs nothing; shown again, it goes on where it was.
func (g *Game) SetHidden(hidden bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.hidden = hidden
}

// lock takes the game's lock for one of ebiten's calls and returns when the
// call began; unlock (deferred with it: defer g.unlock(&t, g.lock()), which
// allocates nothing) adds the call's time, its wait for the lock included,
// to t and releases the lock.
func (g *Game) lock() time.Time {
	t0 := time.Now()
	g.mu.Lock()
	return t0
}

func (g *Game) unlock(t *timings, t0 time.Time) {
	t.add(time.Since(t0))
	g.mu.Unlock()
}

// Update handles input and advances the world one tick.
func (g *Game) Update() error {
	if !g.begun {
		g.begin()
	}
	defer g.unlock(&g.upd, g.lock())
	if g.hidden {
		return nil
	}
	if g.outW > 0 && g.outH > 0 {
		// Input is read against the world's framing in this frame's
		// layout, from the first tick on: nothing waits for a Draw.
		g.sceneNow().Arrange(g.world, float64(g.outW), float64(g.outH), g.scale)
		var in control.InputFrame
		in, g.touches = sample(g.touches)
		if len(g.taps) > 0 {
			in = g.nextTap(in)
		}
		g.ctl.Update(in, g.world, g.scene)
	}
	g.world.Tick()
	g.mark("update")
	return nil
}

// begin starts the first frame in parts, so that no part holds the
// browser's thread for long: the Go runtime's start, the packages' inits
// and ebiten's start end here (in the browser they were all one task with
// the whole first frame: 2.2 s measured); the glyph atlas and the scene's
// first frame (colour map, isolines, mesh) are the next task (Draw), and
// painting it with ebiten's first present (uploads, shaders) the last.
// Between them the page paints its loading bar and answers input.
//
// In the first pause the page lays itself out around the engine (the band
// under the pictures takes its height from the world's caption): when the
// outside size has changed meanwhile, this frame, laid out at the old size,
// draws nothing, and the update ebiten runs for the resize draws the first
// picture at the new size, instead of the whole first picture being made
// twice.
func (g *Game) begin() {
	g.begun = true
	g.breathe()
	g.mu.Lock()
	if g.Outside != nil {
		w, h := g.Outside()
		g.stale = w != g.cssW || h != g.cssH
	}
	g.atlasAt(g.uiScale())
	g.mu.Unlock()
	g.mark("atlas")
}

// breathe gives the thread back to the page for a moment (Breathe), and
// is called without the game's mutex, so that JavaScript's calls into the
// game meanwhile do not wait.
func (g *Game) breathe() {
	if g.Breathe != nil {
		g.Breathe()
	}
}

// nextTap replaces this tick's pointer by the oldest tap: held for one
// tick, released the next.
func (g *Game) nextTap(in control.InputFrame) control.InputFrame {
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
// picture is crisp at any devicePixelRatio. (While the page lowers the
// resolution, the outside size ebiten gives is already the lowered one.)
func (g *Game) LayoutF(ow, oh float64) (float64, float64) {
	s := ebiten.Monitor().DeviceScaleFactor()
	if s <= 0 {
		s = 1
	}
	g.mu.Lock()
	g.scale = s * g.res
	// The screen image ebiten makes for this size (it rounds up), which
	// Update lays the views out on before this frame's Draw.
	g.outW, g.outH = int(math.Ceil(ow*s)), int(math.Ceil(oh*s))
	g.cssW, g.cssH = ow, oh
	g.mu.Unlock()
	return ow * s, oh * s
}

// Layout is not used (LayoutF is), but ebiten.Game requires it.
func (g *Game) Layout(ow, oh int) (int, int) { return ow, oh }

// uiScale is the scale text and lines are drawn at: the device's, larger
// when presenting.
func (g *Game) uiScale() float64 {
	if g.world.Present {
		return g.scale * presentScale
	}
	return g.scale
}

// Draw paints what changed onto the screen image, which is not cleared
// between frames: the surface and the trails accumulate there.
func (g *Game) Draw(screen *ebiten.Image) {
	defer g.unlock(&g.drw, g.lock())
	if g.hidden {
		if len(g.shots) > 0 && g.lastW > 0 {
			g.takeShots(float64(g.lastW), float64(g.lastH))
		}
		return // nothing changes on screen: ebiten stops presenting
	}
	if g.stale {
		g.stale = false
		return // the next frame (ebiten's, for the resize) has the new size
	}
	s := g.sceneNow()
	b := screen.Bounds()
	if b.Dx() != g.lastW || b.Dy() != g.lastH {
		// A new screen image: nothing of the old one is on it.
		g.lastW, g.lastH = b.Dx(), b.Dy()
		s.Invalidate()
	}
	s.KeyFocus = g.keyFocus
	s.HoverX, s.HoverY, s.HoverOn = g.ctl.Hover()
	s.Frame(g.world, float64(b.Dx()), float64(b.Dy()), g.scale)
	if g.drawn == 0 {
		// The first frame's scene was a task of its own; painting it (and
		// ebiten's first present) is the next. Nothing but Draw calls
		// Frame, so its Ops wait intact.
		g.mark("frame")
		g.mu.Unlock()
		g.breathe()
		g.mu.Lock()
	}
	drew := g.gpu.paint(screen, s)
	g.mark("paint")
	if !drew && s.OverlayChanged {
		// Touch the screen image so ebiten presents this frame: the
		// overlay is drawn on the final screen and has changed.
		g.gpu.touch(screen)
	}
	if len(g.shots) > 0 {
		g.takeShots(float64(b.Dx()), float64(b.Dy()))
	}
	g.drawn++
}

// sceneNow returns the scene, made at the first tick, with the atlas of the
// scale text is drawn at now.
func (g *Game) sceneNow() *view.Scene {
	if g.scene == nil {
		g.scene = view.NewScene(g.atlasAt(g.uiScale()))
	}
	if ui := view.ClampScale(g.uiScale()); g.scene.Atlas().Scale != ui {
		g.scene.SetAtlas(g.atlasAt(ui))
	}
	return g.scene
}

// atlasAt returns the atlas for a scale, from the few kept (the page
// switches between full and lowered resolution).
func (g *Game) atlasAt(scale float64) *view.Atlas {
	scale = view.ClampScale(scale) // as the atlas has it: no new atlas every frame
	for _, a := range g.atlases {
		if a.Scale == scale {
			return a
		}
	}
	a := view.NewAtlas(scale)
	if len(g.atlases) == 3 {
		g.atlases = g.atlases[1:]
	}
	g.atlases = append(g.atlases, a)
	return a
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
			screen.DrawTriangles(verts(b.Verts), b.Idx, g.gpu.atlas, &triOpts)
		}
	}
	g.presented++
	g.fin.add(time.Since(t0))
	if g.drawn > 0 {
		g.mark("present")
	}
	if !g.ready && g.drawn > 0 {
		g.ready = true
		if g.OnReady != nil {
			// On its own goroutine: the callback may call Do.
			go g.OnReady()
		}
	}
}

// painter holds what the GPU needs to draw a scene's Ops: the atlas and the
// colour map as images, and cached sub-images of the target for clipping.
type painter struct {
	atlas    *ebiten.Image
	atlasFor *view.Atlas
	kept     []keptAtlas // the images of recent atlases
	tex      *ebiten.Image
	texGen   int
	subs     []subImage
}

type keptAtlas struct {
	of  *view.Atlas
	img *ebiten.Image
}

type subImage struct {
	of   *ebiten.Image
	rect image.Rectangle
	img  *ebiten.Image
}

// paint runs the scene's Ops onto dst and reports whether it drew
// anything.
func (p *painter) paint(dst *ebiten.Image, s *view.Scene) bool {
	if a := s.Atlas(); p.atlasFor != a {
		p.atlas, p.atlasFor = nil, a
		for _, k := range p.kept {
			if k.of == a {
				p.atlas = k.img
			}
		}
		if p.atlas == nil {
			p.atlas = ebiten.NewImageFromImage(a.Img)
			if len(p.kept) == 3 {
				p.kept[0].img.Deallocate()
				p.kept = p.kept[1:]
			}
			p.kept = append(p.kept, keptAtlas{a, p.atlas})
		}
	}
	if pix, w, h, gen := s.Texture(); gen != p.texGen && w > 0 {
		if p.tex == nil || p.tex.Bounds().Dx() != w || p.tex.Bounds().Dy() != h {
			if p.tex != nil {
				p.tex.Deallocate()
			}
			// Unmanaged: off ebiten's atlas, so that rewriting it (a
			// convergence map filling in, every few frames) is a plain
			// upload (managed, each rewrite stalled the page: measured
			// 53 frames a second without the rewrites, 11-19 with them).
			p.tex = ebiten.NewImageWithOptions(image.Rect(0, 0, w, h), &ebiten.NewImageOptions{Unmanaged: true})
		}
		p.tex.WritePixels(pix)
		p.texGen = gen
	}
	ops := s.Ops()
	for k := range ops {
		op := &ops[k]
		target := p.sub(dst, op.Clip)
		switch op.Kind {
		case view.OpFill:
			target.Fill(colorOf(view.Background()))
		case view.OpTexture:
			if p.tex != nil {
				var o ebiten.DrawImageOptions
				src := p.tex
				if op.Src.W > 0 && op.Src.H > 0 {
					// A part of the texture (a convergence map's panel),
					// scaled to its place: nearest, one cell a block.
					src = p.sub(p.tex, op.Src)
					o.GeoM.Scale(op.At.W/op.Src.W, op.At.H/op.Src.H)
				}
				o.GeoM.Translate(op.At.X, op.At.Y)
				target.DrawImage(src, &o)
			}
		case view.OpLayer:
			for _, b := range op.Layer.Batches() {
				target.DrawTriangles(verts(b.Verts), b.Idx, p.atlas, &triOpts)
			}
		}
	}
	return len(ops) > 0
}

// sub returns the part of dst an op is clipped to, cached: SubImage
// allocates, and the clips (a handful of regions) change only with the
// layout.
func (p *painter) sub(dst *ebiten.Image, r view.Rect) *ebiten.Image {
	pr := pixelRect(r)
	for i := range p.subs {
		if c := &p.subs[i]; c.of == dst && c.rect == pr {
			return c.img
		}
	}
	if len(p.subs) >= 16 {
		p.subs = p.subs[:0] // a new layout: forget the old regions
	}
	img := dst.SubImage(pr).(*ebiten.Image)
	p.subs = append(p.subs, subImage{of: dst, rect: pr, img: img})
	return img
}

var triOpts = ebiten.DrawTrianglesOptions{Filter: ebiten.FilterLinear}

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
func (p *painter) touch(dst *ebiten.Image) {
	dst.DrawTriangles(touchVerts, touchIdx, p.atlas, &triOpts)
}

// pixelRect returns the whole pixels a rectangle covers, rounding its edges
// the way the regions are laid out (on whole pixels).
func pixelRect(r view.Rect) image.Rectangle {
	return image.Rect(int(math.Round(r.X)), int(math.Round(r.Y)), int(math.Round(r.X+r.W)), int(math.Round(r.Y+r.H)))
}

func colorOf(c view.Color) color.RGBA {
	return color.RGBA{uint8(c.R*255 + 0.5), uint8(c.G*255 + 0.5), uint8(c.B*255 + 0.5), uint8(c.A*255 + 0.5)}
}
