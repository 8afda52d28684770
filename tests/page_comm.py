"""What the kernel sends a widget's page, recorded without a kernel."""

from __future__ import annotations

import json
import uuid
from typing import Any


class RecordingComm:
    """Stands in for a widget's comm: keeps every message the kernel sends to the page.

    ipywidgets sends a changed trait only when the comm has a kernel, and whether the comm a
    widget gets outside a kernel has one depends on what ran before in the process; this one
    always has, so a test sees every message whatever ran first."""

    kernel = "a kernel"

    def __init__(self, sent: list | None = None, sizes: list | None = None) -> None:
        self.comm_id = uuid.uuid4().hex
        #: the messages, as sent
        self.sent: list[dict[str, Any]] = [] if sent is None else sent
        #: each message's size in bytes (its JSON and its binary buffers)
        self.sizes: list[int] = [] if sizes is None else sizes

    def send(self, data: dict[str, Any] | None = None, buffers: Any = None, **_: Any) -> None:
        self.sent.append(data or {})
        self.sizes.append(
            len(json.dumps(data, default=str)) + sum(len(b) for b in buffers or ())
        )

    def on_msg(self, _callback: Any) -> None:
        pass  # the tests hand messages from the page to the widget themselves

    def close(self, *_: Any, **__: Any) -> None:
        pass


def sent_states(widget: Any) -> list[dict[str, Any]]:
    """Record the messages the kernel sends to ``widget``'s page from now on."""
    comm = RecordingComm()
    widget.comm = comm
    return comm.sent


def record_new_widgets(monkeypatch: Any) -> list[int]:
    """Give every widget made from now on a :class:`RecordingComm`; the sizes of all their
    messages go to the one list returned."""
    import ipywidgets.comm

    sizes: list[int] = []
    monkeypatch.setattr(
        ipywidgets.comm, "create_comm", lambda **_args: RecordingComm([], sizes)
    )
    return sizes
