"""ScenarioQuiz and ScenarioDeck driven through their public API, as a learner would."""

from __future__ import annotations

import pytest
import traitlets

from widgets import ScenarioDeck, ScenarioQuiz
from widgets.content import get_course
from widgets.content.models import Scenario


def make_scenario(kind: str = "single", **overrides) -> Scenario:
    ratings = ["partial", "best", "miss"] if kind == "single" else ["best", "miss", "best"]
    data = {
        "id": "hallway-thanks",
        "practice": "acknowledge",
        "kind": kind,
        "setting": "clinic",
        "relationship": "peers",
        "title": "After the audit",
        "situation": "Priya spent two evenings preparing the audit files.",
        "question": "What do you say?",
        "options": [
            {"id": f"option-{i}", "text": f"Option {i}", "rating": rating,
             "feedback": f"Feedback {i}. Why {i}."}
            for i, rating in enumerate(ratings)
        ],
    }
    data.update(overrides)
    return Scenario.model_validate(data)


def test_check_is_disabled_until_an_option_is_chosen():
    quiz = ScenarioQuiz(make_scenario())
    assert quiz.check_button.disabled
    quiz.choices.value = 2
    assert not quiz.check_button.disabled
    assert quiz.selected == (2,)


def test_best_answer_scores_full_and_shows_feedback_for_every_option():
    quiz = ScenarioQuiz(make_scenario())
    quiz.choices.value = 1
    quiz.check_button.click()
    assert quiz.checked
    assert quiz.score == 1.0
    assert quiz.attempts == 1
    for i in range(3):
        assert f"Feedback {i}. Why {i}." in quiz.feedback.value
    assert "Strong choice (your choice)" in quiz.feedback.value
    assert "Score: 100%" in quiz.score_label.value
    assert quiz.choices.disabled and quiz.check_button.disabled


def test_partial_then_try_again_then_best_keeps_attempts_and_best_score():
    quiz = ScenarioQuiz(make_scenario())
    quiz.choices.value = 0
    quiz.check_button.click()
    assert quiz.score == 0.5
    assert "Partly there (your choice)" in quiz.feedback.value
    assert quiz.try_again_button.layout.display == ""
    quiz.try_again_button.click()
    assert not quiz.checked
    assert quiz.selected == () and quiz.choices.value is None
    assert quiz.feedback.value == ""
    assert not quiz.choices.disabled
    quiz.choices.value = 2
    quiz.check_button.click()
    assert quiz.score == 0.0
    assert quiz.best_score == 0.5
    assert quiz.attempts == 2
    assert "Misses the moment (your choice)" in quiz.feedback.value
    assert quiz.first_score == 0.5
    assert "Practice try 2: 0%. Your first answer (not the best) is the one that counts." in (
        quiz.score_label.value
    )


def test_a_wrong_answer_shows_its_own_feedback_only_until_the_learner_asks_for_all():
    quiz = ScenarioQuiz(make_scenario())
    quiz.choices.value = 2
    quiz.check_button.click()
    assert "Feedback 2. Why 2." in quiz.feedback.value
    # the best option's feedback would hand over the answer before the retry
    assert "Feedback 1." not in quiz.feedback.value and "Feedback 0." not in quiz.feedback.value
    assert quiz.show_all_button.layout.display == ""
    quiz.show_all_button.click()
    assert all(f"Feedback {i}. Why {i}." in quiz.feedback.value for i in range(3))
    assert quiz.show_all_button.layout.display == "none"


def test_finding_the_best_on_a_retry_shows_every_option_and_the_first_try_still_counts():
    quiz = ScenarioQuiz(make_scenario())
    quiz.show_every_option()  # before any check: nothing to show, nothing revealed
    assert not quiz.revealed and quiz.feedback.value == ""
    quiz.choices.value = 0
    quiz.check_button.click()
    assert "Feedback 1." not in quiz.feedback.value
    quiz.try_again_button.click()
    assert quiz.show_all_button.layout.display == "none"
    quiz.choices.value = 1
    quiz.check_button.click()
    assert all(f"Feedback {i}. Why {i}." in quiz.feedback.value for i in range(3))
    assert quiz.first_score == 0.5 and quiz.best_score == 1.0
    assert "Your first answer (not the best) is the one that counts" in quiz.score_label.value


def test_multiple_choice_uses_checkboxes_and_scores_each_option():
    quiz = ScenarioQuiz(make_scenario(kind="multiple"))
    assert quiz.choices is None
    assert [box.description for box in quiz.checkboxes] == ["Option 0", "Option 1", "Option 2"]
    quiz.checkboxes[0].value = True
    quiz.checkboxes[1].value = True
    assert quiz.selected == (0, 1)
    answer = quiz.check()
    assert answer is not None
    assert quiz.score == pytest.approx(1 / 3)
    assert not answer.correct
    assert "Choose all that apply." in quiz.header.value
    # only the ticked options' feedback: option 1 wrongly ticked, option 0 rightly
    assert quiz.feedback.value.count("Not quite") == 1
    assert "Feedback 2." not in quiz.feedback.value
    quiz.show_every_option()
    assert quiz.feedback.value.count("Not quite") == 2
    quiz.try_again()
    quiz.selected = (0, 2)
    assert [box.value for box in quiz.checkboxes] == [True, False, True]
    quiz.check()
    assert quiz.score == 1.0


def test_answer_callbacks_receive_what_was_answered():
    quiz = ScenarioQuiz(make_scenario())
    answers = []
    quiz.on_answer(answers.append)
    quiz.selected = (1,)
    quiz.check_button.click()
    [answer] = answers
    assert (answer.scenario_id, answer.selected, answer.correct, answer.attempt) == (
        "hallway-thanks", (1,), True, 1
    )
    assert answer.option_ids == ("option-1",)


def test_check_without_selection_asks_for_an_answer():
    quiz = ScenarioQuiz(make_scenario())
    assert quiz.check() is None
    assert "Choose an answer first." in quiz.feedback.value
    assert quiz.attempts == 0


def test_invalid_selection_is_refused():
    quiz = ScenarioQuiz(make_scenario())
    with pytest.raises(traitlets.TraitError):
        quiz.selected = (0, 1)
    with pytest.raises(traitlets.TraitError):
        quiz.selected = (7,)


def test_content_text_is_escaped():
    scenario = make_scenario(
        title="<b>Bold</b>", situation="Sam said <script>alert(1)</script> & left."
    )
    quiz = ScenarioQuiz(scenario)
    assert "<script>" not in quiz.header.value
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; left." in quiz.header.value
    assert "&lt;b&gt;Bold&lt;/b&gt;" in quiz.header.value


def test_deck_navigation_progress_and_total():
    scenarios = [make_scenario(id=f"s-{i}") for i in range(3)]
    deck = ScenarioDeck(scenarios)
    assert deck.current.scenario.id == "s-0"
    assert deck.previous_button.disabled and not deck.next_button.disabled
    assert "Scenario 1 of 3" in deck.progress_text.value
    deck.current.selected = (1,)
    deck.current.check()
    deck.next_button.click()
    assert deck.index == 1 and deck.stage.children == (deck.quizzes[1],)
    assert "Scenario 2 of 3" in deck.progress_text.value
    deck.current.selected = (0,)
    deck.current.check()
    assert deck.answered == 2
    assert deck.total_score == 1.5
    assert deck.progress_bar.value == 2
    assert "2 of 3 answered · first answers: 1 of 2 best." in deck.summary.value
    deck.go(99)
    assert deck.index == 2 and deck.next_button.disabled


def test_deck_builds_a_quiz_only_when_it_is_shown():
    scenarios = [make_scenario(id=f"s-{i}") for i in range(4)]
    deck = ScenarioDeck(scenarios)
    assert [quiz.scenario.id for quiz in deck.stage.children] == ["s-0"]
    assert deck.built == [0]
    deck.go(2)
    assert deck.built == [0, 2]
    assert deck.stage.children == (deck.quiz(2),)


def test_deck_restores_history_for_quizzes_not_built_yet_and_reports_answers():
    scenarios = [make_scenario(id=f"s-{i}") for i in range(3)]
    deck = ScenarioDeck(scenarios)
    seen = []
    deck.on_answer(lambda answer: seen.append((answer.scenario_id, deck.answered)))
    deck.restore({"s-2": (2, 0.5, False), "not-in-this-deck": (1, 1.0, True)})
    assert deck.answered == 1 and deck.total_score == 0.5
    assert "1 of 3 answered · first answers: 0 of 1 best." in deck.summary.value
    assert deck.index == 0  # the first scenario not answered yet
    deck.go(2)
    assert deck.current.attempts == 2 and deck.current.best_score == 0.5
    assert "Answered before: first answer: not the best. Best 50% over 2 attempts" in (
        deck.current.score_label.value
    )
    deck.current.selected = (1,)
    deck.current.check()
    # the deck has counted the answer before other listeners hear of it
    assert seen == [("s-2", 1)]
    assert deck.total_score == 1.0
    deck.go(0)
    deck.current.selected = (0,)
    deck.current.check()
    assert seen[-1] == ("s-0", 2)
    assert deck.answered == 2 and deck.total_score == 1.5
    # a right answer on a later try is practice: the first answers' count is unchanged
    assert deck.first_best == 0


def test_a_wrong_then_right_answer_counts_as_a_first_answer_that_missed():
    deck = ScenarioDeck([make_scenario(id="s-0")])
    deck.current.selected = (2,)
    deck.current.check()
    deck.current.try_again()
    deck.current.selected = (1,)
    deck.current.check()
    assert deck.first_best == 0 and deck.total_score == 1.0
    assert "1 of 1 answered · first answers: 0 of 1 best." in deck.summary.value


def test_next_and_previous_ask_the_page_to_focus_the_new_scenarios_heading():
    from page_comm import sent_states

    deck = ScenarioDeck([make_scenario(id=f"s-{i}") for i in range(3)])
    sent = sent_states(deck.focus)
    deck.next_button.click()
    assert sent[-1] == {"method": "custom", "content": {"do": "focus", "id": "t-s-1"}}
    assert 'id="t-s-1"' in deck.current.header.value
    deck.previous_button.click()
    assert sent[-1]["content"]["id"] == "t-s-0"
    deck.previous_button.click()  # already at the first: nothing moves
    assert len(sent) == 2


def test_the_end_screen_gives_the_result_and_what_comes_next():
    deck = ScenarioDeck(
        [make_scenario(id="s-0")], next_step="The conversation with Sunita below.",
        next_module=("Use names", "03_names.ipynb"),
    )
    deck.current.selected = (1,)
    deck.current.check()
    assert "first answers: 1 of 1 best" in deck.summary.value
    assert "The conversation with Sunita below." in deck.summary.value
    assert 'href="03_names.ipynb"' in deck.summary.value


def test_reopening_a_deck_opens_the_first_unanswered_scenario_or_the_last_when_all_are():
    scenarios = [make_scenario(id=f"s-{i}") for i in range(4)]
    deck = ScenarioDeck(scenarios)
    deck.restore({"s-0": (1, 1.0, True), "s-1": (1, 0.0, False), "s-3": (1, 1.0, True)})
    assert deck.index == 2 and deck.current.scenario.id == "s-2"
    done = ScenarioDeck(scenarios)
    done.restore({f"s-{i}": (1, 1.0, True) for i in range(4)})
    assert done.index == 3
    assert "4 of 4 answered · first answers: 4 of 4 best. All scenarios answered." in (
        done.summary.value
    )


def test_every_real_scenario_builds_a_working_quiz():
    course = get_course()
    for scenario in course.scenarios.values():
        quiz = ScenarioQuiz(scenario, setting_label=course.settings[scenario.setting])
        quiz.selected = scenario.question_kind.key(scenario.options)
        quiz.check()
        assert quiz.score == 1.0, scenario.id


# -- shuffled order ----------------------------------------------------------------------------


def test_a_shuffled_quiz_shows_options_in_its_order_and_scores_by_content():
    quiz = ScenarioQuiz(make_scenario(), order=(2, 0, 1))
    assert quiz.choices.labels == ["Option 2", "Option 0", "Option 1"]
    answers = []
    quiz.on_answer(answers.append)
    quiz.choices.index = 2  # the learner clicks the third radio shown: "Option 1", the best
    assert quiz.selected == (1,)
    quiz.check_button.click()
    assert quiz.score == 1.0 and answers[0].option_ids == ("option-1",)
    # the feedback lists options in the order shown
    feedback = quiz.feedback.value
    assert feedback.index("Option 2") < feedback.index("Option 0") < feedback.index("Option 1")


def test_a_new_order_keeps_the_chosen_option():
    quiz = ScenarioQuiz(make_scenario(), order=(0, 1, 2))
    quiz.selected = (2,)
    quiz.order = (2, 1, 0)
    assert quiz.selected == (2,) and quiz.choices.index == 0
    with pytest.raises(traitlets.TraitError):
        quiz.order = (0, 0, 1)


def test_multiple_choice_checkboxes_follow_the_order():
    quiz = ScenarioQuiz(make_scenario("multiple"), order=(1, 2, 0))
    assert [box.description for box in quiz.answer_area.children] == [
        "Option 1", "Option 2", "Option 0",
    ]
    quiz.checkboxes[0].value = True  # content index 0, shown last
    assert quiz.selected == (0,)


def test_a_deck_shuffles_per_learner_and_the_same_for_one_learner():
    scenarios = [make_scenario(id=f"s-{i}") for i in range(8)]
    orders = {}
    for learner in ("ana", "ben", "ana"):
        deck = ScenarioDeck(scenarios, seed=learner)
        orders.setdefault(learner, []).append([deck.quiz(i).order for i in range(8)])
    assert orders["ana"][0] == orders["ana"][1]
    assert orders["ana"][0] != orders["ben"][0]
    # every order is a permutation and not all of one learner's orders are the same
    assert all(sorted(order) == [0, 1, 2] for order in orders["ana"][0])
    assert len(set(orders["ana"][0])) > 1


def test_shuffle_for_reorders_built_quizzes():
    scenarios = [make_scenario(id=f"s-{i}") for i in range(3)]
    deck = ScenarioDeck(scenarios, seed="")
    deck.go(1)
    deck.shuffle_for("someone")
    for index in deck.built:
        assert deck.quiz(index).order == deck.order_for(scenarios[index])


def test_check_clicked_again_without_try_again_records_nothing():
    quiz = ScenarioQuiz(make_scenario())
    answers = []
    quiz.on_answer(answers.append)
    quiz.selected = (1,)
    quiz.check_button.click()
    for _ in range(5):
        quiz.check_button.click()  # disabled on the page; a page can click it anyway
    assert len(answers) == 1 and quiz.attempts == 1


def test_a_deck_shows_no_quiz_until_its_learner_is_known():
    scenarios = [make_scenario(id=f"s-{i}") for i in range(3)]
    deck = ScenarioDeck(scenarios, seed=None)
    assert deck.stage.children == () and deck.built == []
    deck.next_button.click()
    assert deck.stage.children == () and deck.built == []
    deck.shuffle_for("learner-7")
    [quiz] = deck.stage.children
    assert quiz.scenario.id == "s-1"
    assert quiz.order == deck.order_for(scenarios[1])  # built in the learner's order
