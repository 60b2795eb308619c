"use strict";
// Downhill as a good guest on someone else's page. Ebiten's web backend
// calls preventDefault on every key, wheel and touch event on its canvas and
// reloads the page when the WebGL context is lost; these listeners sit on
// window in the capture phase, so they see every event before the canvas
// does and decide what reaches ebiten:
//   - keys go to the world through downhill.key (the same command as the
//     page's keys); Tab and Shift+Tab move the focus on, Esc leaves the
//     canvas; only Shift reaches ebiten (for Shift + drag);
//   - embedded, a plain wheel scrolls the host page (with a hint), Ctrl/⌘ +
//     wheel and a trackpad's pinch zoom the figure; one finger moving
//     mostly vertically scrolls the page unless it started on a start
//     marker, a tap drops, two fingers orbit and pinch as always;
//   - a lost context carries the world into a fresh engine (loader.js), and
//     pauses with a notice when it happens twice in a short time;
//   - out of sight (scrolled away, a hidden tab) nothing steps or draws;
//   - a host page on another origin drives the figure with postMessage.
(() => {
  const page = window.downhillPage;
  const root = document.documentElement;
  const $ = (id) => document.getElementById(id);
  const api = () => (window.downhill && window.downhill.ready ? window.downhill : null);
  const isCanvas = (t) => t instanceof HTMLCanvasElement && page.engine && t === page.engine.canvas;
  const isPage = (t) => t === document.body || t === root || t === document;

  // ---- Keys ----
  const modifier = (k) => k === "Shift" || k === "Control" || k === "Alt" || k === "Meta";
  addEventListener("keydown", (e) => {
    const t = e.target;
    if (!isCanvas(t) && !isPage(t)) return; // a control of the panel: its own keys
    if (isCanvas(t) && !(e.key === "Shift")) e.stopPropagation(); // ebiten never sees it
    if (modifier(e.key) || e.key === "Tab") return; // Tab: the browser moves the focus on
    if (e.key === "Escape") {
      if (isCanvas(t)) t.blur();
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return; // the browser's shortcuts
    const d = api();
    if (!d) return;
    let handled = false;
    try { handled = d.key(e.key, e.shiftKey); } catch (err) {
      // A refusal (an arrow on a ball, a drop where the loss is
      // undefined): said, not only logged.
      handled = true;
      if (page.announce) page.announce(err.message); else console.error("downhill:", err);
    }
    if (handled) e.preventDefault();
  }, true);
  addEventListener("keyup", (e) => {
    if (isCanvas(e.target) && e.key !== "Shift") e.stopPropagation();
  }, true);

  // ---- The wheel, embedded ----
  const hint = $("hint");
  if (/Mac|iPhone|iPad/.test(navigator.platform || "")) hint.textContent = "⌘ + scroll to zoom";
  let hintTimer = 0;
  function showHint() {
    hint.classList.add("show");
    clearTimeout(hintTimer);
    hintTimer = setTimeout(() => hint.classList.remove("show"), 1000);
  }
  page.hintShown = () => hint.classList.contains("show");
  addEventListener("wheel", (e) => {
    if (!page.embedded || !isCanvas(e.target) || e.ctrlKey || e.metaKey) return;
    e.stopPropagation(); // ebiten does not prevent it: the host page scrolls
    showHint();
  }, { capture: true, passive: true });

  // ---- One finger, embedded ----
  let touch = null; // {state: pending|scroll|drag|pan|multi, x, y}
  const pos = (t) => ({ x: t.clientX, y: t.clientY });
  addEventListener("touchstart", (e) => {
    if (!page.embedded || !isCanvas(e.target)) return;
    const d = api();
    if (e.touches.length >= 2 || !d) {
      touch = { state: "multi" }; // ebiten orbits and pinches
      return;
    }
    const p = pos(e.touches[0]);
    let grab = "";
    try { grab = d._grabs(p.x, p.y) || ""; } catch (err) { grab = ""; }
    if (grab === "start") {
      touch = { state: "drag", ...p }; // ebiten drags the marker (and keeps the page still)
      return;
    }
    touch = { state: "pending", ...p };
    e.stopPropagation(); // not yet ebiten's: the page may scroll
  }, { capture: true, passive: true });
  addEventListener("touchmove", (e) => {
    if (!touch || !isCanvas(e.target)) return;
    if (e.touches.length >= 2) {
      touch.state = "multi";
      return;
    }
    if (touch.state === "pending") {
      const p = pos(e.touches[0]);
      const dx = p.x - touch.x, dy = p.y - touch.y;
      if (dx * dx + dy * dy < 100) {
        e.stopPropagation();
        return;
      }
      // Mostly vertical: the page's scroll. Sideways: the figure's drag
      // (the 3D view turns), from here on.
      touch.state = Math.abs(dy) > Math.abs(dx) ? "scroll" : "pan";
    }
    if (touch.state === "scroll") e.stopPropagation();
  }, { capture: true, passive: true });
  const touchEnd = (e) => {
    if (!touch || !isCanvas(e.target)) return;
    if (touch.state === "pending") {
      // A tap: a click where it was (and no emulated mouse click after).
      e.preventDefault();
      e.stopPropagation();
      const d = api();
      if (d) d._tap(touch.x, touch.y);
    } else if (touch.state === "scroll") {
      e.stopPropagation();
    }
    if (e.touches.length === 0) touch = null;
  };
  addEventListener("touchend", touchEnd, { capture: true, passive: false });
  addEventListener("touchcancel", touchEnd, { capture: true, passive: false });

  // ---- Only what is seen runs ----
  let seen = true, seenAt = Date.now(), lastPicture = null;
  page.unseen = () => document.hidden || !seen; // pace.js leaves the resolution alone meanwhile
  function updateHidden() {
    const d = api();
    if (d) d._hidden(document.hidden || !seen);
    if (!page.unseen()) seenAt = Date.now();
  }
  // The figure's last picture, for when it sleeps: taken as it leaves the
  // view (half of it still shows, so it still draws frames), as a JPEG.
  function takePicture() {
    const d = api();
    if (!d || !page.embedded) return;
    d.screenshot({ scale: 1 }).then((url) => {
      const img = new Image();
      img.onload = () => {
        const c = document.createElement("canvas");
        c.width = img.width;
        c.height = img.height;
        c.getContext("2d").drawImage(img, 0, 0);
        lastPicture = c.toDataURL("image/jpeg", 0.85);
      };
      img.src = url;
    }, () => {});
  }
  if (window.IntersectionObserver) {
    let half = true;
    new IntersectionObserver((entries) => {
      const e = entries[entries.length - 1];
      seen = e.isIntersecting;
      const nowHalf = e.intersectionRatio >= 0.5;
      if (half && !nowHalf) takePicture();
      half = nowHalf;
      updateHidden();
    }, { threshold: [0, 0.5] }).observe(root);
  }
  document.addEventListener("visibilitychange", updateHidden);
  page.events.addEventListener("ready", updateHidden);
  page.events.addEventListener("restart", updateHidden);

  // ---- Many figures on a page: only those near the view hold an engine ----
  // An embedded figure unseen for SLEEP_AFTER_MS (scrolled away, or
  // its tab hidden), or unseen and the oldest-seen of more than LIVE_MAX
  // live figures of this origin on the page (they tell each other over a
  // BroadcastChannel), goes to sleep: its document reloads with its world
  // and its last picture in history.state, so that everything of the old
  // engine (its Go program, wasm memory, WebGL context, listeners) goes
  // with the old document; the new one shows the picture and starts the
  // engine with that world when the figure is seen again (loader.js). A
  // paused figure stays paused. Browsers keep about 16 WebGL contexts per
  // page: two (or as many as are in view) leave a wide margin.
  const LIVE_MAX = 2, SLEEP_AFTER_MS = 10000;
  const me = Math.random().toString(36).slice(2);
  const peers = new Map(); // id -> {seen, seenAt, at}
  let channel = null, sleeping = false;
  try { channel = new BroadcastChannel("downhill-figures"); } catch (e) { channel = null; }
  if (channel) {
    channel.onmessage = (e) => {
      const m = e.data;
      if (!m || typeof m.id !== "string") return;
      const known = peers.has(m.id);
      if (m.live) peers.set(m.id, { seen: !!m.seen, seenAt: +m.seenAt || 0, at: Date.now() });
      else peers.delete(m.id);
      if (m.live && !known) decide(); // one more live: at once, not at the next tick
    };
  }
  const live = () => !!(page.engine && page.engine.alive) && !sleeping;
  function tell() {
    if (channel) channel.postMessage({ id: me, live: live(), seen: !page.unseen(), seenAt });
  }
  function decide() {
    const now = Date.now();
    for (const [id, p] of peers) if (now - p.at > 3000) peers.delete(id);
    if (!page.embedded || !api() || !live()) return;
    if (!page.unseen()) {
      seenAt = now;
      return;
    }
    if (now - seenAt > SLEEP_AFTER_MS) return page.sleep();
    const others = [...peers.entries()];
    if (others.length + 1 <= LIVE_MAX) return;
    // Sleep if fewer than the excess are unseen and seen before me.
    const older = others.filter(([id, p]) => !p.seen && (p.seenAt < seenAt || (p.seenAt === seenAt && id < me))).length;
    if (older < others.length + 1 - LIVE_MAX) page.sleep();
  }
  setInterval(() => { tell(); decide(); }, 1000);
  page.events.addEventListener("ready", tell);
  // carry replaces the figure's document by a fresh one that goes on with
  // this world: to sleep (it starts again when seen) or after a lost
  // context (at once). False when the world cannot be carried (history
  // refuses it): the caller keeps the engine, or restarts it in place.
  function carry(reason, snapshot) {
    const st = window.downhillLoader;
    const carried = {
      reason, snapshot, picture: lastPicture, lossTimes: page.lossTimes,
      sleeps: st.sleeps + (reason === "sleep" ? 1 : 0), wakes: st.wakes, losses: st.losses, starts: st.starts,
    };
    try {
      history.replaceState({ downhill: carried }, "");
    } catch (err) {
      return false; // too large, or not allowed here
    }
    sleeping = true;
    tell();
    if (reason === "sleep") toHost({ downhill: "sleep" });
    location.reload();
    return true;
  }
  page.sleep = () => {
    const d = api();
    if (!d || sleeping) return false;
    let snapshot;
    try { snapshot = d._snapshot(); } catch (err) { return false; }
    return carry("sleep", snapshot);
  };

  // ---- A lost WebGL context ----
  // Ebiten cannot restore its images on the web: the world goes into a
  // fresh engine. Twice within lossWindow ms: a pause and a notice instead,
  // so that pages with many figures (browsers keep about 16 contexts and
  // drop the oldest) cannot fall into a loop.
  // The browser took the engine's WebGL context (ebiten would reload the
  // page and lose everything): the figure goes on in a fresh document with
  // the same world (carry), so the old engine's Go program and memory go
  // with the old one. Two losses within 30 s (their times are carried
  // too) show a notice instead, and a click resumes: a GPU that keeps
  // failing does not loop (loader.js shows it after the reload).
  addEventListener("webglcontextlost", (e) => {
    if (!page.engine || e.target !== page.engine.canvas) return;
    e.stopImmediatePropagation(); // ebiten would reload the page
    e.preventDefault();
    const d = window.downhill;
    let snap = null;
    try { snap = d._snapshot(); } catch (err) { console.error("downhill: snapshot:", err); }
    const now = Date.now();
    page.lossTimes.push(now);
    while (page.lossTimes.length && now - page.lossTimes[0] > page.lossWindow) page.lossTimes.shift();
    window.downhillLoader.losses++;
    toHost({ downhill: "lost" });
    if (snap && carry("lost", snap)) return;
    // The world could not be carried: a fresh engine in this document.
    if (page.lossTimes.length >= 2) {
      page.stopEngine(page.engine);
      page.pauseNote(() => page.restart(snap));
      return;
    }
    page.restart(snap);
  }, true);

  // ---- Full screen, where the page may ----
  const fs = $("fullscreen");
  if (document.fullscreenEnabled) {
    fs.hidden = false;
    fs.addEventListener("click", () => {
      if (document.fullscreenElement) document.exitFullscreen();
      else root.requestFullscreen().catch(() => {});
    });
  }

  // ---- The host page's messages ----
  // Calls are taken from the origins listed in origin= (comma-separated;
  // "*" must be written to take any) and from this page's own origin;
  // anything else is ignored without a reply. Events go to the listed
  // origins only.
  const accepts = (o) => o === location.origin || page.origins.includes("*") || page.origins.includes(o);
  const targets = () => {
    if (page.origins.includes("*")) return ["*"];
    const t = page.origins.filter((o) => o !== "*");
    return t.length ? t : [location.origin];
  };
  const toHost = (msg) => {
    if (window.parent === window) return;
    for (const o of targets()) {
      try { window.parent.postMessage(msg, o); } catch (err) { /* a malformed origin= entry */ }
    }
  };
  page.toHost = toHost;
  let quietUntil = 0; // the change counter after the host's own calls
  addEventListener("message", async (e) => {
    if (!accepts(e.origin)) return;
    const m = e.data;
    let d = api();
    if (m === "slide:start" || m === "slide:stop") { // reveal.js
      if (d) m === "slide:start" ? d.play() : d.pause();
      return;
    }
    const reply = (msg) => {
      try { e.source.postMessage(msg, e.origin === "null" ? "*" : e.origin); } catch (err) { /* the host went away */ }
    };
    const id = m && typeof m === "object" ? m.id : undefined;
    const refuse = (error) => reply({ downhill: "error", id, error });
    if (!m || typeof m !== "object" || Array.isArray(m)) {
      refuse("message: not a Downhill call (accepted: an object {downhill: \"call\", id, method, args})");
      return;
    }
    if (m.downhill !== "call") {
      refuse(`downhill: ${JSON.stringify(m.downhill === undefined ? null : m.downhill).slice(0, 40)} is not a call (accepted: "call")`);
      return;
    }
    if (!d && page.asleep && page.asleep()) {
      // A call to a sleeping figure wakes it and is answered once it runs.
      page.wake();
      await new Promise((done) => {
        page.events.addEventListener("ready", done, { once: true });
        setTimeout(done, 30000);
      });
      d = api();
    }
    if (!d) {
      refuse("downhill: not ready yet (accepted: calls after the ready event)");
      return;
    }
    const method = m.method;
    if (typeof method !== "string" || method.startsWith("_") || typeof d[method] !== "function") {
      const names = Object.keys(d).filter((k) => typeof d[k] === "function" && !k.startsWith("_")).sort().join(", ");
      refuse(`method: ${JSON.stringify(method === undefined ? null : method).slice(0, 40)} is unknown (accepted: ${names})`);
      return;
    }
    if (m.args !== undefined && !Array.isArray(m.args)) {
      refuse("args: not an array (accepted: the call's arguments as an array, e.g. [{lr: 0.5}])");
      return;
    }
    try {
      let result = d[method](...(m.args || []));
      if (result instanceof Promise) result = await result;
      quietUntil = d._changes();
      reply({ downhill: "result", id, result: result === undefined ? null : result });
    } catch (err) {
      quietUntil = d._changes();
      reply({ downhill: "error", id, error: String(err && err.message || err) });
    }
  });

  // Unasked: ready once the first frame is drawn; change when the reader
  // changes something or a ball converges, stops or diverges, at most 4
  // times a second, with the light state; error when the page fails.
  let seenChanges = -1;
  function pollChanges() {
    const d = api();
    // Standalone there is no host to tell (and state() is thousands of
    // allocations in the wasm).
    if (d && !document.hidden && window.parent !== window) {
      const n = d._changes();
      if (seenChanges < 0) seenChanges = n;
      if (n > seenChanges && n > quietUntil) {
        const s = d.state({ balls: 60, last: false });
        toHost({ downhill: "change", reason: s.reason, state: s });
      }
      seenChanges = n;
    }
    setTimeout(pollChanges, 250);
  }
  page.events.addEventListener("ready", () => {
    const d = api();
    toHost({ downhill: "ready", version: d ? d.info().version : "" });
    pollChanges();
  });
  // A fresh engine (after a lost context) counts its changes from its own
  // start: the old engine's counts would hide its first changes from the
  // host page (found by build/embed_test.go).
  page.events.addEventListener("restart", () => { seenChanges = -1; quietUntil = 0; });
  page.events.addEventListener("failed", (e) => toHost({ downhill: "error", error: e.detail }));
})();
