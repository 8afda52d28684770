// countdown: the browser side of countdown.py (anywidget loads this file).
export default {
  render({ model, el }) {
    const box = document.createElement("div");
    box.className = "mm-countdown";
    const number = document.createElement("span");
    number.className = "mm-countdown-number";
    number.setAttribute("aria-hidden", "true");
    const words = document.createElement("span");
    words.className = "mm-countdown-words";
    words.setAttribute("role", "status");
    words.setAttribute("aria-live", "polite");
    box.append(number, words);
    el.appendChild(box);
    let timer = null;
    const show = (left) => {
      number.textContent = left > 0 ? String(left) : "";
      words.textContent = left > 0
        ? `Pause: ${left} second${left === 1 ? "" : "s"} left`
        : model.get("done_text");
      box.classList.toggle("mm-countdown-done", left <= 0);
    };
    const start = () => {
      clearInterval(timer);
      if (!model.get("running")) { show(model.get("seconds")); words.textContent = ""; return; }
      const endAt = Date.now() + model.get("seconds") * 1000;
      const tick = () => {
        const left = Math.ceil((endAt - Date.now()) / 1000);
        show(left);
        if (left <= 0) {
          clearInterval(timer);
          model.set("finished", true);
          model.save_changes();
        }
      };
      tick();
      timer = setInterval(tick, 250);
    };
    model.on("change:running", start);
    model.on("change:seconds", start);
    start();
    return () => clearInterval(timer);
  },
};
