// DownloadButton: saves text or a PDF from the kernel as a file. Made on demand, the click
// carries the values of the fields it depends on (a "include my reflections" box), as
// FormButton's click does, so the file is made from what the page shows.
async function fieldValues(model) {
  const values = {};
  for (const ref of model.get("fields")) {
    const id = String(ref).replace(/^IPY_MODEL_/, "");
    const field = await model.widget_manager.get_model(id);
    values[id] = field.get("value");
  }
  return values;
}

export default {
  render({ model, el }) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "jupyter-button mm-button mm-button-secondary mm-download";
    const label = () => { button.textContent = model.get("label"); };
    label();
    model.on("change:label", label);
    const download = (sent) => {
      // the content comes with the kernel's message: a state update sent just before it may
      // not be applied yet when the message is handled (the file came out empty)
      const content = typeof sent === "string" ? sent : model.get("content");
      const data = model.get("encoding") === "base64"
        ? Uint8Array.from(atob(content), (c) => c.charCodeAt(0)) : content;
      const blob = new Blob([data], { type: model.get("mime_type") });
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = model.get("filename");
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
      model.set("downloads", model.get("downloads") + 1);
      model.save_changes();
    };
    button.addEventListener("click", async () => {
      if (model.get("on_demand")) {
        model.send({ do: "prepare", values: await fieldValues(model) });
      } else {
        download();
      }
    });
    model.on("msg:custom", (message) => {
      if (message && message.do === "download") { download(message.content); }
    });
    el.appendChild(button);
  },
};
