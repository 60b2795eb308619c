"use strict";
// The example course page's third figure: the whole app, embedded with
// embed.js and driven by the page's buttons.
(() => {
  const $ = (id) => document.getElementById(id);
  const said = (s) => { $("said").textContent = s; };
  Downhill.embed("#playground", {
    query: "surface=valley&opt=gd,momentum&paused=1",
    title: "Downhill: the whole playground, driven by the buttons above",
    height: "520px",
  }).then((fig) => {
    for (const b of ["drop", "step10", "nag"]) $(b).disabled = false;
    $("drop").addEventListener("click", () => fig.call("addBall", { start: [-2, 5] }).then((id) => said(`Ball ${id} dropped.`), (e) => said(e.message)));
    $("step10").addEventListener("click", () => fig.call("step", 10).then((s) => said(`Step ${s.balls.length ? s.balls[0].steps : 0}.`), (e) => said(e.message)));
    $("nag").addEventListener("click", () => fig.call("set", { opt: "nag" }).then(() => said("A click now drops NAG."), (e) => said(e.message)));
    fig.on("change", (e) => said(`The figure says: ${e.reason}.`));
  }, (e) => said(e.message));
})();
