// FormButton: a button whose click carries the current values of its form's fields.
// ipywidgets holds back a model's next state update until the kernel has answered the last
// one, but a click is a message and goes at once: a click could overtake the last words
// typed. Here the click message itself carries every field's value as the page shows it.
const VALUE_BY_INDEX = new Set(["DropdownModel", "SelectModel", "RadioButtonsModel"]);

async function fieldValues(model) {
  const values = {};
  for (const ref of model.get("fields")) {
    const id = String(ref).replace(/^IPY_MODEL_/, "");
    const field = await model.widget_manager.get_model(id);
    values[id] = VALUE_BY_INDEX.has(field.get("_model_name"))
      ? field.get("index") : field.get("value");
  }
  return values;
}

export default {
  render({ model, el }) {
    const button = document.createElement("button");
    button.type = "button";
    const show = () => {
      const style = model.get("button_style");
      button.className = "jupyter-button mm-button mm-button-" + (style || "secondary")
        + (style ? " mod-" + style : "");
      button.textContent = model.get("description");
      button.title = model.get("tooltip");
      button.disabled = model.get("disabled");
    };
    for (const trait of ["description", "tooltip", "disabled", "button_style"]) {
      model.on("change:" + trait, show);
    }
    show();
    button.addEventListener("click", async () => {
      // a text field hands its text to its model when it loses focus ("change"): make sure
      // it has, even for a click that did not move the focus (a script, an assistive tool)
      const active = document.activeElement;
      if (active && active !== button && el.ownerDocument.body.contains(active)
          && typeof active.blur === "function" && active.matches("input, textarea, select")) {
        active.blur();
      }
      model.send({ event: "click", values: await fieldValues(model) });
    });
    model.on("msg:custom", async (message) => {
      if (message && message.do === "focus") { button.focus(); }
      if (message && message.do === "clear") {
        // only what the acted-on click sent: text typed since then stays
        for (const [id, sent] of Object.entries(message.fields || {})) {
          const field = await model.widget_manager.get_model(id);
          if (field.get("value") === sent) { field.set("value", ""); }
        }
      }
    });
    el.appendChild(button);
  },
};
