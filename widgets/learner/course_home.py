"""CourseHome: greeting, "continue where you left off", and the module map with progress."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as ipw

from widgets.actions.progress import HomeFacts
from widgets.actions.reviews import spoken_day
from widgets.content.models import Course, Module
from widgets.identity.session import LearnerSession
from widgets.learner.reporting_notice import ReportingNotice
from widgets.ui import html

#: what the home shows before the learner is known
NOBODY = HomeFacts(
    name="", progress={}, completed=frozenset(), last_module=None, due=0, next_due=""
)


class CourseHome(ipw.VBox):
    """The module map of the course home, built from the module files in ``content/``.

    With a session (and ``load``, which reads what the home shows of the session's current
    learner) it also greets the learner and shows their progress per module.
    """

    def __init__(
        self,
        course: Course,
        session: LearnerSession | None = None,
        load: Callable[[], HomeFacts] | None = None,
    ):
        self.course = course
        self.session = session
        self.load = load
        #: what the home showed at its last refresh
        self.facts = NOBODY
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

    def next_module(self, facts: HomeFacts | None = None) -> Module:
        """Where "continue" leads: the last module opened, or the first one not finished
        (``facts``: what the home read, by default at its last refresh)."""
        facts = self.facts if facts is None else facts
        progress = facts.progress
        last = facts.last_module if progress else None
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

    def complete(self, completed: frozenset[str] | None = None) -> bool:
        """True when the learner has completed every module of the course (``completed``:
        the modules done, by default as of the last refresh)."""
        done = self.facts.completed if completed is None else completed
        return all(module.id in done for module in self.course.modules)

    def due_for_review(self) -> int:
        """How many scenarios were due for review at the last refresh (0 before the learner
        is known)."""
        return self.facts.due

    def _review_html(self) -> str:
        due = self.due_for_review()
        if due:
            return (
                '<p class="mm-review-due"><a class="mm-review-link" href="09_review.ipynb">'
                f"Due for review: {_plural(due, 'scenario')} →</a></p>"
            )
        upcoming = self.facts.next_due
        if not upcoming:
            return ""
        return (
            '<p class="mm-review-due">Nothing is due for review today. The next scenario '
            f"comes back on {html.text(spoken_day(upcoming))}; see "
            '<a href="09_review.ipynb">your reviews</a>.</p>'
        )

    def refresh(self) -> None:
        """Read again and redraw greeting, continue link, reviews due and progress for the
        current learner."""
        known = self.session is not None and self.session.ready
        self.facts = self.load() if known and self.load is not None else NOBODY
        self.review_line.value = self._review_html()
        progress, completed = self.facts.progress, self.facts.completed
        self.module_map.value = self._map_html(progress, completed)
        name = self.facts.name
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
            target = self.next_module()
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
