"""A learner's walk through one module in headless Chromium, on a course server that reports
to a real LRS (Ralph) started by the tests; the LRS goes away in the middle of the walk and
comes back. The LRS then holds every statement of the walk exactly once. With reporting off,
nothing is queued."""

from __future__ import annotations

import sqlite3
import time
from collections import Counter

import pytest
from browser_pages import answer_best, open_page
from conftest import VoilaServer

from widgets.content import get_course

pytestmark = pytest.mark.browser

MODULE = "acknowledge"
NOTEBOOK = "02_acknowledge.ipynb"


def answer_and_move_on(page, scenario, last: bool) -> None:
    answer_best(page, scenario)
    if not last:
        page.get_by_role("button", name="Next →").click()


def outbox(server: VoilaServer) -> list[tuple[str, str, str | None]]:
    with sqlite3.connect(server.database) as connection:
        return connection.execute(
            "SELECT learner_id, statement_id, sent_at FROM xapi_outbox ORDER BY id"
        ).fetchall()


def wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.5)


def test_a_walk_through_a_module_reaches_the_lrs_once_despite_an_outage(
    lrs, browser, tmp_path
):
    environment = {**lrs.course_environment(), "MICROMOMENTS_LRS_BACKOFF_MAX": "2"}
    server = VoilaServer(tmp_path, environment=environment)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    try:
        page = context.new_page()
        open_page(page, server, "00_home.ipynb")
        notice = page.locator(".mm-reporting-notice")
        notice.wait_for()
        assert "reported to your organisation" in notice.inner_text()
        assert "reflections and the replies you draft are never sent" in notice.inner_text()

        scenarios = get_course().module_scenarios(MODULE)
        open_page(page, server, NOTEBOOK)
        answer_and_move_on(page, scenarios[0], last=False)
        wait_for(lambda: len(outbox(server)) >= 3)  # launched, initialized, answered
        learner = outbox(server)[0][0]
        wait_for(lambda: len(lrs.statements_of(learner)) >= 3)

        lrs.stop()  # the organisation's LRS goes away in the middle of the walk
        for position, scenario in enumerate(scenarios[1:], start=2):
            answer_and_move_on(page, scenario, last=position == len(scenarios))
        expected = 2 + len(scenarios) + 1
        wait_for(lambda: len(outbox(server)) == expected)
        time.sleep(3)  # the sender tries, fails and backs off; the page never waited
        assert any(sent is None for _l, _s, sent in outbox(server))
        lrs.start()

        wait_for(lambda: all(sent for _l, _s, sent in outbox(server)))
        held = lrs.statements_of(learner)
        counts = Counter(s["id"] for s in held)
        assert set(counts.values()) == {1}
        assert set(counts) == {statement_id for _l, statement_id, _s in outbox(server)}
        verbs = Counter(s["verb"]["display"]["en-US"] for s in held)
        assert verbs == {"launched": 1, "initialized": 1, "answered": len(scenarios),
                         "completed": 1}
        answered = {s["object"]["id"].rsplit("/", 1)[1]: s for s in held
                    if s["verb"]["display"]["en-US"] == "answered"}
        assert set(answered) == {s.id for s in scenarios}
        for scenario in scenarios:
            result = answered[scenario.id]["result"]
            definition = answered[scenario.id]["object"]["definition"]
            if scenario.kind == "ranking":  # the key's order, as a cmi sequencing
                key = [o.id for o in sorted(scenario.options, key=lambda o: o.rank)]
                assert definition["interactionType"] == "sequencing"
                assert result["response"].split("[,]") == key
                assert definition["correctResponsesPattern"] == ["[,]".join(key)]
            else:
                best = {o.id for o in scenario.options if o.rating == "best"}
                assert definition["interactionType"] == "choice"
                assert set(result["response"].split("[,]")) == best
            assert result["success"] is True and result["score"]["scaled"] == 1.0
        assert any(s.kind == "ranking" for s in scenarios), "the walk includes a ranking"
        completed = next(s for s in held if s["verb"]["display"]["en-US"] == "completed")
        assert completed["object"]["id"].endswith(f"/module/{MODULE}")
        assert lrs.validate(held) == []

        open_page(page, server, "journal.ipynb")
        page.locator(".mm-reporting-notice").wait_for()
    finally:
        context.close()
        server.stop()


def test_with_reporting_off_nothing_is_queued_or_shown(browser, tmp_path):
    server = VoilaServer(tmp_path, environment={"MICROMOMENTS_LRS_URL": ""})
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    try:
        page = context.new_page()
        open_page(page, server, "00_home.ipynb")
        assert page.locator(".mm-reporting-notice").count() == 0
        scenarios = get_course().module_scenarios(MODULE)
        open_page(page, server, NOTEBOOK)
        for position, scenario in enumerate(scenarios, start=1):
            answer_and_move_on(page, scenario, last=position == len(scenarios))
        with sqlite3.connect(server.database) as connection:
            wait_for(lambda: connection.execute(
                "SELECT COUNT(*) FROM module_visits WHERE completed_at IS NOT NULL"
            ).fetchone()[0] == 1)
            assert connection.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == len(
                scenarios
            )
            assert connection.execute("SELECT COUNT(*) FROM xapi_outbox").fetchone()[0] == 0
        open_page(page, server, "journal.ipynb")
        assert page.locator(".mm-reporting-notice").count() == 0
    finally:
        context.close()
        server.stop()
