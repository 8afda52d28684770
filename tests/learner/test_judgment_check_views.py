"""The judgment check as the learner sees it: the check one situation at a time (resuming at
the first item not rated, every response rated before going on, the ratings kept by option id
through the order shown), the results page (what they felt beside what they chose, the key
and why only once the after-check is done, all content escaped), and the check on the
completion record, its PDF and the journal's export. The check is built by
tests/judgment_checks.py."""

from __future__ import annotations

import io
import random
import statistics
from datetime import datetime, timezone

import pytest
from judgment_checks import course_with_check, hand_score, items_of, practice_means, take
from pypdf import PdfReader

from widgets.actions.journal import read_journal
from widgets.actions.judgment import judgment_summary, learner_checks, rate_item
from widgets.actions.learning import rate_oneself
from widgets.actions.record import record_facts
from widgets.lasting.completion_pdf import completion_pdf
from widgets.learner.journal_export import journal_markdown
from widgets.learner.judgment_results import judgment_results_html
from widgets.practice.judgment_check import JudgmentCheckView
from widgets.store import Storage
from widgets.ui import html


@pytest.fixture(scope="module")
def course():
    return course_with_check()


@pytest.fixture(scope="module")
def check(course):
    return course.judgment


# -- the check, one situation at a time -----------------------------------------------------


class Page:
    """What the page gives the view: ``rate`` answers ``said`` and keeps what it was sent."""

    def __init__(self, said: str = ""):
        self.said = said
        self.sent: list[tuple[str, dict[str, int]]] = []
        self.finished = 0

    def rate(self, item_id: str, ratings: dict[str, int]) -> str:
        self.sent.append((item_id, ratings))
        return self.said

    def finish(self) -> None:
        self.finished += 1


def view_of(course, items, rated=(), page=None, learner="web-viewer"):
    page = page or Page()
    view = JudgmentCheckView(items, rated, course.judgment.scale, page.rate, page.finish,
                             learner_id=learner, settings=course.settings)
    return view, page


def shown(view):
    """The options in the order the view shows them, read from each scale's label."""
    item = view.item
    return [
        next(o for o in item.options if scale.description == f"{chr(65 + place)}. {o.text}")
        for place, scale in enumerate(view.scales)
    ]


def fill(view, ratings=(2, 5, 1, 6, 3)) -> dict[str, int]:
    """Choose a rating on each scale shown; what the page should receive, by option id."""
    options = shown(view)
    for place, scale in enumerate(view.scales):
        scale.choose(ratings[place] - 1)
    return {option.id: ratings[place] for place, option in enumerate(options)}


def test_the_check_resumes_at_the_first_item_not_rated(course, check):
    items = check.form("a")
    view, _page = view_of(course, items, {items[0].id, items[1].id})
    assert view.item == items[2]
    assert "Situation 3 of 10" in view.heading.value
    assert html.text(items[2].title) in view.heading.value
    assert html.text(course.settings[items[2].setting]) in view.heading.value
    assert "<b>&</b>" not in view.heading.value
    assert len(view.scales) == len(items[2].options)
    assert view_of(course, items, {items[0].id, items[2].id})[0].item == items[1]
    assert view_of(course, items)[0].item == items[0]


def test_next_needs_every_response_rated(course, check):
    items = check.form("b")
    view, page = view_of(course, items)
    view.next_button.click()
    assert "Rate every response before going on." in view.status.value
    for scale in view.scales[:-1]:
        scale.choose(3)
    view.next_button.click()
    assert "Rate every response before going on." in view.status.value
    assert page.sent == [] and view.item == items[0]


def test_the_ratings_go_to_the_options_shown_whatever_the_order(course, check):
    items = check.form("a")
    learner = next(f"web-{n}" for n in range(100)
                   if [o.id for o in shown(view_of(course, items, learner=f"web-{n}")[0])]
                   != [o.id for o in items[0].options])
    view, page = view_of(course, items, learner=learner)
    expected = fill(view)
    assert list(expected) != [o.id for o in items[0].options]  # shown shuffled
    view.next_button.click()
    assert page.sent == [(items[0].id, expected)]
    assert view.item == items[1] and view.status.value == ""
    assert "Situation 2 of 10" in view.heading.value and page.finished == 0
    # the same learner sees the same order again
    assert [o.id for o in shown(view_of(course, items, learner=learner)[0])] == list(expected)


def test_the_last_item_finishes_the_check(course, check):
    items = check.form("b")
    view, page = view_of(course, items, {item.id for item in items[:-1]})
    assert view.next_button.description == "Finish the check"
    expected = fill(view)
    assert page.finished == 0
    view.next_button.click()
    assert page.sent == [(items[-1].id, expected)] and page.finished == 1
    assert view.item is None and view.scales == []
    assert "every situation is rated" in view.heading.value
    assert view.next_button.layout.display == "none"


def test_a_refusal_is_shown_and_the_item_stays(course, check):
    items = check.form("a")
    said = "The before-check is closed: you <b>started</b> the after-check."
    view, page = view_of(course, items, page=Page(said))
    fill(view)
    view.next_button.click()
    assert html.text(said) in view.status.value and "<b>" not in view.status.value
    assert len(page.sent) == 1 and view.item == items[0] and items[0].id not in view.rated


def test_the_view_keeps_the_ratings_in_the_store_as_chosen(tmp_path, course, check):
    storage = Storage(tmp_path / "db.sqlite3")
    learner = "web-through"
    items = items_of(check, learner, "before")
    page = Page()

    def keep(item_id, ratings):
        page.sent.append((item_id, ratings))
        return rate_item(storage, check, learner, "before", item_id, ratings)

    view = JudgmentCheckView(items, (), check.scale, keep, page.finish, learner_id=learner)
    chosen = {}
    for item in items[:4]:
        chosen[item.id] = fill(view, (6, 1, 4, 2, 5))
        view.next_button.click()
    kept = learner_checks(storage, check, learner)["before"]
    assert {i: r.ratings for i, r in kept.rated.items()} == chosen
    assert {i: r.score for i, r in kept.rated.items()} == pytest.approx({
        item.id: hand_score(item.key, [chosen[item.id][o.id] for o in item.options])
        for item in items[:4]})
    again = JudgmentCheckView(items, set(kept.rated), check.scale, keep, page.finish,
                              learner_id=learner)
    assert again.item == items[4]
    for _item in items[4:]:
        fill(again)
        again.next_button.click()
    assert page.finished == 1 and learner_checks(storage, check, learner)["before"].finished


# -- the results ----------------------------------------------------------------------------


def summary_of(storage, course, learner):
    titles = {pid: p.title for pid, p in course.practices.items()}
    own = {item.id for item in course.self_assessment.items}
    return judgment_summary(storage, course.judgment, titles, own, learner)


def key_rows(item, rating):
    """Each option's row of the key: its text, the learner's rating, the key's, and why."""
    return [
        f"<tr><td>{html.text(o.text)}</td><td>{rating[o.id]}</td>"
        f"<td><strong>{o.effectiveness}</strong></td><td>{html.text(o.rationale)}</td></tr>"
        for o in item.options
    ]


def test_the_results_show_before_and_after_and_the_key_only_after(tmp_path, course, check):
    storage = Storage(tmp_path / "db.sqlite3")
    learner = "web-results"
    rng = random.Random(8)
    first = check.practices()[0]
    title = course.practices[first].title
    assert judgment_results_html(check, summary_of(storage, course, learner)) == ""
    rate_oneself(storage, learner, "before", {first: 2})
    before_items = items_of(check, learner, "before")
    before = practice_means(check, before_items,
                            take(storage, check, learner, "before", rng))
    page = judgment_results_html(check, summary_of(storage, course, learner))
    assert html.text(title) in page
    assert "2 of 5 → –" in page and f"{before[first]:.0f} → –" in page
    assert "open once you finish the after-check" in page
    assert "mm-judgment-key" not in page and "Why " not in page
    after_items = items_of(check, learner, "after")
    scores = take(storage, check, learner, "after", rng, after_items[:-1], closer=True)
    page = judgment_results_html(check, summary_of(storage, course, learner))
    assert "mm-judgment-key" not in page and "Why " not in page
    rate_oneself(storage, learner, "after", {first: 4})
    scores |= take(storage, check, learner, "after", rng, after_items[-1:], closer=True)
    after = practice_means(check, after_items, scores)
    page = judgment_results_html(check, summary_of(storage, course, learner))
    assert "2 of 5 → 4 of 5" in page
    for practice in check.practices():
        assert f"{before[practice]:.0f} → {after[practice]:.0f}" in page
    whole = (statistics.fmean(before.values()), statistics.fmean(after.values()))
    assert f"before: {whole[0]:.0f} · after: {whole[1]:.0f}" in page
    assert "open once you finish the after-check" not in page
    kept = {(r.stage, r.item_id): r.ratings for r in storage.judgment.ratings_of(learner)}
    for stage, items in (("before", before_items), ("after", after_items)):
        for item in items:
            assert html.text(item.title) in page
            for row in key_rows(item, kept[stage, item.id]):
                assert row in page
    for raw in ("<b>&</b>", "<i>&</i>", "<script>"):
        assert raw not in page


# -- the record and the journal -------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split()
    )


def same_rows(got, expected) -> bool:
    """The same titles, and the same scores (to rounding), None where none is expected."""
    return len(got) == len(expected) and all(
        g[0] == e[0] and all((x is None and y is None) or (
            x is not None and y is not None and x == pytest.approx(y)) for x, y in zip(
                g[1:], e[1:], strict=True))
        for g, e in zip(got, expected, strict=True)
    )


def test_the_record_and_the_journal_carry_the_finished_checks(database, course, check):
    storage = Storage(database.target)
    learner = "web-record"
    rng = random.Random(13)
    when = datetime(2026, 6, 1, 9, tzinfo=timezone.utc)
    titles = [course.practices[p].title for p in check.practices()]
    before_items, after_items = (items_of(check, learner, s) for s in ("before", "after"))
    scores = take(storage, check, learner, "before", rng, before_items[:-1])
    assert record_facts(course, storage, learner, False, when).judgment == []
    assert read_journal(storage, learner, course).judgment == []
    assert "judgment" not in journal_markdown(course, read_journal(storage, learner, course))
    scores |= take(storage, check, learner, "before", rng, before_items[-1:])
    before = practice_means(check, before_items, scores)
    whole_before = statistics.fmean(before.values())
    expected = [*zip(titles, before.values(), [None] * 5, strict=True),
                ("Whole check", whole_before, None)]
    assert same_rows(record_facts(course, storage, learner, False, when).judgment, expected)
    assert same_rows(read_journal(storage, learner, course).judgment, expected)
    after = practice_means(check, after_items,
                           take(storage, check, learner, "after", rng, closer=True))
    whole_after = statistics.fmean(after.values())
    expected = [*zip(titles, before.values(), after.values(), strict=True),
                ("Whole check", whole_before, whole_after)]
    facts = record_facts(course, storage, learner, False, when)
    assert same_rows(facts.judgment, expected)
    journal = read_journal(storage, learner, course)
    assert same_rows(journal.judgment, expected)
    assert read_journal(storage, learner).judgment == []  # without the course, no check
    markdown = journal_markdown(course, journal)
    assert "## My judgment check (0 to 100), before and after" in markdown
    for title, b, a in expected:
        assert f"| {title} | {b:.0f} | {a:.0f} |" in markdown
    data = completion_pdf(facts)
    assert data.startswith(b"%PDF") and len(PdfReader(io.BytesIO(data)).pages) == 1
    text = pdf_text(data)
    assert "judgment check (0 to 100" in text.casefold()  # the section's title, in capitals
    for title, b, a in expected:
        assert f"{title}: {b:.0f} → {a:.0f}" in text
