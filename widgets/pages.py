"""One-call entry points the lesson notebooks use: each returns a ready widget tree.

If the content cannot be loaded, they return a plain, escaped message instead of raising,
so that a learner in Voila never sees a traceback. Storage problems (a corrupt or unwritable
database) are shown as a plain notice and the course keeps working.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import ipywidgets as ipw

from widgets.actions import learning as actions
from widgets.content import get_course
from widgets.identity.session import LearnerSession, get_session
from widgets.page_frame import PAGE_ERRORS, page_root, problem_page
from widgets.practice.scenario_deck import ScenarioDeck, rest_of_page

# Each entry point imports the widgets it shows, so a page kernel loads only its own.
if TYPE_CHECKING:
    from widgets.practice.branching_conversation import ConversationResult
    from widgets.practice.name_recall import RecallScore
    from widgets.practice.pause_trainer import PauseResult
    from widgets.practice.reply_coach import CoachedReply
    from widgets.practice.scenario_quiz import QuizAnswer


def course_home() -> ipw.VBox:
    """The course home: greeting, continue link, module map with progress, learner panel."""
    from widgets.actions.profile import choose_name
    from widgets.actions.progress import home_facts
    from widgets.actions.reviews import utc_now
    from widgets.actions.rooms import find_room
    from widgets.identity.page_request import this_client
    from widgets.learner.course_home import CourseHome
    from widgets.learner.learner_panel import LearnerPanel
    from widgets.workshop.workshop_entry import WorkshopEntry

    try:
        course = get_course()
        session = get_session()
        storage = session.storage
        home = CourseHome(
            course, session,
            load=lambda: home_facts(course, storage, session.learner_id, utc_now()),
        )
        panel = LearnerPanel(
            session, on_name=lambda name: choose_name(storage, session.learner_id, name)
        )
        entry = WorkshopEntry(lambda code: find_room(session.storage, this_client(), code))
    except PAGE_ERRORS as error:
        return problem_page(error)
    # a saved name shows in the greeting at once (this runs after the panel has saved it)
    panel.name_button.on_click(lambda _button: home.refresh())
    return page_root(session, [home, panel, entry], "mm-home")


def scenario_deck(module_id: str) -> ipw.VBox:
    """The module's scenarios, one at a time, with progress and score; answers are kept
    and put on the learner's spaced-review schedule."""
    from widgets.actions.progress import module_history
    from widgets.actions.reviews import utc_now

    try:
        course = get_course()
        module = course.module(module_id)
        session = get_session()
        # the options' order is the learner's: no quiz is shown until the learner is known
        following = course.next_module(module_id)
        deck = ScenarioDeck(
            course.module_scenarios(module_id), course.settings,
            seed=session.learner_id if session.ready else None,
            next_step=rest_of_page(course, module),
            next_module=(following.title, following.notebook) if following else None,
        )
    except PAGE_ERRORS as error:
        return problem_page(error)
    storage = session.storage

    def keep(answer: QuizAnswer) -> None:
        def write() -> None:
            actions.answer_scenario(
                storage, session.learner_id, module_id, answer.scenario_id, answer.option_ids,
                answer.score, answer.correct, utc_now(),
                completes_module=deck.answered == len(deck.scenarios),
            )

        session.when_ready(
            lambda: session.run_storage(write, "Your last answer could not be saved")
        )

    deck.on_answer(keep)

    def load() -> None:
        deck.shuffle_for(session.learner_id)
        session.run_storage(
            lambda: actions.visit_module(storage, session.learner_id, module.id),
            "Your visit could not be saved",
        )
        deck.restore(module_history(storage, session.learner_id, module_id))


    session.on_learner(load)
    return page_root(session, [deck], "mm-module-scenarios")


def reflections(module_id: str) -> ipw.VBox:
    """The module's reflection prompts; saved text comes back on the next visit."""
    from widgets.actions.journal import saved_reflection_text
    from widgets.actions.learning import save_reflection
    from widgets.practice.reflection_prompt import ReflectionPrompt

    try:
        module = get_course().module(module_id)
        session = get_session()
    except PAGE_ERRORS as error:
        return problem_page(error)
    storage = session.storage

    def save(reflection_id: str, text: str) -> bool:
        if not session.ready:
            return False
        saved = session.run_storage(
            lambda: save_reflection(storage, session.learner_id, module, reflection_id, text),
            "Your reflection could not be saved",
        )
        return saved and storage.persistent

    prompts = [
        ReflectionPrompt(reflection, save_handler=save, loading=True)
        for reflection in module.reflections
    ]

    def load() -> None:
        actions.visit_module(storage, session.learner_id, module.id)
        for prompt in prompts:
            prompt.show_saved(
                saved_reflection_text(storage, session.learner_id, prompt.reflection.id)
            )

    def load_or_open() -> None:
        if not session.run_storage(load, "Your saved reflections could not be read"):
            for prompt in prompts:  # the notice says why; the boxes still take new text
                prompt.show_saved(prompt.answer.value)

    session.on_learner(load_or_open)
    return page_root(session, prompts, "mm-reflections")


def journal() -> ipw.VBox:
    """The learner's journal: all reflections, export as Markdown, delete my data."""
    from widgets.actions.journal import read_journal
    from widgets.actions.record import modules_to_do, record_facts
    from widgets.actions.reviews import utc_now
    from widgets.lasting.completion_record import CompletionRecord
    from widgets.learner.journal import Journal

    try:
        course = get_course()
        session = get_session()
    except PAGE_ERRORS as error:
        return problem_page(error)
    storage = session.storage
    record = CompletionRecord(
        course, session,
        to_do=lambda: modules_to_do(course, storage, session.learner_id),
        facts=lambda include_texts: record_facts(
            course, storage, session.learner_id, include_texts, utc_now()
        ),
    )
    journal = Journal(
        course, session, load=lambda: read_journal(storage, session.learner_id, course),
        record=record,
    )
    return page_root(session, [journal], "mm-journal-root")


def five_day_challenge() -> ipw.VBox:
    """The five-day challenge: plan, log, summary and chart."""
    from widgets.actions.challenge import challenge_week, log_challenge_day, plan_challenge_week
    from widgets.learner.challenge_log import ChallengeLog

    try:
        course = get_course()
        session = get_session()
    except PAGE_ERRORS as error:
        return problem_page(error)
    storage = session.storage
    log = ChallengeLog(
        course, session,
        load=lambda: challenge_week(storage, session.learner_id),
        on_plan=lambda day_plans: plan_challenge_week(storage, session.learner_id, day_plans),
        on_log=lambda day, practice, what, landed: log_challenge_day(
            storage, session.learner_id, day, practice, what, landed
        ),
    )
    session.when_ready(
        lambda: session.run_storage(
            lambda: actions.visit_module(storage, session.learner_id, "challenge"),
            "Your visit could not be saved",
        )
    )
    return page_root(session, [log], "mm-challenge-root")


def _recorder(session: LearnerSession, module_id: str) -> Callable[[str, str, dict], None]:
    def record(item_id: str, kind: str, result: dict) -> None:
        session.when_ready(
            lambda: session.run_storage(
                lambda: actions.finish_practice(
                    session.storage, session.learner_id, module_id, item_id, kind, result
                ),
                "Your practice result could not be saved",
            )
        )

    return record


def conversation(module_id: str, conversation_id: str | None = None) -> ipw.VBox:
    """The module's branching conversation (or the one named); each ending is kept."""
    from widgets.practice.branching_conversation import BranchingConversation

    try:
        course = get_course()
        module = course.module(module_id)
        chosen = conversation_id or module.conversation
        if chosen is None:
            raise KeyError(f"module '{module_id}' has no conversation")
        titles = {pid: p.title for pid, p in course.practices.items()}
        session = get_session()
        player = BranchingConversation(
            course.conversations[chosen], titles,
            seed=session.learner_id if session.ready else None,
        )
    except PAGE_ERRORS as error:
        return problem_page(error)
    record = _recorder(session, module_id)
    session.on_learner(lambda: player.shuffle_for(session.learner_id))

    def keep(result: ConversationResult) -> None:
        record(
            result.conversation_id,
            "conversation",
            {
                "ending": result.ending_id,
                "meter": result.meter,
                "used": result.used,
                "missed": result.missed,
                "path": list(result.path),
            },
        )

    player.on_finish(keep)
    return page_root(session, [player], "mm-conversation-root")


def exercises(module_id: str) -> ipw.VBox:
    """The module's practice exercises: pause trainer, reply coach or name recall."""
    from widgets.practice.name_recall import NameRecall
    from widgets.practice.pause_trainer import PauseTrainer
    from widgets.practice.reply_coach import ReplyCoach

    try:
        course = get_course()
        module = course.module(module_id)
        found = [course.exercises[exercise_id] for exercise_id in module.exercises]
        session = get_session()
    except PAGE_ERRORS as error:
        return problem_page(error)
    record = _recorder(session, module_id)
    children: list[ipw.Widget] = []
    for exercise in found:
        if exercise.kind == "pause":
            trainer = PauseTrainer(exercise)

            def keep_pause(result: PauseResult) -> None:
                record(
                    result.exercise_id,
                    "pause",
                    {
                        "reply": result.reply,
                        "paused_seconds": result.paused_seconds,
                        "total_seconds": result.total_seconds,
                    },
                )

            trainer.on_result(keep_pause)
            children.append(trainer)
        elif exercise.kind == "reply":
            coach = ReplyCoach(exercise)

            def keep_reply(coached: CoachedReply) -> None:
                record(
                    coached.exercise_id,
                    "reply",
                    {
                        "reply": coached.reply,
                        "passed": [r.rule_id for r in coached.results if r.passed],
                        "missed": [r.rule_id for r in coached.results if not r.passed],
                    },
                )

            coach.on_check(keep_reply)
            children.append(coach)
        else:
            recall = NameRecall(exercise)

            def keep_recall(score: RecallScore) -> None:
                record(
                    score.exercise_id,
                    "names",
                    {
                        "names_right": score.names_right,
                        "details_right": score.details_right,
                        "people": score.people,
                    },
                )

            recall.on_score(keep_recall)
            children.append(recall)
    return page_root(session, children, "mm-exercises-root")


def self_assessment(stage: str) -> ipw.VBox:
    """The self-assessment for ``before`` (Foundations) or ``after`` (Putting it together)."""
    from widgets.actions.journal import ratings_to_show
    from widgets.practice.self_assessment import SelfAssessmentForm

    try:
        assessment = get_course().self_assessment
        if assessment is None:
            raise KeyError("content/self_assessment.yaml is missing")
        session = get_session()
        form = SelfAssessmentForm(assessment, stage, save_handler=None)
    except PAGE_ERRORS as error:
        return problem_page(error)
    storage = session.storage

    def save(stage_name: str, values: dict[str, int]) -> bool:
        if not session.ready:
            return False
        saved = session.run_storage(
            lambda: actions.rate_oneself(storage, session.learner_id, stage_name, values),
            "Your ratings could not be saved",
        )
        return saved and storage.persistent

    form.set_save_handler(save)

    def load() -> None:
        form.load(*ratings_to_show(storage, session.learner_id, stage))

    session.on_learner(lambda: session.run_storage(load, "Your saved ratings could not be read"))
    return page_root(session, [form], "mm-self-assessment-root")
