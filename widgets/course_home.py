"""CourseHome: the course title, the module map with durations and links."""

from __future__ import annotations

import ipywidgets as ipw

from . import html
from .models import Course


class CourseHome(ipw.VBox):
    """The module map of the course home, built from the module files in ``content/``."""

    def __init__(self, course: Course):
        self.course = course
        total = sum(module.minutes for module in course.modules)
        self.module_map = ipw.HTML(self._map_html())
        self.overview = ipw.HTML(
            f'<p class="mm-module-meta">{_plural(len(course.modules), "module")}, about '
            f"{html.text(self._duration(total))} in all. Take them in order, or jump to the "
            "practice you want to work on.</p>"
        )
        super().__init__([self.overview, self.module_map], layout=ipw.Layout(width="100%"))
        self.add_class("mm-course-home")

    @staticmethod
    def _duration(minutes: int) -> str:
        hours, rest = divmod(minutes, 60)
        if not hours:
            return f"{minutes} minutes"
        return f"{hours} h {rest:02d} min" if rest else f"{hours} h"

    def _map_html(self) -> str:
        items = []
        for position, module in enumerate(self.course.modules, start=1):
            items.append(
                "<li>"
                f'<a class="mm-module-link" href="{html.text(module.notebook)}">'
                f"{position}. {html.text(module.title)}</a>"
                f'<div class="mm-module-meta">About {module.minutes} minutes'
                f"{self._scenario_count(len(module.scenarios))}</div>"
                f"<div>{html.text(module.summary)}</div>"
                "</li>"
            )
        return (
            '<nav aria-label="Course modules"><ol class="mm-module-map">'
            f"{''.join(items)}</ol></nav>"
        )

    @staticmethod
    def _scenario_count(count: int) -> str:
        return f" · {_plural(count, 'scenario')}" if count else ""


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
