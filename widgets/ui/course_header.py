"""CourseHeader: the course title, the module stepper and the theme switch at a page's top."""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets


class CourseHeader(anywidget.AnyWidget):
    """The header of every course page: the title (a link home), one step per module (its
    number or a tick once done; the page's own module marked "you are here") and a light/dark
    switch that the browser remembers. The page works out which module it is from its own
    address, so one header serves every page.

    ``steps`` is a list of ``{"title", "notebook", "done"}``; :meth:`show_progress` sets it.
    """

    _esm = Path(__file__).with_name("course_header.js")

    title = traitlets.Unicode("").tag(sync=True)
    home = traitlets.Unicode("00_home.ipynb").tag(sync=True)
    steps = traitlets.List(traitlets.Dict()).tag(sync=True)

    def show_progress(self, modules: list[tuple[str, str, str]], done: set[str]) -> None:
        """Draw the stepper: ``modules`` as ``(id, title, notebook)`` in course order."""
        self.steps = [
            {"title": title, "notebook": notebook, "done": module_id in done}
            for module_id, title, notebook in modules
        ]
