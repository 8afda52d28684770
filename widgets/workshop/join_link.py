"""JoinLink: the full address participants open to join a room, built in the browser."""

from __future__ import annotations

import anywidget
import traitlets


class JoinLink(anywidget.AnyWidget):
    """Shows ``path`` resolved against the page's own address, as a link and as text.

    The kernel does not know the address the course is served at (a proxy may sit in front),
    the browser does.
    """

    _esm = """
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
    """

    path = traitlets.Unicode("", help="path relative to the current page").tag(sync=True)
