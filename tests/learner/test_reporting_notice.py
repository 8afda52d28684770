"""The notice that results are reported to the organisation: on the home page and in the
journal when the host reports to an LRS, and nowhere when it does not; and a session in a
page kernel picks reporting up from the host's environment."""

from __future__ import annotations

import pytest
from wired_views import course_home, journal

from widgets.content import get_course
from widgets.identity.session import LearnerSession
from widgets.reporting.config import load_config
from widgets.reporting.reporter import CourseReporter
from widgets.store import Storage

SETTINGS = {"MICROMOMENTS_LRS_URL": "http://lrs.example", "MICROMOMENTS_LRS_USERNAME": "u",
            "MICROMOMENTS_LRS_PASSWORD": "p"}


def session(tmp_path, reporting: bool, mode: str = "local") -> LearnerSession:
    reporter = CourseReporter(load_config(SETTINGS), get_course()) if reporting else None
    return LearnerSession(Storage(tmp_path / "db.sqlite3", reporter=reporter), mode=mode)


def test_home_and_journal_say_what_is_reported_when_it_is(tmp_path):
    learner = session(tmp_path, reporting=True)
    for widget in (course_home(get_course(), learner), journal(get_course(), learner)):
        notice = widget.reporting_notice
        assert notice.shown and notice.layout.display is None
        assert "reported to your organisation's learning records" in notice.value
        assert "which answer you chose" in notice.value
        assert "self-assessment ratings" in notice.value
        assert "reflections and the replies you draft are never sent" in notice.value
        assert "user name on this computer" in notice.value


def test_a_web_learner_is_told_the_resume_code_is_not_sent(tmp_path):
    learner = session(tmp_path, reporting=True, mode="web")
    notice = course_home(get_course(), learner).reporting_notice
    assert "anonymous learner id (never your resume code)" in notice.value


def test_nothing_is_said_when_reporting_is_off(tmp_path):
    learner = session(tmp_path, reporting=False)
    for widget in (course_home(get_course(), learner), journal(get_course(), learner)):
        assert not widget.reporting_notice.shown
        assert widget.reporting_notice.value == ""
        assert widget.reporting_notice.layout.display == "none"


@pytest.mark.parametrize("url", ["", "http://lrs.example"])
def test_a_kernel_session_reports_exactly_when_the_host_set_an_lrs(tmp_path, monkeypatch, url):
    monkeypatch.setenv("MICROMOMENTS_DB", str(tmp_path / "db.sqlite3"))
    monkeypatch.setenv("MICROMOMENTS_LRS_URL", url)
    # a page kernel never needs the credentials (only the server's sender reads them)
    monkeypatch.delenv("MICROMOMENTS_LRS_USERNAME", raising=False)
    monkeypatch.delenv("MICROMOMENTS_LRS_PASSWORD", raising=False)
    learner = LearnerSession(mode="local")
    assert learner.reporting is bool(url)
    module = next(m for m in get_course().modules if m.scenarios)
    learner.storage.learners.record_visit(learner.learner_id, module.id)
    assert len(learner.storage.outbox.queued_statements()) == (2 if url else 0)
