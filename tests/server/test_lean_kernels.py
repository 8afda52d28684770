"""A page's kernel loads only what it shows: it has not imported matplotlib (charts import it
when they draw, the completion record finds its font without it). Read from the kernel
process's own memory map, so nothing runs in the kernel to look."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from hostile_client import Page  # noqa: E402


def has_matplotlib(process: psutil.Process) -> bool:
    """True if the process has loaded matplotlib's compiled parts."""
    return any("matplotlib" in region.path for region in process.memory_maps(grouped=True))


def kernel_of(server, kernel_id: str) -> psutil.Process:
    """The kernel process of a page (its connection file names its id)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for process in server.kernels():
            if kernel_id in " ".join(process.cmdline()):
                return process
        time.sleep(0.2)
    raise LookupError(f"no kernel process for {kernel_id}")


def test_the_check_sees_matplotlib_in_a_process_that_imported_it():
    with subprocess.Popen(
        [sys.executable, "-c", "import matplotlib.pyplot, sys; sys.stdin.read()"],
        stdin=subprocess.PIPE,
    ) as child:
        try:
            process = psutil.Process(child.pid)
            deadline = time.monotonic() + 60
            while not has_matplotlib(process) and time.monotonic() < deadline:
                time.sleep(0.2)
            assert has_matplotlib(process)
        finally:
            child.stdin.close()


@pytest.mark.parametrize(
    "notebook", ["03_names.ipynb", "08_five_day_challenge.ipynb", "journal.ipynb"]
)
def test_a_pages_kernel_has_not_imported_matplotlib_before_a_chart(voila_server, notebook):
    """A module page, and the challenge and journal pages (whose record and charts are made
    on request), load no matplotlib when opened."""
    page = Page.open(voila_server.url, notebook)
    try:
        kernel = kernel_of(voila_server, page.kernel_id)
        assert not has_matplotlib(kernel), f"{notebook}'s kernel imported matplotlib"
    finally:
        page.shut_down()
