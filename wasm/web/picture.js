"use strict";
// The figure's picture before its engine runs (issue 19). go run ./build
// draws each scene's first frame, and the default page's, with the
// engine's own scene code and a software painter (dist/pictures/NAME.png,
// build/internal/picture) and lists them in index.html's
// <template id="pictures">. This script, the first of the page's, shows the
// one of the page's own address at once: behind the loading bar, under the
// Run button of load=click, while an embed waits to be seen, beside the
// message of a browser that cannot run the figure, and for a figure waking
// from sleep that carried no last frame of its own. The live canvas takes
// over at "ready"; until then the picture is an image with the scene's
// description as its alt text.
//
// window.downhillPicture: {src, shownAt, whenPainted(ms)}: whenPainted
// resolves with true once the picture has been painted, or with false
// after ms or when there is none; the loader waits for it (at most a
// second) before asking for main.wasm, so the download never holds the
// picture back (the picture is a same-origin file of 4 to 85 KB; the wait
// is its download, decode and first paint, 0.1 to 0.4 s here). shownAt is
// when it was painted (ms since navigation).
(() => {
  const api = window.downhillPicture = { src: "", shownAt: 0, whenPainted: () => Promise.resolve(false) };
  const search = new URLSearchParams(location.search);
  const hash = new URLSearchParams(location.hash.slice(1));
  // Settings that leave the figure's first frame as its scene's (or the
  // default page's): with any other (a surface, views, balls, present…) the
  // picture would not be what the figure shows, and the poster in words
  // stays the only one.
  const pageOnly = new Set(["scene", "embed", "load", "panel", "origin", "title", "caption", "sharp", "sound", "paused"]);
  const keys = [...search.keys(), ...hash.keys()];
  if (!keys.every((k) => pageOnly.has(k))) return;
  const scene = search.get("scene") ?? hash.get("scene") ?? "";
  let carried = null;
  try { carried = (history.state && history.state.downhill) || null; } catch (e) { carried = null; }
  if (carried && carried.picture) return; // its own last frame (loader.js)
  const list = document.getElementById("pictures"), img = document.getElementById("picture");
  if (!list || !img || !list.content) return;
  const entry = [...list.content.querySelectorAll("img")].find((e) => e.dataset.scene === scene);
  if (!entry) return;
  img.alt = entry.alt;
  img.width = Number(entry.getAttribute("width"));
  img.height = Number(entry.getAttribute("height"));
  img.src = entry.getAttribute("src");
  img.hidden = false;
  document.documentElement.classList.add("pictured");
  api.src = img.src;
  // Painted: the browser's own word (Element Timing: the picture's
  // renderTime, once it is on screen), or where a browser does not say
  // (Firefox, Safari), decoded and two frames later.
  const raf = window.requestAnimationFrame.bind(window);
  const types = (window.PerformanceObserver && PerformanceObserver.supportedEntryTypes) || [];
  const paint = new Promise((done) => {
    if (types.includes("element")) {
      new PerformanceObserver((entries, obs) => {
        const e = entries.getEntries().find((x) => x.identifier === "picture");
        if (!e) return;
        obs.disconnect();
        done(e.renderTime || performance.now());
      }).observe({ type: "element", buffered: true });
    } else {
      img.decode().then(() => raf(() => raf(() => done(performance.now()))), () => {});
    }
  });
  paint.then((t) => { api.shownAt = t; });
  // whenPainted(ms) resolves with true once the picture is painted, or
  // with false after ms (a figure out of view or in a hidden tab is not
  // painted; a slow machine must not hold the engine back for long).
  api.whenPainted = (ms) => Promise.race([paint.then(() => true), new Promise((done) => setTimeout(() => done(false), ms))]);
  window.addEventListener("downhill-ready", () => {
    img.hidden = true;
    img.removeAttribute("src");
    document.documentElement.classList.remove("pictured");
  }, { once: true });
})();
