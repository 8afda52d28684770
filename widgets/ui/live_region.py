"""LiveRegion: text that screen readers announce when it changes."""

from __future__ import annotations

import anywidget
import traitlets


class LiveRegion(anywidget.AnyWidget):
    """A polite ``role="status"`` region whose text is set from Python.

    An ipywidgets HTML widget replaces its inner elements on every change, which screen
    readers do not announce reliably; this element stays in place and only its text changes.
    """

    _esm = """
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
    """

    text = traitlets.Unicode("", help="the announced text (shown as plain text)").tag(sync=True)
