// segment timer: the browser side of segment_timer.py (anywidget loads this file).
const format = (s) => {
  const t = Math.max(0, Math.ceil(s));
  return `${Math.floor(t / 60)}:${String(t % 60).padStart(2, "0")}`;
};
export default {
  render({ model, el }) {
    const face = document.createElement("div");
    face.className = "mm-timer-face";
    const clock = document.createElement("span");
    clock.className = "mm-timer-clock";
    clock.setAttribute("role", "timer");
    clock.setAttribute("aria-label", model.get("label"));
    const state = document.createElement("span");
    state.className = "mm-timer-state";
    state.setAttribute("role", "status");
    state.setAttribute("aria-live", "assertive");
    face.append(clock, state);
    el.appendChild(face);
    let timer = null;
    let endAt = 0;
    let lastSaved = null;
    const paint = (left) => {
      clock.textContent = format(left);
      const done = model.get("finished");
      face.classList.toggle("mm-timer-running", model.get("running"));
      face.classList.toggle("mm-timer-done", done);
      state.textContent = done ? "Time is up." : (model.get("running") ? "" : "Paused.");
    };
    const beep = () => {
      try {
        const audio = new (window.AudioContext || window.webkitAudioContext)();
        const tone = audio.createOscillator();
        tone.frequency.value = 660;
        tone.connect(audio.destination);
        tone.start();
        tone.stop(audio.currentTime + 0.4);
      } catch (e) { /* no sound available: the visual signal remains */ }
    };
    const tick = () => {
      const left = (endAt - Date.now()) / 1000;
      paint(left);
      const whole = Math.max(0, Math.ceil(left));
      if (whole !== lastSaved) {
        lastSaved = whole;
        model.set("remaining", whole);
        if (left <= 0) {
          clearInterval(timer);
          model.set("running", false);
          model.set("finished", true);
          beep();
        }
        model.save_changes();
      }
      if (left <= 0) { paint(0); }
    };
    const update = () => {
      clearInterval(timer);
      if (model.get("running")) {
        endAt = Date.now() + model.get("remaining") * 1000;
        tick();
        timer = setInterval(tick, 250);
      } else {
        paint(model.get("remaining"));
      }
    };
    model.on("change:running", update);
    model.on("change:remaining", () => {
      if (!model.get("running")) { paint(model.get("remaining")); }
    });
    model.on("change:finished", () => paint(model.get("remaining")));
    update();
    return () => clearInterval(timer);
  },
};
