"""The judgment check in real pages: the before-check in Foundations, the self-assessment, the
course, the after-check at the end of Putting it together, the learner's before and after
beside what they felt, and the completion record with both scores."""

from __future__ import annotations

import random

import pytest
from browser_pages import learner_of_page, record_text
from playwright.sync_api import expect

from widgets.actions.judgment import form_for
from widgets.content import get_course
from widgets.content.judgment import item_score

pytestmark = pytest.mark.browser


def take_check(section, items, choose) -> dict[str, float]:
    """Rate every response of every item in the page, ``choose(option)`` giving the rating;
    each practice's expected score."""
    scores: dict[str, list[float]] = {}
    by_text = {option.text: option for item in items for option in item.options}
    for number, _item in enumerate(items):
        heading = section.locator(".mm-judgment-check h3")
        expect(section.locator(".mm-eyebrow").last).to_contain_text(
            f"Situation {number + 1} of {len(items)}"
        )
        item = next(i for i in items if i.title == heading.inner_text())
        groups = section.locator(".mm-rating-scale fieldset")
        expect(groups).to_have_count(len(item.options))
        for place in range(len(item.options)):
            group = groups.nth(place)
            legend = group.locator("legend").inner_text()
            option = by_text[legend.split(". ", 1)[1]]
            group.get_by_role("radio", name=str(choose(option)), exact=True).check()
        ratings = tuple(choose(option) for option in item.options)
        scores.setdefault(item.practice, []).append(item_score(item.key, ratings))
        label = "Finish the check" if number + 1 == len(items) else "Next situation"
        section.get_by_role("button", name=label).click()
    return {practice: sum(values) / len(values) for practice, values in scores.items()}


def rate_oneself(page, value: int, statements: int) -> None:
    form = page.locator(".mm-self-assessment")
    expect(form.locator("fieldset")).to_have_count(statements, timeout=60_000)
    for group in form.locator("fieldset").all():
        group.get_by_role("radio").nth(value - 1).check()
    form.get_by_role("button", name="Save my ratings").click()
    expect(form).to_contain_text("Saved")


def test_before_the_course_after_it_and_the_record(voila_server, page):
    course = get_course()
    check = course.judgment
    assert check is not None
    storage, learner = learner_of_page(page, voila_server)
    page.goto(f"{voila_server.url}/voila/render/01_foundations.ipynb")
    section = page.locator(".mm-judgment-root")
    expect(section.locator(".mm-judgment-check")).to_be_visible(timeout=60_000)
    noise = random.Random(7)
    before_items = check.form(form_for(learner, "before"))
    # before: ratings two points off the key, either way, at random
    wobble = {o.id: noise.choice((-2, 2)) for i in before_items for o in i.options}
    before = take_check(section, before_items,
                        lambda option: min(6, max(1, option.effectiveness + wobble[option.id])))
    expect(section).to_contain_text("You have done the before-check")
    # no key and no score before the after-check
    assert "Key" not in section.inner_text() and "Whole check" not in section.inner_text()
    rate_oneself(page, 2, len(course.self_assessment.items))

    # the course itself is marked done in the database (not clicked through)
    for module in course.modules:
        storage.learners.mark_completed(learner, module.id)
    page.goto(f"{voila_server.url}/voila/render/07_putting_it_together.ipynb")
    rate_oneself(page, 4, len(course.self_assessment.items))
    section = page.locator(".mm-judgment-root")
    after_items = check.form(form_for(learner, "after"))
    assert {i.id for i in after_items}.isdisjoint(i.id for i in before_items)
    after = take_check(section, after_items, lambda option: option.effectiveness)
    table = section.locator(".mm-judgment-table")
    expect(table).to_be_visible()
    for practice, score in before.items():
        row = table.locator(f'tr[data-practice="{practice}"]')
        expect(row.locator(".mm-judgment-chose")).to_have_text(
            f"{score:.0f} → {after[practice]:.0f}"
        )
        expect(row).to_contain_text("2 of 5 → 4 of 5")
    # the key and why, for both checks, now that the after-check is done
    keys = section.locator(".mm-judgment-key")
    expect(keys).to_have_count(len(before_items) + len(after_items))
    first = before_items[0]
    keys.first.locator("summary").click()
    expect(keys.first).to_contain_text(first.options[0].rationale)

    whole_before = sum(before.values()) / len(before)
    text = record_text(page, voila_server)
    assert "judgment check" in text.lower()
    assert f"Whole check: {whole_before:.0f} → 100" in text
    assert page.js_errors == []
