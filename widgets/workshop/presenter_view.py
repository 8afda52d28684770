"""PresenterView: what the room sees on the projector, following the facilitator's dashboard.

No control and no key: the scenario (or open question) in large type, the join code and the
QR code of the join link, the live count of answers, the room's timer, and the results once
the facilitator reveals them (bars as a share of the answers, the best option marked), or
the wall of open answers with a word cloud.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as ipw

from widgets.content.kinds import option_letter
from widgets.content.models import Course, Scenario
from widgets.practice.scenario_card import scenario_card
from widgets.ui import html
from widgets.ui.shuffle import room_order
from widgets.ui.ticker import Ticker
from widgets.workshop.join_link import JoinLink
from widgets.workshop.room_chart import choice_chart_html
from widgets.workshop.word_cloud import word_cloud_html

if TYPE_CHECKING:
    from widgets.store import OpenAnswer, Room

if TYPE_CHECKING:
    from widgets.actions.room_calls import PresenterCalls


def timer_html(room: Room) -> str:
    """The room's timer as minutes and seconds ('' when it has none)."""
    left = room.seconds_left()
    if left is None:
        return ""
    whole = int(left + 0.999)
    state = "" if room.timer_running else " (paused)"
    done = " mm-timer-done" if whole == 0 else ""
    return (
        f'<p class="mm-presenter-timer{done}" role="timer" aria-label="Time left">'
        f"{whole // 60}:{whole % 60:02d}{state}</p>"
    )


def options_html(scenario: Scenario, order: tuple[int, ...]) -> str:
    """The options as the room sees them, lettered, before any result is shown."""
    items = "".join(
        f'<li class="mm-presenter-option"><strong>{option_letter(position)}</strong> '
        f"{html.text(scenario.options[index].text)}</li>"
        for position, index in enumerate(order)
    )
    return f'<ul class="mm-presenter-options">{items}</ul>'


#: answers the wall shows at once (the newest; the word cloud counts them all)
WALL_MAX = 48


def wall_html(answers: list[OpenAnswer]) -> str:
    """The newest open answers the room may see, newest first, each with its name if
    shown."""
    if not answers:
        return '<p class="mm-hint">No answers on the wall yet.</p>'
    more = len(answers) - WALL_MAX
    answers = answers[-WALL_MAX:]
    items = "".join(
        f'<li class="mm-wall-answer" data-answer-id="{answer.id}">{html.text(answer.text)}'
        + (f'<span class="mm-wall-name">{html.text(answer.name)}</span>' if answer.name else "")
        + "</li>"
        for answer in reversed(answers)
    )
    return f'<ul class="mm-wall" aria-label="Answers from the room">{items}</ul>' + (
        f'<p class="mm-hint">and {more} earlier {"answer" if more == 1 else "answers"}, '
        "counted in the word cloud</p>" if more > 0 else ""
    )


class PresenterView(ipw.VBox):
    """The projector's page for one room. :meth:`show_room` finds the room by its join code (a
    limited try of the browser); every tick (:meth:`refresh`) reads the room and redraws what
    changed. Read ``stage.value``, ``count.value``, ``results.value`` and ``timer.value``."""

    def __init__(self, course: Course, calls: PresenterCalls, interval_ms: int = 250):
        self.course = course
        self.calls = calls
        self.code = ""
        self.room: Room | None = None
        self.title = ipw.HTML()
        self.join = JoinLink(label="Or open: ", qr=True)
        self.join.add_class("mm-presenter-join")
        self.stage = ipw.HTML()
        self.count = ipw.HTML()
        self.timer = ipw.HTML()
        self.results = ipw.HTML()
        self.ticker = Ticker(interval_ms=interval_ms, active=False)
        self.ticker.on_tick(self.refresh)
        side = ipw.VBox([self.join, self.count, self.timer])
        side.add_class("mm-presenter-side")
        main = ipw.VBox([self.stage, self.results])
        main.add_class("mm-presenter-main")
        body = ipw.HBox([main, side])
        body.add_class("mm-presenter-body")
        super().__init__([self.title, body, self.ticker], layout=ipw.Layout(width="100%"))
        self.add_class("mm-presenter")
        self.stage.value = html.message(
            "Open this page from the facilitator's dashboard (its 'Presenter view' link): it "
            "needs the room's code in its address.", kind="info",
        )

    def show_room(self, code: str) -> bool:
        """Show the room with this join code; False (and why, on the page) if there is none."""
        code = code[:40]
        if not code:
            return False
        room, refusal = self.calls.find(code)
        if room is None:
            self.stage.value = html.message(refusal)
            return False
        self.code = room.code
        self.join.code = room.code
        self.join.path = f"workshop.ipynb?room={room.code}"
        self.ticker.active = True
        self.refresh()
        return True

    def refresh(self) -> None:
        """Read the room and redraw what changed (what every tick does)."""
        if not self.code:
            return
        room = self.calls.screen.current(self.code)
        if room is None:
            self.ticker.active = False
            self.stage.value = html.message("This room has been deleted.", kind="info")
            self.results.value = self.count.value = self.timer.value = ""
            return
        self.room = room
        state = " · closed" if room.closed else ""
        self.title.value = (
            f'<p class="mm-presenter-title"><span>{html.text(room.title)}</span>'
            f'<span class="mm-presenter-state">{state}</span></p>'
        )
        self.timer.value = timer_html(room)
        if room.question:
            self._show_question(room)
        else:
            self._show_scenario(room)

    # -- internals ----------------------------------------------------------------------------

    def _show_question(self, room: Room) -> None:
        self.stage.value = (
            '<p class="mm-eyebrow">Open question</p>'
            f'<h2 class="mm-presenter-question">{html.text(room.question_text)}</h2>'
        )
        answers = self.calls.screen.wall(self.code, room.question)
        self.count.value = _count_html(len(answers), "on the wall")
        if not room.results_visible:
            self.results.value = _hidden_html(
                "The answers appear when your facilitator shows them."
            )
            return
        self.results.value = (
            f'<div class="mm-presenter-wall">{wall_html(answers)}'
            f"{word_cloud_html([answer.text for answer in answers])}</div>"
        )

    def _show_scenario(self, room: Room) -> None:
        scenario_id = room.current_scenario
        scenario = self.course.scenarios.get(scenario_id) if scenario_id else None
        if scenario is None:
            self.stage.value = html.message("Waiting for the first scenario.", kind="info")
            self.results.value = self.count.value = ""
            return
        total = len(room.scenario_ids)
        setting = self.course.settings.get(scenario.setting, scenario.setting)
        eyebrow = f"Scenario {room.current_index + 1} of {total} · {setting}"
        # once revealed, the results take the screen: the situation gives way to them
        self.stage.value = (
            f'<p class="mm-eyebrow">{html.text(eyebrow)}</p>'
            f'<h2 class="mm-title">{html.text(scenario.title)}</h2>'
            f'<p class="mm-question">{html.text(scenario.question)}</p>'
            if room.results_shown else scenario_card(scenario, eyebrow, level=2)
        )
        answers = self.calls.screen.selections(self.code, scenario.id)
        joined = self.calls.screen.participants(self.code)
        self.count.value = _count_html(len(answers), f"{joined} joined")
        order = room_order(self.code, len(scenario.options), scenario.id)
        if not room.results_visible:
            self.results.value = options_html(scenario, order) + _hidden_html(
                "Results appear when your facilitator reveals them."
            )
            return
        summary = scenario.question_kind.summarise(scenario.options, answers)
        self.results.value = choice_chart_html(
            scenario, summary, room.revealed, order, mark_key=room.results_shown
        )


def _count_html(count: int, rest: str) -> str:
    noun = "answer" if count == 1 else "answers"
    return (
        f'<p class="mm-presenter-count" data-answers="{count}" aria-live="polite">'
        f'<strong>{count}</strong> <span>{noun}</span>'
        f'<span class="mm-presenter-count-rest">{html.text(rest)}</span></p>'
    )


def _hidden_html(text: str) -> str:
    return f'<p class="mm-results-hidden">{html.text(text)}</p>'
