"""The statements a store write queues, when the host reports to an LRS.

:class:`CourseReporter` is what :class:`widgets.store.Storage` is given as its ``reporter``:
the store calls it inside the transaction that keeps what the learner did, and puts what it
returns in the outbox in that same transaction. It looks everything up in the course's
content (what the page sent is only ids, and ids the content does not know send nothing).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from widgets.content.models import Course
from widgets.reporting import statements
from widgets.reporting.config import ReportingConfig, ReportingConfigError, load_config

log = logging.getLogger(__name__)


class CourseReporter:
    """Builds the xAPI statements of the course's events (see :mod:`statements`)."""

    def __init__(self, config: ReportingConfig, course: Course | Callable[[], Course]):
        self.naming = statements.Naming(
            config.account_homepage, config.activity_base, config.course_id
        )
        self._course = course
        #: (learner, module) pairs whose page opening this process has reported
        self._launched: set[tuple[str, str]] = set()

    @property
    def course(self) -> Course:
        """The course content (loaded on first use)."""
        if callable(self._course):
            self._course = self._course()
        return self._course

    def _module(self, module_id: str):
        try:
            return self.course.module(module_id)
        except KeyError:
            return None

    def launched(self, learner_id: str, module_id: str) -> list[dict]:
        """*launched* and *initialized*, once per learner and module in this page kernel
        (a page records its visit from several cells)."""
        module = self._module(module_id)
        key = (learner_id, module_id)
        if module is None or key in self._launched:
            return []
        self._launched.add(key)
        return statements.launched(self.naming, learner_id, module)

    def answered(
        self, learner_id: str, module_id: str, scenario_id: str, selected: Iterable[str],
        score: float, correct: bool, first_try: bool = True,
    ) -> list[dict]:
        """*answered* for a checked answer to a scenario the content knows (``first_try``:
        the answer that counts; later ones are practice)."""
        module = self._module(module_id)
        scenario = self.course.scenarios.get(scenario_id)
        if module is None or scenario is None:
            return []
        return [
            statements.answered(
                self.naming, learner_id, module, scenario, selected, score, correct,
                first_try,
            )
        ]

    def module_completed(
        self, learner_id: str, module_id: str, completed: set[str],
        first_answers: tuple[int, int] = (0, 0),
    ) -> list[dict]:
        """*completed* for a module finished the first time (with its first answers: how many
        scenarios were right at the first try, of how many); with it the course's, when
        ``completed`` (every module now finished) covers the course."""
        module = self._module(module_id)
        if module is None:
            return []
        found = [statements.module_completed(self.naming, learner_id, module, first_answers)]
        if {m.id for m in self.course.modules} <= completed:
            found.append(statements.course_completed(self.naming, learner_id, self.course))
        return found

    def conversation_ended(
        self, learner_id: str, module_id: str, conversation_id: str, result: dict
    ) -> list[dict]:
        """*completed* for a conversation that reached one of its endings."""
        module = self._module(module_id)
        conversation = self.course.conversations.get(conversation_id)
        ending = result.get("ending")
        if module is None or conversation is None or ending not in conversation.endings():
            return []
        practices = set(self.course.practices)
        used = [p for p in result.get("used", ()) if isinstance(p, str) and p in practices]
        missed = [p for p in result.get("missed", ()) if isinstance(p, str) and p in practices]
        meter = result.get("meter")
        meter = meter if isinstance(meter, int) else conversation.meter.start
        return [
            statements.conversation_ended(
                self.naming, learner_id, module, conversation, ending, meter, used, missed
            )
        ]

    def judgment_scored(
        self, learner_id: str, stage: str, form: str, practice_scores: dict[str, float],
        score: float,
    ) -> list[dict]:
        """*scored* for a judgment check finished, with its score scaled 0 to 1."""
        if getattr(self.course, "judgment", None) is None:
            return []
        return [statements.judgment_scored(
            self.naming, learner_id, stage, form, practice_scores, score
        )]

    def self_assessed(self, learner_id: str, stage: str, values: dict[str, int]) -> list[dict]:
        """*responded* with the ratings of a saved self-assessment."""
        assessment = self.course.self_assessment
        if assessment is None or stage not in ("before", "after"):
            return []
        return [statements.self_assessed(self.naming, learner_id, assessment, stage, values)]


def reporter_from_environment(
    course: Course | Callable[[], Course],
) -> CourseReporter | None:
    """The reporter for this process's settings, or None when reporting is off. A page
    kernel never reads the LRS's credentials; a wrong setting (the server refuses to start
    with it) is logged and reporting stays off in that kernel."""
    try:
        config = load_config(credentials=False)
    except ReportingConfigError as error:
        log.error("xAPI reporting is off in this kernel: %s", error)
        return None
    return CourseReporter(config, course) if config is not None else None
