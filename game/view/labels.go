package view

import "downhill/game/sim"

// CanvasLabel is the view of a label that belongs to the canvas as a
// whole, not to one view: the notice, the hover's readout.
const CanvasLabel = sim.NumViews

// LabelViewName is the name of a label's view: the view's ("3d",
// "contour", "loss", "fit") or "canvas".
func LabelViewName(v sim.View) string {
	if v == CanvasLabel {
		return "canvas"
	}
	return v.String()
}

// Label is a text drawn in a view and where (device pixels: the line box
// of its font, as wide as its advance).
type Label struct {
	View   sim.View
	Bounds Rect
	// Text is valid until the next frame: it points into a buffer the
	// scene reuses.
	Text []byte
	at   [2]int32 // Text's place in its list's buffer
}

// labelCover is a box drawn over what was drawn before it: the labels
// recorded before it (seq) that it touches are hidden.
type labelCover struct {
	r   Rect
	seq int
}

// Labels collects the labels drawn into one layer, in buffers kept from
// repaint to repaint: recording allocates nothing once they have grown.
type Labels struct {
	list   []Label
	text   []byte
	covers []labelCover
}

// Reset empties the list, keeping its memory.
func (l *Labels) Reset() {
	l.list, l.text, l.covers = l.list[:0], l.text[:0], l.covers[:0]
}

func (l *Labels) addString(v sim.View, text string, r Rect) {
	n := len(l.text)
	l.text = append(l.text, text...)
	l.list = append(l.list, Label{View: v, Bounds: r, at: [2]int32{int32(n), int32(len(l.text))}})
}

func (l *Labels) addBytes(v sim.View, text []byte, r Rect) {
	n := len(l.text)
	l.text = append(l.text, text...)
	l.list = append(l.list, Label{View: v, Bounds: r, at: [2]int32{int32(n), int32(len(l.text))}})
}

// cover notes an opaque box drawn over the labels recorded so far.
func (l *Labels) cover(r Rect) {
	l.covers = append(l.covers, labelCover{r, len(l.list)})
}

// hits reports whether r overlaps a label of view v in the list.
func (l *Labels) hits(v sim.View, r Rect) bool {
	for i := range l.list {
		if e := &l.list[i]; e.View == v && overlaps(e.Bounds, r) {
			return true
		}
	}
	return false
}

// overlaps reports whether a and b share an area (touching edges do not).
func overlaps(a, b Rect) bool {
	return a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H
}

// Labels returns every text label drawn on the canvas this frame that can
// be seen: each region's chrome (kept while the region is not repainted)
// and the overlay's, less what a box drawn later (the step readout, the
// legend) hides. The slice and the labels' texts are reused by the next
// Plates returns the boxes drawn over the views (a step's readout, a
// legend, a label's plate), in device pixels: a mark under one is behind
// it. The slice is valid until the next call.
func (s *Scene) Plates() []Rect {
	s.plates = s.plates[:0]
	for _, r := range [...]*region{&s.d3.region, &s.cmap.region, &s.loss.region, &s.fit.region} {
		if r.rect.W > 0 && r.rect.H > 0 {
			for _, c := range r.labels.covers {
				s.plates = append(s.plates, c.r)
			}
		}
	}
	for _, c := range s.overlayLabels.covers {
		s.plates = append(s.plates, c.r)
	}
	return s.plates
}

// frame; building it allocates nothing once its buffers have grown.
func (s *Scene) Labels() []Label {
	s.labels, s.labelText = s.labels[:0], s.labelText[:0]
	hidden := func(r Rect, covers []labelCover, seq int) bool {
		for _, c := range covers {
			if c.seq > seq && overlaps(c.r, r) {
				return true
			}
		}
		return false
	}
	add := func(src *Labels, e *Label) {
		n := len(s.labelText)
		s.labelText = append(s.labelText, src.text[e.at[0]:e.at[1]]...)
		c := *e
		c.at = [2]int32{int32(n), int32(len(s.labelText))}
		s.labels = append(s.labels, c)
	}
	for _, r := range [...]*region{&s.d3.region, &s.cmap.region, &s.loss.region, &s.fit.region} {
		if r.rect.W <= 0 || r.rect.H <= 0 {
			continue
		}
		for i := range r.labels.list {
			e := &r.labels.list[i]
			// Every overlay box comes after the chrome.
			if !hidden(e.Bounds, s.overlayLabels.covers, -1) && !hidden(e.Bounds, r.labels.covers, i) {
				add(&r.labels, e)
			}
		}
	}
	ol := &s.overlayLabels
	for i := range ol.list {
		if e := &ol.list[i]; !hidden(e.Bounds, ol.covers, i) {
			add(ol, e)
		}
	}
	for i := range s.labels {
		e := &s.labels[i]
		e.Text = s.labelText[e.at[0]:e.at[1]:e.at[1]]
	}
	return s.labels
}
