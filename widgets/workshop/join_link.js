// join link: the browser side of join_link.py (anywidget loads this file).
export default {
  render({ model, el }) {
    const wrap = document.createElement("div");
    wrap.className = "mm-join";
    const line = document.createElement("p");
    line.className = "mm-join-link";
    const label = document.createElement("span");
    const link = document.createElement("a");
    link.target = "_blank";
    link.rel = "noopener";
    line.append(label, link);
    const code = document.createElement("p");
    code.className = "mm-join-code";
    const qr = document.createElement("div");
    qr.className = "mm-qr";
    const show = () => {
      const url = new URL(model.get("path"), window.location.href);
      link.href = url.href;
      link.textContent = url.href;
      label.textContent = model.get("label");
      line.className = model.get("line_class");
      code.textContent = model.get("code");
      code.hidden = !model.get("code");
      if (model.get("path") && model.get("href") !== url.href) {
        model.set("href", url.href);
        model.save_changes();
      }
    };
    const draw = () => {
      // the kernel's own SVG (segno's, of a checked address): never a learner's text
      qr.innerHTML = model.get("qr_svg");
      qr.hidden = !model.get("qr_svg");
    };
    model.on("change:path change:label change:code change:line_class", show);
    model.on("change:qr_svg", draw);
    show();
    draw();
    wrap.append(code, qr, line);
    el.appendChild(wrap);
  },
};
