"""What a page's kernel imports beyond the bare kernel, and what each import costs.

``.venv/bin/python bench/imports.py [NOTEBOOK ...]`` (``make bench`` runs it for a module page):
for each notebook, a fresh Python that has already imported what every kernel holds
(``ipykernel`` and ``ipywidgets``, as the bare page's kernel does) runs the notebook's import
lines under ``python -X importtime``, and then its code cells. Printed: the packages it added,
largest first, with their import time (cumulative, ms) and the resident memory each added
(MiB, measured by importing the packages one after the other in that order).
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
COURSE_MODULES = ["widgets.content.models", "widgets.store", "widgets.actions.learning",
                  "widgets.pages", "widgets.follow_up"]
IMPORT_LINE = re.compile(r"^\s*(from\s+\S+\s+import\s+.+|import\s+.+)$")
LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")

MEASURE_MEMORY = """
import importlib, sys, json
def rss():
    with open('/proc/self/status') as status:
        for line in status:
            if line.startswith('VmRSS'):
                return int(line.split()[1]) / 1024
{kernel}
result = {{}}
for name in json.loads(sys.argv[1]):
    before = rss()
    try:
        importlib.import_module(name)
    except ImportError:  # a private helper module only its package can import
        continue
    result[name] = rss() - before
before = rss()
exec(compile(sys.argv[2], 'notebook', 'exec'))
result['(running the notebook: the course, its widgets)'] = rss() - before
print(json.dumps(result))
"""


def notebook_code(path: Path) -> tuple[str, str]:
    """The import lines and the whole code of a notebook's code cells."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    imports = "\n".join(line for line in code.splitlines() if IMPORT_LINE.match(line))
    return imports, code


def package_times(imports: str) -> list[tuple[str, float]]:
    """Milliseconds each top-level package's own modules took to import (``-X importtime``'s
    self times, summed per package: what a package imports is charged to that package)."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"{KERNEL_IMPORTS}\nimport sys\n"
         "print('---', file=sys.stderr)\n" + imports],
        cwd=NOTEBOOKS, capture_output=True, text=True, check=True,
    )
    after = run.stderr.split("---\n", 1)[1]
    own: dict[str, float] = {}
    for match in LINE.finditer(after):
        self_us, _cumulative, _indent, name = match.groups()
        top = name.split(".")[0]
        own[top] = own.get(top, 0.0) + int(self_us) / 1000
    return sorted(own.items(), key=lambda item: -item[1])


def memory(order: list[str], code: str) -> dict[str, float]:
    """MiB of resident memory each package added, imported in ``order``, then the rest."""
    script = MEASURE_MEMORY.format(kernel=KERNEL_IMPORTS)
    with tempfile.TemporaryDirectory(prefix="mm-imports-") as folder:
        environment = {**os.environ, "MICROMOMENTS_DB": str(Path(folder) / "course.sqlite3")}
        for _first_creates_the_database in range(2):
            run = subprocess.run(
                [sys.executable, "-c", script, json.dumps(order), code],
                cwd=NOTEBOOKS, capture_output=True, text=True, check=True, env=environment,
            )
    return json.loads(run.stdout.strip().splitlines()[-1])


def measure(notebook: str) -> dict[str, Any]:
    """The import costs of one notebook."""
    imports, code = notebook_code(NOTEBOOKS / notebook)
    # twice: the first run may compile bytecode; the second is what a kernel pays
    package_times(imports)
    times = package_times(imports)
    order = [name for name, _ms in times if name != "widgets"]
    # the course's own modules last, after the libraries they import
    added = memory([*order, *COURSE_MODULES], code)
    added["widgets"] = sum(added.pop(name, 0.0) for name in COURSE_MODULES)
    return {"notebook": notebook, "import_ms": dict(times), "rss_mib": added,
            "import_ms_total": sum(ms for _name, ms in times),
            "rss_mib_total": sum(added.values())}


def table(result: dict[str, Any], rows: int = 12) -> str:
    lines = [
        f"Imports of {result['notebook']} beyond the bare kernel: "
        f"{result['import_ms_total']:.0f} ms, {result['rss_mib_total']:.1f} MiB in all",
        f"{'package':<28}{'import ms':>10}{'RSS MiB':>9}",
    ]
    for name, ms in list(result["import_ms"].items())[:rows]:
        lines.append(f"{name:<28}{ms:>10.0f}{result['rss_mib'].get(name, 0.0):>9.1f}")
    notebook_part = "(running the notebook: the course, its widgets)"
    lines.append(f"{notebook_part:<38}{result['rss_mib'].get(notebook_part, 0.0):>9.1f}")
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
