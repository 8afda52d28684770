"""The package shows its architecture: layers that import one way, small modules, SQL only in
the store, no widget touching files, and ARCHITECTURE.md naming every module."""

from __future__ import annotations

import ast
import re

from conftest import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "widgets"
MAX_LINES = 400

#: What each layer may import from the package (besides itself). ``limits`` is a leaf of
#: plain rules (sizes, names) that every layer may use: the store enforces them, widgets
#: check them first to keep the learner's text in the box. ``settings`` is the other leaf:
#: the host's settings, read through it alone.
ALLOWED = {
    "limits": set(),
    # every host setting (environment variables), read in one place
    "settings": set(),
    "content": {"settings", "limits"},
    "ui": {"settings", "limits"},
    "store": {"settings", "limits"},
    "practice": {"settings", "content", "ui", "limits"},
    "learner": {"settings", "content", "ui", "store", "limits", "reporting"},
    # xAPI reporting: statements built from content, queued and sent through the store
    "reporting": {"settings", "content", "store", "limits"},
    "workshop": {"settings", "content", "ui", "store", "learner", "limits"},
    # course actions: one function per thing a learner does, one transaction each
    "actions": {"settings", "content", "store", "learner", "limits"},
    # the frame every page is built in, shared by the two entry-point modules
    "page_frame": {"settings", "content", "ui", "store", "learner", "limits"},
    "pages": {
        "settings", "content", "ui", "store", "practice", "learner", "workshop", "limits",
        "actions", "page_frame",
    },
    # the entry points for what lasts past the course (review, plans, record): a second
    # pages module, with the same rights; it shares the frame, not the first one's privates
    "follow_up": {
        "settings", "content", "ui", "store", "practice", "learner", "workshop", "limits",
        "actions", "page_frame",
    },
    "server": {"settings", "content", "reporting"},
    "__init__": {"settings", "content", "practice", "learner", "pages", "follow_up"},
    "__main__": {"settings", "server"},
}
#: Modules that may read or write files: content files, the stylesheet, the journal export,
#: the client address the server leaves for a preheated page kernel, and the LRS's
#: credentials file.
FILE_READERS = {
    "content", "store", "ui/style.py", "learner/journal_export.py", "learner/page_request.py",
    "server", "reporting/config.py",
}
FILE_CALLS = re.compile(r"(?<![\w.])open\(|\.(read|write)_(text|bytes)\(")


def modules():
    return sorted(path for path in PACKAGE.rglob("*.py"))


def layer_of(path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def imported_layers(path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "widgets" and len(parts) > 1:
                found.add(parts[1])
    return found


def test_the_layers_are_subpackages():
    for layer in ("content", "ui", "practice", "learner", "workshop", "store", "server"):
        assert (PACKAGE / layer / "__init__.py").is_file(), layer
    assert (PACKAGE / "pages.py").is_file()


def test_no_module_is_over_400_lines():
    for path in [*modules(), *(PROJECT_ROOT / "tests").rglob("*.py"),
                 *(PROJECT_ROOT / "bench").glob("*.py")]:
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= MAX_LINES, f"{path.relative_to(PROJECT_ROOT)}: {lines} lines"


def test_data_flows_one_way_content_widgets_store():
    for path in modules():
        layer = layer_of(path)
        wrong = imported_layers(path) - ALLOWED[layer] - {layer}
        assert not wrong, f"{path.relative_to(PACKAGE)} ({layer}) imports {sorted(wrong)}"


def test_sql_runs_only_in_the_store_and_no_widget_touches_files():
    for path in modules():
        relative = str(path.relative_to(PACKAGE))
        text = path.read_text(encoding="utf-8")
        if layer_of(path) != "store":
            assert "import sqlite3" not in text and ".execute(" not in text, relative
        if not any(relative == allowed or relative.startswith(allowed + "/")
                   for allowed in FILE_READERS):
            found = FILE_CALLS.search(text)
            assert found is None, f"{relative} calls {found.group() if found else ''}"


def test_only_the_settings_module_reads_a_setting_by_name():
    by_name = [
        str(path.relative_to(PACKAGE)) for path in modules()
        if path.name != "settings.py"
        and re.search(r"""["']MICROMOMENTS_[A-Z_]+["']""", path.read_text(encoding="utf-8"))
    ]
    assert by_name == []


def test_architecture_md_names_every_module():
    text = (PROJECT_ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert "(ARCHITECTURE.md)" in (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for path in modules():
        if path.name in ("__init__.py", "__main__.py"):
            continue
        assert path.name in text, f"ARCHITECTURE.md does not mention {path.name}"
    for folder in ("content", "ui", "practice", "learner", "workshop", "store", "server"):
        assert f"widgets/{folder}/" in text


def module_name(path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
    return ".".join(parts)


def test_no_modules_import_each_other_round_in_a_loop():
    """Imports (those under TYPE_CHECKING too) form no loop: a widget that needs its owner
    reports by callback instead of importing it."""
    names = {module_name(path): path for path in modules()}
    graph = {}
    for name, path in names.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                base = node.module
                found = [f"{base}.{alias.name}" for alias in node.names] + [base]
            elif isinstance(node, ast.Import):
                found = [alias.name for alias in node.names]
            else:
                continue
            targets.update(t for t in found if t in names and t != name
                           and not name.startswith(t + ".") and t != "widgets")
        graph[name] = targets
    loops = []

    def visit(name, trail):
        for target in graph[name]:
            if target in trail:
                loops.append(" -> ".join([*trail[trail.index(target):], target]))
            elif len(trail) < 8:
                visit(target, [*trail, target])

    for name in graph:
        visit(name, [name])
    assert loops == []
