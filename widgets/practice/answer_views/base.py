"""What every answer control offers the quiz and the room page that hold it."""

from __future__ import annotations

import ipywidgets as ipw
import traitlets


class AnswerView(ipw.VBox):
    """The options of one question, to answer with. ``value`` is the answer as the learner has
    it now, in content indices (the kind says what it means: one index, several, an order).

    Drive it with :meth:`show` (the options in the order shown, each with its content index),
    by setting ``value``, and with ``disabled``. ``fields`` are the controls whose values must
    travel with the click that sends the answer (see :class:`widgets.ui.form_button.FormButton`).
    """

    value = traitlets.Tuple(help="the answer now, as content indices")
    disabled = traitlets.Bool(False, help="True while the answer cannot be changed")

    def __init__(self, question: str):
        super().__init__(layout=ipw.Layout(width="100%"))
        self.question = question
        #: content indices in the order shown
        self.shown: tuple[int, ...] = ()

    @property
    def fields(self) -> list[ipw.DOMWidget]:
        """Controls whose page values a sending click carries ([] when every change is a
        message of its own)."""
        return []

    def show(self, labelled: list[tuple[str, int]]) -> None:
        """Show these options, ``(label, content index)`` in the order shown; the answer is
        kept when the options are the same ones in a new order."""
        raise NotImplementedError

    def clear(self) -> None:
        """Forget the answer (Try again)."""
        self.value = ()

    def focus(self) -> None:
        """Put the keyboard focus on the control."""
