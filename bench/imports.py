"""What a page's kernel imports beyond the bare kernel, and what each import costs.

``.venv/bin/python bench/imports.py [NOTEBOOK ...]`` (``make bench`` runs it for a module page):
a fresh Python that has already imported what every kernel holds (``ipykernel`` and
``ipywidgets``, as the bare page's kernel does) and runs as a Voila page kernel does, in two
steps:

1. *building the page*: the notebook's import lines under ``python -X importtime``, then its
   code cells;
2. *opening the store*: what the page adds when its store is first used (once the browser has
   said who the learner is; a thread imports SQLAlchemy as soon as the kernel is idle).

Printed for each step: the packages it added, largest first, with their import time (ms,
each package's own modules) and the resident memory each added (MiB, by importing them one
after the other in that order).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from common import NOTEBOOKS, PROJECT_ROOT

#: what the bare page's kernel already holds
KERNEL_IMPORTS = "import ipykernel.ipkernel, ipykernel.kernelapp, ipywidgets, IPython.display"
#: the course package's parts whose memory is measured (the rest comes with the notebook)
COURSE_MODULES = ["widgets.content.models", "widgets.actions.learning", "widgets.pages",
                  "widgets.follow_up"]
#: what opening the store imports
STORE_IMPORT = "import widgets.store.storage"
IMPORT_LINE = re.compile(r"^\s*(from\s+\S+\s+import\s+.+|import\s+.+)$")
LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")
NOTEBOOK_ROW = "(running the notebook: the course, its widgets)"
STORE_ROW = "(opening the store: the engine, the database)"

MEASURE_MEMORY = """
import importlib, sys, json
def rss():
    with open('/proc/self/status') as status:
        for line in status:
            if line.startswith('VmRSS'):
                return int(line.split()[1]) / 1024
{kernel}
def imported(names):
    added = {{}}
    for name in names:
        before = rss()
        try:
            importlib.import_module(name)
        except ImportError:  # a private helper module only its package can import
            continue
        added[name] = rss() - before
    return added
build = imported(json.loads(sys.argv[1]))
before = rss()
exec(compile(sys.argv[2], 'notebook', 'exec'))
build[{notebook_row!r}] = rss() - before
store = imported(json.loads(sys.argv[3]))
before = rss()
from widgets.identity.session import get_session
get_session().storage.opened()
store[{store_row!r}] = rss() - before
print(json.dumps({{'build': build, 'store': store}}))
"""


def page_environment(folder: str) -> dict[str, str]:
    """A Voila page kernel's environment, on a database of its own."""
    return {**os.environ, "VOILA_BASE_URL": "/",
            "MICROMOMENTS_DB": str(Path(folder) / "course.sqlite3")}


def notebook_code(path: Path) -> tuple[str, str]:
    """The import lines and the whole code of a notebook's code cells."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    imports = "\n".join(line for line in code.splitlines() if IMPORT_LINE.match(line))
    return imports, code


def package_times(before: str, imports: str, environment: dict[str, str]) -> dict[str, float]:
    """Milliseconds each top-level package's own modules took to import in ``imports`` (run
    after ``before``): ``-X importtime``'s self times, summed per package."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"{KERNEL_IMPORTS}\n{before}\nimport sys\n"
         "print('---', file=sys.stderr)\n" + imports],
        cwd=NOTEBOOKS, capture_output=True, text=True, check=True, env=environment,
    )
    after = run.stderr.split("---\n", 1)[1]
    own: dict[str, float] = {}
    for match in LINE.finditer(after):
        self_us, _cumulative, _indent, name = match.groups()
        top = name.split(".")[0]
        own[top] = own.get(top, 0.0) + int(self_us) / 1000
    return dict(sorted(own.items(), key=lambda item: -item[1]))


def measure(notebook: str) -> dict[str, Any]:
    """The import costs of one notebook, building the page and opening its store."""
    imports, code = notebook_code(NOTEBOOKS / notebook)
    with tempfile.TemporaryDirectory(prefix="mm-imports-") as folder:
        environment = page_environment(folder)
        # each twice: the first run may compile bytecode and create the database
        for _first_run in range(2):
            build_ms = package_times("", imports, environment)
            store_ms = package_times(imports, STORE_IMPORT, environment)
        build_order = [name for name in build_ms if name != "widgets"] + COURSE_MODULES
        store_order = [name for name in store_ms if name != "widgets"] + ["widgets.store.storage"]
        script = MEASURE_MEMORY.format(kernel=KERNEL_IMPORTS, notebook_row=NOTEBOOK_ROW,
                                       store_row=STORE_ROW)
        for _first_run in range(2):
            run = subprocess.run(
                [sys.executable, "-c", script, json.dumps(build_order), code,
                 json.dumps(store_order)],
                cwd=NOTEBOOKS, capture_output=True, text=True, check=True, env=environment,
            )
    memory = json.loads(run.stdout.strip().splitlines()[-1])
    for step, modules in (("build", COURSE_MODULES), ("store", ["widgets.store.storage"])):
        memory[step]["widgets"] = sum(memory[step].pop(name, 0.0) for name in modules)
    steps = {"build": {"import_ms": build_ms, "rss_mib": memory["build"]},
             "store": {"import_ms": store_ms, "rss_mib": memory["store"]}}
    for step in steps.values():
        step["import_ms_total"] = sum(step["import_ms"].values())
        step["rss_mib_total"] = sum(step["rss_mib"].values())
    return {"notebook": notebook, **steps}


def table(result: dict[str, Any], rows: int = 8) -> str:
    lines = [f"Imports of {result['notebook']}'s kernel beyond the bare kernel (ms, MiB RSS)"]
    for step, title, extra in (("build", "building the page", NOTEBOOK_ROW),
                               ("store", "opening the store, once the learner is known",
                                STORE_ROW)):
        part = result[step]
        lines.append(f"  {title}: {part['import_ms_total']:.0f} ms of imports, "
                     f"{part['rss_mib_total']:.1f} MiB")
        for name, ms in list(part["import_ms"].items())[:rows]:
            lines.append(f"    {name:<26}{ms:>8.0f}{part['rss_mib'].get(name, 0.0):>8.1f}")
        lines.append(f"    {extra}: {part['rss_mib'].get(extra, 0.0):.1f} MiB")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", default=["03_names.ipynb"])
    parser.add_argument("--json", action="store_true", help="also print one JSON line each")
    args = parser.parse_args(argv)
    for notebook in args.notebooks:
        result = measure(notebook)
        print(table(result))
        if args.json:
            print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(PROJECT_ROOT))
    sys.exit(main())
