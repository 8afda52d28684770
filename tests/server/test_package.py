"""The widgets package as a notebook imports it: entry points, and what a page kernel loads."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import PROJECT_ROOT

from widgets.content import load_course_cached


def run_fresh(code: str) -> dict:
    """Run ``code`` in a new interpreter (nothing imported yet) and return what it printed."""
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_entry_points_keep_their_names_after_their_modules_are_imported():
    result = run_fresh(
        "import json, widgets\n"
        "from widgets import course_home, scenario_deck, self_assessment\n"
        "import widgets.learner.course_home, widgets.practice.scenario_deck\n"
        "import widgets.practice.self_assessment\n"
        "course_home(); self_assessment('before'); scenario_deck('acknowledge')\n"
        "from widgets import course_home as again\n"
        "print(json.dumps({n: callable(getattr(widgets, n)) and type(getattr(widgets, n))"
        ".__name__ for n in ('course_home', 'scenario_deck', 'self_assessment')}))"
    )
    assert result == {name: "function" for name in result} and len(result) == 3


def test_a_module_page_loads_only_its_own_widgets():
    load_course_cached()  # as `serve` does before the first page: the validated course is cached
    result = run_fresh(
        "import json, sys\n"
        "from widgets import scenario_deck, reflections\n"
        "scenario_deck('acknowledge'); reflections('acknowledge')\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    loaded = set(result)
    assert "widgets.practice.scenario_deck" in loaded
    assert "widgets.practice.reflection_prompt" in loaded
    never_needed = {
        "yaml",  # the validated course comes from the cache
        "matplotlib",
        "widgets.workshop.facilitator_console",
        "widgets.workshop.room_dashboard",
        "widgets.learner.challenge_log",
        "widgets.learner.journal",
        "widgets.content.loader",  # nor the validators: the course is read from the cache
        "widgets.content.quality",
    }
    assert loaded.isdisjoint(never_needed), loaded & never_needed
