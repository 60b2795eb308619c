"use strict";
// Downhill's loader. It reads the page's own settings (embed, load, panel,
// origin), shows the poster or the loading bar at once, downloads and
// compiles main.wasm when asked (load=eager at once; load=visible when the
// figure comes into view; load=click on the Run button), starts the engine,
// and starts it again, in the page, with the world carried across when the
// browser takes the WebGL context away (ebiten would reload the page and
// lose everything). Its progress is in window.downhillLoader ({phase, error,
// received, total, readyAt, starts, losses}) for tests and the benchmark;
// phase goes waiting -> download -> start -> ready, or ends in failed;
// readyAt is performance.now() (ms since navigation) at the first ready.
(() => {
  const $ = (id) => document.getElementById(id);
  const root = document.documentElement;

  // ---- The page's own settings (the world checks and reports them too) ----
  const search = new URLSearchParams(location.search);
  const hash = new URLSearchParams(location.hash.slice(1));
  const param = (k) => search.get(k) ?? hash.get(k);
  let embedded = false;
  try { embedded = window.top !== window; } catch (e) { embedded = true; }
  if (["1", "true", "yes", "on"].includes(param("embed"))) embedded = true;
  if (["0", "false", "no", "off"].includes(param("embed"))) embedded = false;
  const loadModes = ["visible", "click", "eager"];
  const load = loadModes.includes(param("load")) ? param("load") : (embedded ? "visible" : "eager");
  const origins = (param("origin") || "").split(",").map((s) => s.trim()).filter(Boolean);
  root.classList.toggle("embedded", embedded);

  // What the other scripts share: guest.js (a good guest, host messages)
  // and panel.js read it; events announce "engine" (started, nothing drawn
  // yet), "ready", "restart" and "failed".
  // window.downhill is the engine's raw functions wrapped here (the engine
  // calls downhillWrap): a refusal, which comes back as {error, field},
  // throws an Error with that message and field; a picture, which comes
  // back as a promise's executor, becomes a Promise of a PNG data URL.
  const toPNG = ({ width, height, pixels }) => {
    const c = document.createElement("canvas");
    c.width = width;
    c.height = height;
    c.getContext("2d").putImageData(new ImageData(pixels, width, height), 0, 0);
    return c.toDataURL("image/png");
  };
  window.downhillWrap = (raw) => {
    const api = { ready: false };
    for (const name of Object.keys(raw)) {
      api[name] = (...args) => {
        const r = raw[name](...args);
        if (r && typeof r === "object" && typeof r.error === "string") {
          const e = new Error(r.error);
          e.field = r.field;
          throw e;
        }
        if (r && typeof r === "object" && typeof r.promise === "function") {
          const p = new Promise(r.promise);
          return r.png ? p.then(toPNG) : p;
        }
        return r;
      };
    }
    return api;
  };

  const page = window.downhillPage = {
    embedded, load, origins, param, events: new EventTarget(),
    engine: null, // the running engine: {go, canvas, alive}
  };
  const status = window.downhillLoader = {
    phase: "waiting", error: "", received: 0, total: 0, readyAt: 0, starts: 0, losses: 0,
    // Sleeps and wakes of this figure (its document reloads to sleep, so
    // they are carried across in history.state with the losses).
    sleeps: 0, wakes: 0,
    // When each phase of the first start ended (ms since navigation), for
    // the benchmark: the download asked for, the response's headers, the
    // compiled module, the instance, the Go program's start (its main
    // until the first wait). The engine adds its own (wasm/main.go,
    // game.Game.Mark): main (the runtime and the packages' init done),
    // world, and the first frame's update, atlas, frame, paint, present.
    times: { fetch: 0, response: 0, compiled: 0, instantiated: 0, started: 0 },
  };

  const loader = $("loader"), text = $("loader-text"), bar = $("loader-bar"), bytes = $("loader-bytes");
  const poster = $("loader-poster"), run = $("loader-run");

  function fail(message) {
    status.phase = "failed";
    status.error = message;
    loader.classList.add("failed");
    loader.setAttribute("role", "alert");
    loader.hidden = false;
    bar.hidden = true;
    run.hidden = true;
    bytes.textContent = "";
    text.textContent = message;
    // The control panel has nothing to control: it steps aside.
    root.classList.add("failed");
    page.events.dispatchEvent(new CustomEvent("failed", { detail: message }));
  }
  page.fail = fail;

  const mb = (n) => (n / 1e6).toFixed(1) + " MB";
  function progress(received, total) {
    status.received = received;
    if (total > 0) {
      bar.value = Math.min(received / total, 1);
      bytes.textContent = `${mb(received)} of ${mb(total)}`;
    } else {
      bytes.textContent = mb(received);
    }
  }

  // What the figure will show, in words, from its address: the poster's
  // line before anything is downloaded.
  function describe() {
    // A lecturer's own words first (title= and caption=, shown as text).
    if (param("caption")) return param("caption");
    const scene = param("scene");
    if (scene) return `The lecture's scene ${scene.replace(/-/g, " ")}.`;
    if (param("tour")) return "The lecture \u201cLearning Parameters\u201d, scene by scene.";
    const surface = param("f") ? "your function " + param("f") : (param("surface") || "the lecture's sigmoid neuron");
    const opts = (param("opt") || "gd").split(",").join(", ");
    return `Optimizers (${opts}) rolling down ${surface}.`;
  }

  function hasWebGL2() {
    try {
      const gl = window.WebGL2RenderingContext && document.createElement("canvas").getContext("webgl2");
      if (!gl) return false;
      const lose = gl.getExtension("WEBGL_lose_context");
      if (lose) lose.loseContext();
      return true;
    } catch (e) {
      return false;
    }
  }

  // Ebiten never sets the context's antialias attribute, so browsers give
  // the default framebuffer multisampling, and resolving it is one more
  // full-screen pass each frame: under a software rasterizer (SwiftShader)
  // that cost as much as the drawing itself (measured at 1280x720). Nothing
  // visible is lost without it: ebiten draws into offscreen textures, which
  // are never multisampled, and the final copy to the screen is one quad
  // covering it exactly, pixel for pixel, with no edges to smooth.
  function noAntialias() {
    const getContext = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (type, attrs) {
      if (type === "webgl2" || type === "webgl") {
        attrs = Object.assign({}, attrs, { antialias: false });
      }
      return getContext.call(this, type, attrs);
    };
  }

  // Ebiten resizes its canvas on window "resize" only; the panel and the
  // tour bar can change the body's size without one. Tell it when they do.
  function followBodySize() {
    if (!window.ResizeObserver) return;
    let first = true;
    new ResizeObserver(() => {
      if (!first) window.dispatchEvent(new Event("resize"));
      first = false;
    }).observe(document.body);
  }

  // The Go runtime writes panics to fd 2; keep the end for the message.
  let stderrTail = "";
  function captureStderr() {
    const fs = globalThis.fs, write = fs.writeSync, decoder = new TextDecoder();
    fs.writeSync = function (fd, buf) {
      if (fd === 2) stderrTail = (stderrTail + decoder.decode(buf)).slice(-16384);
      return write.call(this, fd, buf);
    };
  }

  function exitMessage(code) {
    if (code === 0) return "Downhill has stopped. Reload the page to start it again.";
    // The panic line and what follows it, without the goroutine dumps.
    let lines = stderrTail.split("\n");
    const at = lines.findIndex((l) => /^(panic|fatal error): /.test(l));
    if (at >= 0) lines = lines.slice(at);
    const end = lines.findIndex((l) => /^goroutine \d+ /.test(l));
    if (end > 0) lines = lines.slice(0, end);
    const detail = lines.join("\n").trim().slice(0, 600);
    return `Downhill stopped with an error (exit code ${code}).` +
      (detail ? "\n" + detail : "") + "\nReload the page to start it again.";
  }

  // compile downloads and compiles main.wasm once; a restart reuses the
  // module. The response goes to the browser's streaming compiler as it
  // came (so it can keep the compiled code in its cache for the next
  // visit), while a copy of it is counted for the progress bar. A server
  // that does not say application/wasm gets the plain, buffered path.
  let module = null;
  // compile downloads and compiles main.wasm once (a fresh engine after a
  // lost context reuses the module). It starts only after the WebGL2 check:
  // a browser that cannot run the figure downloads nothing (starting it
  // before would save the check's 60 to 100 ms under software rendering).
  let compiling = null;
  function compile() {
    if (!compiling) {
      compiling = fetchAndCompile();
      compiling.catch(() => { compiling = null; }); // a later start tries again
    }
    return compiling;
  }
  // Why a download failed, in words a lecturer can act on: in an iframe
  // sandboxed without allow-same-origin the page's origin is opaque, and a
  // server that does not send Access-Control-Allow-Origin refuses it the
  // wasm: that is no connection problem.
  function downloadFailed(e) {
    if (self.origin === "null") {
      return new Error("This figure is in a sandboxed iframe, and the server of its files does not let such a page download main.wasm. " +
        "Add allow-same-origin to the iframe's sandbox attribute, or have the server send Access-Control-Allow-Origin: * with Downhill's files.");
    }
    if (navigator.onLine === false) return new Error(`Could not download main.wasm: this browser is offline. Reconnect and reload.`);
    return new Error(`Could not download main.wasm: ${e.message}. Check the connection and reload.`);
  }
  async function fetchAndCompile() {
    if (module) return module;
    status.times.fetch = performance.now();
    let res;
    try {
      res = await fetch("main.wasm");
    } catch (e) {
      throw downloadFailed(e);
    }
    status.times.response = performance.now();
    if (!res.ok) {
      throw new Error(`Could not download main.wasm: the server answered ${res.status} ${res.statusText}.`);
    }
    const injected = Number(document.querySelector('meta[name="downhill-wasm-size"]').content) || 0;
    const total = injected ||
      (res.headers.get("Content-Encoding") ? 0 : Number(res.headers.get("Content-Length")) || 0);
    status.total = total;
    progress(0, total);
    const count = async (body) => {
      const reader = body.getReader();
      const chunks = [];
      let received = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += value.byteLength;
        chunks.push(value);
        progress(received, total);
      }
      return chunks;
    };
    const streaming = WebAssembly.compileStreaming &&
      (res.headers.get("Content-Type") || "").split(";")[0].trim() === "application/wasm";
    try {
      if (streaming) {
        const copy = res.clone();
        const [m] = await Promise.all([WebAssembly.compileStreaming(res), count(copy.body)]);
        module = m;
      } else {
        const chunks = await count(res.body);
        module = await WebAssembly.compile(await new Blob(chunks).arrayBuffer());
      }
    } catch (e) {
      if (e instanceof TypeError) throw downloadFailed(e);
      throw new Error(`main.wasm could not be started by this browser: ${e.message}`);
    }
    return module;
  }

  // Each engine's ebiten keeps the requestAnimationFrame it found and adds
  // listeners to window and document while it starts: give it a frame
  // function of its own and note what it adds, so that a stopped engine's
  // callbacks and listeners go away with it.
  const realRAF = window.requestAnimationFrame.bind(window);
  const addListener = EventTarget.prototype.addEventListener;
  let starting = null;
  EventTarget.prototype.addEventListener = function (type, fn, opts) {
    if (starting && (this === window || this === document)) starting.listeners.push([this, type, fn, opts]);
    return addListener.call(this, type, fn, opts);
  };

  // startEngine starts a Go program on the module, with the world of
  // snapshot (a Uint8Array from downhill._snapshot) when given.
  async function startEngine(snapshot) {
    const m = await compile();
    if (!status.times.compiled) status.times.compiled = performance.now();
    status.phase = "start";
    text.textContent = "Starting…";
    bytes.textContent = "";
    bar.removeAttribute("value");
    const go = new Go();
    const engine = { go, alive: true, listeners: [], canvas: null, raf: null };
    let exitCode = null;
    go.exit = (code) => { exitCode = code; };
    const instance = await WebAssembly.instantiate(m, go.importObject);
    if (!status.times.instantiated) status.times.instantiated = performance.now();
    engine.raf = (cb) => realRAF((t) => { if (engine.alive) cb(t); });
    window.requestAnimationFrame = engine.raf;
    if (snapshot) window.downhillRestore = snapshot;
    const before = new Set(document.querySelectorAll("canvas"));
    starting = engine;
    const done = go.run(instance);
    starting = null;
    if (!status.times.started) status.times.started = performance.now();
    engine.canvas = [...document.querySelectorAll("canvas")].find((c) => !before.has(c)) || null;
    if (engine.canvas) {
      // Ebiten makes its canvas focusable with tabindex 1, which would put
      // it first in the page's tab order: 0 keeps the reading order. It
      // goes first in the body (the rest of the page is position: fixed),
      // so that the first Tab into the figure lands on it, panel or not.
      engine.canvas.tabIndex = 0;
      document.body.prepend(engine.canvas);
      // a11y.js names it after the object the keyboard is on and describes
      // it by the keys (sim.Bindings), once the engine is ready.
      engine.canvas.setAttribute("aria-label", "Downhill figure");
      engine.canvas.setAttribute("role", "application");
    }
    // The engine runs and window.downhill answers, but nothing is drawn
    // yet (the Go program pauses before its first picture): the page can
    // lay itself out around it now (panel.js sizes the band under the
    // pictures), so that the first picture is made at its final size.
    page.events.dispatchEvent(new Event("engine"));
    done.then(
      () => { if (engine.alive) fail(exitMessage(exitCode === null ? 0 : exitCode)); },
      (e) => { if (engine.alive) fail(`Downhill stopped with an error: ${e.message}\nReload the page to start it again.`); });
    page.engine = engine;
    status.starts++;
    waitReady(engine);
    return engine;
  }

  // stopEngine makes an engine inert: its frames and listeners are dropped
  // and its canvas removed; its Go program is left to wind down.
  function stopEngine(engine) {
    if (!engine) return;
    engine.alive = false;
    // The page's own requestAnimationFrame again (ebiten keeps the one it
    // found): left as the stopped engine's, it would drop every callback
    // of any script of the page while the figure is paused after a second
    // lost context (found by build/embed_test.go).
    if (window.requestAnimationFrame === engine.raf) window.requestAnimationFrame = realRAF;
    for (const [t, type, fn, opts] of engine.listeners) t.removeEventListener(type, fn, opts);
    if (engine.canvas) engine.canvas.remove();
  }
  page.stopEngine = stopEngine;

  let startsHere = 0; // engines started in this document
  function waitReady(engine) {
    if (status.phase === "failed" || !engine.alive) return;
    if (window.downhill && window.downhill.ready && page.engine === engine) {
      status.phase = "ready";
      if (!status.readyAt) status.readyAt = performance.now();
      loader.hidden = true;
      const first = ++startsHere === 1;
      page.events.dispatchEvent(new Event(first ? "ready" : "restart"));
      window.dispatchEvent(new Event("downhill-ready"));
      return;
    }
    realRAF(() => waitReady(engine));
  }

  // restart starts a fresh engine with the world of the old one (a lost
  // WebGL context): nothing is lost, nothing reloads.
  page.restart = async (snapshot) => {
    const old = page.engine;
    stopEngine(old);
    page.engine = null;
    if (page.fullResolution) page.fullResolution();
    try {
      await startEngine(snapshot);
    } catch (e) {
      fail(e.message);
    }
  };

  async function start(snapshot) {
    if (!window.WebAssembly) {
      throw new Error("Downhill needs WebAssembly, which this browser does not support. Please use a recent Firefox, Chrome, Edge or Safari.");
    }
    if (!hasWebGL2()) {
      throw new Error("Downhill needs WebGL2, which this browser does not provide (or has turned off). " +
        "Please use a recent Firefox, Chrome, Edge or Safari, and check that hardware acceleration is on.");
    }
    if (typeof Go !== "function") {
      throw new Error("Could not load wasm_exec.js, the script that starts Downhill. Reload the page.");
    }
    status.phase = "download";
    text.textContent = "Loading…";
    bar.hidden = false;
    run.hidden = true;
    noAntialias();
    captureStderr();
    followBodySize();
    await startEngine(snapshot || null);
  }
  // The page's picture first (picture.js): main.wasm is asked for once it
  // has been painted (or after a second), so the download never holds it
  // back.
  const pictured = () => (window.downhillPicture ? window.downhillPicture.whenPainted(1000) : Promise.resolve(false));
  const go = () => pictured().then(() => start()).catch((e) => fail(e.message));

  // ---- When to load ----
  poster.textContent = describe();
  if (param("title")) $("loader-title").textContent = param("title");
  poster.hidden = load === "eager";
  // A figure that went to sleep (guest.js: its document reloaded with its
  // world and last picture in history.state) shows that picture at once
  // and starts again with that world when it is seen, or when the host
  // page calls it.
  let carried = null;
  try { carried = (history.state && history.state.downhill) || null; } catch (e) { carried = null; }
  if (carried && !(carried.snapshot instanceof Uint8Array)) carried = null;
  // The times of the latest lost contexts (Date.now()), kept across the
  // reloads that replace an engine (guest.js).
  page.lossWindow = 30000;
  page.lossTimes = carried && Array.isArray(carried.lossTimes) ? carried.lossTimes.filter((t) => Date.now() - t <= page.lossWindow) : [];
  // pauseNote shows "the browser took this figure's graphics away" and
  // calls resume on a click.
  page.pauseNote = (resume) => {
    const note = $("pause-note");
    note.hidden = false;
    note.onclick = () => {
      note.hidden = true;
      page.lossTimes.length = 0;
      resume();
    };
  };
  let awake = !carried;
  page.asleep = () => !awake;
  page.wake = () => {
    if (awake) return;
    awake = true;
    if (carried.reason === "sleep") status.wakes = (carried.wakes || 0) + 1;
    start(carried.snapshot).catch((e) => fail(e.message));
  };
  if (carried) {
    status.sleeps = carried.sleeps || 0;
    status.wakes = carried.wakes || 0;
    status.losses = carried.losses || 0;
    status.starts = carried.starts || 0;
    const pic = $("sleep-picture");
    if (carried.picture) {
      pic.src = carried.picture;
      pic.hidden = false;
      loader.hidden = true;
    }
    text.textContent = carried.reason === "lost" ? "Starting again…" : "Paused while out of view: it goes on when you scroll back.";
    bar.hidden = true;
    page.events.addEventListener("ready", () => {
      pic.hidden = true;
      pic.removeAttribute("src");
      try { history.replaceState(null, ""); } catch (e) { /* nothing to clear */ }
    }, { once: true });
    if (carried.reason === "lost") {
      // After a lost context: at once, unless it is the second soon.
      if (page.lossTimes.length >= 2) page.pauseNote(page.wake);
      else page.wake();
    } else {
      // Seen: in view, in a tab that shows (a tab hidden meanwhile wakes
      // it when it shows again).
      let inView = false;
      const check = () => { if (inView && !document.hidden) page.wake(); };
      const io = window.IntersectionObserver && new IntersectionObserver((entries) => {
        inView = entries[entries.length - 1].isIntersecting;
        check();
      }, { threshold: 0 });
      document.addEventListener("visibilitychange", check);
      if (io) io.observe(root);
      else page.wake();
    }
  } else if (load === "click") {
    text.textContent = "Click Run to start it (it downloads about 2 MB).";
    bar.hidden = true;
    run.hidden = false;
    run.addEventListener("click", go, { once: true });
  } else if (load === "visible" && window.IntersectionObserver) {
    // Within a screen of the viewport (an iframe that loads lazily is only
    // loaded that near anyway).
    text.textContent = "Waiting to be scrolled into view…";
    bar.hidden = true;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        io.disconnect();
        go();
      }
    }, { rootMargin: "100% 0px" });
    io.observe(root);
  } else {
    go();
  }
})();
