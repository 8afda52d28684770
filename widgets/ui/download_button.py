"""DownloadButton: a button that saves text from the kernel as a file in the browser."""

from __future__ import annotations

import anywidget
import traitlets


class DownloadButton(anywidget.AnyWidget):
    """Offers ``content`` as a download named ``filename`` (works in Voila and JupyterLab)."""

    _esm = """
    export default {
      render({ model, el }) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "jupyter-button mm-download";
        const label = () => { button.textContent = model.get("label"); };
        label();
        model.on("change:label", label);
        button.addEventListener("click", () => {
          const blob = new Blob([model.get("content")], { type: model.get("mime_type") });
          const link = document.createElement("a");
          link.href = URL.createObjectURL(blob);
          link.download = model.get("filename");
          document.body.appendChild(link);
          link.click();
          link.remove();
          setTimeout(() => URL.revokeObjectURL(link.href), 10000);
          model.set("downloads", model.get("downloads") + 1);
          model.save_changes();
        });
        el.appendChild(button);
      },
    };
    """

    label = traitlets.Unicode("Download").tag(sync=True)
    filename = traitlets.Unicode("download.txt").tag(sync=True)
    mime_type = traitlets.Unicode("text/markdown;charset=utf-8").tag(sync=True)
    content = traitlets.Unicode("").tag(sync=True)
    downloads = traitlets.Int(0, help="how many times it was downloaded").tag(sync=True)
