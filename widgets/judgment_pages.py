"""The judgment check's page section: ``judgment_check("before")`` in Foundations,
``("after")`` at the end of Putting it together, ``("follow-up")`` on the review page."""

from __future__ import annotations

from datetime import datetime, timezone

import ipywidgets as ipw

from widgets.content import get_course
from widgets.identity.session import get_session
from widgets.page_frame import PAGE_ERRORS, page_root, problem_page
from widgets.ui import html


def judgment_check(stage: str) -> ipw.VBox:
    """The judgment check at ``stage``, then (after it) the learner's results."""
    from widgets.actions import judgment as actions
    from widgets.learner.judgment_results import judgment_results_html
    from widgets.practice.judgment_check import JudgmentCheckView

    try:
        course = get_course()
        check = course.judgment
        if check is None:
            raise KeyError("content/judgment_check.yaml is missing")
        if stage not in actions.STAGES:
            raise KeyError(f"no stage {stage!r} of the judgment check")
        session = get_session()
    except PAGE_ERRORS as error:
        return problem_page(error)
    storage = session.storage
    titles = {pid: practice.title for pid, practice in course.practices.items()}
    own_items = {item.id for item in course.self_assessment.items} if (
        course.self_assessment is not None
    ) else set()
    top = len(course.self_assessment.scale) if course.self_assessment is not None else 5
    # the notebook's prose says what the check is; the section only names itself
    intro = ipw.HTML('<p class="mm-eyebrow">Judgment check</p>')
    area = ipw.VBox(layout=ipw.Layout(width="100%"))
    results = ipw.HTML()
    results.add_class("mm-judgment-results-area")

    def show_results() -> None:
        summary = actions.judgment_summary(storage, check, titles, own_items,
                                           session.learner_id)
        results.value = judgment_results_html(check, summary, top) if stage != "before" else ""

    def rate(item_id: str, ratings: dict[str, int]) -> str:
        if not session.ready:
            return "The page is still starting; try again in a moment."
        said: list[str] = []
        kept = session.run_storage(
            lambda: said.append(actions.rate_item(
                storage, check, session.learner_id, stage, item_id, ratings
            )),
            "Your ratings could not be saved",
        )
        return (said[0] if said else "") if kept else "Your ratings could not be saved."

    def load() -> None:
        checks = actions.learner_checks(storage, check, session.learner_id)
        result = checks[stage]
        why = actions.refusal(checks, stage, datetime.now(timezone.utc))
        if result.finished or (why and not result.started):
            area.children = [] if result.finished else [
                ipw.HTML(html.message(why, kind="info"))
            ]
            if result.finished and stage == "before":
                area.children = [ipw.HTML(
                    '<p class="mm-score" role="status">You have done the before-check. Your '
                    "results open with the after-check at the end of the course.</p>"
                )]
            show_results()
            return
        # once the last item is rated, the page says so and shows the results
        area.children = [JudgmentCheckView(
            result.items, set(result.rated), check.scale, rate, load,
            learner_id=session.learner_id, settings=course.settings,
        )]
        results.value = ""

    session.on_learner(lambda: session.run_storage(load, "Your judgment check could not be "
                                                         "read"))
    root = page_root(session, [intro, area, results], "mm-judgment-root")
    return root
