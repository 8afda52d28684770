"""The Voila server as a host runs it: the root opens the home, nothing else is exposed."""

from __future__ import annotations

import os
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT

sys.path.insert(0, str(Path(__file__).parent))
from hostile_client import KernelSocket, Page, run_async  # noqa: E402


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, follow: bool = True) -> tuple[int, dict, str]:
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=60) as response:
            body = response.read().decode(errors="replace")  # a database file is not text
            return response.status, dict(response.headers), body
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode(errors="replace")


def test_root_redirects_to_the_course_home(voila_server):
    status, headers, _ = fetch(voila_server.url + "/", follow=False)
    assert status == 302
    assert headers["Location"].endswith("/voila/render/00_home.ipynb")


def test_home_renders_without_sources(voila_server):
    status, _, body = fetch(voila_server.url + "/")
    assert status == 200
    assert "Leadership in Micro-Moments" in body
    # sources are stripped: the code that builds the page is not in it
    assert "from widgets import" not in body


def test_tree_listing_is_replaced_by_the_home(voila_server):
    status, headers, _ = fetch(voila_server.url + "/voila/tree", follow=False)
    assert status == 302
    assert headers["Location"].endswith("/voila/render/00_home.ipynb")


@pytest.mark.parametrize(
    "path",
    [
        "/voila/api/contents",
        "/voila/api/contents/00_home.ipynb",
        "/voila/files/00_home.ipynb",
        "/voila/files/../requirements.txt",
        "/voila/render/../requirements.txt",
        "/requirements.txt",
        "/voila/files/../.git/config",
        "/voila/files/../.git/HEAD",
        "/voila/files/%2e%2e/.git/HEAD",
        "/voila/files/..%2f.git/HEAD",
        "/voila/files/../README.md",
        "/voila/render/../README.md",
        "/voila/render/%2e%2e/README.md",
        "/voila/render/../../README.md",
        "/voila/static/../../README.md",
        "/voila/files/../voila.json",
        "/voila/files/../widgets/storage.py",
        "/voila/files/../content/course.yaml",
        "/voila/templates/../../README.md",
        "/voila/templates/lab/static/../../../../README.md",
        "/voila/nbconvert/../README.md",
    ],
)
def test_project_files_are_not_served(voila_server, path):
    status, _, body = fetch(voila_server.url + path)
    assert status in (403, 404), (path, status, body[:200])
    assert "voila" not in body.lower() or status != 200


async def say_who(page: Page) -> None:
    """Report the page's browser as a new one, and wait until the kernel is done with it."""
    socket = await KernelSocket.connect(page)
    try:
        await socket.report_browser(await socket.states())
        await socket.settle(quiet=0.5)
    finally:
        socket.close()


def test_the_database_is_not_served(voila_server):
    """The learners' database (MICROMOMENTS_DB, in a folder of its own) cannot be fetched."""
    status, _, _ = fetch(voila_server.url + "/")
    assert status == 200
    # a page opens the database once its browser has said who the learner is
    page = Page.open(voila_server.url, "00_home.ipynb")
    try:
        run_async(say_who(page))
    finally:
        page.shut_down()
    database = voila_server.data_dir / "course.sqlite3"
    deadline = time.monotonic() + 30
    while not database.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert database.exists()
    notebooks = PROJECT_ROOT / "notebooks"
    relative = os.path.relpath(database, notebooks)
    escaped = relative.replace("..", "%2e%2e")
    paths = [
        f"{prefix}{path}"
        for prefix in ("/voila/files/", "/voila/render/", "/voila/static/", "/files/", "/")
        for path in (relative, escaped, str(database), str(database).lstrip("/"))
    ]
    paths += [f"/voila/files/{relative}-wal", f"/voila/templates/lab/static/{relative}"]
    for path in paths:
        status, _, body = fetch(voila_server.url + path)
        assert status in (403, 404), (path, status, body[:200])
        assert "SQLite format" not in body, path


def test_served_configuration_culls_idle_kernels_and_strips_sources(tmp_path, monkeypatch):
    from widgets.content import default_notebooks_dir
    from widgets.server.guard import ADDRESS_DIR_VARIABLE
    from widgets.server.kernels import CourseKernelManager
    from widgets.server.serve import CourseVoila

    monkeypatch.setenv(ADDRESS_DIR_VARIABLE, "")  # restored after the test
    app = CourseVoila()
    app.initialize([str(default_notebooks_dir()), "--CourseVoila.pool_sizes=workshop.ipynb=40"])
    app.connection_dir = str(tmp_path)
    # pages come from preheated pools, sized per page (a host's --pool on top of voila.json)
    assert app.voila_configuration.preheat_kernel is True
    pools = app.config.VoilaKernelManager.kernel_pools_config
    assert pools["default"]["pool_size"] >= 1 and pools["00_home.ipynb"]["pool_size"] >= 1
    assert app.config.KernelManager.transport == "ipc"  # no TCP ports to race for or reach
    app.voila_configuration.preheat_kernel = False  # build the manager without starting pools
    app.init_settings()
    assert app.config.VoilaKernelManager.kernel_pools_config["workshop.ipynb"] == {
        **pools.get("workshop.ipynb", {}), "pool_size": 40
    }
    manager = app.kernel_manager
    assert isinstance(manager, CourseKernelManager)
    assert manager.cull_idle_timeout > 0 and manager.cull_interval > 0
    assert manager.cull_connected is False  # an open page is never culled
    assert (app.ip, app.port) == ("127.0.0.1", 8866)
    assert app.voila_configuration.strip_sources is True
    assert app.voila_configuration.show_tracebacks is False


def test_the_readme_lists_every_setting_as_the_code_has_them():
    from widgets.server.cli import settings_table

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    listed = readme.split("<!-- settings:start -->\n", 1)[1].split("\n<!-- settings:end -->")[0]
    assert listed == settings_table(), "run `python -m widgets settings` and paste it"


def test_serve_stops_at_once_on_a_wrong_setting_and_names_it(monkeypatch, capsys):
    from widgets.server.cli import main

    monkeypatch.setenv("MICROMOMENTS_FACILITATOR_KEY", "short")
    monkeypatch.setenv("MICROMOMENTS_DB", "mysql://course@db/course")
    assert main(["serve"]) == 2
    said = capsys.readouterr().err
    assert "MICROMOMENTS_FACILITATOR_KEY must be at least 12 characters" in said
    assert "MICROMOMENTS_DB must be a file path or a URL" in said
