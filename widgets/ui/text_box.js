// text box: the browser side of text_box.py (anywidget loads this file).
export default {
  render({ model, el }) {
    const id = "mm-text-" + Math.random().toString(36).slice(2);
    const box = document.createElement("div");
    box.className = "mm-text-box";
    const label = document.createElement("label");
    label.className = "mm-text-box-label";
    label.htmlFor = id;
    const area = document.createElement("textarea");
    area.id = id;
    box.append(label, area);
    el.appendChild(box);
    let sent = model.get("value");
    let timer = null;
    const send = () => {
      clearTimeout(timer);
      timer = null;
      if (area.value === sent) { return; }
      sent = area.value;
      model.set("value", sent);
      // a message, not save_changes(): see the class's docstring
      model.send({ do: "text", value: sent });
    };
    area.addEventListener("input", () => {
      if (sent === "") { send(); } else if (timer === null) { timer = setTimeout(send, 500); }
    });
    area.addEventListener("blur", send);
    const show = () => {
      const description = model.get("description");
      label.textContent = description;
      label.hidden = !description;
      area.placeholder = model.get("placeholder");
      area.rows = model.get("rows");
      area.disabled = model.get("disabled");
    };
    // only a new value from the kernel replaces the text (not, say, a change of
    // `disabled` while keystrokes are still waiting to be sent)
    const showValue = () => {
      const value = model.get("value");
      if (value !== area.value) { area.value = value; }
      sent = value;
    };
    for (const trait of ["description", "placeholder", "rows", "disabled"]) {
      model.on("change:" + trait, show);
    }
    model.on("change:value", showValue);
    show();
    showValue();
    return () => clearTimeout(timer);
  },
};
