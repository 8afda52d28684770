"""The course under a real JupyterHub (deploy/jupyterhub/jupyterhub_config.py): the Hub with
configurable-http-proxy from npm, DummyAuthenticator and SimpleLocalProcessSpawner; each
user's server is the course in Voila behind jhsingle-native-proxy, all on one PostgreSQL."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from browser_pages import answer_best, module_meta
from conftest import PROJECT_ROOT, free_port
from playwright.sync_api import expect
from processes import stop_process

from widgets.content import get_course

pytestmark = [pytest.mark.browser, pytest.mark.hub]

CONFIG = PROJECT_ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
PROXY = PROJECT_ROOT / ".venv" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
PASSWORD = "course-" + secrets.token_hex(4)


class Hub:
    """A JupyterHub started with the course's configuration, in a temporary folder."""

    def __init__(self, database_url: str):
        self.root = Path(tempfile.mkdtemp(prefix="mm-hub-"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.root / "jupyterhub.log"
        env = {
            **os.environ,
            "MICROMOMENTS_DB": database_url,
            "MICROMOMENTS_HUB_URL": self.url,
            "MICROMOMENTS_HUB_API_PORT": str(free_port()),
            "MICROMOMENTS_PROXY_API_PORT": str(free_port()),
            "MICROMOMENTS_HUB_HOMES": str(self.root / "homes"),
            "MICROMOMENTS_HUB_DUMMY_PASSWORD": PASSWORD,
        }
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(CONFIG)],
            cwd=self.root, env=env, stdout=self._log, stderr=subprocess.STDOUT,
        )
        self._wait_until_up()

    def _wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterHub exited early:\n{self.log()}")
            try:
                urllib.request.urlopen(self.url + "/hub/health", timeout=2)
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"JupyterHub did not start within {timeout} s:\n{self.log()}")

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text()

    def stop(self) -> None:
        stop_process(self.process, timeout=30)  # the Hub stops the users' servers first
        self._log.close()


@pytest.fixture
def hub(postgres):
    if not PROXY.exists():
        pytest.fail(f"{PROXY} is missing: `make test` installs configurable-http-proxy")
    name = "hub_" + secrets.token_hex(4)
    started = Hub(postgres.create_database(name))
    started.database = name
    yield started
    started.stop()
    shutil.rmtree(started.root, ignore_errors=True)
    postgres.drop_database(name)


def log_in(browser, hub: Hub, user: str):
    """Sign in on the Hub's own login page; the Hub then starts the user's server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(90_000)
    page = context.new_page()
    page.goto(hub.url + "/hub/login")
    page.get_by_label("Username").fill(user)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    return context, page


def wait_for_course_home(page, user: str) -> None:
    """The user's server logs them in through the Hub (OAuth) and opens the course home."""
    page.wait_for_url(f"**/user/{user}/voila/render/00_home.ipynb")
    page.wait_for_selector(".mm-module-map")


def answer_best_on_hub(page, hub: Hub, user: str, notebook: str, scenario) -> None:
    page.goto(f"{hub.url}/user/{user}/voila/render/{notebook}")
    answer_best(page, scenario)


def test_two_hub_users_each_answer_in_their_own_server_and_both_are_in_postgresql(
    hub, postgres, browser
):
    course = get_course()
    names = course.module_scenarios("names")[0]
    acknowledge = course.module_scenarios("acknowledge")[0]
    totals = {m: len(course.module(m).scenarios) for m in ("names", "acknowledge")}
    amara, amara_page = log_in(browser, hub, "amara")
    bao, bao_page = log_in(browser, hub, "bao")  # both servers start at the same time
    wait_for_course_home(amara_page, "amara")
    wait_for_course_home(bao_page, "bao")
    answer_best_on_hub(amara_page, hub, "amara", "03_names.ipynb", names)
    answer_best_on_hub(bao_page, hub, "bao", "02_acknowledge.ipynb", acknowledge)

    # each user's home shows their own progress, not the other's
    for page, user, done in ((amara_page, "amara", "names"), (bao_page, "bao", "acknowledge")):
        page.goto(f"{hub.url}/user/{user}/")
        for module_id, total in totals.items():
            count = 1 if module_id == done else 0
            expect(module_meta(page, module_id)).to_contain_text(
                f"{count} of {total} done", timeout=60_000
            )
    rows = postgres.query(
        hub.database, "SELECT learner_id, module_id, scenario_id FROM answers ORDER BY id"
    )
    assert rows == [
        ("hub:amara", "names", names.id), ("hub:bao", "acknowledge", acknowledge.id)
    ], hub.log()[-3000:]
    for context in (amara, bao):
        context.close()
