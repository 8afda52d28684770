"""Who the browser this page's kernel serves is, as the course server tells it: the client
address and the browser id (derived from the browser's signed owner cookie).

A kernel started for a request gets them in ``REMOTE_ADDR`` and ``MICROMOMENTS_BROWSER``. A
preheated kernel was started before anyone asked for its page, so the server writes them, when
it hands the kernel to a browser, to a file named after the kernel in a private folder
(``MICROMOMENTS_ADDRESS_DIR``: the address on the first line, the browser id on the second).
Both are the server's word, never the page's: tries of codes and keys, and quotas, are counted
against them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from widgets.settings import ADDRESS_DIR, BROWSER
from widgets.store.records import Trier

#: the folder the server writes each page kernel's client address to (one file per kernel)
ADDRESS_DIR_VARIABLE = ADDRESS_DIR.variable
#: the browser id of a kernel started for its request
BROWSER_VARIABLE = BROWSER.variable
_KERNEL_FILE = re.compile(r"kernel-([0-9a-f-]{36})\.json$")
_known: list[Trier] = []


def this_kernel_id() -> str:
    """This kernel's id, read from its connection file ('' outside a served kernel)."""
    try:
        from ipykernel.connect import get_connection_file

        found = _KERNEL_FILE.search(get_connection_file())
    except (ImportError, RuntimeError, AttributeError, OSError):
        return ""
    return found.group(1) if found else ""


def _client_from_server() -> tuple[str, str]:
    folder = os.environ.get(ADDRESS_DIR_VARIABLE, "")
    kernel_id = this_kernel_id()
    if not folder or not kernel_id:
        return "", ""
    try:
        lines = (Path(folder) / kernel_id).read_text(encoding="utf-8").splitlines()
    except OSError:
        return "", ""  # not handed to a browser yet
    address = lines[0].strip()[:64] if lines else ""
    browser = lines[1].strip()[:64] if len(lines) > 1 else ""
    return address, browser


def this_client() -> Trier:
    """The browser this page's kernel serves: address ('local' outside Voila) and browser id
    ('' when the server did not say)."""
    if os.environ.get("REMOTE_ADDR"):
        return Trier(os.environ["REMOTE_ADDR"][:64], os.environ.get(BROWSER_VARIABLE, "")[:64])
    if not _known:
        address, browser = _client_from_server()
        if not address:
            return Trier("local")
        _known.append(Trier(address, browser))
    return _known[0]


def client_address() -> str:
    """The address of the browser this page's kernel serves ('local' outside Voila)."""
    return this_client().address
