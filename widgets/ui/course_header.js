// CourseHeader: the course title, a stepper of the modules (where am I, what is done) and a
// light/dark switch. In Voila it is drawn at the top of the page's reading column, above the
// notebook's prose; in JupyterLab where it is displayed (JupyterLab has its own theme).
const STATE_WORDS = { done: "done", current: "you are here", todo: "not started" };

function pageName() {
  const parts = window.location.pathname.split("/");
  return decodeURIComponent(parts[parts.length - 1] || "");
}

function themeSwitch(inVoila) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "mm-theme-switch";
  const root = document.documentElement;
  const servedDark = document.body.dataset.jpThemeLight === "false";
  const isDark = () => servedDark || root.dataset.mmTheme === "dark";
  const show = () => {
    button.textContent = isDark() ? "Light theme" : "Dark theme";
    button.setAttribute("aria-label", isDark() ? "Switch to the light theme"
      : "Switch to the dark theme");
  };
  button.addEventListener("click", () => {
    const next = isDark() ? "light" : "dark";
    try { window.localStorage.setItem("mm-theme", next); } catch (refused) { /* kept for now */ }
    if (servedDark) {  // the server drew this page dark (?theme=dark): draw it again
      const address = new URL(window.location.href);
      address.searchParams.delete("theme");
      window.location.replace(address.toString());
      return;
    }
    if (next === "dark") { root.dataset.mmTheme = "dark"; } else { delete root.dataset.mmTheme; }
    show();
  });
  show();
  button.hidden = !inVoila;
  return button;
}

export default {
  render({ model, el }) {
    const inVoila = document.body.dataset.voila === "voila";
    // a plain box (its stepper is the navigation landmark): in Voila it sits inside the
    // page's main content, which is the only part of the page that takes pointer events
    const header = document.createElement("div");
    header.className = "mm-page-header";
    const brand = document.createElement("a");
    brand.className = "mm-brand";
    const nav = document.createElement("nav");
    nav.className = "mm-stepper";
    nav.setAttribute("aria-label", "Your progress through the course");
    const list = document.createElement("ol");
    nav.appendChild(list);
    header.append(brand, themeSwitch(inVoila), nav);
    const draw = () => {
      brand.textContent = model.get("title");
      brand.href = model.get("home");
      list.replaceChildren();
      const here = pageName();
      model.get("steps").forEach((step, index) => {
        const state = step.notebook === here ? "current" : (step.done ? "done" : "todo");
        const item = document.createElement("li");
        item.className = "mm-step mm-step-" + state;
        const link = document.createElement("a");
        link.href = step.notebook;
        link.title = step.title + " (" + STATE_WORDS[state] + ")";
        if (state === "current") { link.setAttribute("aria-current", "page"); }
        const mark = document.createElement("span");
        mark.className = "mm-step-mark";
        mark.setAttribute("aria-hidden", "true");
        mark.textContent = step.done ? "✔" : String(index + 1);
        const label = document.createElement("span");
        label.className = "mm-step-label";
        label.textContent = step.title;
        const status = document.createElement("span");
        status.className = "mm-visually-hidden";
        status.textContent = " (" + STATE_WORDS[state] + (state === "current" && step.done
          ? ", done" : "") + ")";
        link.append(mark, label, status);
        item.appendChild(link);
        list.appendChild(item);
      });
    };
    model.on("change:steps", draw);
    model.on("change:title", draw);
    draw();
    // in Voila, at the top of the page's content, above the notebook's prose
    const content = inVoila ? document.getElementById("rendered_cells") : null;
    if (content) {
      content.querySelectorAll(":scope > .mm-page-header").forEach((old) => old.remove());
      content.prepend(header);
    } else {
      el.appendChild(header);
    }
    return () => header.remove();
  },
};
