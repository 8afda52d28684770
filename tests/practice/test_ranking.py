"""The ranking kind: its content rules, its score (distance from the key), its room summary
and xAPI response, and its control driven as a learner would, by Move up and Move down."""

from __future__ import annotations

import pytest
import traitlets
from pydantic import ValidationError

from widgets import ScenarioQuiz
from widgets.content.kinds import KINDS, kind_of
from widgets.content.kinds.ranking import footrule
from widgets.content.models import Scenario

#: content order -> key rank: the most effective response is the third in the file
RANKS = (2, 4, 1, 3)
RATINGS = {1: "best", 2: "partial", 3: "partial", 4: "miss"}


def ranking(ranks=RANKS, ratings=None, **overrides) -> Scenario:
    ratings = ratings or [RATINGS[rank] for rank in ranks]
    data = {
        "id": "handover-order", "practice": "acknowledge", "kind": "ranking",
        "setting": "clinic", "relationship": "peers", "title": "The handover",
        "situation": "Priya stayed late to finish the handover notes.",
        "question": "Put these responses in order.",
        "options": [
            {"id": f"opt-{i}", "text": f"Response {i}", "rating": rating, "rank": rank,
             "feedback": f"Why {i} sits here."}
            for i, (rank, rating) in enumerate(zip(ranks, ratings, strict=True))
        ],
    }
    data.update(overrides)
    return Scenario.model_validate(data)


def test_the_registry_finds_every_kind_by_its_module():
    assert set(KINDS) == {"single", "multiple", "ranking"}
    assert kind_of("ranking").interaction == "sequencing"


@pytest.mark.parametrize(
    ("ranks", "ratings", "problem"),
    [
        ((1, 2, 2, 3), None, "ranks must be 1 to 4"),
        ((1, 2, 3, None), ["best", "partial", "miss", "miss"], "needs a rank"),
        ((2, 1, 3, 4), ["best", "partial", "miss", "miss"], "ranked 1 is the one rated 'best'"),
        ((1, 2, 3, 4), ["best", "miss", "partial", "miss"], "lower-ranked option is rated better"),
    ],
)
def test_a_ranking_key_that_does_not_hold_is_refused(ranks, ratings, problem):
    with pytest.raises(ValidationError, match=problem):
        ranking(ranks, ratings)


def test_rank_belongs_to_ranking_scenarios_only():
    data = ranking().model_dump()
    data["kind"] = "single"
    with pytest.raises(ValidationError, match="rank is only for ranking"):
        Scenario.model_validate(data)
    data["kind"] = "sorting"
    with pytest.raises(ValidationError, match="unknown question kind 'sorting'"):
        Scenario.model_validate(data)


def test_the_score_is_the_distance_from_the_key():
    scenario = ranking()
    key = (2, 0, 3, 1)  # content indices by rank
    assert scenario.question_kind.key(scenario.options) == key
    assert scenario.score(key) == 1.0
    assert scenario.score(tuple(reversed(key))) == 0.0  # the farthest order there is
    swapped = (0, 2, 3, 1)  # the first two swapped: 2 places off of 8
    assert footrule(swapped, RANKS) == 2
    assert scenario.score(swapped) == pytest.approx(1 - 2 / 8)
    assert scenario.score((2, 0, 3)) == 0.0  # not every option placed: not an answer


def test_an_answer_keeps_its_order_in_ids_and_back():
    scenario = ranking()
    assert scenario.option_ids((3, 0, 2, 1)) == ("opt-3", "opt-0", "opt-2", "opt-1")
    assert scenario.indices_of(["opt-3", "opt-0", "opt-2", "opt-1"]) == (3, 0, 2, 1)


def test_a_room_sees_the_mean_rank_of_each_option():
    scenario = ranking()
    kind = scenario.question_kind
    answers = [("opt-2", "opt-0", "opt-3", "opt-1"), ("opt-0", "opt-2", "opt-3", "opt-1"),
               ("opt-2", "opt-0")]  # the last is no ranking: left out
    summary = kind.summarise(scenario.options, answers)
    assert summary.figures == ("mean rank 1.5", "mean rank 4.0", "mean rank 1.5",
                               "mean rank 3.0")
    assert summary.bars == pytest.approx((2.5 / 3, 0.0, 2.5 / 3, 1 / 3))
    assert summary.headline.startswith("2 rankings so far")
    assert summary.counts == (2, 2, 2, 2)
    texts = ["one", "two", "three", "four"]  # by place in the room's order
    assert kind.csv_cells((2, 0, 3, 1), texts) == ("C > A > D > B", "three > one > four > two")
    assert kind_of("single").csv_cells((2, 0), texts) == ("A;C", "one | three")
    assert kind.key_label(scenario.options[2]) == "Key: first"
    assert kind.xapi_response(answers[0]) == "opt-2[,]opt-0[,]opt-3[,]opt-1"
    assert kind.xapi_correct_pattern(scenario.options) == ["opt-2[,]opt-0[,]opt-3[,]opt-1"]


def test_a_learner_orders_the_options_with_the_move_buttons_and_checks():
    quiz = ScenarioQuiz(ranking(), order=(0, 1, 2, 3))
    view = quiz.answer_area
    answers = []
    quiz.on_answer(answers.append)
    assert quiz.selected == (0, 1, 2, 3)  # the order shown is an answer already
    assert view.up_buttons[0].disabled and view.down_buttons[3].disabled
    view.up_buttons[2].click()  # Response 2 (the key's first) up to second place
    view.up_buttons[1].click()  # and up to first
    assert quiz.selected == (2, 0, 1, 3)
    assert "Response 2" in view.places[0].value and "now 1 of 4" in view.announce.text
    view.down_buttons[2].click()  # Response 1 (the key's last) down to last place
    assert quiz.selected == (2, 0, 3, 1)
    quiz.check_button.click()
    assert answers[0].option_ids == ("opt-2", "opt-0", "opt-3", "opt-1")
    assert answers[0].score == 1.0 and answers[0].correct
    assert "Key: first; you put it first" in quiz.feedback.value
    assert view.disabled and all(button.disabled for button in view.up_buttons)


def test_a_page_cannot_move_past_the_ends_or_after_checking():
    quiz = ScenarioQuiz(ranking(), order=(3, 2, 1, 0))
    view = quiz.answer_area
    assert quiz.selected == (3, 2, 1, 0)
    assert not view.move(0, -1) and not view.move(3, 1) and not view.move(1, 5)
    view.up_buttons[0].click()  # disabled on the page, clicked anyway
    assert quiz.selected == (3, 2, 1, 0)
    quiz.check_button.click()
    assert quiz.score == pytest.approx(1 - 6 / 8)
    # no option's place in the key is shown before the learner asks: a retry still judges
    assert "0 of 4 responses are where the key puts them" in quiz.feedback.value
    assert "Key:" not in quiz.feedback.value
    quiz.show_all_button.click()
    assert quiz.feedback.value.count("you put it") == 4
    view.down_buttons[0].click()
    assert quiz.selected == (3, 2, 1, 0)  # locked after the check
    with pytest.raises(traitlets.TraitError, match="every option"):
        quiz.selected = (0, 1)
    quiz.try_again_button.click()
    assert quiz.selected == (3, 2, 1, 0) and not view.disabled  # back to the order shown


def test_a_shuffled_order_keeps_the_learners_ranking():
    quiz = ScenarioQuiz(ranking(), order=(0, 1, 2, 3))
    quiz.answer_area.down_buttons[0].click()
    assert quiz.selected == (1, 0, 2, 3)
    quiz.order = (3, 2, 1, 0)  # the same options shown in another order
    assert quiz.selected == (1, 0, 2, 3)
