"""A course for everyone: axe-core on every page in both themes, and every page at phone width.

Screenshots of every page (light and dark, 1280 and 390 px wide) are saved under
test-artifacts/screenshots/ for a person to look at."""

from __future__ import annotations

import pytest
from browser_pages import (
    PAGES,
    PHONE,
    SCREENSHOTS,
    SCROLLERS_JS,
    THEMES,
    WIDE,
    WIDER_THAN_SCREEN_JS,
    PageQueue,
    assert_no_axe_problems,
    resize_and_settle,
    save_full_screenshot,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.browser



@pytest.fixture(scope="module")
def page_queue(browser):
    queue = PageQueue(browser)
    yield queue
    queue.close()


@pytest.mark.parametrize("notebook", PAGES)
@pytest.mark.parametrize("theme", list(THEMES))
def test_every_page_passes_axe_and_fits_a_phone(request, page_queue, theme, notebook):
    server = request.getfixturevalue(THEMES[theme])
    following = PAGES.index(notebook) + 1
    page = page_queue.open(server, notebook, PAGES[following] if following < len(PAGES) else None)
    try:
        light = "false" if theme == "dark" else "true"
        expect(page.locator("body")).to_have_attribute("data-jp-theme-light", light)
        assert_no_axe_problems(page, f"{notebook} ({theme})")
        stem = notebook.removesuffix(".ipynb")
        save_full_screenshot(page, SCREENSHOTS / f"{theme}-{WIDE}-{stem}.png")

        resize_and_settle(page, PHONE, 844)
        too_wide = [
            f"{name}: {scroll_width} px of content in {width} px"
            for name, scroll_width, width, _height in page.evaluate(SCROLLERS_JS)
            if scroll_width > width
        ]
        assert not too_wide, f"{notebook} scrolls sideways at {PHONE} px ({theme}): {too_wide}"
        cut_off = page.evaluate(WIDER_THAN_SCREEN_JS)
        assert not cut_off, f"{notebook} is wider than a {PHONE} px screen ({theme}): {cut_off}"
        save_full_screenshot(page, SCREENSHOTS / f"{theme}-{PHONE}-{stem}.png")
        assert page.js_errors == []
    finally:
        page.close()
