// live region: the browser side of live_region.py (anywidget loads this file).
export default {
  render({ model, el }) {
    const region = document.createElement("p");
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    region.className = "mm-live";
    const show = () => { region.textContent = model.get("text"); };
    model.on("change:text", show);
    show();
    el.appendChild(region);
  },
};
