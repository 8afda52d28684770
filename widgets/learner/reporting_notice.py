"""ReportingNotice: tells the learner, when the host reports to an LRS, what is sent."""

from __future__ import annotations

import ipywidgets as ipw

#: what the learner is told: what goes to the organisation and what never does
NOTICE = (
    "Your results are reported to your organisation's learning records: the modules you "
    "open and complete, which answer you chose in each scenario with its score and rating, "
    "how each conversation ended and the practices you used in it, your self-assessment "
    "ratings, and completing the course. They are sent under your "
    "{who}. Your reflections and the replies you draft are never sent."
)


#: how the learner is named in what is sent, by the session's mode
WHO = {
    "hub": "user name on this course's hub",
    "local": "user name on this computer",
    "web": "anonymous learner id (never your resume code)",
}


class ReportingNotice(ipw.HTML):
    """A short plain notice, shown only when reporting is on (empty and hidden when off)."""

    def __init__(self, reporting: bool, mode: str = "web"):
        who = WHO.get(mode, WHO["web"])
        text = NOTICE.format(who=who) if reporting else ""
        super().__init__(
            f'<p class="mm-reporting-notice" role="note">{text}</p>' if text else "",
            layout=ipw.Layout(display=None if reporting else "none"),
        )
        self.add_class("mm-reporting")
        #: True when the notice is shown
        self.shown = reporting
