"""The pages measured and the course server the benchmark starts, as `make serve` does."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
from common import (
    BARE,
    BARE_CONTROL,
    BARE_SOURCE,
    COURSE_CONTROL,
    MIB,
    NOTEBOOKS,
    PROJECT_ROOT,
    QUIZ_CONTROL,
    free_port,
)

# -- the pages ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageSpec:
    """A served notebook and the control whose readiness counts as interactive."""

    notebook: str
    control: str
    kind: str  # "quiz", "course" (no quiz: first button or link) or "bare"

    @property
    def control_label(self) -> str:
        """How the table names the control."""
        return {"quiz": "quiz option", "course": "button/link*", "bare": "radio"}[self.kind]


def course_pages() -> list[PageSpec]:
    """Home, every module page and the journal, in the order of their file names."""
    pages = []
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        code = "".join("".join(cell["source"]) for cell in notebook["cells"])
        if "scenario_deck(" in code:
            pages.append(PageSpec(path.name, QUIZ_CONTROL, "quiz"))
        else:
            pages.append(PageSpec(path.name, COURSE_CONTROL, "course"))
    return pages


BARE_PAGE = PageSpec(BARE, BARE_CONTROL, "bare")


def bare_notebook() -> dict[str, Any]:
    """The one-question ipywidgets notebook every page is compared against."""
    return {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "bare-question",
                "metadata": {},
                "outputs": [],
                "source": BARE_SOURCE.splitlines(keepends=True),
            }
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def prepare_notebooks(work: Path) -> Path:
    """A copy of notebooks/ plus bare.ipynb; notebooks/ itself is never touched."""
    target = work / "notebooks"
    shutil.copytree(NOTEBOOKS, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (target / BARE).write_text(json.dumps(bare_notebook(), indent=1), encoding="utf-8")
    return target


# -- the server ------------------------------------------------------------------------------


class Server:
    """``python -m widgets serve`` on a free port, its own database and the copied notebooks."""

    def __init__(self, name: str, work: Path, notebooks: Path, extra_args: Sequence[str] = ()):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.extra_args = [f"--Voila.root_dir={notebooks}", *extra_args]
        self.command = [
            sys.executable, "-m", "widgets", "serve", "--port", str(self.port),
            "--", *self.extra_args,
        ]
        self.log_path = work / f"voila-{name}.log"
        env = {**os.environ, "MICROMOMENTS_DB": str(work / f"{name}.sqlite3")}
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            self.command, cwd=PROJECT_ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT
        )
        self.ps = psutil.Process(self.process.pid)

    def wait_until_up(self, timeout: float = 60) -> float:
        """Block until the server answers; returns the seconds it took."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"Voila exited early:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + "/voila/static/", timeout=2):
                    return time.monotonic() - start
            except urllib.error.HTTPError:
                return time.monotonic() - start
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"Voila did not start within {timeout} s:\n{self.log_tail()}")

    def log_text(self) -> str:
        """The server log so far."""
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text(errors="replace")

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server log."""
        return "\n".join(self.log_text().splitlines()[-lines:])

    def kernels(self) -> list[psutil.Process]:
        """The kernel processes the server started."""
        found = []
        for child in self.ps.children(recursive=True):
            try:
                if any("ipykernel" in part for part in child.cmdline()):
                    found.append(child)
            except psutil.Error:
                continue
        return found

    def kernel_pids(self) -> set[int]:
        """Process ids of the running kernels."""
        return {kernel.pid for kernel in self.kernels()}

    def memory(self) -> dict[str, float]:
        """Server RSS, kernel count and kernels' total RSS, in MiB."""
        kernels = self.kernels()
        kernel_rss = 0
        for kernel in kernels:
            try:
                kernel_rss += kernel.memory_info().rss
            except psutil.Error:
                continue
        server_rss = self.ps.memory_info().rss
        return {
            "server_rss_mib": server_rss / MIB,
            "kernels": len(kernels),
            "kernels_rss_mib": kernel_rss / MIB,
            "total_rss_mib": (server_rss + kernel_rss) / MIB,
        }

    def own_cpu_seconds(self) -> float:
        """CPU time used so far by the server process alone."""
        times = self.ps.cpu_times()
        return times.user + times.system

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server and everything it started."""
        total = 0.0
        for process in [self.ps, *self.ps.children(recursive=True)]:
            try:
                times = process.cpu_times()
                total += times.user + times.system
            except psutil.Error:
                continue
        return total

    async def wait_quiet(
        self, max_wait: float = 15.0, busy: float = 0.15, windows: int = 2
    ) -> float:
        """Wait until the server and its kernels use < ``busy`` of a core for ``windows``
        quarter-seconds in a row; returns the seconds waited."""
        start = time.monotonic()
        calm = 0
        last = self.cpu_seconds()
        while time.monotonic() - start < max_wait and calm < windows:
            await asyncio.sleep(0.25)
            now = self.cpu_seconds()
            calm = calm + 1 if (now - last) / 0.25 < busy else 0
            last = now
        return time.monotonic() - start

    async def wait_kernels(self, count: int, timeout: float) -> float | None:
        """Wait until exactly ``count`` kernels run; seconds taken, or None on timeout."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if len(self.kernels()) == count:
                return time.monotonic() - start
            await asyncio.sleep(0.5)
        return None

    def stop(self) -> None:
        """Stop the server (it shuts its kernels down; any left are killed) and close the log."""
        kernels = self.kernels()
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for kernel in kernels:
            try:
                kernel.kill()
            except psutil.Error:
                continue
        self._log.close()
