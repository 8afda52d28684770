"""The reminders calendar parses back with icalendar and holds the dates and plan texts; the
completion record's PDF text holds the modules and dates (read back with pypdf)."""

from __future__ import annotations

import base64
import io
from datetime import date, datetime, timedelta, timezone

import icalendar
import pytest
from pypdf import PdfReader
from wired_views import challenge_log, completion_record, reminders, week_in_review

from widgets.actions.reviews import schedule_answer
from widgets.content import get_course
from widgets.identity.session import LearnerSession
from widgets.lasting.reminders import next_workdays
from widgets.store import Storage

# a Thursday: the five workdays after it are Fri 5, Mon 8, Tue 9, Wed 10, Thu 11 March
T0 = datetime(2026, 3, 5, 10, 0, tzinfo=timezone.utc)


@pytest.fixture
def session(tmp_path):
    return LearnerSession(Storage(tmp_path / "db.sqlite3"), mode="local")


def test_workdays_skip_the_weekend():
    assert next_workdays(date(2026, 3, 5)) == [
        date(2026, 3, 6), date(2026, 3, 9), date(2026, 3, 10), date(2026, 3, 11),
        date(2026, 3, 12),
    ]


def test_the_calendar_parses_back_with_the_days_the_reviews_and_the_plans(session):
    course = get_course()
    storage, me = session.storage, session.learner_id
    storage.plans.save_plan(me, "names", "the Monday stand-up starts", "greet Ana by name")
    storage.plans.save_plan(me, "pause", "a sharp email lands", "wait ten seconds before replying")
    storage.challenge.save_challenge_plan(
        me, 2, "Thank the night shift by name\rthen ask\r\nhow it went"
    )
    missed, well = course.module_scenarios("names")[:2]
    schedule_answer(storage, me, "names", missed.id, 0.0, T0)
    schedule_answer(storage, me, "names", well.id, 1.0, T0)
    text = reminders(course, session, clock=lambda: T0).calendar_text()
    calendar = icalendar.Calendar.from_ical(text)
    events = {
        str(event["summary"]): (event.decoded("dtstart"), str(event["description"]))
        for event in calendar.walk("VEVENT")
    }
    challenge = sorted(day for summary, (day, _d) in events.items() if "challenge" in summary)
    assert challenge == next_workdays(T0.date())
    reviews = {
        event.decoded("dtstart"): str(event["summary"])
        for event in calendar.walk("VEVENT") if "review" in str(event["summary"])
    }
    assert reviews == {
        date(2026, 3, 6): "Micro-moments review: 1 scenario",
        date(2026, 3, 8): "Micro-moments review: 1 scenario",
    }
    day_two = events["Micro-moments challenge, day 2 of 5"][1]
    assert "Thank the night shift by name\nthen ask\nhow it went" in day_two
    assert "\r" not in text.replace("\r\n", "")  # no lone carriage return in the file
    assert "When the Monday stand-up starts, I will greet Ana by name." in day_two
    review_texts = [
        str(event["description"]) for event in calendar.walk("VEVENT")
        if "review" in str(event["summary"])
    ]
    assert all("greet Ana by name" in t and "ten seconds" not in t for t in review_texts)
    assert len({str(event["uid"]) for event in calendar.walk("VEVENT")}) == 7
    assert me not in text  # event ids hash the learner, never show it


def test_the_challenge_builds_on_the_plans_and_the_week_shows_them_beside_the_log(session):
    course = get_course()
    storage, me = session.storage, session.learner_id
    storage.plans.save_plan(me, "names", "the Monday stand-up starts", "greet Ana by name")
    log = challenge_log(course, session)
    assert "greet Ana by name" in log.if_then.value
    log.plan_inputs[0].value = "My own day one"
    assert log.fill_from_plans() == 4
    assert log.plan_inputs[0].value == "My own day one"
    assert log.plan_inputs[1].value == "When the Monday stand-up starts, I will greet Ana by name."
    log.save_week_plan()
    storage.challenge.add_challenge_entry(me, 1, "names", "Used <b>Ana's</b> name", "She smiled")
    week = week_in_review(course, session)
    assert "greet Ana by name" in week.body.value and "My own day one" in week.body.value
    assert "Used &lt;b&gt;Ana&#x27;s&lt;/b&gt; name" in week.body.value


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_record_waits_for_every_module_then_lists_modules_dates_and_ratings(session):
    course = get_course()
    storage, me = session.storage, session.learner_id
    storage.learners.set_display_name(me, "Zoë <b>Ngata</b>")
    record = completion_record(course, session, clock=lambda: T0)
    assert record.pdf_bytes() == b"" and record.options.layout.display == "none"
    assert course.modules[-1].title in record.status.value
    for module in course.modules:
        storage.learners.mark_completed(me, module.id)
    storage.learners.record_answer(
        me, "names", course.module_scenarios("names")[0].id, ("x",), 1.0, True
    )
    item = course.self_assessment.items[0]
    storage.journal.save_self_assessment(me, "before", {item.id: 2})
    storage.journal.save_self_assessment(me, "after", {item.id: 4})
    storage.journal.save_reflection(me, "challenge", "r1", "What changed?", "A private thought")
    storage.plans.save_plan(me, "pause", "a sharp email lands", "wait ten seconds")
    record.refresh()
    assert record.options.layout.display == ""
    text = " ".join(pdf_text(base64.b64decode(record.pdf_base64())).split())
    today = datetime.now(timezone.utc).date().isoformat()
    assert "Zoë <b>Ngata</b>" in text and course.title in text
    for module in course.modules:
        assert f"{module.title} — completed {today}" in " ".join(text.split())
    assert "Use names often and genuinely" in text
    assert f"{item.label}: 2 → 4" in text
    assert "A private thought" not in text and "wait ten seconds" not in text
    record.include_texts.value = True
    included = " ".join(pdf_text(record.pdf_bytes()).split())
    assert "A private thought" in included and "wait ten seconds" in included


def test_the_download_sends_nothing_before_every_module_is_done(session):
    course = get_course()
    record = completion_record(course, session, clock=lambda: T0 + timedelta(days=1))
    sent = []
    record.download.send = sent.append
    record.download.prepare()
    assert sent == [] and record.download.content == ""
