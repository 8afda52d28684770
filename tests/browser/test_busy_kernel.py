"""A page kernel that keeps a processor busy is stopped, and its page says so (issue 26,
point 4). The busy loop is a test setting of the kernels only (an IPython startup file that
spins once the server has handed the kernel to a browser), with the watch's window shortened
from a minute to a few seconds and its share lowered to a third of a processor."""

from __future__ import annotations

import time
from collections.abc import Iterator

import psutil
import pytest
from browser_pages import SCREENSHOTS
from conftest import VoilaServer
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SPINNING_KERNEL = """
import os
import pathlib
import threading
import time


def _spin_once_bound():
    folder = os.environ.get("MICROMOMENTS_ADDRESS_DIR", "")
    while not os.environ.get("REMOTE_ADDR"):
        from widgets.identity.page_request import this_kernel_id

        if folder and (pathlib.Path(folder) / this_kernel_id()).exists():
            break
        time.sleep(0.2)
    while True:  # a callback that never ends, as a bug (or a page) could cause
        sum(range(10_000))


threading.Thread(target=_spin_once_bound, daemon=True).start()
"""


@pytest.fixture(scope="module")
def spinning_server(tmp_path_factory) -> Iterator[VoilaServer]:
    home = tmp_path_factory.mktemp("spinning-ipython")
    startup = home / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-spin.py").write_text(SPINNING_KERNEL)
    server = VoilaServer(
        tmp_path_factory.mktemp("spinning-voila"),
        # a third of a processor: the spinning kernel shares two cores with the other test
        # worker's browsers and kernels (an idle page kernel uses next to none)
        extra_args=("--", "--CourseVoila.busy_window_seconds=6",
                    "--CourseVoila.busy_check_seconds=1", "--CourseVoila.busy_share=0.33"),
        environment={"IPYTHONDIR": str(home)},
    )
    yield server
    server.stop()


def spinning(kernel: psutil.Process) -> bool:
    """Whether a kernel process is busy (one that is exiting, or gone, is not)."""
    try:
        return kernel.cpu_percent(0.2) > 50
    except (psutil.NoSuchProcess, psutil.ZombieProcess):
        return False


def test_a_busy_kernel_is_stopped_and_its_page_says_so(page, spinning_server):
    # not open_page: the kernel spins from the moment it is bound, and on a loaded machine it
    # may be stopped before its widgets have rendered; the banner must show either way
    page.goto(f"{spinning_server.url}/voila/render/02_acknowledge.ipynb")
    banner = page.locator("#mm-stopped")
    expect(banner).to_be_visible(timeout=60_000)
    expect(banner).to_have_attribute("role", "alert")
    expect(banner).to_contain_text("stopped by the server because it kept the server busy.")
    expect(page.get_by_role("button", name="Reload the page")).to_be_focused()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "stopped-page-1280.png")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=SCREENSHOTS / "stopped-page-390.png")
    assert "kept a processor busy for a minute: stopped" in spinning_server.log()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:  # the kernel process itself is gone
        busy = [k for k in spinning_server.kernels() if spinning(k)]
        if not busy:
            break
    assert not busy, [k.pid for k in busy]
    assert psutil.Process(spinning_server.process.pid).is_running()
