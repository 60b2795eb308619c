"use strict";
// Pace: the figure keeps up with the screen. While it animates and the
// page's frames run late (fewer than lateFPS a second, measured over a
// second), the canvas gets half the device's resolution (the browser
// scales it up: softer, four times fewer pixels to draw, copy and
// composite); as soon as the picture is still again, full resolution comes
// back, so a paused figure, a screenshot and every machine that keeps up
// are always at full sharpness. sharp=1 in the address keeps full
// resolution whatever the pace (set(), which the page's own code and the
// tests may call, still works).
//
// Ebiten sizes its canvas from the body's clientWidth and clientHeight
// times devicePixelRatio, which it reads once, and reads the pointer from
// events' clientX and clientY: the lowered resolution is those sizes and
// coordinates scaled, and the engine told (downhill._resolution) so that
// text, lines and coordinates follow.
(() => {
  const page = window.downhillPage;
  const lateFPS = 48;
  const low = 0.5;
  let k = 1;
  page.resolution = () => k;
  // window.downhillSharp = true, set before the page's scripts run, does
  // the same (the browser tests set it: whether frames run late depends on
  // the machine's load, and a test must not).
  const sharp = window.downhillSharp === true || ["1", "true", "yes", "on"].includes(page.param("sharp"));

  const getter = (proto, name) => Object.getOwnPropertyDescriptor(proto, name).get;
  const width = getter(Element.prototype, "clientWidth"), height = getter(Element.prototype, "clientHeight");
  const scaled = (get) => ({ configurable: true, get() { return get.call(this) * k; } });
  const sizeBody = () => {
    Object.defineProperty(document.body, "clientWidth", scaled(width));
    Object.defineProperty(document.body, "clientHeight", scaled(height));
  };
  sizeBody();

  const isCanvas = (t) => page.engine && t === page.engine.canvas;
  const mx = getter(MouseEvent.prototype, "clientX"), my = getter(MouseEvent.prototype, "clientY");
  const hasTouch = typeof Touch === "function";
  const tx = hasTouch && getter(Touch.prototype, "clientX"), ty = hasTouch && getter(Touch.prototype, "clientY");
  const onPointer = (e) => {
    if (k === 1 || !isCanvas(e.target)) return;
    Object.defineProperty(e, "clientX", scaled(mx));
    Object.defineProperty(e, "clientY", scaled(my));
  };
  for (const t of ["mousedown", "mouseup", "mousemove", "wheel"]) addEventListener(t, onPointer, { capture: true, passive: true });
  const onTouch = (e) => {
    if (k === 1 || !hasTouch || !isCanvas(e.target)) return;
    for (const list of [e.touches, e.targetTouches, e.changedTouches]) {
      for (let i = 0; i < list.length; i++) {
        const t = list.item(i);
        Object.defineProperty(t, "clientX", scaled(tx));
        Object.defineProperty(t, "clientY", scaled(ty));
      }
    }
  };
  for (const t of ["touchstart", "touchmove", "touchend", "touchcancel"]) addEventListener(t, onTouch, { capture: true, passive: true });

  // A click shorter than a tick would be missed by ebiten, which reads the
  // buttons once a tick (slow frames, thousands of balls, may run fewer
  // ticks than frames): the release waits until the world has ticked
  // twice since the press.
  const ticks = () => (window.downhill && window.downhill.ready ? window.downhill._ticks() : 0);
  let downAt = -10;
  addEventListener("mousedown", (e) => { if (isCanvas(e.target)) downAt = ticks(); }, { capture: true, passive: true });
  addEventListener("mouseup", (e) => {
    if (!isCanvas(e.target) || ticks() - downAt >= 2 || e.downhillDelayed || !window.downhill) return;
    e.stopImmediatePropagation();
    const t = e.target, init = {
      bubbles: true, cancelable: true, clientX: mx.call(e), clientY: my.call(e), screenX: e.screenX, screenY: e.screenY,
      button: e.button, buttons: e.buttons, shiftKey: e.shiftKey, ctrlKey: e.ctrlKey, altKey: e.altKey, metaKey: e.metaKey,
    };
    const at = downAt;
    const later = () => {
      if (ticks() - at < 2) { requestFrame(later); return; }
      const u = new MouseEvent("mouseup", init);
      u.downhillDelayed = true;
      t.dispatchEvent(u);
    };
    requestFrame(later);
  }, true);

  function set(v) {
    if (v === k || !window.downhill || !window.downhill.ready) return;
    k = v;
    window.downhill._resolution(k);
    dispatchEvent(new Event("resize")); // ebiten resizes its canvas
  }
  page.setResolution = set;

  // Every half second: how many frames the page had, and whether the
  // engine presented any (it does not when nothing moves).
  let frames = 0, late = 0, lastPresented = -1;
  const count = () => { frames++; requestFrame(count); };
  const requestFrame = window.requestAnimationFrame.bind(window);
  requestFrame(count);
  setInterval(() => {
    const fps = frames * 2;
    frames = 0;
    const d = window.downhill;
    // Out of sight nothing is drawn: a change of resolution would resize
    // the canvas and present a frame nobody sees.
    if (!d || !d.ready || document.hidden || (page.unseen && page.unseen())) return;
    const presented = d.frames().presented;
    const moving = lastPresented >= 0 && presented > lastPresented + 1;
    lastPresented = presented;
    if (!moving) {
      late = 0;
      set(1);
      return;
    }
    late = fps < lateFPS ? late + 1 : 0;
    if (late >= 2 && !sharp) set(low);
  }, 500);
  // A fresh engine (after a lost context) starts at full resolution.
  page.fullResolution = () => { k = 1; lastPresented = -1; };
})();
