"""The client address of the browser this page's kernel serves, as the course server tells it.

A kernel started for a request gets the address in ``REMOTE_ADDR``. A preheated kernel was
started before anyone asked for its page, so the server writes the address, when it hands
the kernel to a browser, to a file named after the kernel in a private folder
(``MICROMOMENTS_ADDRESS_DIR``). The address is the server's word, never the browser's: it is
what tries of codes and keys are counted against.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

#: the folder the server writes each page kernel's client address to (one file per kernel)
ADDRESS_DIR_VARIABLE = "MICROMOMENTS_ADDRESS_DIR"
_KERNEL_FILE = re.compile(r"kernel-([0-9a-f-]{36})\.json$")
_known: list[str] = []


def this_kernel_id() -> str:
    """This kernel's id, read from its connection file ('' outside a served kernel)."""
    try:
        from ipykernel.connect import get_connection_file

        found = _KERNEL_FILE.search(get_connection_file())
    except (ImportError, RuntimeError, AttributeError, OSError):
        return ""
    return found.group(1) if found else ""


def _address_from_server() -> str:
    folder = os.environ.get(ADDRESS_DIR_VARIABLE, "")
    kernel_id = this_kernel_id()
    if not folder or not kernel_id:
        return ""
    try:
        return (Path(folder) / kernel_id).read_text(encoding="utf-8").strip()[:64]
    except OSError:
        return ""  # not handed to a browser yet


def client_address() -> str:
    """The address of the browser this page's kernel serves ('local' outside Voila)."""
    if os.environ.get("REMOTE_ADDR"):
        return os.environ["REMOTE_ADDR"]
    if not _known:
        address = _address_from_server()
        if not address:
            return "local"
        _known.append(address)
    return _known[0]
