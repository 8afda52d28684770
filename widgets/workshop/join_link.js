// join link: the browser side of join_link.py (anywidget loads this file).
export default {
  render({ model, el }) {
    const wrap = document.createElement("p");
    wrap.className = "mm-join-link";
    const link = document.createElement("a");
    link.target = "_blank";
    link.rel = "noopener";
    const show = () => {
      const url = new URL(model.get("path"), window.location.href);
      link.href = url.href;
      link.textContent = url.href;
    };
    const label = document.createElement("span");
    label.textContent = "Join link: ";
    wrap.append(label, link);
    model.on("change:path", show);
    show();
    el.appendChild(wrap);
  },
};
