"""BranchingConversation: a conversation played choice by choice, with a feelings meter."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as ipw
import traitlets

from widgets.content.models import Conversation, Node, graph_problems
from widgets.ui import html
from widgets.ui.form_button import FormButton
from widgets.ui.live_region import LiveRegion
from widgets.ui.shuffle import stable_order
from widgets.ui.style import actions_row


@dataclass(frozen=True)
class ConversationResult:
    """How a play-through ended: the ending, the meter and the practices used or missed."""

    conversation_id: str
    ending_id: str
    meter: int
    used: dict[str, int]
    missed: dict[str, int]
    path: tuple[str, ...]


class BranchingConversation(ipw.VBox):
    """Plays a :class:`Conversation`: the other person speaks, the learner picks a reply.

    Drive it with ``choice_buttons[i].click()`` (or :meth:`choose`); read :attr:`node_id`,
    :attr:`meter`, :attr:`finished` and ``summary.value``; ``restart_button.click()`` starts
    over.

    Choices are shown in an order drawn from ``seed`` (the learner's id), the conversation
    and the node: ``shown[i]`` is the index in the content of the choice on button ``i``,
    and :meth:`choose` always takes the content index. With ``seed=None`` (the learner is not
    known yet) no choice is on the page until :meth:`shuffle_for`.
    """

    node_id = traitlets.Unicode(help="the node being shown")
    meter = traitlets.Int(help="how the other person feels, 0 to 100")
    finished = traitlets.Bool(False, help="True once an ending is reached")
    steps = traitlets.Int(0, help="choices made so far")

    def __init__(
        self,
        conversation: Conversation,
        practice_titles: dict[str, str] | None = None,
        seed: str | None = "",
    ):
        problems = graph_problems(conversation)
        if problems:
            raise ValueError(f"conversation '{conversation.id}': {'; '.join(problems)}")
        self.conversation = conversation
        self.practice_titles = practice_titles or {}
        self.seed = seed
        #: content index of the choice on each visible button
        self.shown: tuple[int, ...] = ()
        self.path: list[str] = []
        self.used: Counter[str] = Counter()
        self.missed: Counter[str] = Counter()
        self._turns: list[str] = []
        self._callbacks: list[Callable[[ConversationResult], None]] = []
        person = conversation.person
        lead = "At the centre of it" if conversation.narrated else "You are talking with"
        self.header = ipw.HTML(
            '<p class="mm-eyebrow">Practice · a conversation</p>'
            f'<h3 class="mm-title">{html.text(conversation.title)}</h3>'
            f'<div class="mm-situation">{html.paragraphs(conversation.you)}</div>'
            f'<p class="mm-hint">{lead}: {html.text(person.name)}, {html.text(person.role)}. '
            "Pick what you would say; "
            f"the {html.text(conversation.meter.label.lower())} meter moves with each "
            "choice.</p>"
        )
        self.meter_display = ipw.HTML()
        self.announcer = LiveRegion()
        self.transcript = ipw.HTML()
        self.prompt = ipw.HTML()
        # one pool of buttons, relabelled at each node, so keyboard focus stays where it was
        most = max(len(node.choices) for node in conversation.nodes.values())
        self._button_pool = [self._make_button(index) for index in range(most)]
        self.choice_box = ipw.VBox(self._button_pool if seed is not None else [])
        self.choice_box.add_class("mm-choices")
        self.choice_buttons: list[ipw.Button] = []
        self.summary = ipw.HTML()
        self.restart_button = FormButton(
            description="Play it again", tooltip="Restart this conversation from the beginning"
        )
        self.restart_button.on_click(lambda _: self.restart())
        actions = actions_row(self.restart_button)
        super().__init__(
            [
                self.header, self.meter_display, self.transcript, self.prompt,
                self.choice_box, self.announcer, self.summary, actions,
            ],
            layout=ipw.Layout(width="100%"),
        )
        self.add_class("mm-card")
        self.add_class("mm-conversation")
        self.restart()

    # -- public API ---------------------------------------------------------------------------

    @property
    def node(self) -> Node:
        """The node being shown."""
        return self.conversation.nodes[self.node_id]

    def on_finish(self, callback: Callable[[ConversationResult], None]) -> None:
        """Call ``callback`` each time the learner reaches an ending."""
        self._callbacks.append(callback)

    def choose(self, index: int) -> None:
        """Say the choice at ``index`` of the current node."""
        if self.finished or not 0 <= index < len(self.node.choices):
            return
        choice = self.node.choices[index]
        before = self.meter
        self.meter = max(0, min(100, self.meter + choice.meter))
        self.used.update(choice.uses)
        self.missed.update(choice.misses)
        self._turns.append(
            f'<div class="mm-turn mm-turn-you"><p class="mm-speaker">You</p>'
            f"{html.paragraphs(choice.text)}"
            + (f'<p class="mm-hint">{html.text(choice.note)}</p>' if choice.note else "")
            + "</div>"
        )
        self.steps += 1
        self._go(choice.goto)
        self.announcer.text = self._meter_change_words(before)
        # the chosen button may now be hidden: keep keyboard focus on the next step
        (self.choice_buttons[0] if self.choice_buttons else self.restart_button).focus()

    def shuffle_for(self, seed: str) -> None:
        """Show the choices in the order of ``seed`` (a learner's id) from now on."""
        self.seed = seed
        if not self.finished:
            self._show_choices()

    def restart(self) -> None:
        """Start the conversation again from its first node."""
        self.path = []
        self.used.clear()
        self.missed.clear()
        self._turns = []
        self.finished = False
        self.steps = 0
        self.meter = self.conversation.meter.start
        self.summary.value = ""
        self.restart_button.layout.display = "none"
        self._go(self.conversation.start)
        self.announcer.text = ""

    # -- internals ----------------------------------------------------------------------------

    def _go(self, node_id: str) -> None:
        self.path.append(node_id)
        self.node_id = node_id
        node = self.node
        person = (
            "What happens" if self.conversation.narrated
            else self.conversation.person.name.split()[0]
        )
        self._turns.append(
            f'<div class="mm-turn mm-turn-them"><p class="mm-speaker">{html.text(person)}</p>'
            f"{html.paragraphs(node.says)}</div>"
        )
        self.transcript.value = (
            f'<div class="mm-transcript" aria-label="Conversation so far">'
            f'{"".join(self._turns)}</div>'
        )
        self._show_meter()
        if node.ending is not None:
            self._finish()
            return
        self.prompt.value = '<p class="mm-question">What do you say?</p>'
        self._show_choices()

    def _show_choices(self) -> None:
        choices = self.node.choices
        if self.seed is None:  # no choice on the page before its learner's order is known
            self.shown = ()
            self.choice_buttons = []
            return
        self.shown = stable_order(len(choices), self.seed, self.conversation.id, self.node_id)
        if not self.choice_box.children:
            # the first time: new buttons, created with their words, so no old label shows
            texts = [choices[index].text for index in self.shown]
            self._button_pool = [
                self._make_button(position, texts[position] if position < len(texts) else "")
                for position in range(len(self._button_pool))
            ]
            self.choice_box.children = self._button_pool
        for position, button in enumerate(self._button_pool):
            if position < len(choices):
                text = choices[self.shown[position]].text
                button.description = text
                button.tooltip = text
                button.layout.display = ""
            else:
                button.layout.display = "none"
        self.choice_buttons = self._button_pool[: len(choices)]
        self.choice_box.layout.display = ""

    def _make_button(self, position: int, text: str = "") -> ipw.Button:
        button = ipw.Button(
            description=text, tooltip=text,
            layout=ipw.Layout(width="100%", height="auto", display="" if text else "none"),
        )
        button.add_class("mm-choice-button")
        button.on_click(lambda _: self._press(position))
        return button

    def _press(self, position: int) -> None:
        # a hidden button can still be clicked by a hostile page: ignore it
        if position < len(self.choice_buttons) and not self.finished:
            self.choose(self.shown[position])

    def _show_meter(self) -> None:
        meter = self.conversation.meter
        word = meter.word(self.meter)
        level = min(4, self.meter // 20)
        self.meter_display.value = (
            f'<div class="mm-meter mm-meter-{level}">'
            f'<span class="mm-meter-label">{html.text(meter.label)}: '
            f"<strong>{html.text(word)}</strong></span>"
            f'<meter min="0" max="100" low="35" high="65" optimum="100" value="{self.meter}" '
            f'aria-label="{html.text(meter.label)}: {html.text(word)}, {self.meter} of 100">'
            f"{self.meter}</meter></div>"
        )

    def _meter_change_words(self, before: int) -> str:
        meter = self.conversation.meter
        if self.meter > before:
            direction = "rose"
        elif self.meter < before:
            direction = "fell"
        else:
            direction = "held"
        text = f"{meter.label} {direction}: {meter.word(self.meter)}."
        if self.finished:
            text += " The conversation has ended; the summary follows."
        return text

    def _practice_list(self, counts: Counter[str]) -> str:
        if not counts:
            return "none"
        return ", ".join(
            f"{html.text(self.practice_titles.get(pid, pid))}"
            + (f" ({count} times)" if count > 1 else "")
            for pid, count in counts.most_common()
        )

    def _finish(self) -> None:
        ending = self.node.ending
        assert ending is not None
        self.finished = True
        self.prompt.value = ""
        self.choice_buttons = []
        self.choice_box.layout.display = "none"
        meter = self.conversation.meter
        self.summary.value = (
            f'<section class="mm-ending" aria-label="How it ended">'
            f'<h4 class="mm-title">{html.text(ending.title)}</h4>'
            f"{html.paragraphs(ending.summary)}"
            f"<p><strong>{html.text(meter.label)} at the end:</strong> "
            f"{html.text(meter.word(self.meter))} ({self.meter} of 100).</p>"
            f'<p class="mm-check mm-check-pass"><strong>Practices you used:</strong> '
            f"{self._practice_list(self.used)}</p>"
            f'<p class="mm-check mm-check-miss"><strong>Practices you missed:</strong> '
            f"{self._practice_list(self.missed)}</p></section>"
        )
        self.restart_button.layout.display = ""
        result = ConversationResult(
            self.conversation.id, self.node_id, self.meter, dict(self.used), dict(self.missed),
            tuple(self.path),
        )
        for callback in self._callbacks:
            callback(result)
