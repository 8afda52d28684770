"""Many learners at once, without browsers: ``make bench-load LEARNERS=40 WINDOW=10``.

Each simulated learner does over HTTP and the kernel websocket what a browser does on a module
page: it fetches the page (keeping its cookies), reads the kernel id, opens the kernel's
websocket in the v1 protocol, asks for the widget states, reports a browser with no stored
resume code (as the identity widget does), then answers three scenarios by sending the
messages a click sends (choose an option, Check answer, Next) and leaves, asking for its
kernel to be shut down as a closing tab does.

* time to interactive: from the GET until the widget states are received;
* feedback: from sending "Check answer" until the feedback arrives.

The server is started as ``make serve`` starts it (``python -m widgets serve``, ``voila.json``),
on a temporary database, with the module page's pool sized for the room as a host would
(``--pool PAGE=N``, N = learners unless ``--pool`` says otherwise). Learners arrive at random
moments within the window. A table goes to stdout, then one JSON line per run (the last line is
the last run); progress goes to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil
from bench_server import Server
from common import MIB, NOTEBOOKS, log, median, percentile
from learner_sim import Learner, learner_visit
from tornado.httpclient import AsyncHTTPClient


class Sampler:
    """Peak memory and the CPU time of every process of the server, sampled twice a second
    (a kernel that exits keeps the CPU time it was last seen with)."""

    def __init__(self, server: Server):
        self.server = server
        self.peak: dict[str, float] = {}
        self.start = self._cpu()
        self.seen: dict[int, tuple[bool, float]] = {}

    def _cpu(self) -> dict[int, tuple[bool, float]]:
        found = {}
        for process in [self.server.ps, *self.server.ps.children(recursive=True)]:
            try:
                times = process.cpu_times()
                is_kernel = any("ipykernel" in part for part in process.cmdline())
            except psutil.Error:
                continue
            found[process.pid] = (is_kernel, times.user + times.system)
        return found

    def sample(self) -> None:
        self.seen.update(self._cpu())
        kernels = [k for k in self.server.kernels() if k.is_running()]
        rss = [k.memory_info().rss / MIB for k in kernels]
        total = self.server.ps.memory_info().rss / MIB + sum(rss)
        self.peak["rss_mib"] = max(self.peak.get("rss_mib", 0.0), total)
        self.peak["kernels"] = max(self.peak.get("kernels", 0), len(kernels))
        if rss:
            self.peak["kernel_rss_median_mib"] = median(rss)

    def cpu(self, kind: str) -> float:
        """CPU seconds since the start of the run: of the server ("server"), of the kernels
        that were running at the start, pooled ("pooled"), or of those started since, the
        pools' refills and kernels started for a request ("started")."""
        total = 0.0
        for pid, (is_kernel, cpu) in self.seen.items():
            if kind == ("server" if not is_kernel else "pooled" if pid in self.start
                        else "started"):
                total += cpu - self.start.get(pid, (is_kernel, 0.0))[1]
        return total

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self.sample()
            try:
                await asyncio.wait_for(stop.wait(), 0.5)
            except asyncio.TimeoutError:
                continue
        self.sample()


async def wait_for_pool(server: Server, page: str, size: int, timeout: float) -> float:
    start = time.monotonic()
    filled = f"Kernel pool of {page} is filled with {size} kernel(s)"
    while size and filled not in server.log_text():
        if time.monotonic() - start > timeout:
            raise RuntimeError(f"the pool of {page} did not fill in {timeout} s")
        await asyncio.sleep(0.5)
    return time.monotonic() - start


async def run(count: int, window: float, page: str, pool: int, think: float,
              work: Path) -> dict[str, Any]:
    """One server, ``count`` learners arriving within ``window`` seconds."""
    machine_before = psutil.virtual_memory().used / MIB
    server = Server(f"load-{count}", work, NOTEBOOKS,
                    [f"--CourseVoila.pool_sizes={page}={pool}"])
    try:
        server.wait_until_up(timeout=180)  # the server starts every pool at once
        filled = await wait_for_pool(server, page, pool, timeout=60 + 3 * pool)
        await server.wait_quiet(max_wait=120, windows=4)
        log(f"{count} learners: pool of {pool} ready after {filled:.1f} s; arriving within "
            f"{window:g} s")
        idle = server.memory()
        # the machine's memory in use grew by this much for the server and its pools
        machine_idle = psutil.virtual_memory().used / MIB - machine_before
        sampler = Sampler(server)
        stop = asyncio.Event()
        sampling = asyncio.ensure_future(sampler.run(stop))
        arrivals = random.Random(count)
        learners = [Learner(n) for n in range(count)]
        started = time.monotonic()
        await asyncio.gather(*(
            learner_visit(server.url, page, learner, arrivals.uniform(0, window), think)
            for learner in learners
        ))
        elapsed = time.monotonic() - started
        stop.set()
        await sampling
        peak = sampler.peak
    finally:
        server.stop()
    for learner in learners:
        if learner.error:
            log(f"learner {learner.number}: {learner.error}")
    ttis = [lr.tti_s for lr in learners if lr.tti_s is not None]
    feedback = [ms for lr in learners for ms in lr.feedback_ms]
    return {
        "learners": count, "window_s": window, "page": page, "pool": pool,
        "success_rate": sum(lr.succeeded for lr in learners) / count,
        "html_median_s": median([lr.html_s for lr in learners if lr.html_s is not None]),
        "tti_median_s": median(ttis), "tti_p95_s": percentile(ttis, 0.95),
        "feedback_median_ms": median(feedback), "feedback_p95_ms": percentile(feedback, 0.95),
        "busy_pages": sum(lr.busy_pages for lr in learners),
        "server_cpu_s": sampler.cpu("server"), "kernels_cpu_s": sampler.cpu("pooled"),
        "started_kernels_cpu_s": sampler.cpu("started"),
        "elapsed_s": elapsed,
        "idle_rss_mib": idle["total_rss_mib"], "idle_kernels": idle["kernels"],
        "peak_rss_mib": peak.get("rss_mib"), "peak_kernels": peak.get("kernels"),
        "kernel_rss_median_mib": peak.get("kernel_rss_median_mib"),
        "machine_mib_per_kernel": machine_idle / idle["kernels"] if idle["kernels"] else None,
    }


def table(results: list[dict[str, Any]]) -> str:
    def fmt(value: float | None, digits: int = 0) -> str:
        return "-" if value is None else f"{value:.{digits}f}"

    lines = [
        "learners  window  pool  success  TTI med  TTI p95  fb med  fb p95  busy  "
        "CPU s: server/pooled/new  peak kernels, MiB  kernel MiB: RSS, machine",
    ]
    for r in results:
        lines.append(
            f"{r['learners']:>8}  {r['window_s']:>5g}s  {r['pool']:>4}  "
            f"{r['success_rate']:>7.0%}  {fmt(r['tti_median_s'], 2):>6}s  "
            f"{fmt(r['tti_p95_s'], 2):>6}s  {fmt(r['feedback_median_ms']):>4}ms  "
            f"{fmt(r['feedback_p95_ms']):>4}ms  {r['busy_pages']:>4}  "
            f"{r['server_cpu_s']:>6.1f} / {r['kernels_cpu_s']:>5.1f} / "
            f"{r['started_kernels_cpu_s']:>5.1f}  "
            f"{fmt(r['peak_kernels']):>6}, {fmt(r['peak_rss_mib']):>6}  "
            f"{fmt(r['kernel_rss_median_mib']):>9}, {fmt(r['machine_mib_per_kernel'])}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, nargs="+", default=[40])
    parser.add_argument("--window", type=float, default=None,
                        help="seconds within which the learners arrive (default: 10 s, or "
                        "one learner every 0.2 s for more than 50)")
    parser.add_argument("--page", default="02_acknowledge.ipynb")
    parser.add_argument("--pool", type=int, default=None,
                        help="preheated kernels of the page (default: one per learner)")
    parser.add_argument("--think", type=float, default=2.0,
                        help="mean seconds a learner reads before each answer")
    args = parser.parse_args(argv)
    AsyncHTTPClient.configure(None, max_clients=1000)
    results = []
    with tempfile.TemporaryDirectory(prefix="mm-load-") as tmp:
        for count in args.learners:
            pool = count if args.pool is None else args.pool
            window = args.window if args.window is not None else max(10.0, count / 5)
            results.append(asyncio.run(
                run(count, window, args.page, pool, args.think, Path(tmp))
            ))
    print(table(results))
    for result in results:
        print(json.dumps(result))
    return 0 if all(r["success_rate"] == 1 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
