"""BrowserIdentity: remembers a learner's resume code in this browser's local storage, and
tells the kernel the page's address query (``?code=``, ``?room=``)."""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

STORAGE_KEY = "micromoments.resume-code"


class BrowserIdentity(anywidget.AnyWidget):
    """An invisible widget: reports the code stored in the browser, and stores a new one.

    In Voila every page is a new kernel; this is how a learner who comes back on the same
    browser is recognised without typing anything. The page's query comes the same way: a
    preheated kernel ran the notebook before the page was asked for, so only the browser
    knows the address it was opened with.
    """

    _esm = Path(__file__).with_name("browser_identity.js")

    stored_code = traitlets.Unicode("", help="code found in the browser").tag(sync=True)
    page_query = traitlets.Unicode("", help="the page address's query, '?...'").tag(sync=True)
    reported = traitlets.Bool(False, help="True once the browser has answered").tag(sync=True)
    code_to_store = traitlets.Unicode(
        None, allow_none=True, help="code to keep in the browser ('' forgets it)"
    ).tag(sync=True)
