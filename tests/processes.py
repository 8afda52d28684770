"""Stopping the servers the tests start."""

from __future__ import annotations

import subprocess


def stop_process(process: subprocess.Popen, timeout: float = 15) -> None:
    """Ask ``process`` to stop (SIGTERM), and kill it if it has not within ``timeout`` s."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
