"""The learner's own light/dark switch: set in the header, kept by the browser for every page
and link (the address carries no theme, so pages still come from the preheated kernels), and
every page passes axe in it."""

from __future__ import annotations

import pytest
from browser_pages import PAGES, assert_no_axe_problems, wait_until_rendered
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DARK_BACKGROUND_JS = """() => {
  const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number);
  return (r + g + b) / 3;
}"""


def test_the_switch_is_remembered_on_every_page_and_each_passes_axe(voila_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    page = context.new_page()
    page.goto(f"{voila_server.url}/voila/render/02_acknowledge.ipynb")
    wait_until_rendered(page)
    html = page.locator("html")
    expect(html).not_to_have_attribute("data-mm-theme", "dark")
    switch = page.locator(".mm-page-header").get_by_role("button", name="Switch to the dark theme")
    switch.click()
    expect(html).to_have_attribute("data-mm-theme", "dark")
    assert page.evaluate(DARK_BACKGROUND_JS) < 60
    # the stepper's link to the next module: no theme in the address, the page is dark
    page.locator(".mm-stepper").get_by_role("link", name="Use names often and genuinely").click()
    page.wait_for_url("**/03_names.ipynb")
    wait_until_rendered(page)
    assert "theme" not in page.url
    expect(html).to_have_attribute("data-mm-theme", "dark")
    for notebook in PAGES:
        page.goto(f"{voila_server.url}/voila/render/{notebook}")
        wait_until_rendered(page)
        expect(html).to_have_attribute("data-mm-theme", "dark")
        assert_no_axe_problems(page, f"{notebook} (the learner's dark theme)")
    page.goto(f"{voila_server.url}/voila/render/00_home.ipynb")
    wait_until_rendered(page)
    page.locator(".mm-page-header").get_by_role("button", name="Switch to the light theme").click()
    page.reload()
    wait_until_rendered(page)
    expect(html).not_to_have_attribute("data-mm-theme", "dark")
    context.close()
