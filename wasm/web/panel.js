"use strict";
// The control panel, the lecture tour's bar and the first-visit prompt:
// plain DOM around window.downhill. Everything it offers comes from
// downhill.info() (the optimizers and their colours, every setting with its
// title, range, slider and choices, the schedules, the modes, the keys, the
// scenes), so an optimizer or a setting added in Go appears here by itself.
// It reads the world with downhill.state() a few times a second (never per
// frame) and changes it only through window.downhill (set, addBall, step,
// the exercises' calls); refusals come back as text and are shown next to
// the control that caused them. Data is written with textContent only.
(() => {
  const $ = (id) => document.getElementById(id);
  const root = document.documentElement;
  const page = window.downhillPage;
  const panel = $("panel"), panelBody = $("panel-body"), toggle = $("panel-toggle");
  const POLL_MS = 250;
  const MAX_ROWS = 60;
  // window.downhill once ready, its latest state() and info().
  let api = null, st = null, info = null, timer = 0;
  const opt = (n) => (info && info.optimizers.find((o) => o.name === n)) || { name: n, title: n, long: n, color: "#888" };
  const optTitle = (n) => opt(n).title;

  // ---- Layout: beside the canvas or a sheet below it, open or collapsed ----
  // The side panel when the window is landscape and at least 720 px wide,
  // open at first when the canvas keeps 1000 px beside it (narrower, the 3D
  // view gets cramped); else the sheet, collapsed to its bar at first.
  // panel=open or panel=closed (in the query or after #) overrides the
  // first choice; panel=off shows no panel at all (the canvas gets the
  // whole window: for a projector, embedding, benchmarks and tests of the
  // views). An embed starts collapsed.
  const sideQuery = matchMedia("(min-width: 720px) and (min-aspect-ratio: 1/1)");
  const pref = page.param("panel");
  let userOpen = pref === "open" ? true : pref === "closed" ? false : (page.embedded ? false : null);
  if (pref === "off") root.classList.add("nopanel");
  const isOpen = () => root.classList.contains("open");
  function layout() {
    if (root.classList.contains("nopanel")) {
      root.classList.remove("side", "sheet", "open");
      panelBody.hidden = true;
      return;
    }
    const side = sideQuery.matches;
    // Whole pixels, so the canvas ends exactly where the sheet begins.
    root.style.setProperty("--sheet-open", Math.round(Math.min(innerHeight * 0.42, 384)) + "px");
    const open = userOpen !== null ? userOpen : side && innerWidth >= 1200;
    root.classList.toggle("side", side);
    root.classList.toggle("sheet", !side);
    root.classList.toggle("open", open);
    panelBody.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = open ? (side ? "Hide ▸" : "Hide ▾") : (side ? "◂ Controls" : "Controls ▴");
    toggle.setAttribute("aria-label", open ? "Hide the control panel" : "Show the control panel");
    if (api) refresh();
  }
  layout();
  sideQuery.addEventListener("change", layout);
  addEventListener("resize", layout);
  toggle.addEventListener("click", () => { userOpen = !isOpen(); layout(); });

  // URL errors: a click dismisses them.
  const urlErr = $("downhill-error");
  urlErr.title = "Click to dismiss";
  urlErr.addEventListener("click", () => { urlErr.textContent = ""; urlErr.style.display = ""; });

  // ---- Formatting ----
  function num(v) {
    if (typeof v !== "number" || !isFinite(v)) return "—";
    if (v === 0) return "0";
    return String(Number(v.toPrecision(6)));
  }
  function short(v) {
    if (typeof v !== "number" || !isFinite(v)) return "—";
    if (v === 0) return "0";
    const a = Math.abs(v);
    if (a < 1e-3 || a >= 1e5) return v.toExponential(2).replace("e+", "e");
    return String(Number(v.toPrecision(4)));
  }
  const pt = (p) => `(${short(p[0])}, ${short(p[1])})`;
  function text(el, s) { if (el.textContent !== s) el.textContent = s; }
  function el(tag, props, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === "text") e.textContent = v;
      else if (k === "class") e.className = v;
      else if (k.startsWith("aria-") || k === "role" || k === "for") e.setAttribute(k, v);
      else e[k] = v;
    }
    for (const k of kids) e.append(k);
    return e;
  }
  function showErr(id, errs) {
    const box = $(id);
    if (!box) return !(errs || []).length;
    const msg = (errs || []).join("\n");
    text(box, msg);
    const field = document.querySelector(`[aria-describedby~="${id}"]`);
    if (field) field.setAttribute("aria-invalid", msg ? "true" : "false");
    return !msg;
  }
  const announce = (s) => { $("announce").textContent = s; };

  // ---- Talking to window.downhill ----
  // set applies settings; the errors go to the error box errId.
  function set(params, errId) {
    let errs;
    try { errs = api.set(params); } catch (e) { errs = [e.message]; }
    showErr(errId, errs);
    refresh();
    return errs.length === 0;
  }
  // run calls f, showing a thrown error in errId.
  function run(errId, f) {
    try {
      const r = f();
      showErr(errId, []);
      refresh();
      return r;
    } catch (e) {
      showErr(errId, [e.message]);
      refresh();
      return undefined;
    }
  }
  // refresh reads state() and shows it, then polls again: a few times a
  // second, less often when state() itself is slow (thousands of balls),
  // so that it never takes more than ~2% of the page's time. The panel's
  // body is not rendered while it does not show.
  let seenChanges = -1;
  function refresh() {
    clearTimeout(timer);
    if (!api) return;
    // Without the panel (panel=off) only the tour bar shows: it changes
    // only with the world's changes, so state() (hundreds of allocations
    // in the wasm) is read only when there were some.
    const n = api._changes();
    checkLayout(n);
    if (root.classList.contains("nopanel") && st) {
      if (n === seenChanges) {
        timer = setTimeout(refresh, POLL_MS);
        return;
      }
      seenChanges = n;
    }
    const t0 = performance.now();
    try {
      st = api.state({ balls: wantRows() ? MAX_ROWS : 0, last: false });
    } catch (e) {
      console.error("panel:", e);
      timer = setTimeout(refresh, 1000);
      return;
    }
    const cost = performance.now() - t0;
    try {
      renderTour(st);
      if (!root.classList.contains("nopanel") && !(root.classList.contains("side") && !isOpen())) {
        if (panelBody.hidden) renderPlayback(st); // the sheet's bar only
        else render(st);
      }
    } catch (e) {
      console.error("panel:", e);
    }
    // With many balls, once a second (the counts still move; what the
    // reader does refreshes at once).
    const every = st && st.ballCount > FEW_BALLS ? 1000 : POLL_MS;
    timer = setTimeout(refresh, Math.max(every, Math.min(2000, cost * 50)));
  }
  // A field being edited is not overwritten by the poll.
  const editing = (e) => document.activeElement === e;

  // ---- Head: play/pause, step ----
  function play() { st && st.paused ? api.play() : api.pause(); refresh(); }
  function step() { api.key("s"); refresh(); }
  $("play").addEventListener("click", play);
  $("step").addEventListener("click", step);

  // ---- The lecture: a scene list, the tour bar, presenting ----
  const sceneSel = $("scene");
  sceneSel.addEventListener("change", () => {
    if (sceneSel.value) run("err-surface", () => api.scene(sceneSel.value));
  });
  $("tour-start").addEventListener("click", () => run("err-surface", () => api.tour(true)));
  $("prompt-tour").addEventListener("click", () => run("err-surface", () => api.tour(true)));
  $("tour-prev").addEventListener("click", () => run("err-surface", () => api.previous()));
  $("tour-next").addEventListener("click", () => run("err-surface", () => api.next()));
  $("tour-close").addEventListener("click", () => run("err-surface", () => api.tour(false)));
  $("present").addEventListener("click", () => set({ present: !(st && st.present) }, "err-surface"));
  // The sound switch (sound.js plays it; the click is the gesture that
  // lets the browser start the audio).
  $("sound-on").addEventListener("change", (e) => set({ sound: e.target.checked ? 1 : 0 }, "err-speed"));
  // The band under the pictures (index.html's #tour): what it says comes
  // from state(); fitBand sizes it to its text.
  const band = $("tour");
  const VIEW_TITLES = { "3d": "3D surface", contour: "contour map", loss: "loss curves", fit: "fit to the data" };
  const VIEW_SHORT = { "3d": "3D", contour: "map", loss: "loss", fit: "fit" };
  let bandKey = "", expanded = false, hiddenViews = [];
  function renderTour(s) {
    const sc = s.scene;
    const touring = !!(s.tour && sc);
    const sceneShown = touring || !!(sc && page.param("scene"));
    root.classList.toggle("present", !!s.present);
    $("present").setAttribute("aria-pressed", String(!!s.present));
    $("sound-on").checked = !!s.sound;
    text($("present"), s.present ? "Stop presenting" : "Present");
    let where = "", caption = "", rule = "";
    if (sceneShown) {
      where = `${sc.section} ${sc.title}` + (touring ? ` · ${sc.index + 1} of ${sc.count}` : "");
      caption = sc.caption;
      rule = sc.rule;
      $("tour-prev").disabled = sc.index === 0;
      $("tour-next").disabled = sc.index === sc.count - 1;
    }
    // A lecturer's own words take the place of the scene's.
    if (s.title) where = s.title + (touring ? ` · ${sc.index + 1} of ${sc.count}` : "");
    if (s.caption) caption = s.caption;
    $("tour-nav").hidden = !touring;
    if (!editing(sceneSel)) sceneSel.value = sc ? sc.name : "";
    // A first visit (no parameters at all): the empty surface says what to
    // do, until the first ball or scene.
    const empty = s.ballCount === 0 && !sc && s.mode === "roll" && !s.search && s.guesses.length === 0;
    const prompt = empty && !promptDone && firstVisit && !s.present;
    if (!empty) promptDone = true;
    // The caption's first sentence, for a band that must be brief.
    const m = /^(.+?[.!?])\s+(?=\S)/.exec(caption);
    const lead = m ? m[1] : caption, rest = m ? caption.slice(m[0].length - 1) : "";
    const key = [where, caption, rule, touring, prompt, s.present, hiddenViews.join(), s.main].join("\n");
    if (key === bandKey) return;
    if (caption !== captionShown) expanded = false;
    captionShown = caption;
    bandKey = key;
    text($("tour-where"), where);
    text($("caption-lead"), lead);
    text($("caption-rest"), rest);
    $("caption-row").classList.toggle("empty", !caption);
    text($("tour-rule"), rule);
    $("prompt").hidden = !prompt;
    renderOffer(s);
    const shown = !!(where || caption || rule || touring || prompt || hiddenViews.length);
    if (root.classList.contains("touring") !== shown) root.classList.toggle("touring", shown);
    // The full-screen button goes in the band's head while there is one
    // (in the canvas's corner it would cover the loss plot's last tick).
    // The Table button ("View as table") goes with it.
    const home = shown ? $("band-head") : $("corner");
    for (const b of [$("view-table"), $("fullscreen")]) if (b.parentElement !== home) home.append(b);
    fitBand();
  }
  let captionShown = "";
  // The views a small frame leaves out (layout().hidden), as buttons that
  // make one of them the main view (main=): the frame then shows it.
  function renderOffer(s) {
    const offer = $("views-offer");
    offer.hidden = hiddenViews.length === 0;
    const want = hiddenViews.join();
    if (offer.dataset.views === want) return;
    offer.dataset.views = want;
    offer.replaceChildren($("views-offer-label"), ...hiddenViews.map((v) => {
      const b = el("button", { type: "button", text: VIEW_SHORT[v] || v, "aria-label": "Show the " + (VIEW_TITLES[v] || v) });
      b.dataset.view = v;
      b.addEventListener("click", () => set({ main: v }, "err-views"));
      return b;
    }));
  }
  // checkLayout reads which views the frame left out, when the canvas's
  // size or the world changed (layout() costs a few allocations in the
  // wasm: not on every poll); the layout follows a resize one frame later,
  // so a new size is looked at twice.
  let layoutSeen = "", layoutAgain = 0;
  function checkLayout(changes) {
    const c = document.querySelector("canvas");
    const k = (c ? c.clientWidth + "x" + c.clientHeight : "") + "/" + changes;
    if (k === layoutSeen && layoutAgain <= 0) return;
    layoutAgain = k === layoutSeen ? layoutAgain - 1 : 2;
    layoutSeen = k;
    try {
      const h = api.layout().hidden || [];
      if (h.join() !== hiddenViews.join()) {
        hiddenViews = h;
        bandKey = "";
        if (st) renderTour(st);
      }
    } catch (e) { /* not laid out yet */ }
  }
  $("caption-more").addEventListener("click", () => { expanded = !expanded; fitBand(); });
  // fitBand gives the band the height of its text, at the most detailed
  // level that fits in 45% of the frame, scrolling inside itself past that;
  // the canvas gets the rest. The level is chosen as if every other view
  // were offered, so that it does not flip when the canvas's new size
  // changes what is offered. Opened with More, the whole text is a sheet
  // over the pictures (up to 80% of the frame, scrolling past that) that
  // leaves the canvas as it was: Less folds it back.
  let bandHeight = -1;
  function fitBand() {
    let h = 0;
    if (root.classList.contains("touring")) {
      const avail = innerHeight - (parseFloat(getComputedStyle(root).getPropertyValue("--panel-height")) || 0);
      const cap = Math.max(40, Math.floor(avail * 0.45));
      const more = $("caption-more"), offer = $("views-offer");
      const canFold = !!$("caption-rest").textContent || !!$("tour-rule").textContent;
      band.classList.remove("open", "scrolls");
      band.style.height = "";
      band.classList.add("measuring");
      // The widest offer: every view but the main one.
      const views = (st && st.views) || [];
      const widest = views.length > 1 ? views.filter((v) => v !== (st && st.main)) : [];
      const saved = [...offer.children], savedHidden = offer.hidden;
      offer.replaceChildren($("views-offer-label"), ...widest.map((v) => el("button", { type: "button", text: VIEW_SHORT[v] || v })));
      offer.hidden = widest.length === 0;
      let level = "full";
      more.hidden = true;
      band.dataset.level = level;
      if (band.offsetHeight > cap && $("caption-lead").textContent) {
        more.hidden = false;
        for (level of canFold ? ["brief", "title"] : ["title"]) {
          band.dataset.level = level;
          if (band.offsetHeight <= cap) break;
        }
      }
      offer.replaceChildren(...saved);
      offer.hidden = savedHidden;
      h = band.offsetHeight;
      if (level !== "full" && expanded) {
        // The sheet: its whole text over the pictures.
        band.dataset.level = "full";
        const full = band.offsetHeight, open = Math.min(full, Math.floor(avail * 0.8));
        band.classList.remove("measuring");
        band.classList.add("open");
        band.classList.toggle("scrolls", full > open);
        band.style.height = open + "px";
      } else {
        band.classList.remove("measuring");
        band.classList.toggle("scrolls", h > cap);
      }
      more.setAttribute("aria-expanded", String(band.dataset.level === "full"));
      text(more, band.dataset.level === "full" ? "Less ▴" : level === "brief" ? "More ▾" : "Caption ▾");
      h = Math.min(h, cap);
    }
    if (h !== bandHeight) {
      bandHeight = h;
      root.style.setProperty("--tour-open", h + "px");
      window.dispatchEvent(new Event("resize"));
    }
  }
  addEventListener("resize", () => { if (root.classList.contains("touring")) fitBand(); });
  let promptDone = false;
  const firstVisit = !location.search && !location.hash && !page.embedded;

  // ---- Surface ----
  const surfaceSel = $("surface"), customRow = $("custom-row"), customF = $("custom-f");
  let customPending = false; // "custom" chosen, f not applied yet
  surfaceSel.addEventListener("change", () => {
    if (surfaceSel.value === "custom") {
      customPending = true;
      customRow.hidden = false;
      if (!customF.value) customF.value = st && st.f ? st.f : "(1 - w)^2 + 10*(b - w^2)^2";
      showErr("err-surface", []);
      return;
    }
    customPending = false;
    set({ surface: surfaceSel.value }, "err-surface");
  });
  function applyF() {
    if (set({ surface: "custom", f: customF.value }, "err-f")) customPending = false;
  }
  $("custom-apply").addEventListener("click", applyF);
  customF.addEventListener("keydown", (e) => { if (e.key === "Enter") applyF(); });
  $("fit-paths").addEventListener("click", () => run("err-surface", () => api.fit()));
  $("reset-view").addEventListener("click", () => run("err-surface", () => api.resetView()));

  function renderSurface(s) {
    const hidden = s.mode === "quiz" && s.quiz && s.quiz.picked < 0;
    if (!editing(surfaceSel)) {
      let want = hidden ? "" : s.surface;
      if (customPending) want = "custom";
      if (![...surfaceSel.options].some((o) => o.value === want)) {
        surfaceSel.prepend(el("option", { value: "", text: "— hidden during the quiz —" }));
      }
      if (surfaceSel.value !== want) surfaceSel.value = want;
      if (!hidden) [...surfaceSel.options].filter((o) => o.value === "").forEach((o) => o.remove());
    }
    customRow.hidden = !(customPending || (s.surface === "custom" && !hidden));
    if (s.surface === "custom" && !customPending && !editing(customF) && s.f) customF.value = s.f;
    let about = hidden ? "The quiz hides this surface's name: pick A, B, C or D under Exercises." : info.about;
    if (!hidden && info.undefined) about += "\nUndefined (grey) where " + info.undefined + ".";
    text($("about"), about);
    const views = $("views-list");
    for (const box of views.querySelectorAll("input")) box.checked = s.views.includes(box.value);
  }
  function buildViews() {
    const list = $("views-list");
    for (const v of info.views) {
      const box = el("input", { type: "checkbox", id: "view-" + v, value: v });
      box.addEventListener("change", () => {
        const order = info.views.filter((x) => (x === v ? box.checked : st.views.includes(x)));
        if (!order.length) {
          box.checked = true;
          showErr("err-views", ["views: keep at least one view"]);
          return;
        }
        set({ views: order.join(",") }, "err-views");
      });
      list.append(el("label", { class: "check", for: "view-" + v }, box, VIEW_TITLES[v] || v));
    }
  }

  // ---- Optimizers ----
  const optList = $("opt-list");
  function buildOpts() {
    for (const o of info.optimizers) {
      const box = el("input", { type: "checkbox", id: "opt-" + o.name, value: o.name });
      box.addEventListener("change", onOptChange);
      const sw = el("span", { class: "swatch", "aria-hidden": "true" });
      sw.style.background = o.color;
      optList.append(el("label", { class: "check", for: "opt-" + o.name, title: o.long }, box, sw, o.title));
    }
  }
  function onOptChange(e) {
    const checked = info.optimizers.map((o) => o.name).filter((n) => $("opt-" + n).checked);
    if (checked.length === 0) {
      e.target.checked = true;
      showErr("err-opt", ["opt: keep at least one optimizer checked: a click drops one ball for each"]);
      return;
    }
    // Keep the order of those already on (the first is the default of
    // addBall and of the sweep); new ones go last.
    const order = st.enabled.filter((n) => checked.includes(n)).concat(checked.filter((n) => !st.enabled.includes(n)));
    set({ opt: order.join(",") }, "err-opt");
  }
  function renderOpts(s) {
    for (const o of info.optimizers) {
      const box = $("opt-" + o.name);
      const on = s.enabled.includes(o.name);
      if (box.checked !== on) box.checked = on;
    }
  }

  // ---- Hyperparameters: one row per info().hyperparameters ----
  const target = $("hp-target");
  const rows = {};
  function applyHP(key, value) {
    const k = target.value ? `${target.value}.${key}` : key;
    return set({ [k]: value }, "err-" + key);
  }
  // A slider's position and value: log sliders move in log10.
  const toSlider = (spec, v) => (spec.slider.log ? Math.log10(v) : v);
  function fromSlider(spec, v) {
    if (spec.slider.log) return Number((10 ** v).toPrecision(3));
    if (spec.kind === "whole") return Math.round(v);
    return Number(Number(v).toFixed(4));
  }
  function sliderOf(spec, id, label) {
    const s = spec.slider;
    const range = el("input", { type: "range", id: id + "-range", "aria-label": label });
    if (s.log) {
      range.min = Math.log10(s.min); range.max = Math.log10(s.max); range.step = 0.01;
    } else {
      range.min = s.min; range.max = s.max; range.step = s.step || (spec.kind === "whole" ? 1 : 0.001);
    }
    return range;
  }
  function buildHP() {
    const hpRows = $("hp-rows");
    for (const spec of info.hyperparameters) {
      const id = "hp-" + spec.key, errId = "err-" + spec.key;
      const row = el("div", { class: "row" });
      row.dataset.key = spec.key;
      const r = { spec, row, note: el("p", { class: "hint" }), err: el("p", { class: "err", id: errId, "aria-live": "polite" }) };
      if (spec.off) {
        // A number that can be off (γ max of the momentum schedule): a
        // checkbox and the usual picks.
        const box = el("input", { type: "checkbox", id: id + "-on" });
        const sel = el("select", { id, "aria-describedby": errId });
        for (const v of spec.choices) sel.append(el("option", { value: v, text: v }));
        sel.value = spec.choices[Math.min(2, spec.choices.length - 1)];
        box.addEventListener("change", () => applyHP(spec.key, box.checked ? sel.value : spec.off));
        sel.addEventListener("change", () => { if (box.checked) applyHP(spec.key, sel.value); });
        row.append(el("label", { class: "check", for: id + "-on" }, box, spec.title),
          el("label", { for: id, class: "gm", text: "γ max" }), sel);
        r.show = (v) => {
          const on = v !== null && v !== undefined;
          if (box.checked !== on) box.checked = on;
          if (on && !editing(sel)) {
            const s = num(v);
            if (![...sel.options].some((o) => o.value === s)) sel.append(el("option", { value: s, text: s }));
            if (sel.value !== s) sel.value = s;
          }
        };
      } else if (spec.kind === "flag") {
        const box = el("input", { type: "checkbox", id });
        box.addEventListener("change", () => applyHP(spec.key, box.checked));
        row.className = "check";
        row.append(box, el("label", { for: id, text: spec.title }));
        r.show = (v) => { if (box.checked !== v) box.checked = v; };
      } else if (spec.kind === "choice") {
        row.classList.add("wide");
        const sel = el("select", { id, "aria-describedby": errId });
        spec.choices.forEach((v, i) => sel.append(el("option", { value: v, text: (spec.choiceTitles || [])[i] || v })));
        sel.addEventListener("change", () => applyHP(spec.key, sel.value));
        row.append(el("label", { for: id, text: spec.title }), sel);
        r.show = (v) => { if (!editing(sel) && sel.value !== v) sel.value = v; };
      } else if (spec.slider) {
        const label = `${spec.title} (slider${spec.slider.log ? ", log scale" : ""} ${num(spec.slider.min)} to ${num(spec.slider.max)})`;
        const range = sliderOf(spec, id, label);
        const field = el("input", { type: "text", id, inputmode: spec.kind === "whole" ? "numeric" : "decimal", autocomplete: "off", "aria-describedby": errId });
        range.addEventListener("input", () => {
          const v = fromSlider(spec, Number(range.value));
          field.value = num(v);
          applyHP(spec.key, v);
        });
        field.addEventListener("change", () => applyHP(spec.key, field.value.trim()));
        field.addEventListener("keydown", (e) => { if (e.key === "Enter") applyHP(spec.key, field.value.trim()); });
        row.append(el("label", { for: id, text: spec.title }), range, field);
        r.show = (v) => {
          if (!editing(field) && !editing(range)) {
            if (field.value !== num(v)) field.value = num(v);
            const sv = String(toSlider(spec, v));
            if (range.value !== sv) range.value = sv;
          }
        };
        r.range = range;
      } else {
        // A list or a seed: a field.
        row.classList.add("wide");
        const field = el("input", { type: "text", id, autocomplete: "off", spellcheck: false, "aria-describedby": errId });
        field.addEventListener("change", () => applyHP(spec.key, field.value.trim()));
        field.addEventListener("keydown", (e) => { if (e.key === "Enter") applyHP(spec.key, field.value.trim()); });
        const title = spec.kind === "list" ? `${spec.title} (up to ${spec.maxItems})` : spec.title;
        row.append(el("label", { for: id, text: title }), field);
        r.show = (v) => {
          const s = Array.isArray(v) ? v.map(num).join(", ") : num(v);
          if (!editing(field) && field.value !== s) field.value = s;
        };
      }
      row.append(r.note, r.err);
      hpRows.append(row);
      rows[spec.key] = r;
    }
    target.addEventListener("change", () => render(st));
  }

  function renderHP(s) {
    // The target list: every optimizer, or one of those enabled.
    const want = ["", ...s.enabled];
    const have = [...target.options].map((o) => o.value);
    if (want.join() !== have.join()) {
      const keep = target.value;
      target.replaceChildren(el("option", { value: "", text: "all optimizers" }),
        ...s.enabled.map((n) => el("option", { value: n, text: "just " + optTitle(n) })));
      target.value = want.includes(keep) ? keep : "";
    }
    const rules = target.value ? [target.value] : s.enabled;
    for (const spec of info.hyperparameters) {
      const r = rows[spec.key];
      const users = rules.filter((n) => spec.rules.includes(n));
      let show = users.length > 0 && !(spec.data && s.points <= 1);
      const c = users.length ? s.config[users[0]] : null;
      if (show && spec.schedules && spec.schedules.length) show = spec.schedules.includes(c.schedule);
      if (show && spec.batched) show = c.batch > 0 && c.batch < s.points;
      if (r.row.hidden !== !show) r.row.hidden = !show;
      if (!show) continue;
      const v = c[spec.key];
      if (spec.key === "batch" && r.range) r.range.max = s.points;
      r.show(v);
      // Say so when the optimizers a change would set disagree now.
      let note = "";
      if (!target.value && users.length > 1) {
        const vals = users.map((n) => [n, JSON.stringify(s.config[n][spec.key])]);
        if (vals.some(([, x]) => x !== vals[0][1])) {
          note = "Now " + vals.map(([n, x]) => `${optTitle(n)} ${String(x).replace(/"/g, "")}`).join(" · ") + "; a change sets all.";
        }
      }
      text(r.note, note);
    }
  }

  // The lecture's table: steps per epoch for full batch, stochastic and
  // mini-batch, with the current setting marked.
  function renderEpochs(s) {
    const tbody = $("epochs").tBodies[0], n = s.points;
    const rule = target.value || s.enabled[0];
    const c = s.config[rule];
    $("epochs").hidden = n <= 1;
    if (n <= 1) {
      text($("epochs-note"), "This surface is a plain function without data points: every step uses all of it (one step per epoch).");
      tbody.replaceChildren();
      return;
    }
    const b = c.batch > 0 && c.batch < n ? c.batch : 0;
    const want = [
      ["full batch", String(n), "1", b === 0],
      ["stochastic", "1", `N = ${n}`, b === 1],
      b > 1 ? ["mini-batch", String(b), `N/B = ${n}/${b} → ${c.stepsPerEpoch}`, true] : ["mini-batch", "B", `N/B = ${n}/B`, false],
    ];
    const key = JSON.stringify(want);
    if (tbody.dataset.key !== key) {
      tbody.dataset.key = key;
      tbody.replaceChildren(...want.map(([name, bb, steps, cur]) => {
        const tr = el("tr", {}, el("td", { text: name + (cur ? " (now)" : "") }), el("td", { text: bb }), el("td", { text: steps }));
        if (cur) tr.className = "current";
        return tr;
      }));
    }
    text($("epochs-note"), `N = ${n} data points. ${optTitle(rule)} now takes ${c.stepsPerEpoch} step${c.stepsPerEpoch === 1 ? "" : "s"} per epoch.`);
  }

  // ---- Playback ----
  const speed = $("speed"), speedRange = $("speed-range"), maxSteps = $("max-steps");
  let speedSpec = null;
  function buildPlayback() {
    speedSpec = info.settings.find((x) => x.key === "speed");
    const s = speedSpec.slider;
    speedRange.min = Math.log10(s.min);
    speedRange.max = Math.log10(s.max);
    speedRange.step = 0.01;
    speedRange.setAttribute("aria-label", `Speed, steps per second (log scale ${num(s.min)} to ${num(s.max)})`);
    text($("speed-label"), speedSpec.title);
  }
  speedRange.addEventListener("input", () => {
    const v = Number((10 ** Number(speedRange.value)).toPrecision(2));
    speed.value = num(v);
    set({ speed: v }, "err-speed");
  });
  const applySpeed = () => set({ speed: speed.value.trim() }, "err-speed");
  speed.addEventListener("change", applySpeed);
  speed.addEventListener("keydown", (e) => { if (e.key === "Enter") applySpeed(); });
  const applyMax = () => set({ maxSteps: maxSteps.value.trim() }, "err-maxSteps");
  maxSteps.addEventListener("change", applyMax);
  maxSteps.addEventListener("keydown", (e) => { if (e.key === "Enter") applyMax(); });
  const restart = () => { api.restart(); announce("Every ball is back at its start."); refresh(); };
  const clear = () => { api.reset(); announce("Every ball removed."); refresh(); };
  $("restart").addEventListener("click", restart);
  $("restart2").addEventListener("click", restart);
  $("clear").addEventListener("click", clear);

  function renderPlayback(s) {
    const p = $("play");
    text(p, s.paused ? "▶ Play" : "❚❚ Pause");
    p.setAttribute("aria-label", s.paused ? "Play" : "Pause");
    if (!editing(speed) && !editing(speedRange)) {
      if (speed.value !== num(s.speed)) speed.value = num(s.speed);
      speedRange.value = String(Math.log10(s.speed));
    }
    if (!editing(maxSteps) && maxSteps.value !== String(s.maxSteps)) maxSteps.value = String(s.maxSteps);
    text($("status"), `${s.paused ? "paused" : num(s.speed) + " steps/s"} · ${s.ballCount} ball${s.ballCount === 1 ? "" : "s"}` +
      (s.ballCount ? `, ${s.rolling} rolling` : ""));
  }

  // ---- Balls ----
  const list = $("balls-list");
  const seenDiverged = new Set();
  // The rows are read only while someone can see them, or while there are
  // few balls: state() of 60 rows is about 2,300 allocations in the wasm,
  // which at 2,000 balls four times a second was 370 a frame (and the
  // collections they bring). Scrolled into view, the list fills at once.
  const ballsSec = $("sec-balls");
  let ballsInView = typeof IntersectionObserver !== "function";
  if (!ballsInView) {
    new IntersectionObserver((es) => {
      const was = ballsInView;
      ballsInView = es[es.length - 1].isIntersecting;
      if (ballsInView && !was) refresh();
    }).observe(ballsSec);
  }
  ballsSec.addEventListener("toggle", () => { if (ballsSec.open) refresh(); });
  const FEW_BALLS = 100;
  const wantRows = () => !st || st.ballCount <= FEW_BALLS || (ballsInView && ballsSec.open && !panelBody.hidden);
  function status(b) {
    switch (b.status) {
      case "diverged":
        return `diverged at step ${b.divergedAt} (η = ${short(b.divergedLR)}${b.why ? ", " + b.why : ""})`;
      case "converged": return "converged";
      case "steplimit": return "stopped at the step limit";
      default: return "rolling";
    }
  }
  function selectBall(id) {
    run("err-opt", () => api.select(id));
    refresh();
  }
  function ballRow(id) {
    const pick = el("button", { type: "button", class: "ball-pick", "aria-pressed": "false" },
      el("span", { class: "swatch", "aria-hidden": "true" }), el("span", { class: "ball-line" }), el("span", { class: "ball-status" }));
    pick.addEventListener("click", () => selectBall(id));
    const rm = el("button", { type: "button", class: "ball-remove", text: "×" });
    rm.addEventListener("click", () => { api.remove(id); announce(`Ball ${id} removed.`); refresh(); });
    const li = el("li", {}, pick, rm);
    li.dataset.id = id;
    return li;
  }
  function renderBalls(s) {
    if (s.balls.length === 0 && s.ballCount > 0) {
      // Not read (the list is out of sight): the rows stay as they were.
      text($("balls-count"), `(${s.ballCount})`);
      return;
    }
    const shown = s.balls.slice(0, MAX_ROWS);
    const ids = shown.map((b) => String(b.id));
    const have = [...list.children].map((li) => li.dataset.id);
    if (ids.join() !== have.join()) {
      const old = new Map([...list.children].map((li) => [li.dataset.id, li]));
      list.replaceChildren(...ids.map((id) => old.get(id) || ballRow(Number(id))));
    }
    const epochs = s.points > 1;
    shown.forEach((b, i) => {
      const li = list.children[i];
      const [pick, rm] = li.children;
      const [sw, line, stat] = pick.children;
      sw.style.background = b.color;
      const name = b.label || optTitle(b.optimizer);
      let l = `${name} η ${short(b.lr)} · step ${b.steps}`;
      if (epochs && b.batch > 0 && b.batch < s.points) l += ` · epoch ${b.epoch}`;
      const st2 = `L ${short(b.loss)} · ${status(b)}`;
      text(line, l);
      text(stat, st2);
      li.classList.toggle("diverged", b.diverged);
      pick.setAttribute("aria-pressed", String(b.id === s.selected));
      pick.setAttribute("aria-label", `Select ball ${b.id}: ${name}, ${l.slice(name.length + 1)}, ${st2}`);
      rm.setAttribute("aria-label", `Remove ball ${b.id} (${name})`);
      if (b.diverged && !seenDiverged.has(b.id)) {
        seenDiverged.add(b.id);
        announce(`Ball ${b.id} (${name}) ${status(b)}.`);
      }
    });
    text($("balls-count"), s.ballCount ? `(${s.ballCount})` : "");
    $("balls-empty").hidden = s.ballCount > 0;
    text($("balls-more"), s.ballCount > MAX_ROWS ? `and ${s.ballCount - MAX_ROWS} more` : "");
  }

  // ---- Exercises ----
  $("mode-roll").addEventListener("click", () => set({ mode: "roll" }, "err-guess"));
  const guessW = $("guess-w"), guessB = $("guess-b");
  let lastGuess = [NaN, NaN];
  function guess() {
    const w = Number(guessW.value), b = Number(guessB.value);
    if (guessW.value.trim() === "" || guessB.value.trim() === "" || !isFinite(w) || !isFinite(b)) {
      showErr("err-guess", ["guess: type two numbers w and b, e.g. 0.5 and 0"]);
      return;
    }
    run("err-guess", () => api.guess(w, b));
  }
  $("guess-go").addEventListener("click", guess);
  for (const f of [guessW, guessB]) f.addEventListener("keydown", (e) => { if (e.key === "Enter") guess(); });
  function record() {
    if (!api.state({ balls: 0, last: false }).guess) run("err-guess", () => api.guess(Number(guessW.value) || 0, Number(guessB.value) || 0));
    const row = run("err-guess", () => api.recordGuess());
    if (row) announce(`Recorded w = ${short(row.w)}, b = ${short(row.b)}, loss ${short(row.loss)}.`);
  }
  $("guess-record").addEventListener("click", record);
  $("search-go").addEventListener("click", () => {
    const n = Number($("search-n").value);
    run("err-search", () => api.randomSearch(Number.isInteger(n) ? n : $("search-n").value));
  });
  const sweepOpt = $("sweep-opt");
  let sweepOptTouched = false;
  sweepOpt.addEventListener("change", () => { sweepOptTouched = true; });
  $("sweep-go").addEventListener("click", () => {
    const parts = $("sweep-etas").value.split(/[,\s]+/).filter(Boolean);
    const etas = parts.map(Number);
    if (!etas.length || etas.some((e) => !isFinite(e) || e <= 0)) {
      showErr("err-sweep", ["etas: type positive learning rates separated by commas, e.g. 0.001, 0.01, 0.1, 1"]);
      return;
    }
    const steps = Number($("sweep-steps").value);
    run("err-sweep", () => api.sweep({ etas, steps: Number.isInteger(steps) ? steps : $("sweep-steps").value, optimizer: sweepOpt.value }));
  });
  $("sweep-fine").addEventListener("click", () => run("err-sweep", () => api.fineSweep()));
  $("quiz-go").addEventListener("click", () => { run("err-quiz", () => api.quiz()); text($("quiz-feedback"), "Which 3D surface (A, B, C or D in the left view) has the contour map on the right?"); });
  for (let i = 0; i < 4; i++) {
    $("quiz-" + i).addEventListener("click", () => {
      const r = run("err-quiz", () => api.answer(i));
      if (r) {
        const title = (info.surfaces.find((x) => x.name === r.surface) || { title: r.surface }).title;
        text($("quiz-feedback"), `${r.correct ? "Right" : "Not quite"}: it is ${title} (${"ABCD"[r.answer]}).`);
      }
    });
  }

  // The convergence map: its title and the grid's setting from info(),
  // the map's words from state().
  const mapGrid = $("map-grid");
  function buildMap() {
    const mode = info.modes.find((m) => m.name === "map");
    const spec = info.settings.find((x) => x.key === "mapGrid");
    if (mode) text($("h-map"), mode.title);
    if (spec) {
      text($("map-grid-label"), spec.title);
      mapGrid.title = spec.accepted;
    }
    const k = info.keys.find((x) => x.keys.includes("m"));
    text($("map-hint"), "Every start of the contour map's box, coloured by how many steps the enabled optimizers (up to four, side by side) take to come within 0.01 of the best loss, where they end and where they diverge. Click a cell, or move the cursor with the arrows and press Enter, to drop a ball that runs its path." + (k ? ` Key ${k.label}.` : ""));
  }
  function applyMapGrid() {
    const v = mapGrid.value.trim();
    if (v !== "") set({ mapGrid: v }, "err-map");
  }
  mapGrid.addEventListener("change", applyMapGrid);
  mapGrid.addEventListener("keydown", (e) => { if (e.key === "Enter") applyMapGrid(); });
  $("map-go").addEventListener("click", () => set({ mode: st && st.mode === "map" ? "roll" : "map" }, "err-map"));
  function renderMap(s) {
    const on = s.mode === "map";
    text($("map-go"), on ? "Hide the map (m)" : "Show the map (m)");
    $("map-go").setAttribute("aria-pressed", String(on));
    if (!editing(mapGrid) && mapGrid.value !== String(s.mapGrid)) mapGrid.value = String(s.mapGrid);
    // The words once the map is done (a live region that changed with
    // every refresh would chatter); meanwhile how far it is, quietly.
    const m = s.map;
    text($("map-progress"), m && !m.done ? `Computing the map: ${Math.floor(100 * m.computed / Math.max(1, m.cells))}% of the starts…` : "");
    text($("map-summary"), m && m.done ? m.summary : "");
  }

  function renderExercises(s) {
    renderMap(s);
    const mode = info.modes.find((m) => m.name === s.mode);
    text($("mode-text"), "Mode: " + (mode ? mode.title : s.mode));
    $("mode-roll").disabled = s.mode === "roll";
    text($("guess-now"), s.guess ? `Guess: w = ${short(s.guess.w)}, b = ${short(s.guess.b)}, L = ${short(s.guess.loss)}` : "");
    // A guess moved on the canvas shows in the fields.
    if (s.guess && (s.guess.w !== lastGuess[0] || s.guess.b !== lastGuess[1])) {
      lastGuess = [s.guess.w, s.guess.b];
      if (!editing(guessW)) guessW.value = num(s.guess.w);
      if (!editing(guessB)) guessB.value = num(s.guess.b);
    }
    const gt = $("guess-table");
    gt.hidden = s.guesses.length === 0;
    const gkey = JSON.stringify(s.guesses);
    if (gt.dataset.key !== gkey) {
      gt.dataset.key = gkey;
      gt.tBodies[0].replaceChildren(...s.guesses.map((g, i) =>
        el("tr", {}, el("td", { text: String(i + 1) }), el("td", { text: g.w.toFixed(2) }), el("td", { text: g.b.toFixed(2) }), el("td", { text: typeof g.loss === "number" ? g.loss.toFixed(4) : "—" }))));
    }
    text($("search-result"), s.search ? `Best of ${s.search.n} random points: (w, b) = ${pt(s.search.best)}, L = ${short(s.search.loss)}` : "");

    if (!sweepOptTouched && !editing(sweepOpt) && sweepOpt.value !== s.enabled[0]) sweepOpt.value = s.enabled[0];
    const tt = $("sweep-table");
    tt.hidden = s.sweep.length === 0;
    $("sweep-fine").disabled = s.sweep.length === 0;
    let best = -1;
    s.sweep.forEach((r, i) => {
      if (!r.diverged && typeof r.loss === "number" && (best < 0 || r.loss < s.sweep[best].loss)) best = i;
    });
    const skey = JSON.stringify(s.sweep) + best;
    if (tt.dataset.key !== skey) {
      tt.dataset.key = skey;
      tt.tBodies[0].replaceChildren(...s.sweep.map((r, i) => {
        const tr = el("tr", {}, el("td", { text: num(r.lr) + (i === best ? " ★ best" : "") }), el("td", { text: short(r.loss) }),
          el("td", { text: String(r.steps) }), el("td", { text: r.diverged ? "diverged" : r.status === "steplimit" ? "ran all steps" : r.status }));
        if (i === best) tr.className = "best";
        return tr;
      }));
    }

    const q = s.quiz;
    const open = s.mode === "quiz" && q && q.active && q.picked < 0;
    for (let i = 0; i < 4; i++) $("quiz-" + i).disabled = !open;
  }

  // ---- Share and save ----
  const shareURL = $("share-url");
  const link = () => location.origin + location.pathname + (api.query() ? "?" + api.query() : "");
  async function copy(s, what) {
    try {
      await navigator.clipboard.writeText(s);
      text($("share-status"), what + " copied.");
    } catch (e) {
      shareURL.value = s;
      shareURL.focus();
      shareURL.select();
      const ok = document.execCommand && document.execCommand("copy");
      text($("share-status"), ok ? what + " copied." : "Select the text and copy it (Ctrl+C).");
    }
  }
  $("share-copy").addEventListener("click", () => { shareURL.value = link(); copy(shareURL.value, "Link"); });
  // The iframe snippet of the README's "Embed it in a course page".
  const embedCode = () => {
    const sc = st && st.scene;
    const title = st && st.title ? `Downhill: ${st.title}` : sc ? `Downhill: ${sc.section} ${sc.title}` : `Downhill: ${info.title}`;
    const src = link().replace(/"/g, "&quot;");
    return `<iframe src="${src}" title="${title.replace(/"/g, "&quot;")}" width="800" height="500" allow="fullscreen" loading="lazy" style="border:0;max-width:100%"></iframe>`;
  };
  $("embed-copy").addEventListener("click", () => copy(embedCode(), "Embed code"));
  // The lecturer's title and caption: set when the field is left or
  // Enter is pressed in the title; refusals show under the field.
  const wordsTitle = $("words-title"), wordsCaption = $("words-caption");
  const setWords = (key, field) => { if (st && field.value !== st[key]) set({ [key]: field.value }, "err-" + key); };
  wordsTitle.addEventListener("change", () => setWords("title", wordsTitle));
  wordsTitle.addEventListener("keydown", (e) => { if (e.key === "Enter") setWords("title", wordsTitle); });
  wordsCaption.addEventListener("change", () => setWords("caption", wordsCaption));
  function download(name, href) {
    const a = el("a", { href, download: name });
    document.body.append(a);
    a.click();
    a.remove();
  }
  const fileName = () => (st && st.surface ? st.surface : "figure");
  $("save-png").addEventListener("click", async () => {
    try {
      download(`downhill-${fileName()}.png`, await api.screenshot());
      text($("share-status"), "Picture saved.");
    } catch (e) {
      text($("share-status"), e.message);
    }
  });
  $("save-csv").addEventListener("click", () => {
    const url = URL.createObjectURL(new Blob([api.csv()], { type: "text/csv" }));
    download(`downhill-${fileName()}.csv`, url);
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    text($("share-status"), "Data saved.");
  });
  // Record 10 s: the canvas as WebM, where the browser can.
  const rec = $("record");
  const canRecord = () => window.MediaRecorder && HTMLCanvasElement.prototype.captureStream &&
    MediaRecorder.isTypeSupported && MediaRecorder.isTypeSupported("video/webm");
  rec.hidden = !canRecord();
  rec.addEventListener("click", () => {
    const canvas = page.engine && page.engine.canvas;
    if (!canvas) return;
    const chunks = [];
    const mr = new MediaRecorder(canvas.captureStream(30), { mimeType: "video/webm" });
    mr.ondataavailable = (e) => { if (e.data.size) chunks.push(e.data); };
    mr.onstop = () => {
      const url = URL.createObjectURL(new Blob(chunks, { type: "video/webm" }));
      download(`downhill-${fileName()}.webm`, url);
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      rec.disabled = false;
      text($("share-status"), "Clip saved.");
    };
    rec.disabled = true;
    text($("share-status"), "Recording 10 s…");
    mr.start();
    setTimeout(() => mr.stop(), 10000);
  });

  // ---- Everything, from one state() ----
  let surfaceKey = null;
  function render(s) {
    st = s;
    const sk = s.surface + "\n" + s.f + "\n" + s.mode;
    if (sk !== surfaceKey) {
      surfaceKey = sk;
      info = api.info();
      seenDiverged.clear();
    }
    renderSurface(s);
    renderOpts(s);
    renderHP(s);
    renderEpochs(s);
    renderPlayback(s);
    renderBalls(s);
    renderExercises(s);
    if (!editing(wordsTitle) && wordsTitle.value !== s.title) wordsTitle.value = s.title;
    if (!editing(wordsCaption) && wordsCaption.value !== s.caption) wordsCaption.value = s.caption;
    if ($("sec-share").open && !editing(shareURL)) {
      const u = link();
      if (shareURL.value !== u) shareURL.value = u;
    }
  }

  // Escape in a panel control gives the keys back to the page.
  panel.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && e.target !== panel) e.target.blur();
  });

  // The keys' help, from info().
  function buildKeys() {
    const dl = $("keys-list");
    for (const k of info.keys) dl.append(el("dt", {}, el("kbd", { text: k.label })), el("dd", { text: k.help }));
  }

  // ---- Start once the app is ready (and again after a restart) ----
  function start() {
    const first = !api;
    api = window.downhill;
    info = api.info();
    if (first) {
      surfaceSel.replaceChildren(...info.surfaces.map((x) => el("option", { value: x.name, text: x.title })));
      for (const sc of info.scenes) sceneSel.append(el("option", { value: sc.name, text: `${sc.section} ${sc.title}` }));
      for (const o of info.optimizers) sweepOpt.append(el("option", { value: o.name, text: o.title }));
      buildViews();
      buildOpts();
      buildHP();
      buildPlayback();
      buildKeys();
      buildMap();
      panelBody.inert = false;
      $("play").disabled = false;
      $("step").disabled = false;
    }
    refresh();
  }
  page.events.addEventListener("ready", start);
  page.events.addEventListener("restart", start);
  // Before the engine's first picture: the band's text from its world, so
  // that the band has its height before that picture is made (after it,
  // the canvas shrank and ebiten made the whole first picture again at
  // the new size, in the same task as this panel's start).
  page.events.addEventListener("engine", () => {
    if (api || !window.downhill) return;
    try {
      st = window.downhill.state({ balls: 0, last: false });
      renderTour(st);
    } catch (e) { /* the first refresh shows it */ }
  });
})();
