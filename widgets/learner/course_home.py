"""CourseHome: greeting, "continue where you left off", and the module map with progress."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import ipywidgets as ipw

from widgets.actions.reviews import due_count, next_due, spoken_day, utc_now
from widgets.content.models import Course, Module
from widgets.identity.session import LearnerSession
from widgets.learner.reporting_notice import ReportingNotice
from widgets.store.completion import CHALLENGE_DAYS, CHALLENGE_MODULE
from widgets.ui import html


class CourseHome(ipw.VBox):
    """The module map of the course home, built from the module files in ``content/``.

    With a session it also greets the learner and shows their progress per module.
    """

    def __init__(
        self,
        course: Course,
        session: LearnerSession | None = None,
        clock: Callable[[], datetime] = utc_now,
    ):
        self.course = course
        self.session = session
        #: what "now" is when counting reviews due (tests give a fake clock)
        self.clock = clock
        total = sum(module.minutes for module in course.modules)
        self.greeting = ipw.HTML("")
        #: "Continue where you left off", "Start the course", or "Course complete"
        self.continue_link = ipw.HTML("")
        #: "Due for review: N scenarios", linking to the review page
        self.review_line = ipw.HTML("")
        self.module_map = ipw.HTML(self._map_html({}))
        self.overview = ipw.HTML(
            f'<p class="mm-module-meta">{_plural(len(course.modules), "module")}, about '
            f"{html.text(self._duration(total))} in all. Take them in order, or jump to the "
            "practice you want to work on.</p>"
        )
        #: what is reported to the organisation, when the host reports to an LRS
        self.reporting_notice = ReportingNotice(
            session is not None and session.reporting, session.mode if session else "web"
        )
        super().__init__(
            [self.greeting, self.continue_link, self.review_line, self.overview, self.module_map,
             self.reporting_notice],
            layout=ipw.Layout(width="100%"),
        )
        self.add_class("mm-course-home")
        if session is not None:
            session.on_learner(self.refresh)

    def progress(self) -> dict[str, tuple[int, int]]:
        """``{module_id: (done, total)}``: scenarios answered (else reflections saved)."""
        if self.session is None or not self.session.ready:
            return {}
        storage, learner = self.session.storage, self.session.learner_id
        answered = storage.answered_scenarios(learner)
        reflected = {saved.reflection_id for saved in storage.reflections(learner)}
        result = {}
        for module in self.course.modules:
            if module.id == CHALLENGE_MODULE:  # done by its log: five different days
                days = len({entry.day for entry in storage.challenge_entries(learner)})
                result[module.id] = (min(days, CHALLENGE_DAYS), CHALLENGE_DAYS)
            elif module.scenarios:
                done = len(answered.get(module.id, set()) & set(module.scenarios))
                result[module.id] = (done, len(module.scenarios))
            elif module.reflections:
                ids = {reflection.id for reflection in module.reflections}
                result[module.id] = (len(ids & reflected), len(ids))
        return result

    def next_module(self, progress: dict[str, tuple[int, int]] | None = None) -> Module:
        """Where "continue" leads: the last module opened, or the first one not finished."""
        progress = self.progress() if progress is None else progress
        last = self.session.storage.last_module(self.session.learner_id) if progress else None
        ids = [module.id for module in self.course.modules]
        if last in ids:
            done, total = progress.get(last, (0, 1))
            if done < total:
                return self.course.module(last)
            following = self.course.next_module(last)
            if following is not None:
                return following
        for module in self.course.modules:
            done, total = progress.get(module.id, (0, 1))
            if done < total:
                return module
        return self.course.modules[0]

    def completed(self) -> frozenset[str]:
        """The modules the learner has completed (none before the learner is known)."""
        if self.session is None or not self.session.ready:
            return frozenset()
        return frozenset(self.session.storage.completed_modules(self.session.learner_id))

    def complete(self, completed: frozenset[str] | None = None) -> bool:
        """True when the learner has completed every module of the course (``completed``:
        what :meth:`completed` returned, when the caller has it already)."""
        done = self.completed() if completed is None else completed
        return all(module.id in done for module in self.course.modules)

    def due_for_review(self) -> int:
        """How many scenarios are due for review now (0 before the learner is known)."""
        if self.session is None or not self.session.ready:
            return 0
        return due_count(self.session.storage, self.session.learner_id, self.clock())

    def _review_html(self) -> str:
        due = self.due_for_review()
        if due:
            return (
                '<p class="mm-review-due"><a class="mm-review-link" href="09_review.ipynb">'
                f"Due for review: {_plural(due, 'scenario')} →</a></p>"
            )
        upcoming = next_due(self.session.storage, self.session.learner_id) if (
            self.session is not None and self.session.ready
        ) else ""
        if not upcoming:
            return ""
        return (
            '<p class="mm-review-due">Nothing is due for review today. The next scenario '
            f"comes back on {html.text(spoken_day(upcoming))}; see "
            '<a href="09_review.ipynb">your reviews</a>.</p>'
        )

    def refresh(self) -> None:
        """Redraw greeting, continue link, reviews due and progress for the current learner."""
        self.review_line.value = self._review_html()
        progress = self.progress()
        completed = self.completed()
        self.module_map.value = self._map_html(progress, completed)
        name = self.session.display_name if self.session else ""
        started = any(done for done, _total in progress.values())
        if name:
            safe_name = html.text(name)
            hello = f"Welcome back, {safe_name}." if started else f"Welcome, {safe_name}."
        else:
            hello = "Welcome back." if started else "Welcome."
        self.greeting.value = f'<p class="mm-greeting">{hello}</p>' if self.session else ""
        if self.complete(completed):
            self.continue_link.value = (
                '<section class="mm-course-complete" role="status" aria-label="Course complete">'
                '<p class="mm-eyebrow">Well done</p><h2 class="mm-title">Course complete</h2>'
                "<p>You have finished every module. Your completion record is ready: "
                '<a class="mm-record-link" href="journal.ipynb">download it from your '
                "journal</a>. Scenarios keep coming back for review, so the practices stay "
                "fresh.</p></section>"
            )
        elif started:
            target = self.next_module(progress)
            self.continue_link.value = (
                '<p class="mm-continue"><a class="mm-continue-link" '
                f'href="{html.text(target.notebook)}">Continue where you left off: '
                f"{html.text(target.title)} →</a></p>"
            )
        elif self.session is not None:
            first = self.course.modules[0]
            self.continue_link.value = (
                '<p class="mm-continue"><a class="mm-continue-link" '
                f'href="{html.text(first.notebook)}">Start the course: '
                f"{html.text(first.title)} →</a></p>"
            )

    @staticmethod
    def _duration(minutes: int) -> str:
        hours, rest = divmod(minutes, 60)
        if not hours:
            return f"{minutes} minutes"
        return f"{hours} h {rest:02d} min" if rest else f"{hours} h"

    def _map_html(
        self, progress: dict[str, tuple[int, int]], completed: frozenset[str] = frozenset()
    ) -> str:
        items = []
        for position, module in enumerate(self.course.modules, start=1):
            bar = ""
            if module.id in progress:
                done, total = progress[module.id]
                label = f"{module.title}: {done} of {total} done"
                finished = module.id in completed or done >= total
                state = " · done ✔" if finished else f" · {done} of {total} done"
                bar = (
                    f'<progress class="mm-progress" max="{total}" value="{done}" '
                    f'aria-label="{html.text(label)}"></progress>'
                )
            else:
                state = ""
            items.append(
                f'<li data-module="{html.text(module.id)}">'
                f'<a class="mm-module-link" href="{html.text(module.notebook)}">'
                f"{position}. {html.text(module.title)}</a>"
                f'<div class="mm-module-meta">About {module.minutes} minutes'
                f"{_scenario_count(len(module.scenarios))}{state}</div>"
                f"{bar}<div>{html.text(module.summary)}</div>"
                "</li>"
            )
        return (
            '<nav aria-label="Course modules"><ol class="mm-module-map">'
            f"{''.join(items)}</ol></nav>"
        )


def _scenario_count(count: int) -> str:
    return f" · {_plural(count, 'scenario')}" if count else ""


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
