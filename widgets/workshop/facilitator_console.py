"""FacilitatorConsole: create a room, open its dashboard with the key, run the agenda."""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as ipw
import traitlets

from widgets.content.models import Course
from widgets.limits import TooLong
from widgets.store.records import StorageError
from widgets.ui import html
from widgets.ui.download_button import DownloadButton
from widgets.ui.form_button import FormButton
from widgets.ui.style import actions_row
from widgets.workshop.agenda_view import AgendaView
from widgets.workshop.handouts import handouts_html
from widgets.workshop.room_dashboard import RoomDashboard

if TYPE_CHECKING:
    from widgets.store import Room

if TYPE_CHECKING:
    from widgets.actions.room_calls import ConsoleCalls


class FacilitatorConsole(ipw.VBox):
    """Everything a facilitator needs on one page; the dashboard only opens with a key.

    With a host key set (``calls.host_key_needed``: the host's ``MICROMOMENTS_FACILITATOR_KEY``),
    creating a room needs that key and it opens any room. Without it, anyone may create a room
    and gets that room's own key, shown once. ``calls`` creates and unlocks rooms (the keys'
    checks and limits are theirs) and reads the dashboards it opens. Drive it through
    ``create_button``, ``open_button`` and their fields.
    """

    unlocked_room = traitlets.Unicode("", help="code of the room whose dashboard is open")

    def __init__(self, course: Course, calls: ConsoleCalls, interval_ms: int = 1000):
        self.course = course
        self.calls = calls
        self.interval_ms = interval_ms
        self.dashboard: RoomDashboard | None = None
        workshops = sorted(course.workshops.values(), key=lambda w: w.minutes)
        options = [(f"{w.title} ({w.minutes} min)", w.id) for w in workshops]
        # -- 1. the workshop: every plan's whole name, one click each
        self.workshop_choice = ipw.RadioButtons(
            options=options, value=options[0][1] if options else None,
            description="Workshop plan", layout=ipw.Layout(width="auto"),
        )
        self.workshop_choice.style.description_width = "initial"
        self.workshop_choice.add_class("mm-workshop-choice")
        self.workshop_choice.observe(lambda _: self._show_agenda(), names="value")
        self.handouts = DownloadButton(
            provider=self._handouts_html,
            label="Download printable handouts (HTML)", filename="handouts.html",
            mime_type="text/html;charset=utf-8",
        )
        self.summary = ipw.HTML()
        self.agenda_area = ipw.VBox()
        # -- 2. a room for it
        self.room_title = ipw.Text(
            continuous_update=False, description="Room name",
            placeholder="e.g. Clinic leads, May",
        )
        self.create_key = ipw.Password(continuous_update=False, description="Host key")
        self.create_key.layout.display = "" if calls.host_key_needed else "none"
        self.hide_results = ipw.Checkbox(
            value=True, indent=False,
            description="Hide results from the room until I reveal them (recommended)",
        )
        self.approve_first = ipw.Checkbox(
            value=False, indent=False,
            description="Approve each open answer before it appears on the wall",
        )
        self.create_button = FormButton(
            description="Create a room", button_style="primary",
            tooltip="Create a room for the chosen workshop",
        )
        self.create_button.fields = [
            self.workshop_choice, self.room_title, self.create_key, self.hide_results,
            self.approve_first,
        ]
        self.create_button.on_click(lambda _: self.start_room())
        self.create_status = ipw.HTML()
        # -- or a room made before: its dashboard with its key
        self.code_input = ipw.Text(
            continuous_update=False, description="Room code", placeholder="e.g. K7QF-M2XD"
        )
        self.key_input = ipw.Password(continuous_update=False, description="Facilitator key")
        self.open_button = FormButton(
            description="Open the dashboard", button_style="primary",
            tooltip="Open the live dashboard of this room",
        )
        self.open_button.fields = [self.code_input, self.key_input]
        self.open_button.on_click(lambda _: self.open_dashboard())
        self.open_status = ipw.HTML()
        self.dashboard_area = ipw.VBox()
        for control in (self.room_title, self.create_key, self.code_input, self.key_input):
            control.style.description_width = "initial"
        create_box = ipw.VBox([
            ipw.HTML('<h3 class="mm-title">Start a workshop room</h3><p>Choose the plan, name '
                     "the room and create it. You get a join code (with a link and a QR code "
                     "for the room) and a facilitator key for the dashboard.</p>"),
            self.workshop_choice, self.summary, self.room_title, self.create_key,
            self.hide_results, self.approve_first, actions_row(self.create_button),
            self.create_status,
        ])
        create_box.add_class("mm-card")
        open_box = ipw.VBox([
            ipw.HTML('<h3 class="mm-title">Open a room\'s dashboard</h3><p>For a room created '
                     "earlier, or on another device: its code and its facilitator key.</p>"),
            self.code_input, self.key_input, actions_row(self.open_button), self.open_status,
        ])
        open_box.add_class("mm-card")
        agenda_box = ipw.VBox([
            ipw.HTML('<h3 class="mm-title">Agenda and handouts</h3>'),
            actions_row(self.handouts), self.agenda_area,
        ])
        agenda_box.add_class("mm-card")
        super().__init__(
            [create_box, open_box, self.dashboard_area, agenda_box],
            layout=ipw.Layout(width="100%"),
        )
        self.add_class("mm-facilitator")
        self._show_agenda()

    # -- public API ---------------------------------------------------------------------------

    def start_room(self) -> Room | None:
        """Create a room for the chosen workshop and open its dashboard."""
        workshop = self.course.workshops.get(self.workshop_choice.value or "")
        try:
            room, key, refusal = self.calls.create(
                workshop, self.room_title.value, self.create_key.value,
                bool(self.hide_results.value), bool(self.approve_first.value),
            )
        except TooLong as error:
            self.create_status.value = html.message(str(error))
            return None
        except StorageError as error:
            self.create_status.value = html.message(f"The room could not be created ({error}).")
            return None
        if room is None:
            self.create_status.value = html.message(refusal)
            return None
        self.create_status.value = (
            '<div class="mm-message mm-info" role="status">'
            f'<p>Room created. Join code: <strong class="mm-room-code">{html.text(room.code)}'
            "</strong>. The room's card below has its join link, its QR code and the "
            "presenter view for the projector.</p>"
            '<details class="mm-key-reveal"><summary>Show my facilitator key (before you '
            "share your screen)</summary>"
            f'<p>Your facilitator key: <strong class="mm-room-key">{html.text(key)}</strong>. '
            "Write it down now: it is shown only once, and you need it to open this "
            "dashboard again from another page.</p></details></div>"
        )
        self._open(room)
        return room

    def open_dashboard(self) -> bool:
        """Open the dashboard of the room in the code field, if the key opens it."""
        room, refusal = self.calls.unlock(self.code_input.value, self.key_input.value)
        if room is None:
            self.open_status.value = html.message(refusal)
            return False
        self.key_input.value = ""
        self.open_status.value = ""
        self._open(room)
        return True

    # -- internals ----------------------------------------------------------------------------

    def _open(self, room: Room) -> None:
        if self.dashboard is not None:
            self.dashboard.ticker.active = False
        self.dashboard = RoomDashboard(
            self.course, self.calls.dashboard, room, self.interval_ms
        )
        self.dashboard_area.children = [self.dashboard]
        self.unlocked_room = room.code
        if room.workshop_id in self.course.workshops:
            self.workshop_choice.value = room.workshop_id

    def _handouts_html(self) -> str:
        workshop = self.course.workshops.get(self.workshop_choice.value or "")
        if workshop is None:
            return ""
        join = None
        dashboard = self.dashboard
        if dashboard is not None and not dashboard.deleted and dashboard.join.qr_svg:
            join = (dashboard.code, dashboard.join.href, dashboard.join.qr_svg)
        return handouts_html(workshop, self.course, join)

    def _show_agenda(self) -> None:
        workshop = self.course.workshops.get(self.workshop_choice.value or "")
        if workshop is None:
            self.agenda_area.children = [
                ipw.HTML(html.message("No workshop plans found in content/workshops/.", "info"))
            ]
            return
        self.handouts.filename = f"{workshop.id}-handouts.html"
        self.summary.value = f'<p class="mm-hint">{html.text(workshop.summary)}</p>'
        self.agenda_area.children = [AgendaView(workshop, self.course)]
