"""The same module works in JupyterLab: open it, run all cells, answer a scenario."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import PROJECT_ROOT, free_port

from widgets.content import get_course

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    port = free_port()
    token = "course-test-" + os.urandom(8).hex()
    log = open(tmp_path_factory.mktemp("lab") / "lab.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
         f"--port={port}", "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        cwd=PROJECT_ROOT / "notebooks", stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
            break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("JupyterLab did not start")
    yield url, token
    process.terminate()
    process.wait(timeout=20)
    log.close()


def test_acknowledge_module_runs_and_answers_in_jupyterlab(jupyterlab, page):
    url, token = jupyterlab
    scenario = get_course().module_scenarios("acknowledge")[0]
    best = next(o for o in scenario.options if o.rating == "best")
    page.goto(f"{url}/lab/tree/02_acknowledge.ipynb?token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
    # run only once the kernel is up: a Run All sent while it starts can be lost
    page.locator(".jp-StatusBar-Widget", has_text="| Idle").first.wait_for(timeout=90_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    quiz = page.locator(".mm-scenario-quiz")
    quiz.get_by_text(scenario.title).wait_for(timeout=90_000)
    quiz.get_by_role("radio", name=best.text).check()
    quiz.get_by_role("button", name="Check answer").click()
    chosen = quiz.locator(".mm-feedback-item.mm-chosen")
    chosen.wait_for()
    assert "Strong choice" in chosen.inner_text()
    assert best.feedback in chosen.inner_text()
