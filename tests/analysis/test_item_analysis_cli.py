"""``python -m widgets item-analysis`` on a temporary store: the table on the terminal and a
CSV that reads back."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from datetime import datetime, timezone

import pytest
from conftest import PROJECT_ROOT

from widgets.actions.learning import answer_scenario
from widgets.content import get_course
from widgets.server.cli import main
from widgets.store import Storage

WHEN = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)


@pytest.fixture
def store_file(tmp_path):
    """25 learners' first answers to two scenarios (every fifth one right at the first try
    of the first, all right at the second), and a before and after judgment check."""
    course = get_course()
    module = next(m for m in course.modules if len(m.scenarios) >= 2)
    first, second = (course.scenarios[s] for s in module.scenarios[:2])
    # the course's judgment items if it has a check (the analysis reads its forms), or any
    judged = [i.id for i in course.judgment.form("a")] if course.judgment else ["x-1", "x-2"]
    path = tmp_path / "course.sqlite3"
    storage = Storage(path)
    with storage.transaction():
        for number in range(25):
            learner = f"cli-{number:02d}"
            for scenario, right in ((first, number % 5 == 0), (second, True)):
                option = next(o for o in scenario.options
                              if (o.rating == "best") == right and o.rating != "partial")
                indices = scenario.indices_of([option.id])
                answer_scenario(storage, learner, module.id, scenario.id,
                                scenario.option_ids(indices), scenario.score(indices),
                                right, WHEN)
            for stage, score in (("before", 40.0 + number), ("after", 50.0 + 1.5 * number)):
                for position, item in enumerate(judged):
                    storage.judgment.record_rating(learner, stage, "a", item, "pause",
                                                   {"r": 3}, score + position)
    storage.close()
    return path, first, second


def test_the_command_prints_the_table_and_writes_a_csv_that_reads_back(store_file, tmp_path):
    path, first, second = store_file
    out = tmp_path / "analysis.csv"
    done = subprocess.run(
        [sys.executable, "-m", "widgets", "item-analysis", "--csv", str(out),
         "--min-tries", "10"],
        cwd=PROJECT_ROOT, env={**os.environ, "MICROMOMENTS_DB": str(path)},
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "== scenario (2 of" in done.stdout and first.id in done.stdout
    assert "too easy" in done.stdout  # the second: all right at the first try
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    items = {row["item"]: row for row in rows if row["record"] == "item"}
    assert (items[first.id]["tries"], float(items[first.id]["difficulty"])) == ("25", 0.2)
    assert items[second.id]["flags"].startswith("too easy; option ")  # nobody chose a miss
    best = next(o.id for o in first.options if o.rating == "best")
    assert f"{best}=0.2000*" in items[first.id]["options"]
    assert items[first.id]["discrimination"] == ""  # the rest (all right) does not vary
    (effect,) = [row for row in rows if row["record"] == "effect"]
    assert (effect["item"], effect["n"]) == ("before -> after", "25")
    assert float(effect["low"]) < float(effect["estimate"]) < float(effect["high"])
    forms = [row for row in rows if row["record"] == "form"]
    assert [(row["section"], row["n"]) for row in forms] == [
        ("judgment before", "25"), ("judgment after", "25")
    ]
    assert float(forms[0]["alpha"]) == pytest.approx(1.0, abs=1e-3)


def test_the_command_in_process_with_a_named_store(store_file, tmp_path, capsys):
    path, first, second = store_file
    out = tmp_path / "in-process.csv"
    assert main(["item-analysis", "--db", str(path), "--csv", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "fewer than" not in printed  # every item tried was tried 25 times
    with out.open(encoding="utf-8", newline="") as handle:
        rows = {row["item"]: row for row in csv.DictReader(handle)}
    assert rows[first.id]["note"] == ""  # 25 tries: over the default minimum of 20
    partial = next(o.id for o in first.options if o.rating == "partial")
    assert f"option {partial} does no work (0%)" in rows[first.id]["flags"]
    untried = next(s for s in get_course().scenarios if s not in (first.id, second.id))
    assert (rows[untried]["tries"], rows[untried]["flags"]) == ("0", "")
    assert "not flagged" in rows[untried]["note"]


def test_a_store_that_cannot_be_opened_stops_the_command(tmp_path, capsys):
    assert main(["item-analysis", "--db", str(tmp_path)]) == 2  # a folder, not a database
    assert "cannot be read" in capsys.readouterr().err
