"""Benchmark of the served course (issue 8): time to interactive, click latency, memory, load.

Run it with ``make bench`` or ``.venv/bin/python bench/run.py [--quick] [--output FILE]``.

It starts Voila exactly as ``python -m widgets serve`` does (same command, same ``voila.json``),
on a temporary copy of ``notebooks/`` that also holds ``bare.ipynb``: one ipywidgets question
(RadioButtons, a Check button, an HTML feedback line) that every figure is compared against.
Headless Debian Chromium, driven by Playwright, plays the learners; no browser is downloaded.

Servers are started one after the other:

1. *cold*: preheating off; every page starts and runs a new kernel. Time to
   interactive of every page and of the bare page, click-to-feedback latency, kernel memory.
2. *preheated*: the production settings (``voila.json``'s pools) with one pooled kernel per
   notebook; warm time to interactive of the same pages.
3. *load*, one server per N: preheating off, with a shorter culling timeout
   (production keeps ``voila.json``'s 600 s / 60 s); N learners at once, each opening a module
   page and answering 3 scenarios, then leaving (half close the tab, half just disappear);
   after the last N, culling is awaited.

The table goes to stdout, progress to stderr, everything measured to a JSON file.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from bench_server import (
    BARE_PAGE,
    Server,
    course_pages,
    prepare_notebooks,
)
from common import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LEARNER_TIMEOUT_S,
    PROJECT_ROOT,
    log,
)
from imports import measure as measure_imports
from phases import (
    measure_load,
    measure_pages,
)
from playwright.async_api import async_playwright
from report import (
    evaluate_targets,
    fmt,
    git_describe,
    machine,
    report,
)

# -- main ------------------------------------------------------------------------------------


#: a kernel started for each page, as before preheating (``make bench-load`` measures pools)
NO_POOLS = ["--VoilaConfiguration.preheat_kernel=False"]


async def with_server(
    name: str, work: Path, notebooks: Path, extra_args: Sequence[str],
    body: Callable[[Server], Awaitable[dict[str, Any]]],
) -> dict[str, Any]:
    """Start a server, run ``body`` against it, stop it."""
    server = Server(name, work, notebooks, extra_args)
    try:
        started = server.wait_until_up()
        log(f"{name} server up on port {server.port} in {started:.1f} s")
        result = await body(server)
        result["startup_seconds"] = started
        result["extra_args"] = server.extra_args
        return result
    except Exception:
        log(f"{name} server log:\n{server.log_tail()}")
        raise
    finally:
        server.stop()


async def run(args: argparse.Namespace) -> dict[str, Any]:
    """Every phase, in one run."""
    begin = time.monotonic()
    pages = course_pages()
    if args.quick:
        pages = [p for p in pages if p.notebook == "00_home.ipynb"] + [
            p for p in pages if p.kind == "quiz"
        ][:1]
    pages = [BARE_PAGE, *pages]
    modules = [p.notebook for p in pages if p.kind == "quiz"]
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="mm-bench-") as tmp:
        work = Path(tmp)
        notebooks = prepare_notebooks(work)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS
            )

            async def cold(server: Server) -> dict[str, Any]:
                await server.wait_quiet()
                idle = server.memory()
                runs, closed = await measure_pages(
                    server, browser, pages, args.repeat, clicks=True
                )
                return {
                    "idle": idle,
                    "closed_tabs": closed,
                    "pages": {name: run.summary() for name, run in runs.items()},
                }

            results["cold"] = await with_server("cold", work, notebooks, NO_POOLS, cold)

            if args.preheat:
                pool = len(list(notebooks.glob("*.ipynb")))

                async def preheated(server: Server) -> dict[str, Any]:
                    filled = await server.wait_kernels(pool, timeout=120)
                    await server.wait_quiet(max_wait=90, windows=4)
                    log(f"preheated pool of {pool} kernels started after {fmt(filled, 1)} s")
                    runs, closed = await measure_pages(
                        server, browser, pages, args.warm_repeat, warm=True, pool=pool
                    )
                    return {
                        "pool_size_per_notebook": 1,
                        "pool_started_seconds": filled,
                        "closed_tabs": closed,
                        "pages": {name: run.summary() for name, run in runs.items()},
                    }

                results["preheated"] = await with_server(
                    "preheated", work, notebooks,
                    [
                        # voila.json's pools, with one kernel for every page
                        "--CourseVoila.pool_sizes=00_home.ipynb=1",
                        "--CourseVoila.pool_sizes=workshop.ipynb=1",
                        # refill a pool a second after a page took its kernel (production
                        # waits 10 s for a lull): each warm load starts on a full pool
                        "--VoilaKernelManager.fill_delay=1",
                    ],
                    preheated,
                )

            if args.learners:
                cull_args = [
                    *NO_POOLS,
                    f"--MappingKernelManager.cull_idle_timeout={args.cull_timeout}",
                    f"--MappingKernelManager.cull_interval={args.cull_interval}",
                ]
                cull_wait = args.cull_timeout + 3 * args.cull_interval + 30
                runs = []
                for position, count in enumerate(args.learners):
                    last = position == len(args.learners) - 1

                    async def loaded(
                        server: Server, count: int = count, last: bool = last
                    ) -> dict[str, Any]:
                        return await measure_load(
                            server, browser, modules, count, cull_wait if last else None
                        )

                    runs.append(
                        await with_server(f"load-{count}", work, notebooks, cull_args, loaded)
                    )
                results["load"] = {
                    "pool_size": 0,
                    "culling": {"timeout": args.cull_timeout, "interval": args.cull_interval},
                    "runs": runs,
                }
            chromium_version = browser.version
            await browser.close()
    log("import costs of a module page's kernel (python -X importtime)")
    results["imports"] = measure_imports(pages[-1].notebook if args.quick else "03_names.ipynb")
    results["meta"] = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "git": git_describe(),
        "machine": machine(),
        "python": platform.python_version(),
        "chromium": chromium_version,
        "serve_command": [
            "python", "-m", "widgets", "serve", "--port", "<free port>", "--",
            "--Voila.root_dir=<copy of notebooks/ plus bare.ipynb>",
        ],
        "repeat": args.repeat,
        "warm_repeat": args.warm_repeat,
        "quick": args.quick,
        "seconds": time.monotonic() - begin,
    }
    try:
        results["targets"] = evaluate_targets(results)
    except (KeyError, TypeError, ValueError) as error:  # a failed phase: keep the figures
        log(f"could not evaluate the targets: {error!r}")
        results["targets"] = []
    return results


def main(argv: list[str] | None = None) -> int:
    """Parse options, run the benchmark, print the table and write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--output", type=Path, default=PROJECT_ROOT / "bench-results.json",
        help="JSON results file (default: bench-results.json)",
    )
    parser.add_argument(
        "--quick", action="store_true",
        help="smoke run: home, one module and bare, once each; 2 learners",
    )
    parser.add_argument(
        "--learners", type=int, nargs="*", default=None,
        help="simultaneous learner counts (default 10 20 40; none to skip)",
    )
    parser.add_argument("--repeat", type=int, default=None, help="cold loads per page (3)")
    parser.add_argument("--warm-repeat", type=int, default=None, help="warm loads per page (2)")
    parser.add_argument("--no-preheat", dest="preheat", action="store_false",
                        help="skip the preheated server")
    parser.add_argument("--cull-timeout", type=int, default=None,
                        help="cull_idle_timeout of the load servers, seconds (60; quick: 20)")
    parser.add_argument("--cull-interval", type=int, default=5,
                        help="cull_interval of the load servers, seconds (5)")
    args = parser.parse_args(argv)
    if args.learners is None:
        args.learners = [2] if args.quick else [10, 20, 40]
    if args.repeat is None:
        args.repeat = 1 if args.quick else 3
    if args.cull_timeout is None:
        args.cull_timeout = 20 if args.quick else LEARNER_TIMEOUT_S
    if args.warm_repeat is None:
        args.warm_repeat = 1 if args.quick else 2
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: install Debian's chromium (make chromium)", file=sys.stderr)
        return 2
    results = asyncio.run(run(args))
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(report(results))
    print(f"Results written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
