/* Downhill's host-page library: put Downhill figures on a course page and
   drive them, across origins, with the postMessage protocol of the README
   ("A course page can drive its embeds"). No dependencies.

     <script src="https://downhill.example.org/embed.js"></script>
     <div id="fig"></div>
     <script>
       Downhill.embed("#fig", {query: "scene=5.4-momentum-valley"}).then((fig) => {
         fig.on("change", (e) => console.log(e.reason, e.state.balls.length));
         return fig.call("addBall", {start: [-2, 5], optimizer: "nag"});
       });
     </script>

   Downhill.embed(elementOrSelector, options) -> Promise<client>
     options: query (the figure's settings, a string or an object),
     load ("visible", "click", "eager"), origin (more origins whose pages
     may call the figure, a string or an array; this page's always may),
     src (Downhill's address; default:
     where this script came from), title, width, height (CSS sizes),
     timeout (ms before the promise is refused; none by default: a figure
     below the fold starts only when it is scrolled near).
   client.call(method, ...args) -> Promise of the result (or of the refusal)
   client.on(event, fn): "change" ({reason, state}), "error" ({error})
   client.iframe, client.destroy() */
(function () {
  "use strict";
  var here = (document.currentScript && document.currentScript.src) || location.href;

  function embed(target, options) {
    options = options || {};
    var host = typeof target === "string" ? document.querySelector(target) : target;
    if (!host) return Promise.reject(new Error("Downhill.embed: no element " + target));
    var src = new URL(options.src || "index.html", here);
    var q = options.query || "";
    if (typeof q === "object") q = new URLSearchParams(q).toString();
    var params = new URLSearchParams(q.replace(/^\?/, ""));
    // The figure takes this page's calls, and tells it its events (and
    // those of the origins in options.origin, when the page names more).
    params.set("origin", options.origin ? [location.origin].concat(options.origin).join(",") : location.origin);
    if (options.load) params.set("load", options.load);
    src.search = params.toString();
    var origin = src.origin;

    var iframe = document.createElement("iframe");
    iframe.src = src.href;
    iframe.title = options.title || "Downhill: an interactive figure of optimizers rolling down a loss surface";
    iframe.setAttribute("allow", "fullscreen");
    iframe.setAttribute("loading", "lazy");
    iframe.style.border = "0";
    iframe.style.width = options.width || "100%";
    iframe.style.height = options.height || "480px";
    iframe.style.maxWidth = "100%";
    host.appendChild(iframe);

    var nextId = 1, pending = {}, handlers = { change: [], error: [], ready: [] };
    var ready = false, resolveReady, rejectReady;
    var whenReady = new Promise(function (res, rej) { resolveReady = res; rejectReady = rej; });
    var timer = options.timeout ? setTimeout(function () {
      if (!ready) rejectReady(new Error("Downhill.embed: the figure did not start within " + options.timeout + " ms"));
    }, options.timeout) : 0;

    function onMessage(e) {
      if (e.source !== iframe.contentWindow || e.origin !== origin) return;
      var m = e.data;
      if (!m || typeof m !== "object" || typeof m.downhill !== "string") return;
      if ((m.downhill === "result" || m.downhill === "error") && m.id !== undefined && pending[m.id]) {
        var p = pending[m.id];
        delete pending[m.id];
        if (m.downhill === "result") p.resolve(m.result);
        else p.reject(new Error(m.error));
        return;
      }
      if (m.downhill === "ready") {
        ready = true;
        clearTimeout(timer);
        fire("ready", m);
        resolveReady(client);
        return;
      }
      if (m.downhill === "error" && !ready) {
        clearTimeout(timer);
        rejectReady(new Error(m.error));
      }
      fire(m.downhill, m);
    }
    function fire(name, m) {
      (handlers[name] || []).slice().forEach(function (fn) {
        try { fn(m); } catch (err) { setTimeout(function () { throw err; }); }
      });
    }
    window.addEventListener("message", onMessage);

    var client = {
      iframe: iframe,
      call: function (method) {
        var args = Array.prototype.slice.call(arguments, 1);
        var id = nextId++;
        return new Promise(function (resolve, reject) {
          pending[id] = { resolve: resolve, reject: reject };
          iframe.contentWindow.postMessage({ downhill: "call", id: id, method: method, args: args }, origin);
        });
      },
      on: function (name, fn) {
        (handlers[name] = handlers[name] || []).push(fn);
        return client;
      },
      destroy: function () {
        window.removeEventListener("message", onMessage);
        clearTimeout(timer);
        Object.keys(pending).forEach(function (id) { pending[id].reject(new Error("Downhill: the figure was removed")); });
        pending = {};
        iframe.remove();
      },
    };
    return whenReady;
  }

  window.Downhill = { embed: embed };
})();
