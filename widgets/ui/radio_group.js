// radio group: the browser side of radio_group.py (anywidget loads this file).
export default {
  render({ model, el }) {
    const name = "mm-radio-" + Math.random().toString(36).slice(2);
    const group = document.createElement("fieldset");
    group.className = "mm-radio-group";
    const legend = document.createElement("legend");
    const list = document.createElement("div");
    list.className = "mm-radio-options";
    group.append(legend, list);
    el.appendChild(group);
    let inputs = [];
    const show = () => {
      const description = model.get("description");
      legend.textContent = description;
      legend.hidden = !description;
      legend.className = model.get("hide_description") ? "mm-visually-hidden" : "mm-legend";
      const index = model.get("index");
      group.disabled = model.get("disabled");
      inputs.forEach((input, position) => { input.checked = position === index; });
    };
    const build = () => {
      list.textContent = "";
      inputs = model.get("labels").map((text, position) => {
        const option = document.createElement("label");
        option.className = "mm-radio-option";
        const input = document.createElement("input");
        input.type = "radio";
        input.name = name;
        input.value = String(position);
        input.addEventListener("change", () => {
          if (input.checked) {
            // A custom message, not save_changes(): ipywidgets holds back a model's
            // second state update until the kernel has answered the first, while a
            // button's click goes at once, so "arrow down, Enter" could reach the
            // kernel as the click before the choice. Messages keep their order.
            model.set("index", position);
            model.send({ do: "choose", index: position });
          }
        });
        const words = document.createElement("span");
        words.textContent = text;
        option.append(input, words);
        list.appendChild(option);
        return input;
      });
      show();
    };
    model.on("change:labels", build);
    for (const trait of ["index", "disabled", "description", "hide_description"]) {
      model.on("change:" + trait, show);
    }
    model.on("msg:custom", (message) => {
      if (message && message.do === "focus") {
        const target = inputs.find((input) => input.checked) || inputs[0];
        if (target) { target.focus(); }
      }
    });
    build();
  },
};
