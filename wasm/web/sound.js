"use strict";
// The figure as sound (Web Audio only, no files; off unless sound=1, the m
// key or the panel's switch turns it on). The engine says what to play
// (downhill._sound(): the selected ball's loss as a pitch, view.Pitch, its
// step and state; downhill._curve(): its whole loss curve as pitches); this
// script only schedules it: a tone that follows the loss while the ball
// rolls, a tick when it steps, a rising chime when it converges, a fall
// when it diverges, the curve played in three seconds when l asks. The
// browser lets a page start sound only after a user gesture: the audio
// starts at the first key or click after the sound is turned on.
// Everything scheduled is noted in downhillPage.sound.log (tests read it).
(() => {
  const page = window.downhillPage;
  const api = () => (window.downhill && window.downhill.ready ? window.downhill : null);
  const sound = page.sound = { log: [], started: false };
  const note = (kind, freq) => {
    sound.log.push({ kind, freq, t: performance.now() });
    if (sound.log.length > 2000) sound.log.splice(0, 1000);
  };

  let ctx = null, tone = null, toneGain = null;
  let gestured = false;
  function start() {
    if (ctx || !gestured) return ctx;
    const AC = window.AudioContext || window.webkitAudioContext;
    if (!AC) return null;
    ctx = new AC();
    tone = ctx.createOscillator();
    toneGain = ctx.createGain();
    tone.type = "sine";
    toneGain.gain.value = 0;
    tone.connect(toneGain).connect(ctx.destination);
    tone.start();
    sound.started = true;
    return ctx;
  }
  // The gesture that may start the audio: any key or press on the page.
  const gesture = () => { gestured = true; };
  addEventListener("keydown", gesture, true);
  addEventListener("pointerdown", gesture, true);

  // blip plays a short tone at freq (a tick, or one note of a chime).
  function blip(freq, at, length, level, kind) {
    const o = ctx.createOscillator(), g = ctx.createGain();
    o.type = kind === "diverged" ? "sawtooth" : "triangle";
    o.frequency.setValueAtTime(freq, at);
    if (kind === "diverged") o.frequency.exponentialRampToValueAtTime(freq / 4, at + length);
    g.gain.setValueAtTime(0, at);
    g.gain.linearRampToValueAtTime(level, at + 0.005);
    g.gain.exponentialRampToValueAtTime(0.0001, at + length);
    o.connect(g).connect(ctx.destination);
    o.start(at);
    o.stop(at + length + 0.02);
  }

  let last = null; // the last _sound() seen
  let heard = -1;
  function poll() {
    const d = api();
    let s = null;
    if (d && !document.hidden) {
      try { s = d._sound(); } catch (e) { s = null; }
    }
    if (s && s.on && start()) {
      const now = ctx.currentTime;
      if (ctx.state === "suspended") ctx.resume();
      const rolling = s.id !== 0 && s.status === "rolling";
      if (rolling) {
        tone.frequency.setTargetAtTime(s.freq, now, 0.03);
        toneGain.gain.setTargetAtTime(0.08, now, 0.05);
        if (!last || last.id !== s.id || last.freq !== s.freq) note("pitch", s.freq);
      } else {
        toneGain.gain.setTargetAtTime(0, now, 0.05);
      }
      if (last && last.id === s.id && s.step > last.step && rolling) {
        blip(1800, now, 0.02, 0.05, "tick");
        note("tick", 1800);
      }
      if (last && last.id === s.id && s.status !== last.status) {
        if (s.status === "converged") {
          blip(523.25, now, 0.18, 0.15, "converged");
          blip(783.99, now + 0.12, 0.25, 0.15, "converged");
          note("converged", 783.99);
        } else if (s.status === "diverged") {
          blip(440, now, 0.5, 0.12, "diverged");
          note("diverged", 440);
        }
      }
      if (heard >= 0 && s.heard !== heard) playCurve(d);
      heard = s.heard;
    } else if (ctx && toneGain) {
      toneGain.gain.setTargetAtTime(0, ctx.currentTime, 0.05);
    }
    if (s && heard < 0) heard = s.heard;
    last = s;
    // Ten times a second while sounding; twice while off (each read is a
    // few allocations in the wasm).
    setTimeout(poll, s && s.on ? 100 : 500);
  }

  // playCurve plays the selected ball's loss curve from start to end in
  // three seconds (Desmos's Audio Trace for a graph).
  function playCurve(d) {
    let ps = [];
    try { ps = d._curve(); } catch (e) { ps = []; }
    if (!ps.length) return;
    const o = ctx.createOscillator(), g = ctx.createGain();
    const t0 = ctx.currentTime + 0.05, dur = 3;
    o.type = "sine";
    ps.forEach((f, i) => o.frequency.setValueAtTime(f, t0 + (dur * i) / ps.length));
    g.gain.setValueAtTime(0, t0);
    g.gain.linearRampToValueAtTime(0.12, t0 + 0.03);
    g.gain.setValueAtTime(0.12, t0 + dur - 0.05);
    g.gain.linearRampToValueAtTime(0, t0 + dur);
    o.connect(g).connect(ctx.destination);
    o.start(t0);
    o.stop(t0 + dur + 0.05);
    sound.log.push({ kind: "curve", freqs: ps, t: performance.now() });
  }

  page.events.addEventListener("ready", poll);
})();
