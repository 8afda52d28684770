"""The kernel manager the course's Voila builds on (``VoilaConfiguration.
multi_kernel_manager_class`` in ``voila.json``; Voila adds its preheated pools on top).

jupyter_server watches every message a kernel publishes to note its last activity (for
culling) and its busy/idle state. It does so by deserialising each message in full, its
dates parsed with dateutil, and once more for status messages: with 40 learners clicking,
that was a quarter of the server's CPU time, as much as relaying the messages to the
browsers. The same bookkeeping is done here from the message's two small JSON headers.

A page kernel is also stopped at once when its page is left or culled, not asked to exit:
a clean exit (IPython's history, the interpreter's teardown) took about 0.4 CPU seconds,
and a page kernel has nothing to save at exit (every answer is committed when it is given,
and SQLite keeps a committed write through a kill).
"""

from __future__ import annotations

import json
from typing import Any

from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager


class CourseKernelManager(AsyncMappingKernelManager):
    """jupyter_server's kernel manager with cheaper activity tracking, stopping kernels
    at once."""

    async def shutdown_kernel(  # type: ignore[override]
        self, kernel_id: str, now: bool = False, restart: bool = False
    ) -> None:
        """Stop a page kernel (``now`` is always taken as true, see the module's note)."""
        await super().shutdown_kernel(kernel_id, now=True, restart=restart)

    def start_watching_activity(self, kernel_id: str) -> None:
        """Watch the kernel's IOPub messages: last activity and execution state."""
        kernel = self._kernels[kernel_id]
        kernel.reason = ""
        kernel.last_activity = utcnow()
        kernel._activity_stream = kernel.connect_iopub()
        session = kernel.session

        def record_activity(msg_list: list[Any]) -> None:
            _identities, parts = session.feed_identities(msg_list)
            # parts: signature, header, parent header, metadata, content, buffers...
            header = json.loads(bytes(parts[1]))
            parent = json.loads(bytes(parts[2])) if len(parts) > 2 else {}
            msg_type = header.get("msg_type")
            parent_type = parent.get("msg_type") if parent else None
            if (
                self.track_message_type(msg_type)
                or self.track_message_type(parent_type)
                or kernel.execution_state == "busy"
            ):
                self.last_kernel_activity = kernel.last_activity = utcnow()
            if msg_type == "status":
                state = json.loads(bytes(parts[4])).get("execution_state")
                if self.track_message_type(parent_type):
                    kernel.execution_state = state
                elif kernel.execution_state == "starting" and state != "starting":
                    kernel.execution_state = "idle"

        kernel._activity_stream.on_recv(record_activity)
