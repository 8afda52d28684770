"""BrowserIdentity: remembers a learner's resume code in this browser's local storage, and
tells the kernel the page's address query (``?code=``, ``?room=``)."""

from __future__ import annotations

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

    _esm = """
    const KEY = "__KEY__";
    function read() {
      try { return window.localStorage.getItem(KEY) || ""; } catch (e) { return ""; }
    }
    function write(code) {
      try {
        if (code) { window.localStorage.setItem(KEY, code); }
        else { window.localStorage.removeItem(KEY); }
      } catch (e) { /* storage blocked: the resume code still works */ }
    }
    export default {
      render({ model, el }) {
        el.style.display = "none";
        if (!model.get("reported")) {
          model.set("stored_code", read());
          model.set("page_query", String(window.location.search || "").slice(0, 2000));
          model.set("reported", true);
          model.save_changes();
        }
        const store = () => {
          const code = model.get("code_to_store");
          if (code !== null) { write(code); }
        };
        model.on("change:code_to_store", store);
        store();
      },
    };
    """.replace("__KEY__", STORAGE_KEY)

    stored_code = traitlets.Unicode("", help="code found in the browser").tag(sync=True)
    page_query = traitlets.Unicode("", help="the page address's query, '?...'").tag(sync=True)
    reported = traitlets.Bool(False, help="True once the browser has answered").tag(sync=True)
    code_to_store = traitlets.Unicode(
        None, allow_none=True, help="code to keep in the browser ('' forgets it)"
    ).tag(sync=True)
