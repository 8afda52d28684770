"""Pause trainer, reply coach, name recall, self-assessment and the five-day challenge, driven
through their public API."""

from __future__ import annotations

import pytest
from conftest import PROJECT_ROOT

from widgets.content import load_course
from widgets.content.models import NameRecallExercise, PauseExercise, ReplyExercise
from widgets.practice.name_recall import DONT_REMEMBER, NameRecall, name_match
from widgets.practice.pause_trainer import PauseTrainer
from widgets.practice.reply_coach import DISCLAIMER, ReplyCoach
from widgets.practice.self_assessment import SelfAssessmentForm
from widgets.store import Storage

CONTENT = PROJECT_ROOT / "content"


PAUSE = PauseExercise(
    kind="pause", id="pause-test", practice="pause", title="A sharp email",
    sender={"name": "Dariusz Nowak", "role": "the operations lead"}, channel="email",
    message="Why is the stock count wrong AGAIN?", pause_seconds=3,
    reactive_reply="It's not my fault.", reactive_why="Defensive.",
    considered_reply="Thanks for flagging it, Dariusz.", considered_why="Calm and specific.",
)
REPLY = ReplyExercise(
    kind="reply", id="reply-test", practice="acknowledge", title="A hard week",
    person={"name": "Priya Natarajan", "role": "a shift lead"},
    situation="Priya looks worn out.", message="I can't keep up with the rota.",
    checks=("uses-name", "acknowledges-first"),
    situation_checks=[{
        "id": "names-the-rota", "title": "Names the rota", "any_of": ["rota"],
        "why": "The rota is what she is struggling with.",
    }],
    example_reply="Priya, that sounds exhausting. Let's look at the rota together.",
)
TEAM = NameRecallExercise(
    kind="names", id="names-test", practice="names", title="Meet the team",
    introduction="Your first morning.",
    team=[
        {"name": "Tomasz Wiśniewski", "role": "The dock lead", "detail": "Runs marathons",
         "greeting": "Morning, Tomasz."},
        {"name": "Aïcha Diallo", "role": "The planner", "detail": "Has twin toddlers",
         "greeting": "Hi Aïcha."},
        {"name": "Ravi Menon", "role": "The driver", "detail": "Plays the tabla",
         "greeting": "Hey Ravi."},
    ],
)


# -- pause trainer ---------------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_pause_trainer_refuses_a_reply_before_the_pause_has_elapsed():
    clock = FakeClock()
    trainer = PauseTrainer(PAUSE, clock=clock)
    results = []
    trainer.on_result(results.append)
    trainer.start_button.click()
    assert trainer.stage == "pausing"
    assert trainer.reply.disabled and trainer.submit_button.disabled
    assert trainer.countdown.running and trainer.countdown.seconds == 3
    # even if the page were tampered with, an early reply is refused by the kernel's clock
    trainer.reply.value = "It's not my fault!"
    clock.now += 2.9
    trainer.countdown.finished = True  # a page that claims the countdown is over too early
    assert trainer.stage == "pausing" and trainer.reply.disabled
    trainer.submit_button.click()
    assert results == []
    assert "take the whole pause first" in trainer.status.value
    assert trainer.stage == "pausing"


def test_pause_trainer_opens_after_the_pause_and_records_it():
    clock = FakeClock()
    trainer = PauseTrainer(PAUSE, clock=clock)
    results = []
    trainer.on_result(results.append)
    trainer.start()
    assert "AGAIN?" in trainer.message.value
    clock.now += 3.0
    trainer.countdown.finished = True
    assert trainer.stage == "open"
    assert not trainer.reply.disabled and not trainer.submit_button.disabled
    clock.now += 4.0
    trainer.reply.value = "<b>Dariusz</b>, thanks for flagging it."
    clock.now += 20.0
    assert trainer.submit()
    [result] = results
    assert result.paused_seconds == 7.0
    assert result.total_seconds == 27.0
    assert "You paused 7.0 seconds" in trainer.status.value
    comparison = trainer.comparison.value
    assert "It&#x27;s not my fault." in comparison and "Calm and specific." in comparison
    assert "&lt;b&gt;Dariusz&lt;/b&gt;" in comparison and "<b>Dariusz" not in comparison
    assert not trainer.submit()  # a round is submitted once
    trainer.again_button.click()
    assert trainer.stage == "ready" and trainer.reply.value == "" and trainer.reply.disabled


def test_pause_trainer_needs_a_reply_and_an_opened_message():
    clock = FakeClock()
    trainer = PauseTrainer(PAUSE, clock=clock)
    assert not trainer.submit()
    assert "Open the message first" in trainer.status.value
    trainer.start()
    clock.now += 5
    assert not trainer.submit()
    assert "Write your reply first" in trainer.status.value


# -- reply coach -------------------------------------------------------------------------------


def test_reply_coach_shows_each_check_with_reason_and_disclaimer():
    coach = ReplyCoach(REPLY)
    checked = []
    coach.on_check(checked.append)
    coach.reply.value = "You should swap the shifts. I hear you though. Or else."
    coach.check_button.click()
    assert coach.checked and coach.passed_count == 0
    assert [r.rule_id for r in coach.results] == [
        "uses-name", "acknowledges-first", "names-the-rota", "stays-respectful",
    ]
    assert "0 of 4 checks passed" in coach.report.value
    assert "Uses their name: not yet." in coach.report.value
    assert "comes before the acknowledgment" in coach.report.value
    assert "The rota is what she is struggling with." in coach.report.value
    assert "threat, an insult or an ultimatum" in coach.report.value
    assert "rule-based guide, not a judge" in DISCLAIMER
    assert any("not a judge" in child.value for child in coach.children if hasattr(child, "value"))
    coach.reply.value = "Priya, that sounds exhausting. <img src=x onerror=alert(1)> Let's talk."
    assert not coach.checked
    coach.check_button.click()
    assert coach.passed_count == 3  # no rota named
    assert "<img" not in coach.report.value
    assert [c.passed for c in checked] == [0, 3]


def test_reply_coach_asks_for_a_draft_and_shows_the_example():
    coach = ReplyCoach(REPLY)
    assert coach.check() is None
    assert "Write a reply first" in coach.report.value
    coach.example_button.click()
    assert "that sounds exhausting" in coach.example.value


# -- name recall ------------------------------------------------------------------------------


def test_a_name_recall_answer_over_its_cap_is_refused_not_scored():
    recall = NameRecall(TEAM)
    scores = []
    recall.on_score(scores.append)
    recall.ready_button.click()
    for name in recall.name_inputs:
        name.value = "Tomasz " * 40_000  # what a page can send, 280,000 characters each
    recall.check()
    assert scores == [] and "at most 200 characters" in recall.feedback.value
    assert all(len(name.value) <= 200 for name in recall.name_inputs)


def test_name_recall_scores_names_and_details():
    recall = NameRecall(TEAM)
    scores = []
    recall.on_score(scores.append)
    assert recall.stage == "meet"
    assert "Tomasz" in recall.team_cards.value
    assert recall.recall_area.layout.display == "none"
    recall.ready_button.click()
    assert recall.stage == "recall" and recall.team_cards.layout.display == "none"
    order = [member.name for member in recall.recall_order]
    assert sorted(order) == sorted(m.name for m in TEAM.team) and order != [
        m.name for m in TEAM.team
    ]
    answers = {
        "Tomasz Wiśniewski": ("tomasz", "Runs marathons"),
        "Aïcha Diallo": ("Aicha", DONT_REMEMBER),
        "Ravi Menon": ("<script>x</script>", "Runs marathons"),
    }
    for member, name, detail in zip(
        recall.recall_order, recall.name_inputs, recall.detail_choices, strict=True
    ):
        name.value, detail.value = answers[member.name]
    recall.check_button.click()
    assert (recall.names_right, recall.details_right) == (2, 1)
    assert "Names: 2 of 3. Details: 1 of 3." in recall.feedback.value
    assert "&lt;script&gt;" in recall.feedback.value and "<script>" not in recall.feedback.value
    assert scores[-1].names_right == 2
    recall.again_button.click()
    assert recall.stage == "meet" and all(n.value == "" for n in recall.name_inputs)


def test_name_match_is_forgiving_about_accents_case_and_small_slips():
    member = TEAM.team[1]
    assert name_match("aicha", member) == "right"
    assert name_match("Aïcha Diallo", member) == "right"
    assert name_match("Aisha", member) == "close"
    assert name_match("Ravi", member) == "wrong"
    assert name_match("", member) == "wrong"


# -- self-assessment ---------------------------------------------------------------------------


def test_self_assessment_before_and_after_with_chart(tmp_path):
    assessment = load_course(CONTENT).self_assessment
    assert assessment is not None
    assert {item.group for item in assessment.items} == {"practice", "barrier"}
    assert sum(item.group == "barrier" for item in assessment.items) == 3
    storage = Storage(tmp_path / "db.sqlite3")

    def saver(stage, values):
        storage.journal.save_self_assessment("learner", stage, values)
        return True

    before = SelfAssessmentForm(assessment, "before", save_handler=saver)
    assert not before.save()
    assert "Rate every statement first" in before.status.value
    for scale in before.scales.values():
        scale.value = 2
    assert before.complete
    before.save_button.click()
    assert before.saved and before.chart.value == ""
    after = SelfAssessmentForm(assessment, "after", save_handler=saver)
    after.load(
        storage.journal.self_assessment("learner", "after"), storage.journal.self_assessment(
            "learner", "before"
        )
    )
    for scale in after.scales.values():
        scale.value = 4
    after.save_button.click()
    assert storage.journal.self_assessment(
        "learner", "after"
    ) == {i.id: 4 for i in assessment.items}
    assert after.chart_png.startswith(b"\x89PNG")
    assert 'alt="Bar chart' in after.chart.value
    assert "<td>2</td><td>4</td><td>+2</td>" in after.table.value


def test_self_assessment_after_without_before_says_so():
    assessment = load_course(CONTENT).self_assessment
    after = SelfAssessmentForm(assessment, "after", save_handler=lambda s, v: True)
    for scale in after.scales.values():
        scale.value = 3
    after.save()
    assert "no start-of-course ratings" in after.table.value
    assert after.chart.value == ""


def test_practice_results_are_stored_and_deleted_with_the_learner(tmp_path):
    storage = Storage(tmp_path / "db.sqlite3")
    storage.practice.record_practice("a", "pause", "pause-test", "pause", {"paused_seconds": 4.5})
    storage.practice.record_practice("b", "pause", "pause-test", "pause", {"paused_seconds": 1.0})
    [result] = storage.practice.practice_results("a")
    assert (result.item_id, result.kind, result.result) == (
        "pause-test", "pause", {"paused_seconds": 4.5}
    )
    storage.learners.delete_learner("a")
    assert storage.practice.practice_results("a") == []
    assert len(storage.practice.practice_results("b")) == 1


@pytest.mark.parametrize(("channel", "expected"), [
    ("email", "An email from Dariusz Nowak"),
    ("voice note", "A voice note from Dariusz Nowak"),
])
def test_pause_trainer_introduces_the_message_in_plain_english(channel, expected):
    trainer = PauseTrainer(PAUSE.model_copy(update={"channel": channel}))
    assert expected in trainer.intro.value


# -- five-day challenge ------------------------------------------------------------------------


def test_challenge_chart_has_a_text_alternative_with_the_numbers(tmp_path):
    from wired_views import challenge_log

    from widgets.identity.session import LearnerSession

    course = load_course(CONTENT)
    session = LearnerSession(storage=Storage(tmp_path / "db.sqlite3"), mode="local")
    log = challenge_log(course, session)
    assert log.chart.layout.display == "none"
    for practice in ("names", "names", "pause"):
        log.practice.value = practice
        log.what.value = "Thanked Sam for the <b>rota</b>."
        assert log.add_entry()
    assert log.chart_png.startswith(b"\x89PNG")
    assert log.chart.layout.display == ""
    names = course.practices["names"].title
    pause = course.practices["pause"].title
    assert f"{names}: 2" in log.chart.value and f"{pause}: 1" in log.chart.value
    assert 'alt="Bar chart of your micro-moments per practice.' in log.chart.value


def test_reply_coach_refuses_an_oversize_draft_before_running_any_rule():
    coach = ReplyCoach(REPLY)
    checked = []
    coach.on_check(checked.append)
    coach.reply.value = "thanks " * 500_000  # 3.5 MB: the rules never see it
    assert coach.check() is None
    assert "at most 10,000 characters" in coach.report.value
    assert coach.results == [] and checked == [] and not coach.checked
    assert coach.reply.value.startswith("thanks")  # the text stays in the box
