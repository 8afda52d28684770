"""The xAPI statements the course builds: every kind, posted to a real LRS (Ralph), which
takes them and gives them back through its API, and checked against Ralph's xAPI 1.0.3
models; and the host's settings, with a plain message for every mistake."""

from __future__ import annotations

import pytest

from widgets.content import get_course
from widgets.reporting import statements
from widgets.reporting.config import ReportingConfigError, load_config
from widgets.reporting.reporter import CourseReporter

BASE = {"MICROMOMENTS_LRS_URL": "http://lrs.example:8100", "MICROMOMENTS_LRS_USERNAME": "u",
        "MICROMOMENTS_LRS_PASSWORD": "p"}


def reporter() -> CourseReporter:
    return CourseReporter(load_config(BASE), get_course())


def one_of_each(learner: str) -> list[dict]:
    course = get_course()
    report = reporter()
    module = next(m for m in course.modules if m.scenarios and m.conversation)
    single = next(s for s in course.module_scenarios(module.id) if s.kind == "single")
    multiple = next(s for s in course.scenarios.values() if s.kind == "multiple")
    conversation = course.conversations[module.conversation]
    ending = next(iter(conversation.endings()))
    found = [
        *report.launched(learner, module.id),
        *report.answered(learner, module.id, single.id, (single.options[1].id,), 0.5, False),
        *report.answered(
            learner, module.id, multiple.id,
            tuple(o.id for o in multiple.options if o.rating == "best"), 1.0, True,
        ),
        *report.conversation_ended(
            learner, module.id, conversation.id,
            {"ending": ending, "meter": 70, "used": ["acknowledge", "not-a-practice"],
             "missed": ["pause"], "path": ["start", ending]},
        ),
        *report.self_assessed(learner, "before", {"acknowledge": 3, "names": 9}),
        *report.module_completed(learner, module.id, {m.id for m in course.modules}, (3, 8)),
    ]
    return found


def test_every_kind_of_statement_is_taken_by_a_real_lrs_and_valid_xapi(lrs):
    learner = "web-statements-test"
    built = one_of_each(learner)
    verbs = [s["verb"]["display"]["en-US"] for s in built]
    assert verbs == [
        "launched", "initialized", "answered", "answered", "completed", "responded",
        "completed", "completed",
    ]
    assert lrs.validate(built) == []
    status, ids = lrs.post(built)
    assert status == 200, ids
    assert ids == [s["id"] for s in built]
    back = {s["id"]: s for s in lrs.statements_of(learner)}
    assert set(back) == set(ids)
    for sent in built:
        kept = back[sent["id"]]
        assert kept["verb"] == sent["verb"] and kept["object"]["id"] == sent["object"]["id"]
        assert kept.get("result") == sent.get("result")
        assert kept["actor"]["account"] == {
            "homePage": "https://micromoments.example/learners", "name": learner
        }


def test_an_answer_carries_option_ids_score_success_and_rating():
    course = get_course()
    module = next(m for m in course.modules if m.scenarios)
    scenario = course.scenarios[module.scenarios[0]]
    partial = next(o for o in scenario.options if o.rating != "best")
    answered = reporter().answered("hub:amara", module.id, scenario.id, (partial.id,), 0.5, False)
    assert len(answered) == 1
    found = answered[0]
    assert found["verb"]["id"] == "http://adlnet.gov/expapi/verbs/answered"
    assert found["actor"]["account"]["name"] == "amara"  # the Hub user name
    assert found["object"]["id"] == (
        f"https://micromoments.example/micromoments/leadership-in-micro-moments/module/"
        f"{module.id}/scenario/{scenario.id}"
    )
    definition = found["object"]["definition"]
    assert definition["interactionType"] == "choice"
    assert [c["id"] for c in definition["choices"]] == [o.id for o in scenario.options]
    best = next(o.id for o in scenario.options if o.rating == "best")
    assert definition["correctResponsesPattern"] == [best]
    assert found["result"]["response"] == partial.id
    assert found["result"]["success"] is False
    assert found["result"]["score"]["scaled"] == 0.5
    rating = found["result"]["extensions"][
        "https://micromoments.example/micromoments/extensions/rating"
    ]
    assert rating == {partial.id: partial.rating}
    first = "https://micromoments.example/micromoments/extensions/first-try"
    assert found["result"]["extensions"][first] is True
    retry = reporter().answered(
        "hub:amara", module.id, scenario.id, (partial.id,), 0.5, False, first_try=False
    )[0]
    assert retry["result"]["extensions"][first] is False


def test_a_completed_module_reports_its_first_answers_as_the_score():
    course = get_course()
    module = next(m for m in course.modules if m.scenarios)
    done = reporter().module_completed("web-1", module.id, {module.id}, (5, 8))[0]
    assert done["result"]["score"] == {"scaled": 0.625, "raw": 5, "min": 0, "max": 8}
    assert done["result"]["extensions"][
        "https://micromoments.example/micromoments/extensions/first-answers"
    ] == {"best": 5, "answered": 8}
    without = next(m for m in course.modules if not m.scenarios)
    assert "score" not in reporter().module_completed("web-1", without.id, set())[0]["result"]


def test_ids_the_content_does_not_know_send_nothing():
    report = reporter()
    assert report.answered("web-1", "acknowledge", "no-such-scenario", ("a",), 1.0, True) == []
    assert report.launched("web-1", "no-such-module") == []
    assert report.conversation_ended("web-1", "acknowledge", "nope", {"ending": "x"}) == []
    module = next(m for m in get_course().modules if m.conversation)
    ended = report.conversation_ended(
        "web-1", module.id, module.conversation, {"ending": "not-an-ending"}
    )
    assert ended == []


def test_a_page_opened_twice_in_one_kernel_is_launched_once():
    report = reporter()
    assert len(report.launched("web-1", "acknowledge")) == 2
    assert report.launched("web-1", "acknowledge") == []
    assert len(report.launched("web-2", "acknowledge")) == 2


def test_statement_ids_are_new_and_registration_is_stable():
    naming = reporter().naming
    module = get_course().modules[0]
    first = statements.module_completed(naming, "web-1", module)
    second = statements.module_completed(naming, "web-1", module)
    assert first["id"] != second["id"]
    assert first["context"]["registration"] == second["context"]["registration"]
    other = statements.module_completed(naming, "web-2", module)
    assert other["context"]["registration"] != first["context"]["registration"]


# -- the host's settings --------------------------------------------------------------------


def test_reporting_is_off_without_a_url():
    assert load_config({}) is None
    assert load_config({"MICROMOMENTS_LRS_URL": "  ", "MICROMOMENTS_LRS_USERNAME": "u"}) is None


def test_the_endpoint_and_defaults():
    config = load_config(BASE)
    assert config.statements_url == "http://lrs.example:8100/xAPI/statements"
    with_xapi = load_config({**BASE, "MICROMOMENTS_LRS_URL": "https://lrs.example/xAPI/"})
    assert with_xapi.statements_url == "https://lrs.example/xAPI/statements"
    assert config.account_homepage == "https://micromoments.example/learners"
    assert config.backoff_max == 300.0


def test_credentials_from_a_file(tmp_path):
    secret = tmp_path / "lrs-credentials"
    secret.write_text("course:s3cret:with-colon\n", encoding="utf-8")
    config = load_config({"MICROMOMENTS_LRS_URL": "http://lrs.example",
                          "MICROMOMENTS_LRS_CREDENTIALS_FILE": str(secret)})
    assert (config.username, config.password) == ("course", "s3cret:with-colon")
    # a page kernel never reads them
    kernel = load_config({"MICROMOMENTS_LRS_URL": "http://lrs.example",
                          "MICROMOMENTS_LRS_CREDENTIALS_FILE": str(tmp_path / "missing")},
                         credentials=False)
    assert kernel.username == ""


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"MICROMOMENTS_LRS_URL": "lrs.example:8100"}, "MICROMOMENTS_LRS_URL"),
        ({"MICROMOMENTS_LRS_URL": "ftp://lrs.example"}, "MICROMOMENTS_LRS_URL"),
        ({"MICROMOMENTS_LRS_PASSWORD": ""}, "MICROMOMENTS_LRS_PASSWORD"),
        ({"MICROMOMENTS_LRS_USERNAME": ""}, "MICROMOMENTS_LRS_USERNAME"),
        ({"MICROMOMENTS_LRS_CREDENTIALS_FILE": "/nonexistent"},
         "MICROMOMENTS_LRS_CREDENTIALS_FILE"),
        ({"MICROMOMENTS_LRS_BACKOFF_MAX": "soon"}, "MICROMOMENTS_LRS_BACKOFF_MAX"),
        ({"MICROMOMENTS_LRS_ACCOUNT_HOMEPAGE": "learners"}, "MICROMOMENTS_LRS_ACCOUNT_HOMEPAGE"),
        ({"MICROMOMENTS_LRS_COURSE_ID": "a b"}, "MICROMOMENTS_LRS_COURSE_ID"),
    ],
)
def test_a_wrong_setting_names_its_variable(change, named):
    with pytest.raises(ReportingConfigError) as raised:
        load_config({**BASE, **change})
    assert named in str(raised.value)


def test_a_credentials_file_without_username_and_password_is_refused(tmp_path):
    secret = tmp_path / "lrs-credentials"
    secret.write_text("just-a-token\n", encoding="utf-8")
    with pytest.raises(ReportingConfigError, match="username:password"):
        load_config({"MICROMOMENTS_LRS_URL": "http://lrs.example",
                     "MICROMOMENTS_LRS_CREDENTIALS_FILE": str(secret)})
