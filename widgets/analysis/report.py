"""The item analysis written out: a table to read on the terminal, and CSV rows (one header
for every kind of row: items, forms, the forms' equivalence, effects)."""

from __future__ import annotations

import csv
import io

from widgets.analysis.item_analysis import FEW, ItemAnalysis, ItemStats

CSV_COLUMNS = (
    "record", "section", "item", "title", "tries", "difficulty", "discrimination",
    "point_biserial", "options", "flags", "note", "n", "mean", "sd", "alpha", "mean_before",
    "mean_after", "estimate", "low", "high",
)


def _number(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _cell(value: float | None, digits: int = 4) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _share(value: float) -> str:
    return f"{value:.2f}".replace("0.", ".", 1)


def _options(row: ItemStats) -> str:
    """``a .45* b .20 c .03!``: each option's share; * the key, ! does no work."""
    return " ".join(
        f"{option.option_id} {_share(option.share)}"
        + (f"-{_share(option.up_to)}" if option.up_to is not None else "")
        + ("*" if option.best else "") + ("!" if option.dead else "")
        for option in row.options
    )


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def text_table(analysis: ItemAnalysis) -> str:
    """The analysis as plain text, section by section."""
    lines = [
        f"Item analysis over learners' first tries (~: under {analysis.min_tries} tries, "
        "listed, not flagged).",
        "difficulty: share right at the first try (judgment: mean score / 100); disc: "
        "corrected item-total r; r_pb: point-biserial (item-total) r;",
        "options: share of first tries (ranking: put first; a range: choices alike), * keyed "
        "best, ! does no work.",
    ]
    sections = list(dict.fromkeys(row.section for row in analysis.items))
    for section in sections:
        rows = [row for row in analysis.items if row.section == section]
        tried = [row for row in rows if row.tries]
        lines += ["", f"== {section} ({len(tried)} of {len(rows)} items tried) ==",
                  f"{'item':<40} {'tries':>5} {'diff':>5} {'disc':>5} {'r_pb':>5}  "
                  "options / flags"]
        for row in rows:
            if not row.tries:
                continue
            lines.append(
                f"{_clip(row.item_id, 40):<40} "
                f"{('~' if row.tries < analysis.min_tries else '') + str(row.tries):>5} "
                f"{_number(row.difficulty):>5} "
                f"{_number(row.discrimination):>5} {_number(row.point_biserial):>5}  "
                f"{_options(row)}"
            )
            lines += [f"{'':<40}   ! {flag}" for flag in row.flags]
            note = "; ".join(
                part for part in row.note.split("; ") if part != FEW.format(analysis.min_tries)
            )
            if note:
                lines.append(f"{'':<40}     ({note})")
        if len(tried) < len(rows):
            lines.append(f"{len(rows) - len(tried)} item(s) with no first try yet.")
    summary = analysis.judgment
    if summary.forms:
        lines += ["", "== judgment check: forms ==",
                  f"{'stage':<10} {'form':<4} {'items':>5} {'n':>5} {'mean':>6} {'sd':>6} "
                  f"{'alpha':>6} {'incomplete':>10}"]
        lines += [
            f"{f.stage:<10} {f.form:<4} {f.items:>5} {f.learners:>5} {_number(f.mean, 1):>6} "
            f"{_number(f.sd, 1):>6} {_number(f.alpha):>6} {f.incomplete:>10}"
            for f in summary.forms
        ]
        e = summary.equivalence
        lines += ["", "Forms' equivalence on learners' first check: "
                  f"A {_number(e.mean_a, 1)} (n={e.learners_a}), "
                  f"B {_number(e.mean_b, 1)} (n={e.learners_b}); A - B = "
                  f"{_number(e.difference, 1)}, 95% CI [{_number(e.low, 1)}, "
                  f"{_number(e.high, 1)}]"]
        for found in summary.effects:
            effect = found.effect
            interval = (f"95% CI [{_number(effect.low)}, {_number(effect.high)}]"
                        if effect.low is not None else "no CI under 10 learners")
            lines.append(
                f"Effect {found.start} -> {found.end}: n={effect.n}, "
                f"{_number(effect.mean_before, 1)} -> {_number(effect.mean_after, 1)}, "
                f"dz = {_number(effect.dz)}, {interval}"
            )
    lines += ["", *analysis.notes]
    return "\n".join(lines)


def csv_rows(analysis: ItemAnalysis) -> list[dict[str, str]]:
    """The analysis as CSV records (keys :data:`CSV_COLUMNS`)."""
    rows: list[dict[str, str]] = []
    for row in analysis.items:
        rows.append({
            "record": "item", "section": row.section, "item": row.item_id, "title": row.title,
            "tries": str(row.tries), "difficulty": _cell(row.difficulty),
            "discrimination": _cell(row.discrimination),
            "point_biserial": _cell(row.point_biserial),
            "options": "; ".join(
                f"{o.option_id}={o.share:.4f}"
                + (f"-{o.up_to:.4f}" if o.up_to is not None else "") + ("*" if o.best else "")
                for o in row.options
            ),
            "flags": "; ".join(row.flags), "note": row.note,
        })
    summary = analysis.judgment
    for form in summary.forms:
        rows.append({
            "record": "form", "section": f"judgment {form.stage}", "item": f"form {form.form}",
            "tries": str(form.items), "n": str(form.learners), "mean": _cell(form.mean),
            "sd": _cell(form.sd), "alpha": _cell(form.alpha),
            "note": f"{form.incomplete} incomplete check(s)" if form.incomplete else "",
        })
    e = summary.equivalence
    if e.learners_a or e.learners_b:
        rows.append({
            "record": "equivalence", "section": "judgment first check", "item": "A - B",
            "n": str(e.learners_a + e.learners_b), "mean_before": _cell(e.mean_a),
            "mean_after": _cell(e.mean_b), "estimate": _cell(e.difference),
            "low": _cell(e.low), "high": _cell(e.high),
            "note": f"form A n={e.learners_a} (mean_before), form B n={e.learners_b} "
                    "(mean_after); Welch 95% CI",
        })
    for found in summary.effects:
        effect = found.effect
        rows.append({
            "record": "effect", "section": "judgment", "item": f"{found.start} -> {found.end}",
            "n": str(effect.n), "mean_before": _cell(effect.mean_before),
            "mean_after": _cell(effect.mean_after), "estimate": _cell(effect.dz),
            "low": _cell(effect.low), "high": _cell(effect.high),
            "note": "paired dz; 95% CI from 10 learners",
        })
    return [{column: row.get(column, "") for column in CSV_COLUMNS} for row in rows]


def csv_text(analysis: ItemAnalysis) -> str:
    """The CSV file's text, with its header."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_rows(analysis))
    return buffer.getvalue()
