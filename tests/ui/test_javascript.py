"""The widgets' JavaScript lives in .js files beside their Python classes (anywidget loads
them by path), and every one of them parses as an ES module under Node."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import PROJECT_ROOT

SCRIPTS = sorted((PROJECT_ROOT / "widgets").rglob("*.js"))


def test_no_widget_keeps_its_javascript_in_a_python_string():
    inline = [
        str(path.relative_to(PROJECT_ROOT)) for path in (PROJECT_ROOT / "widgets").rglob("*.py")
        if '_esm = """' in path.read_text(encoding="utf-8")
    ]
    assert inline == []
    assert len(SCRIPTS) >= 12


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_the_script_parses_as_an_es_module(script):
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: .ci/run installs npm, which brings it")
    checked = subprocess.run(
        [node, "--input-type=module", "--check"], input=script.read_bytes(),
        capture_output=True, timeout=60,
    )
    assert checked.returncode == 0, checked.stderr.decode()


def test_the_resume_code_key_is_the_same_in_python_and_javascript():
    from widgets.identity.browser_identity import STORAGE_KEY

    script = (PROJECT_ROOT / "widgets" / "identity" / "browser_identity.js").read_text()
    assert f'const KEY = "{STORAGE_KEY}";' in script
