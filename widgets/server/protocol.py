"""The kernel websocket protocol (v1) read with bounds, and the rules for what a page may send.

jupyter_server and Voila read a frame's first 8 bytes as a count of offsets and loop over it,
so one crafted frame (or a legacy frame read as v1) can hold the server's only thread for
ever. Every frame is checked here first: a frame that does not parse is refused, and the
connection that sent it is closed; nothing else is affected.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

V1_PROTOCOL = "v1.kernel.websocket.jupyter.org"
#: a v1 message has a channel and 4 parts (header, parent, metadata, content) plus buffers
MAX_PARTS = 32
#: what the course's front end sends, by channel; anything else is dropped
ALLOWED_MESSAGES = {
    "shell": {"comm_open", "comm_msg", "comm_close", "comm_info_request", "kernel_info_request"},
    "control": {"kernel_info_request"},
}
#: the only comm a page opens itself: the widget manager's control comm
ALLOWED_COMM_TARGETS = {"jupyter.widget.control"}
#: what the page shows instead of a traceback, whatever raised it
PLAIN_ERROR = (
    "Something went wrong on this page. It has been noted on the server; please reload the "
    "page, and tell the course host if it happens again."
)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class FrameError(ValueError):
    """A frame that is not a well-formed v1 kernel message."""


@dataclass(frozen=True)
class Frame:
    """A v1 frame split into its channel and parts (header, parent, metadata, content...)."""

    channel: str
    parts: list[bytes]

    def header(self) -> dict[str, Any]:
        """The message header (an empty dict if it is not JSON)."""
        return _json(self.parts[0]) if self.parts else {}

    def content(self) -> dict[str, Any]:
        """The message content (an empty dict if it is not JSON)."""
        return _json(self.parts[3]) if len(self.parts) > 3 else {}

    @property
    def msg_type(self) -> str:
        """The header's ``msg_type`` ('' if none)."""
        value = self.header().get("msg_type", "")
        return value if isinstance(value, str) else ""


def _json(data: bytes) -> dict[str, Any]:
    try:
        value = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return {}
    return value if isinstance(value, dict) else {}


def parse_v1(data: bytes) -> Frame:
    """Split a v1 frame, checking every count and offset against the frame's length.

    A frame is an 8-byte count N, N 8-byte offsets (where the channel starts, where each part
    starts, and where the last part ends, which is the frame's end), the channel, the parts.
    """
    if not isinstance(data, (bytes, bytearray)) or len(data) < 8:
        raise FrameError("a v1 frame is binary and starts with an 8-byte count")
    count = int.from_bytes(data[:8], "little")
    if not 3 <= count <= MAX_PARTS + 2 or len(data) < 8 * (count + 1):
        raise FrameError(f"a v1 frame cannot have {count} offsets")
    offsets = [int.from_bytes(data[8 * (i + 1): 8 * (i + 2)], "little") for i in range(count)]
    rising = all(a <= b for a, b in zip(offsets, offsets[1:], strict=False))
    if offsets[0] != 8 * (count + 1) or offsets[-1] != len(data) or not rising:
        raise FrameError("the offsets of a v1 frame must rise to the frame's end")
    try:
        channel = bytes(data[offsets[0]: offsets[1]]).decode("utf-8")
    except UnicodeDecodeError as error:
        raise FrameError("the channel of a v1 frame is not text") from error
    parts = [bytes(data[offsets[i]: offsets[i + 1]]) for i in range(1, count - 1)]
    return Frame(channel, parts)


def serialize_v1(frame: Frame) -> bytes:
    """A frame back to bytes (the inverse of :func:`parse_v1`)."""
    channel = frame.channel.encode("utf-8")
    count = len(frame.parts) + 2
    offsets = [8 * (count + 1)]
    for piece in (channel, *frame.parts):
        offsets.append(offsets[-1] + len(piece))
    head = count.to_bytes(8, "little") + b"".join(o.to_bytes(8, "little") for o in offsets)
    return head + channel + b"".join(frame.parts)


def refusal(frame: Frame) -> str | None:
    """Why the course refuses a message a page sent (None if it is allowed)."""
    allowed = ALLOWED_MESSAGES.get(frame.channel)
    if allowed is None:
        return f"channel {frame.channel!r} is not used by the course"
    if frame.msg_type not in allowed:
        return f"message type {frame.msg_type!r} is not used by the course"
    if frame.msg_type == "comm_open":
        target = frame.content().get("target_name")
        if target not in ALLOWED_COMM_TARGETS:
            return f"a page may not open a comm for {target!r}"
    return None


def scrub_outgoing(data: bytes, report: Callable[[str], None] | None = None) -> bytes | None:
    """What a page may receive of a kernel message: errors without their traceback, and no
    standard error output (the kernel's own log). None means drop the message. What is held
    back goes to ``report`` (the server's log), so the host can still read it."""
    try:
        frame = parse_v1(data)
    except FrameError:
        return data  # not a v1 message from the kernel: left as it is
    if frame.channel != "iopub":
        return data
    kind = frame.msg_type
    if kind == "stream" and frame.content().get("name") == "stderr":
        if report is not None:
            report(str(frame.content().get("text", "")))
        return None
    if kind == "execute_input":
        return None  # the notebook's source is never shown
    if kind == "error":
        if report is not None:
            original = frame.content()
            report(_ANSI.sub("", "\n".join(map(str, original.get("traceback", []))))
                   or f"{original.get('ename')}: {original.get('evalue')}")
        content = {"ename": "Error", "evalue": PLAIN_ERROR, "traceback": [PLAIN_ERROR]}
        parts = list(frame.parts)
        parts[3] = json.dumps(content).encode("utf-8")
        return serialize_v1(Frame(frame.channel, parts))
    return data
