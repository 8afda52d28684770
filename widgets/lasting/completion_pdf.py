"""The completion record as a one-page certificate in PDF, drawn with fpdf2.

Text is set in DejaVu Sans, the font matplotlib ships (a runtime dependency already), so any
name a learner types prints as typed. Nothing is read as markup: a name with ``**`` or ``<b>``
prints as those characters.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

from fpdf import FPDF

from widgets.actions.record import CompletionFacts

# matplotlib's data folder, found without importing matplotlib (which loads numpy and its
# compiled parts: tens of MiB in every kernel that only wants the font)
_MATPLOTLIB = find_spec("matplotlib")
FONT_DIR = (
    Path(next(iter(_MATPLOTLIB.submodule_search_locations or [])))
    / "mpl-data" / "fonts" / "ttf"
) if _MATPLOTLIB is not None else Path("fonts")
# the course's colours (the accent and the "done" green of the pages), and a muted grey
ACCENT = (11, 87, 164)
DONE = (20, 82, 34)
INK = (31, 31, 31)
MUTED = (89, 89, 89)
RULE = (200, 208, 220)
MARGIN = 20


def completion_pdf(facts: CompletionFacts) -> bytes:
    """The record as PDF bytes: one A4 certificate (a second page only if the learner
    included long texts)."""
    pdf = FPDF(format="A4")
    pdf.set_title(f"{facts.course}: completion record")
    pdf.set_author(facts.name or "A learner")
    pdf.set_creator("Leadership in Micro-Moments")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(MARGIN + 6, MARGIN + 8, MARGIN + 6)
    pdf.set_auto_page_break(True, margin=MARGIN + 4)
    pdf.add_page()
    _frame(pdf)

    def text(value: str, size: float, bold: bool = False, colour=INK, align: str = "L",
             gap: float = 0.5) -> None:
        pdf.set_font("DejaVu", "B" if bold else "", size)
        pdf.set_text_color(*colour)
        pdf.multi_cell(0, size * gap, value, align=align, new_x="LMARGIN", new_y="NEXT")

    def section(title: str) -> None:
        pdf.ln(3)
        text(title.upper(), 8.5, bold=True, colour=ACCENT)
        y = pdf.get_y() + 0.8
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.3)
        pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
        pdf.ln(2.5)

    text("CERTIFICATE OF COMPLETION", 10, bold=True, colour=ACCENT, align="C")
    pdf.ln(3)
    text(facts.course, 22, bold=True, align="C")
    pdf.ln(5)
    text("This records that", 10, colour=MUTED, align="C")
    pdf.ln(1)
    text(facts.name or "a learner who chose not to give a name", 20 if facts.name else 13,
         bold=bool(facts.name), align="C")
    pdf.ln(1)
    text(f"completed every module of the course. Course completed on {facts.completed_on}",
         10, colour=MUTED, align="C")

    section("Modules")
    for title, day, first in facts.modules:
        pdf.set_font("DejaVu", "B", 9.5)
        pdf.set_text_color(*DONE)
        pdf.cell(6, 5.2, "✔")
        pdf.set_text_color(*INK)
        pdf.set_font("DejaVu", "", 9.5)
        pdf.multi_cell(
            0, 5.2, f"{title} — completed {day}" + (f" — {first}" if first else ""),
            new_x="LMARGIN", new_y="NEXT",
        )
    section("Practices worked on")
    text(", ".join(facts.practices) if facts.practices else "None recorded.", 9.5)
    section("Self-assessment (1 to 5), before → after")
    if facts.ratings:
        for label, before, after in facts.ratings:
            _rating_row(pdf, label, before, after)
    else:
        text("Not taken.", 9.5)
    if facts.judgment:
        section("Judgment check (0 to 100: ratings of responses against the key), before → after")
        for label, before, after in facts.judgment:
            shown = [("–" if value is None else f"{value:.0f}") for value in (before, after)]
            text(f"{label}: {shown[0]} → {shown[1]}", 9.5, bold=label == "Whole check")
    if facts.included:
        section("Plans and reflections (included at the learner's request)")
        for title, body in facts.included:
            text(title, 9.5, bold=True)
            text(body, 9.5)
            pdf.ln(1)
    pdf.ln(4)
    pdf.set_y(max(pdf.get_y(), pdf.h - MARGIN - 16))  # the small print at the foot
    text(
        f"Record made on {facts.made_on}. It shows what the learner completed in the course, "
        "not an assessment by anyone else.", 7.5, colour=MUTED, align="C",
    )
    return bytes(pdf.output())


def _frame(pdf: FPDF) -> None:
    """A double rule round the page, in the course's accent colour."""
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.rect(MARGIN - 8, MARGIN - 8, pdf.w - 2 * (MARGIN - 8), pdf.h - 2 * (MARGIN - 8))
    pdf.set_line_width(0.3)
    pdf.rect(MARGIN - 5, MARGIN - 5, pdf.w - 2 * (MARGIN - 5), pdf.h - 2 * (MARGIN - 5))


def _rating_row(pdf: FPDF, label: str, before: int | None, after: int | None) -> None:
    """One self-assessment statement: its ratings as text, and two small bars (before in
    grey, after in the accent colour) for the eye."""
    bars = 34
    width = pdf.w - pdf.l_margin - pdf.r_margin - bars - 2
    pdf.set_font("DejaVu", "", 9)
    pdf.set_text_color(*INK)
    x, y = pdf.get_x(), pdf.get_y()
    pdf.multi_cell(width, 4.8, f"{label}: {_rating(before)} → {_rating(after)}",
                   new_x="LMARGIN", new_y="NEXT")
    bottom = pdf.get_y()
    left = x + width + 2
    for row, (value, colour) in enumerate(((before, MUTED), (after, ACCENT))):
        if value is None:
            continue
        pdf.set_fill_color(*colour)
        pdf.rect(left, y + 0.8 + row * 2.2, bars * value / 5, 1.6, style="F")
    pdf.set_y(max(bottom, y + 5.6))


def _rating(value: int | None) -> str:
    return "—" if value is None else str(value)
