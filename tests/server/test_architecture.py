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
    # the hook that imports a package's names on first use (widgets, widgets.store)
    "lazy_exports": set(),
    # every host setting (environment variables), read in one place
    "settings": set(),
    "content": {"settings", "limits"},
    "ui": {"settings", "limits"},
    "store": {"settings", "limits", "lazy_exports"},
    "practice": {"settings", "content", "ui", "limits"},
    # course actions: the one door to the store (what a learner or facilitator does, and
    # what a page reads), each write one transaction with its statement and consequences
    "actions": {"settings", "content", "store", "limits", "reporting", "analysis"},
    # who the learner is: identity across pages, resolved through the identity actions
    "identity": {"settings", "content", "ui", "store", "limits", "reporting", "actions"},
    # what lasts past the course: plans, the week in review, reminders, the record
    "lasting": {"settings", "content", "ui", "store", "limits", "identity", "actions"},
    # the learner's own pages: home, header, journal, challenge, the resume-code panel
    "learner": {
        "settings", "content", "ui", "store", "limits", "identity", "lasting", "actions",
    },
    # item analysis: pure statistics over data objects the analysis actions read
    "analysis": {"settings", "content", "limits"},
    # xAPI reporting: statements built from content, queued and sent through the store
    "reporting": {"settings", "content", "store", "limits"},
    "workshop": {
        "settings", "content", "ui", "store", "identity", "limits", "actions", "practice",
    },
    # the frame every page is built in, shared by the two entry-point modules
    "page_frame": {
        "settings", "content", "ui", "store", "identity", "learner", "limits", "actions",
    },
    "pages": {
        "settings", "content", "ui", "store", "practice", "identity", "learner", "lasting",
        "workshop", "limits", "actions", "page_frame",
    },
    # the entry points for what lasts past the course (review, plans, record): a second
    # pages module, with the same rights; it shares the frame, not the first one's privates
    "follow_up": {
        "settings", "content", "ui", "store", "practice", "identity", "learner", "lasting",
        "workshop", "limits", "actions", "page_frame",
    },
    # the workshop room's pages (facilitator, participant, presenter): a third pages module
    "room_pages": {
        "settings", "content", "ui", "store", "identity", "workshop", "limits", "actions",
        "page_frame",
    },
    # the judgment check's page section (before, after, follow-up): a fourth pages module
    "judgment_pages": {
        "settings", "content", "ui", "store", "identity", "practice", "learner", "limits",
        "actions", "page_frame",
    },
    "server": {"settings", "content", "reporting", "actions", "analysis"},
    "__init__": {
        "settings", "content", "practice", "learner", "pages", "follow_up", "room_pages",
        "judgment_pages", "lazy_exports",
    },
    "__main__": {"settings", "server"},
}
#: Modules that may read or write files: content files, the stylesheet, the journal export,
#: the client address the server leaves for a preheated page kernel, and the LRS's
#: credentials file.
FILE_READERS = {
    "content", "store", "ui/style.py", "learner/journal_export.py", "identity/page_request.py",
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
    for layer in (
        "content", "ui", "practice", "identity", "learner", "lasting", "workshop", "actions",
        "store", "server",
    ):
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
    for folder in (
        "content", "ui", "practice", "identity", "learner", "lasting", "workshop", "actions",
        "store", "server",
    ):
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


def store_methods() -> set[str]:
    """The public methods of the store (the database's and every domain store's), by name."""
    import widgets.store as store

    exported = [getattr(store, name) for name in dir(store) if not name.startswith("_")]
    classes = [store.Database, *(
        value for value in exported
        if isinstance(value, type) and issubclass(value, store.DomainStore)
        and value is not store.DomainStore
    )]
    assert len(classes) == 14, classes  # the database and its thirteen domains
    return {
        name
        for cls in classes
        for name, value in vars(cls).items()
        if not name.startswith("_") and (callable(value) or isinstance(value, property))
    } - {"close"}  # every widget has a close()


def store_calls(source: str, methods: set[str]) -> list[str]:
    """``line: .method()`` for every call of a store method in this source."""
    return [
        f"{node.lineno}: .{node.func.attr}()"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        and node.func.attr in methods
    ]


def test_only_the_store_and_the_actions_call_a_store_method():
    """Views report by callback and pages wire them to actions: no other module reaches the
    store, so every write (and every read a page shows) goes through one door."""
    methods = store_methods()
    assert {"record_answer", "join_room", "save_plan", "new_learner"} <= methods
    found = [
        f"{path.relative_to(PACKAGE)}:{call}"
        for path in modules() if layer_of(path) not in ("store", "actions")
        for call in store_calls(path.read_text(encoding="utf-8"), methods)
    ]
    assert found == []


def test_the_check_for_store_calls_is_not_blind():
    source = "def show(session):\n    session.storage.record_answer('a')\n    box.close()\n"
    assert store_calls(source, store_methods()) == ["2: .record_answer()"]


VIEW_LAYERS = ("ui", "practice", "learner", "lasting", "workshop")


def test_no_view_holds_the_store():
    """A view is given data and callbacks: none imports the store's class or reaches for a
    session's storage (the store's errors and value types it may use)."""
    found = []
    for path in modules():
        if layer_of(path) not in VIEW_LAYERS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "widgets.store":
                found += [f"{path.name} imports Storage" for a in node.names
                          if a.name == "Storage"]
            if isinstance(node, ast.Attribute) and node.attr == "storage":
                found.append(f"{path.name}:{node.lineno} reaches .storage")
    assert found == []
