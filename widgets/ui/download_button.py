"""DownloadButton: a button that saves text from the kernel as a file in the browser."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import anywidget
import ipywidgets as ipw
import traitlets


class DownloadButton(anywidget.AnyWidget):
    """Offers ``content`` as a download named ``filename`` (works in Voila and JupyterLab).

    With ``provider`` (a function returning the text), the content is made only when the
    button is clicked, and sent to the page then: a dashboard that refreshes every second
    does not rebuild and resend a whole file on every tick.
    """

    _esm = Path(__file__).with_name("download_button.js")

    label = traitlets.Unicode("Download").tag(sync=True)
    filename = traitlets.Unicode("download.txt").tag(sync=True)
    mime_type = traitlets.Unicode("text/markdown;charset=utf-8").tag(sync=True)
    content = traitlets.Unicode("").tag(sync=True)
    #: "text", or "base64" for a binary file (a PDF) sent as base64 text
    encoding = traitlets.Unicode("text").tag(sync=True)
    downloads = traitlets.Int(0, help="how many times it was downloaded").tag(sync=True)
    on_demand = traitlets.Bool(False, help="True when a provider makes the content").tag(
        sync=True
    )
    #: fields the content depends on: their values come with the click (see FormButton)
    fields = traitlets.List(traitlets.Instance(ipw.DOMWidget)).tag(
        sync=True, **ipw.widget_serialization
    )

    def __init__(self, provider: Callable[[], str] | None = None, **kwargs):
        super().__init__(on_demand=provider is not None, **kwargs)
        self._provider = provider
        self.on_msg(self._on_message)

    def prepare(self) -> str:
        """Make the content now (with a provider) and tell the page to download it."""
        if self._provider is not None:
            self.content = self._provider()
            if self.content:  # nothing to give (not allowed yet): no empty file either
                self.send({"do": "download", "content": self.content})
        return self.content

    def _on_message(self, _widget: object, message: object, _buffers: object) -> None:
        if isinstance(message, dict) and message.get("do") == "prepare":
            from widgets.ui.form_button import fill_fields

            fill_fields(self.fields, message.get("values", {}))
            self.prepare()
