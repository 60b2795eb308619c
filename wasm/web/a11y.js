"use strict";
// The figure for a screen reader and the keyboard. The canvas is one
// picture; this script keeps beside it, visually hidden, the figure in words
// (the surface, the caption, each ball, the object the keyboard is on: the
// engine's words view, downhill._words()) and a polite live region that
// says what changed (downhill._announce(): a drop, a ball converging or
// diverging, a scene, where the keyboard went, the summary the t key asks
// for; the engine rate-limits it to once a second while a race rolls). A
// refused key is said there too (guest.js calls page.announce). The
// canvas's name is the keyboard's object with its value, its description
// the keys, both from the engine (sim.Bindings), never written here.
(() => {
  const page = window.downhillPage;
  const $ = (id) => document.getElementById(id);
  const api = () => (window.downhill && window.downhill.ready ? window.downhill : null);
  const live = $("live");
  const words = {
    figure: $("fw-figure"), caption: $("fw-caption"), balls: $("fw-balls"),
    more: $("fw-more"), focus: $("fw-focus"), keys: $("fw-keys"),
  };

  // say puts msg in the live region; the same words twice in a row are
  // said again (a region whose text does not change says nothing).
  let lastSaid = "";
  function say(msg) {
    if (!msg) return;
    live.textContent = msg === lastSaid ? msg + "\u00a0" : msg;
    lastSaid = msg;
    page.events.dispatchEvent(new CustomEvent("announce", { detail: msg }));
  }
  page.announce = say;

  const setText = (el, text) => { if (el.textContent !== text) el.textContent = text; };
  function canvas() { return page.engine && page.engine.canvas; }

  // refresh writes the figure in words (only what changed, so that the
  // tree is not rebuilt a few times a second).
  function refresh(d) {
    let w;
    try { w = d._words(); } catch (e) { return; }
    setText(words.figure, w.figure);
    setText(words.caption, w.caption);
    words.caption.hidden = !w.caption;
    const items = words.balls.children;
    while (items.length > w.balls.length) items[items.length - 1].remove();
    w.balls.forEach((text, i) => {
      if (i >= items.length) words.balls.append(document.createElement("li"));
      setText(items[i], text);
    });
    setText(words.more, w.more);
    setText(words.focus, w.focus);
    const c = canvas();
    if (c) {
      const name = "Downhill figure: " + w.focus;
      if (c.getAttribute("aria-label") !== name) c.setAttribute("aria-label", name);
    }
  }

  function setUp() {
    const d = api();
    const c = canvas();
    if (!d || !c) return;
    setText(words.keys, d.info().keysText);
    c.setAttribute("aria-describedby", "fw-keys");
    c.setAttribute("aria-roledescription", "interactive figure");
    try { d._keyFocus(document.activeElement === c); } catch (e) { /* not ready */ }
    try { d._announce(); } catch (e) { /* the first look only remembers */ }
    refresh(d);
  }
  // "View as table": each ball's loss curve and path (view.Tables), in a
  // modal dialog (Esc or Close closes it and gives the focus back).
  const tableButton = $("view-table"), dialog = $("table-dialog");
  function showTable() {
    const d = api();
    if (!d || !dialog.showModal) return;
    const body = $("table-body");
    body.replaceChildren();
    const tables = d._table() || [];
    $("table-empty").hidden = tables.length > 0;
    for (const t of tables) {
      const table = document.createElement("table");
      const cap = document.createElement("caption");
      cap.textContent = t.caption;
      table.append(cap);
      const head = table.createTHead().insertRow();
      for (const h of ["Step", "w", "b", "Loss"]) {
        const th = document.createElement("th");
        th.scope = "col";
        th.textContent = h;
        head.append(th);
      }
      const tb = table.createTBody();
      for (const r of t.rows) {
        const tr = tb.insertRow();
        r.forEach((v, i) => {
          const c = document.createElement(i === 0 ? "th" : "td");
          if (i === 0) c.scope = "row";
          c.textContent = v;
          tr.append(c);
        });
      }
      body.append(table);
      if (t.note) {
        const p = document.createElement("p");
        p.textContent = t.note;
        body.append(p);
      }
    }
    dialog.showModal();
  }
  if (tableButton && dialog && dialog.showModal) {
    tableButton.hidden = false;
    tableButton.addEventListener("click", showTable);
    $("table-close").addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => tableButton.focus());
  }

  page.events.addEventListener("ready", () => { setUp(); poll(); });
  page.events.addEventListener("restart", setUp);

  // The canvas tells the engine when it has the keyboard: the map then
  // shows the cursor or a ring on the object the keys act on.
  addEventListener("focus", (e) => {
    const d = api();
    if (d && e.target === canvas()) d._keyFocus(true);
  }, true);
  addEventListener("blur", (e) => {
    const d = api();
    if (d && e.target === canvas()) d._keyFocus(false);
  }, true);

  // Four times a second: what to say; the words once a second, or at once
  // when something was said.
  let lastWords = 0;
  function poll() {
    const d = api();
    if (d && !document.hidden) {
      let msg = "";
      try { msg = d._announce(); } catch (e) { msg = ""; }
      const now = performance.now();
      if (msg || now - lastWords > 1000) {
        refresh(d);
        lastWords = now;
      }
      say(msg);
    }
    setTimeout(poll, 250);
  }
})();
