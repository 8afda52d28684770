// ticker: the browser side of ticker.py (anywidget loads this file).
export default {
  render({ model, el }) {
    el.style.display = "none";
    let timer = null;
    const restart = () => {
      clearInterval(timer);
      if (model.get("active")) {
        timer = setInterval(() => model.send({ kind: "tick" }), model.get("interval_ms"));
      }
    };
    model.on("change:active", restart);
    model.on("change:interval_ms", restart);
    restart();
    return () => clearInterval(timer);
  },
};
