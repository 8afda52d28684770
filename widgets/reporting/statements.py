"""xAPI 1.0.3 statements as plain dicts, built from the course's content models.

Pure functions: nothing here reads the store or the network. Every statement gets its ``id``
(a random UUID) and ``timestamp`` when it is built, which is when it is queued, so a statement
sent twice is the same statement and the LRS keeps it once.

Activity ids are stable, made of the course's and the content's ids::

    <base>/micromoments/<course id>
    <base>/micromoments/<course id>/module/<module id>
    <base>/micromoments/<course id>/module/<module id>/scenario/<scenario id>
    <base>/micromoments/<course id>/module/<module id>/conversation/<conversation id>
    <base>/micromoments/<course id>/self-assessment/<before|after>
    <base>/micromoments/<course id>/judgment-check/<before|after|follow-up>

The learner is an account (``homePage`` from the host, ``name`` the Hub user name or the
anonymous learner id), never a resume code. Reflections and drafted replies have no builder.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from widgets.content.conversation import Conversation
from widgets.content.models import Course, Module, Scenario, SelfAssessment

#: cmi5's verbs (launched, initialized, completed, passed) and ADL's for answers and ratings
VERBS = {
    "launched": "https://w3id.org/xapi/adl/verbs/launched",
    "initialized": "http://adlnet.gov/expapi/verbs/initialized",
    "answered": "http://adlnet.gov/expapi/verbs/answered",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "responded": "http://adlnet.gov/expapi/verbs/responded",
    "scored": "http://adlnet.gov/expapi/verbs/scored",
}
ACTIVITY_TYPES = {
    "course": "http://adlnet.gov/expapi/activities/course",
    "module": "http://adlnet.gov/expapi/activities/module",
    "interaction": "http://adlnet.gov/expapi/activities/cmi.interaction",
    "simulation": "http://adlnet.gov/expapi/activities/simulation",
    "assessment": "http://adlnet.gov/expapi/activities/assessment",
}
LANGUAGE = "en"


@dataclass(frozen=True)
class Naming:
    """How statements name learners and activities (from the host's settings)."""

    account_homepage: str
    activity_base: str
    course_id: str

    @property
    def course(self) -> str:
        """The course's activity id."""
        return f"{self.activity_base}/micromoments/{self.course_id}"

    def module(self, module_id: str) -> str:
        """A module's activity id."""
        return f"{self.course}/module/{module_id}"

    def scenario(self, module_id: str, scenario_id: str) -> str:
        """A scenario's activity id (within the module that showed it)."""
        return f"{self.module(module_id)}/scenario/{scenario_id}"

    def conversation(self, module_id: str, conversation_id: str) -> str:
        """A branching conversation's activity id."""
        return f"{self.module(module_id)}/conversation/{conversation_id}"

    def self_assessment_activity(self, stage: str) -> str:
        """The self-assessment's activity id for a stage (``before`` or ``after``)."""
        return f"{self.course}/self-assessment/{stage}"

    def extension(self, name: str) -> str:
        """The IRI of one of the course's result extensions."""
        return f"{self.activity_base}/micromoments/extensions/{name}"

    def account_name(self, learner_id: str) -> str:
        """The account name of a learner: the Hub user name, else the learner id."""
        return learner_id.removeprefix("hub:")

    def actor(self, learner_id: str) -> dict:
        """The learner as an xAPI Agent identified by an account."""
        return {
            "objectType": "Agent",
            "account": {"homePage": self.account_homepage, "name": self.account_name(learner_id)},
        }

    def registration(self, learner_id: str) -> str:
        """One stable UUID for a learner's enrolment in this course."""
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.course}#learner={learner_id}"))


def _language(text: str) -> dict[str, str]:
    return {LANGUAGE: text}


def _activity(activity_id: str, kind: str, name: str, description: str = "") -> dict:
    definition: dict = {"type": ACTIVITY_TYPES[kind], "name": _language(name)}
    if description:
        definition["description"] = _language(description)
    return {"objectType": "Activity", "id": activity_id, "definition": definition}


def _timestamp(when: datetime | None) -> str:
    when = when or datetime.now(timezone.utc)
    return when.astimezone(timezone.utc).isoformat(timespec="milliseconds")


def statement(
    naming: Naming,
    learner_id: str,
    verb: str,
    activity: dict,
    parents: Iterable[str] = (),
    result: dict | None = None,
    when: datetime | None = None,
) -> dict:
    """One statement with a new id; ``parents`` are the activity ids it sits in."""
    parent_ids = list(parents)
    context: dict = {
        "registration": naming.registration(learner_id),
        "contextActivities": {
            "grouping": [{"objectType": "Activity", "id": naming.course}],
        },
    }
    if parent_ids:
        context["contextActivities"]["parent"] = [
            {"objectType": "Activity", "id": parent} for parent in parent_ids
        ]
    built = {
        "id": str(uuid.uuid4()),
        "timestamp": _timestamp(when),
        "actor": naming.actor(learner_id),
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": activity,
        "context": context,
    }
    if result is not None:
        built["result"] = result
    return built


def _module_activity(naming: Naming, module: Module) -> dict:
    return _activity(naming.module(module.id), "module", module.title, module.summary)


def launched(naming: Naming, learner_id: str, module: Module) -> list[dict]:
    """A module page opened: cmi5's *launched*, then *initialized*."""
    activity = _module_activity(naming, module)
    return [
        statement(naming, learner_id, verb, activity, [naming.course])
        for verb in ("launched", "initialized")
    ]


def answered(
    naming: Naming,
    learner_id: str,
    module: Module,
    scenario: Scenario,
    selected: Iterable[str],
    score: float,
    correct: bool,
    first_try: bool = True,
) -> dict:
    """A checked answer: the options chosen (content option ids), the score (0 to 1),
    whether it was right, the rating of each chosen option, and whether it was the first try
    (the one that counts; later tries are practice)."""
    known = {option.id: option for option in scenario.options}
    chosen = [option_id for option_id in dict.fromkeys(selected) if option_id in known]
    kind = scenario.question_kind
    activity = _activity(
        naming.scenario(module.id, scenario.id), "interaction", scenario.title, scenario.question
    )
    activity["definition"].update(
        interactionType=kind.interaction,
        correctResponsesPattern=kind.xapi_correct_pattern(scenario.options),
        choices=[
            {"id": option.id, "description": _language(option.text)}
            for option in scenario.options
        ],
    )
    scaled = round(min(1.0, max(0.0, float(score))), 4)
    result = {
        "response": kind.xapi_response(chosen),
        "success": bool(correct),
        "completion": True,
        "score": {"scaled": scaled, "raw": scaled, "min": 0, "max": 1},
        "extensions": {
            naming.extension("rating"): {
                option_id: known[option_id].rating for option_id in chosen
            },
            naming.extension("first-try"): bool(first_try),
        },
    }
    return statement(
        naming, learner_id, "answered", activity, [naming.module(module.id)], result
    )


def module_completed(
    naming: Naming, learner_id: str, module: Module, first_answers: tuple[int, int] = (0, 0)
) -> dict:
    """A module finished for the first time; a module with scenarios reports its first
    answers (right at the first try, of how many) as the score."""
    result: dict = {"completion": True}
    best, answered = first_answers
    if module.scenarios and answered:
        scaled = round(best / answered, 4)
        result["score"] = {"scaled": scaled, "raw": best, "min": 0, "max": answered}
        result["extensions"] = {
            naming.extension("first-answers"): {"best": best, "answered": answered}
        }
    return statement(
        naming, learner_id, "completed", _module_activity(naming, module), [naming.course],
        result,
    )


def course_completed(naming: Naming, learner_id: str, course: Course) -> dict:
    """Every module of the course finished."""
    activity = _activity(naming.course, "course", course.title)
    return statement(naming, learner_id, "completed", activity, (), {"completion": True})


def conversation_ended(
    naming: Naming,
    learner_id: str,
    module: Module,
    conversation: Conversation,
    ending_id: str,
    meter: int,
    used: Iterable[str],
    missed: Iterable[str],
) -> dict:
    """A branching conversation played to an ending: which ending, where the meter stood,
    and the practices the learner's choices used and missed (never what was said)."""
    ending = conversation.nodes[ending_id].ending
    level = int(min(100, max(0, meter)))
    activity = _activity(
        naming.conversation(module.id, conversation.id), "simulation", conversation.title
    )
    result = {
        "completion": True,
        "score": {"scaled": round(level / 100, 4), "raw": level, "min": 0, "max": 100},
        "extensions": {
            naming.extension("ending"): {
                "id": ending_id, "title": ending.title if ending else ending_id
            },
            naming.extension("practices-used"): sorted(set(used)),
            naming.extension("practices-missed"): sorted(set(missed)),
        },
    }
    return statement(
        naming, learner_id, "completed", activity, [naming.module(module.id)], result
    )


def self_assessed(
    naming: Naming, learner_id: str, assessment: SelfAssessment, stage: str, values: dict
) -> dict:
    """A self-assessment saved: the rating of each item (1 to the scale's length)."""
    items = {item.id for item in assessment.items}
    top = len(assessment.scale)
    ratings = {
        item: int(value) for item, value in sorted(values.items())
        if item in items and 1 <= int(value) <= top
    }
    title = "Self-assessment before the course" if stage == "before" else (
        "Self-assessment after the course"
    )
    activity = _activity(naming.self_assessment_activity(stage), "assessment", title)
    result = {
        "completion": True,
        "extensions": {
            naming.extension("ratings"): ratings,
            naming.extension("scale"): list(assessment.scale),
        },
    }
    return statement(naming, learner_id, "responded", activity, [naming.course], result)


def judgment_scored(
    naming: Naming, learner_id: str, stage: str, form: str, practice_scores: dict[str, float],
    score: float,
) -> dict:
    """A judgment check finished: its score (0 to 100, and scaled 0 to 1) and each
    practice's."""
    titles = {
        "before": "Judgment check before the course",
        "after": "Judgment check after the course",
        "follow-up": "Judgment check, three weeks on",
    }
    activity = _activity(
        f"{naming.course}/judgment-check/{stage}", "assessment", titles.get(stage, stage)
    )
    scaled = round(max(0.0, min(100.0, score)) / 100.0, 4)
    result = {
        "completion": True,
        "score": {"scaled": scaled, "raw": round(score, 2), "min": 0, "max": 100},
        "extensions": {
            naming.extension("form"): form,
            naming.extension("practice-scores"): {
                practice: round(value, 2) for practice, value in sorted(practice_scores.items())
            },
        },
    }
    return statement(naming, learner_id, "scored", activity, [naming.course], result)
