"""The completion record as a one-page PDF, drawn with fpdf2.

Text is set in DejaVu Sans, the font matplotlib ships (a runtime dependency already), so any
name a learner types prints as typed. Nothing is read as markup: a name with ``**`` or ``<b>``
prints as those characters.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
from fpdf import FPDF

from widgets.learner.completion_facts import CompletionFacts

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def completion_pdf(facts: CompletionFacts) -> bytes:
    """The record as PDF bytes: one A4 page (more only if the learner included long texts)."""
    pdf = FPDF(format="A4")
    pdf.set_title(f"{facts.course}: completion record")
    pdf.set_author(facts.name or "A learner")
    pdf.set_creator("Leadership in Micro-Moments")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=14)
    pdf.add_page()

    def heading(text: str, size: float = 12) -> None:
        pdf.ln(2)
        pdf.set_font("DejaVu", "B", size)
        pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def line(text: str, size: float = 9.5) -> None:
        pdf.set_font("DejaVu", "", size)
        pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")

    heading("Completion record", 18)
    line(facts.course, 12)
    pdf.ln(2)
    line(f"Completed by: {facts.name or 'a learner who chose not to give a name'}", 11)
    line(f"Course completed on {facts.completed_on}", 11)
    heading("Modules")
    for title, day, first in facts.modules:
        line(f"{title} — completed {day}" + (f" — {first}" if first else ""))
    heading("Practices worked on")
    line(", ".join(facts.practices) if facts.practices else "None recorded.")
    heading("Self-assessment (1 to 5), before → after")
    if facts.ratings:
        for label, before, after in facts.ratings:
            line(f"{label}: {_rating(before)} → {_rating(after)}")
    else:
        line("Not taken.")
    if facts.included:
        heading("Plans and reflections (included at the learner's request)")
        for title, text in facts.included:
            pdf.set_font("DejaVu", "B", 9.5)
            pdf.multi_cell(0, 4.75, title, new_x="LMARGIN", new_y="NEXT")
            line(text)
            pdf.ln(1)
    pdf.ln(3)
    line(f"Record made on {facts.made_on}. It shows what the learner completed in the course, "
         "not an assessment by anyone else.", 8)
    return bytes(pdf.output())


def _rating(value: int | None) -> str:
    return "—" if value is None else str(value)
