"""What the kernel sends a widget's page, recorded without a kernel."""

from __future__ import annotations

import uuid
from typing import Any


class RecordingComm:
    """Stands in for a widget's comm: keeps every message the kernel sends to the page.

    ipywidgets sends a changed trait only when the comm has a kernel, and whether the comm a
    widget gets outside a kernel has one depends on what ran before in the process; this one
    always has, so a test sees every message whatever ran first."""

    kernel = "a kernel"

    def __init__(self) -> None:
        self.comm_id = uuid.uuid4().hex
        self.sent: list[dict[str, Any]] = []

    def on_msg(self, _callback: Any) -> None:
        pass  # the tests hand messages from the page to the widget themselves

    def send(self, data: dict[str, Any] | None = None, buffers: Any = None, **_: Any) -> None:
        self.sent.append(data or {})

    def close(self, *_: Any, **__: Any) -> None:
        pass


def sent_states(widget: Any) -> list[dict[str, Any]]:
    """Record the messages the kernel sends to ``widget``'s page from now on."""
    comm = RecordingComm()
    widget.comm = comm
    return comm.sent
