"""Who the learner is: the identity of a page's learner across Voila pages.

Identity, in order of precedence:

* **JupyterHub**: ``JUPYTERHUB_USER`` names the learner.
* **Voila** (each page is a kernel, often one started before anyone asked for the page): the
  resume code this browser keeps in local storage (see :class:`BrowserIdentity`), else a
  ``?code=XXXX-XXXX-XXXX`` in the page address, else a new learner whose code is then stored in
  the browser. A link whose code belongs to another learner than the one this browser keeps
  never replaces it silently: the page asks first. The code and the page address both come
  from the browser's report, never from the kernel's environment: a preheated kernel runs the
  notebook before its page is requested, so its environment knows no request.

Every code tried (a link, the browser's, one typed in) is a limited try of this browser (see
:mod:`widgets.store.attempts`): the browser a code was given to is trusted with it, and a
refused try never costs the learner their identity. When the browser's own code cannot be
checked just now, the page says so, keeps the code and tries again by itself.
* **JupyterLab or plain Jupyter**: the local user account.

What a learner does about who they are (start, resume, be trusted, be forgotten) is done by
the identity actions (:mod:`widgets.actions.identity`); the session keeps the state.
"""

from __future__ import annotations

import functools
import getpass
import os
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

import traitlets

from widgets.actions import identity as identity_actions
from widgets.content import get_course
from widgets.identity.browser_identity import BrowserIdentity
from widgets.identity.lazy_storage import LazyStorage, preload_when_idle
from widgets.identity.link_prompt import LinkPrompt
from widgets.identity.page_request import client_address, this_client
from widgets.limits import TooLong
from widgets.reporting.reporter import reporter_from_environment
from widgets.store.codes import normalise_code
from widgets.store.records import StorageError

if TYPE_CHECKING:
    from widgets.store import Storage

#: the longest a page waits before it tries an identity it could not check again
RETRY_MAX_SECONDS = 60.0

__all__ = ["LearnerSession", "client_address", "get_session", "parse_page_query"]

#: the longest page query read (a real one is a few dozen characters; a page can send more)
QUERY_MAX = 2000
QUERY_FIELDS_MAX = 20


def running_in_voila() -> bool:
    """True in a kernel that Voila started for a page (preheated or not)."""
    return bool(os.environ.get("VOILA_BASE_URL")) or os.environ.get(
        "SERVER_SOFTWARE", ""
    ).startswith("voila")


def parse_page_query(query: str) -> dict[str, str]:
    """The parameters of a page address's query (``?code=...&room=...``) as the browser
    reported it: bounded, first value of each name."""
    fields = query[:QUERY_MAX].lstrip("?").split("&")[:QUERY_FIELDS_MAX]
    values = parse_qs("&".join(fields))
    return {name[:40]: found[0][:200] for name, found in values.items() if found}


class LearnerSession(traitlets.HasTraits):
    """The current learner's identity. Widgets observe ``learner_id`` and ``ready``.

    It holds who this page's learner is, not a store for everyone: :attr:`storage` is the
    handle the wiring layer passes to the actions (pages, follow_up, page_frame); views never
    reach it."""

    learner_id = traitlets.Unicode("", help="the learner's id; '' until known")
    ready = traitlets.Bool(False, help="True once the learner is known")
    resume_code = traitlets.Unicode("", help="code to resume on another device (web only)")
    mode = traitlets.Unicode("local", help="'local', 'hub' or 'web'")
    notice = traitlets.Unicode("", help="a plain sentence about storage trouble, '' if none")

    def __init__(self, storage: Storage | None = None, mode: str | None = None):
        super().__init__()
        if storage is not None:
            self.storage: Storage | LazyStorage = storage
            self.notice = storage.notice
        else:
            # opened when first used: a page is built and sent before anyone is known
            self.storage = LazyStorage(
                reporter_from_environment(get_course), self._storage_opened
            )
        self.mode = mode or (
            "hub" if os.environ.get("JUPYTERHUB_USER") else "web" if running_in_voila() else "local"
        )
        self._pending: list[Callable[[], None]] = []
        self._learner_listeners: list[Callable[[], None]] = []
        self.identity = BrowserIdentity()
        self.link_prompt = LinkPrompt(self.switch_to_link, self.keep_own)
        #: (learner id, code) of a ``?code=`` link waiting for the learner's answer
        self.pending_link: tuple[str, str] | None = None
        #: why the last resume code was not even tried ('' if it was)
        self.refusal = ""
        #: the link question is placed on the page once, with the first widgets shown
        self.prompt_placed = False
        #: whether a part of this page already shows the course header (one per page)
        self.header_placed = False
        #: the page address's query parameters, as the browser reported them
        self.page_query: dict[str, str] = {}
        if self.mode == "hub":
            self._become("hub:" + os.environ["JUPYTERHUB_USER"])
        elif self.mode == "local":
            self._become("local:" + getpass.getuser())
        else:
            self.identity.observe(self._on_browser_report, names="reported")
            if isinstance(self.storage, LazyStorage):
                preload_when_idle(then=self.storage.opened)

    def _storage_opened(self, storage: Storage) -> None:
        """The store has just been opened: show its notice (a database that could not be
        used, say), unless the page already says something."""
        if storage.notice and not self.notice:
            self.notice = storage.notice

    # -- identity -------------------------------------------------------------------------

    def _become(self, learner_id: str, code: str = "") -> None:
        # the browser that holds a learner's code is trusted with it from now on
        identity_actions.arrive(
            self.storage, learner_id, this_client().browser if code else None
        )
        self.resume_code = code
        if code:
            self.identity.code_to_store = code
        self.learner_id = learner_id
        if self.notice == self._held_notice:
            self.notice = ""
        if not self.ready:
            self.ready = True
            pending, self._pending = self._pending, []
            for action in pending:
                action()
        self._tell_listeners()

    def _tell_listeners(self) -> None:
        for listener in self._learner_listeners:
            listener()

    def _on_browser_report(self, change: dict) -> None:
        if change["new"] and not self.ready:
            self.page_query = parse_page_query(self.identity.page_query)
            self._identify()

    def _identify(self) -> None:
        """Decide who this page's learner is, from the browser's code and the link's."""
        if self.ready:
            return
        own_code = normalise_code(self.identity.stored_code[:40])
        own = self.learner_for(own_code)
        own_refused = self.refusal
        link_code = normalise_code(self.query_parameter("code")[:40])
        link = self.learner_for(link_code) if link_code and link_code != own_code else None
        if own_code and own is None and own_refused:
            # never a new learner in place of one this browser keeps but cannot check now
            self._hold(own_refused)
            return
        if self.refusal:
            self.notice = self.refusal
        elif link_code and link_code != own_code and link is None:
            self.notice = (
                "The resume code in this link was not found, so it was not used. Check the "
                "link, or type your code on the course home."
            )
        if own and link and link != own:
            # someone else's link must not take over this browser without a word
            self._become(own, own_code)
            self.pending_link = (link, link_code)
            self.link_prompt.ask()
        elif link:
            self._become(link, link_code)
        elif own:
            self._become(own, own_code)
        else:
            self._start_new_learner()

    def _start_new_learner(self) -> None:
        started = identity_actions.start_new_learner(self.storage, this_client())
        if started is None:
            self._hold(
                "This browser (or your network) has started many new learners today, so the "
                "course cannot start another just now. If you have a resume code, type it on "
                "the course home; otherwise this page tries again in a minute."
            )
            return
        self._become(*started)

    _held_notice = "\0"

    def _hold(self, reason: str) -> None:
        """Not ready yet: say why, keep the browser's code, and try again later."""
        self._held_notice = (
            f"{reason} Your progress is safe: this page keeps your resume code and tries "
            "again by itself."
        )
        self.notice = self._held_notice
        try:
            import asyncio

            asyncio.get_running_loop().call_later(RETRY_MAX_SECONDS, self._identify)
        except RuntimeError:
            pass  # no event loop (a test): the next page tries again

    def query_parameter(self, name: str) -> str:
        """A parameter of the page address ('' if absent, or before the browser reports)."""
        return self.page_query.get(name, "")

    def learner_for(self, code: str) -> str | None:
        """The learner a resume code belongs to (None if nobody, or if this browser must wait
        before another try; then :attr:`refusal` says so)."""
        self.refusal = ""
        if not code:
            return None
        learner, self.refusal = identity_actions.resume_with_code(
            self.storage, code, this_client()
        )
        return learner

    def switch_to_link(self) -> None:
        """The learner chose the link's progress over their own."""
        if self.pending_link is not None:
            learner, code = self.pending_link
            self.pending_link = None
            self._become(learner, code)
        self.link_prompt.close_question()

    def keep_own(self) -> None:
        """The learner kept their own progress; the link is ignored."""
        self.pending_link = None
        self.link_prompt.close_question()

    def restore(self, code: str) -> bool:
        """Switch to the learner this resume code belongs to; False if no one has it (or the
        client has used up its tries: :attr:`notice` then says so)."""
        code = normalise_code(code[:40])
        learner = self.learner_for(code)
        if learner is None:
            return False
        self._become(learner, code)
        return True

    def when_ready(self, action: Callable[[], None]) -> None:
        """Run ``action`` once: now if the learner is known, otherwise as soon as they are."""
        if self.ready:
            action()
        else:
            self._pending.append(action)

    def on_learner(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` for the current learner (once known) and after every switch,
        restore or deletion, so a widget can redraw what it shows."""
        self._learner_listeners.append(listener)
        if self.ready:
            listener()

    def run_storage(self, action: Callable[[], None], failure: str) -> bool:
        """Run a storage write; on a database error, or text over its limit, set
        :attr:`notice` to a plain sentence instead of raising. Once a write succeeds again
        (the database is back), a notice that a failed write set is cleared."""
        try:
            action()
        except StorageError as error:
            self.notice = self._failure_notice = f"{failure} ({error})."
            return False
        except TooLong as error:
            self.notice = str(error)
            return False
        if self.notice and self.notice == getattr(self, "_failure_notice", None):
            self.notice = ""
        return True

    def forget_me(self) -> None:
        """Delete every row of this learner; in the browser, start over as a new learner."""
        started = identity_actions.forget_me(
            self.storage, self.learner_id, start_over=self.mode == "web"
        )
        if started is not None:
            self._become(*started)
        else:
            self._tell_listeners()

    # -- what the learner does ------------------------------------------------------------

    @property
    def reporting(self) -> bool:
        """True when what this learner does is reported to the organisation's LRS."""
        return self.storage.reporter is not None

    @property
    def display_name(self) -> str:
        """The name the course greets the learner by."""
        return identity_actions.greeting_name(self.storage, self.learner_id) if self.ready else ""


@functools.lru_cache(maxsize=1)
def get_session() -> LearnerSession:
    """The learner session of this kernel."""
    return LearnerSession()
