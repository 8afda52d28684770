"""Serve the course with Voila: the root URL opens the course home, not a file listing.

Settings live in ``voila.json`` at the project root (port, culling, stripped sources);
this module only adds what Voila cannot be configured to do: redirect ``/`` to the home
notebook and drop the directory listing and contents API.
"""

from __future__ import annotations

from collections.abc import Sequence

from jupyter_core.paths import jupyter_config_path
from jupyter_server.utils import url_path_join
from tornado.web import HTTPError, RedirectHandler
from traitlets import Unicode, default
from voila.app import Voila
from voila.static_file_handler import TemplateStaticFileHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.treehandler import VoilaTreeHandler

from widgets.content import PROJECT_ROOT, default_notebooks_dir


class CourseVoila(Voila):
    """Voila in directory mode whose root redirects to the course home."""

    name = "voila"
    home_notebook = Unicode(
        "00_home.ipynb", config=True, help="notebook the root URL redirects to"
    )

    @default("config_file_paths")
    def _config_file_paths_default(self) -> list[str]:
        return [str(PROJECT_ROOT), *jupyter_config_path()]

    def init_handlers(self) -> list:
        handlers = [
            _course_handler(handler)
            for handler in super().init_handlers()
            if not _is_listing(handler)
        ]
        home = url_path_join(self.base_url, "voila/render", self.home_notebook)
        to_home = {"url": home, "permanent": False}
        redirects = [
            (self.server_url, RedirectHandler, to_home),
            (url_path_join(self.server_url, r"/voila/tree(/.*)?"), RedirectHandler, to_home),
        ]
        return redirects + handlers


def _is_listing(handler: tuple) -> bool:
    handler_class = handler[1]
    pattern = handler[0]
    return (isinstance(handler_class, type) and issubclass(handler_class, VoilaTreeHandler)) or (
        "/voila/api/contents" in pattern
    )


class _TemplateFiles(TemplateStaticFileHandler):
    """Voila's template files, with a malformed path (``../..``) refused as a 404 instead
    of an uncaught AssertionError (a 500 with a traceback in the log)."""

    def parse_url_path(self, path: str) -> str:
        try:
            return super().parse_url_path(path)
        except (AssertionError, ValueError) as error:
            raise HTTPError(404) from error

    @classmethod
    def get_absolute_path(cls, root: str, path: str) -> str:
        try:
            return super().get_absolute_path(root, path)
        except (AssertionError, ValueError) as error:
            raise HTTPError(404) from error


class _CoursePage(TornadoVoilaHandler):
    """Voila's page, which also sets the ``_xsrf`` cookie. The page sends that cookie back
    when the learner leaves, asking Voila to shut its kernel down; without it the request is
    refused (voila-dashboards/voila#1458) and the kernel idles until the culler comes."""

    async def get(self, path: str | None = None) -> None:
        self.xsrf_token  # noqa: B018 - reading the token is what sets the cookie
        await super().get(path)


_REPLACEMENTS = {TemplateStaticFileHandler: _TemplateFiles, TornadoVoilaHandler: _CoursePage}


def _course_handler(handler: tuple) -> tuple:
    replacement = _REPLACEMENTS.get(handler[1])
    if replacement is not None:
        return (handler[0], replacement, *handler[2:])
    return handler


def serve(port: int | None = None, ip: str | None = None, extra_args: Sequence[str] = ()) -> None:
    """Start the course server (blocks until stopped)."""
    argv = [str(default_notebooks_dir())]
    if port is not None:
        argv.append(f"--port={port}")
    if ip is not None:
        argv.append(f"--Voila.ip={ip}")
    argv.extend(extra_args)
    CourseVoila.launch_instance(argv)
