"""Browser tests: a real Voila server, headless Debian Chromium, a learner's clicks."""

from __future__ import annotations

import pytest
from browser_pages import answer_best, module_meta
from conftest import PROJECT_ROOT
from playwright.sync_api import expect

from widgets.content import get_course

pytestmark = pytest.mark.browser


def first_scenario(module_id: str):
    return get_course().module_scenarios(module_id)[0]


def test_home_opens_at_the_root_and_links_to_the_module(voila_server, page):
    page.goto(voila_server.url + "/")
    page.wait_for_selector(".mm-module-map")
    assert page.url.endswith("/voila/render/00_home.ipynb")
    assert page.get_by_role("heading", name="Leadership in Micro-Moments").is_visible()
    page.locator(".mm-module-map").get_by_role("link", name="Acknowledge before you advise").click()
    page.wait_for_url("**/02_acknowledge.ipynb")
    page.wait_for_selector(".mm-scenario-quiz")
    assert page.js_errors == []


@pytest.mark.parametrize("rating", ["best", "miss"])
def test_answering_a_scenario_shows_the_right_feedback(voila_server, page, rating):
    scenario = first_scenario("acknowledge")
    index = next(i for i, o in enumerate(scenario.options) if o.rating == rating)
    chosen = scenario.options[index]
    page.goto(voila_server.url + "/voila/render/02_acknowledge.ipynb")
    quiz = page.locator(".mm-scenario-quiz")
    quiz.get_by_text(scenario.title).wait_for()
    check = quiz.get_by_role("button", name="Check answer")
    assert check.is_disabled()
    quiz.get_by_role("radio", name=chosen.text).check()
    check.click()
    mine = quiz.locator(".mm-feedback-item.mm-chosen")
    mine.wait_for()
    expected_label = {"best": "Strong choice", "miss": "Misses the moment"}[rating]
    assert expected_label in mine.inner_text()
    assert chosen.feedback in mine.inner_text()
    expected_score = "Score: 100%" if rating == "best" else "Score: 0%"
    assert expected_score in quiz.locator(".mm-score").first.inner_text()
    if rating == "miss":  # the best option's feedback waits for a retry, or to be asked for
        assert quiz.locator(".mm-feedback-item").count() == 1
        quiz.get_by_role("button", name="Show me every option").click()
        expect_text(quiz.locator(".mm-feedback-item.mm-best"), "Strong choice")
    assert quiz.locator(".mm-feedback-item").count() == len(scenario.options)
    assert page.locator(".jp-OutputArea-output pre").count() == 0  # no traceback shown


CHOOSE_TWICE_AND_CHECK_JS = """
(quiz, texts) => {
  const radio = (text) => [...quiz.querySelectorAll(".mm-radio-option")]
    .find((option) => option.textContent.trim() === text).querySelector("input");
  for (const text of texts) { radio(text).click(); }
  [...quiz.querySelectorAll("button")].find((b) => b.textContent === "Check answer").click();
}
"""


def test_the_last_choice_before_check_is_the_one_checked(voila_server, page):
    """Two choices and the click in one moment, faster than the kernel answers: ipywidgets
    holds back a model's second update until the first is answered, while a click goes at
    once, so a quiz that synced its choice as a trait checked the earlier choice."""
    scenario = first_scenario("acknowledge")
    best = next(o for o in scenario.options if o.rating == "best")
    others = [o for o in scenario.options if o.rating != "best"]
    page.goto(voila_server.url + "/voila/render/02_acknowledge.ipynb")
    quiz = page.locator(".mm-scenario-quiz")
    quiz.get_by_text(scenario.title).wait_for()
    quiz.get_by_role("radio", name=others[0].text).check()
    expect(quiz.get_by_role("button", name="Check answer")).to_be_enabled(timeout=30_000)
    quiz.evaluate(CHOOSE_TWICE_AND_CHECK_JS, [others[1].text, best.text])
    mine = quiz.locator(".mm-feedback-item.mm-chosen")
    expect(mine).to_contain_text("Strong choice", timeout=30_000)
    expect(mine).to_contain_text(best.text)


def test_progress_survives_closing_the_page_and_moves_with_the_resume_code(
    voila_server, browser
):
    scenario = first_scenario("names")
    total = len(get_course().module("names").scenarios)
    same_browser = browser.new_context()
    module_page = same_browser.new_page()
    module_page.goto(voila_server.url + "/voila/render/03_names.ipynb")
    answer_best(module_page, scenario)
    module_page.close()

    home = same_browser.new_page()
    home.goto(voila_server.url + "/")
    expect_text(module_meta(home, "names"), f"1 of {total} done")
    link = home.locator("a.mm-continue-link")
    assert link.get_attribute("href") == "03_names.ipynb"
    code = home.locator(".mm-resume-code").inner_text()
    link.click()
    home.wait_for_url("**/03_names.ipynb")
    # the deck opens at the first scenario not answered yet, and keeps the first answer
    expect_text(home.locator(".mm-scenario-deck .mm-progress-text"), f"Scenario 2 of {total}")
    expect_text(home.locator(".mm-scenario-deck .mm-score").last, "first answers: 1 of 1 best")
    home.get_by_role("button", name="← Previous").click()
    expect_text(home.locator(".mm-scenario-quiz .mm-score"),
                "Answered before: first answer: best. Best 100%")

    other_device = browser.new_context()
    fresh = other_device.new_page()
    fresh.goto(voila_server.url + "/")
    expect_text(module_meta(fresh, "names"), f"0 of {total} done")
    assert fresh.locator(".mm-resume-code").inner_text() != code
    fresh.get_by_label("Resume code").fill(code.lower())
    fresh.get_by_role("button", name="Restore my progress").click()
    expect_text(module_meta(fresh, "names"), f"1 of {total} done")
    same_browser.close()
    other_device.close()


def expect_text(locator, text: str) -> None:
    from playwright.sync_api import expect

    expect(locator).to_contain_text(text, timeout=30_000)


PAGES = sorted(path.name for path in (PROJECT_ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("notebook", PAGES)
def test_every_page_renders_without_an_error(voila_server, page, notebook):
    page.goto(f"{voila_server.url}/voila/render/{notebook}")
    page.wait_for_selector(".mm-root")
    page.wait_for_load_state("networkidle")
    outputs = page.locator(".jp-OutputArea-output").all_inner_texts()
    shown = "\n".join(outputs)
    assert "Traceback" not in shown and "Error" not in shown, shown[:500]
    assert page.locator('[data-mime-type="application/vnd.jupyter.stderr"]').count() == 0
    assert page.locator(".mm-error").count() == 0
    assert page.js_errors == []


def test_reflection_is_kept_shown_literally_and_downloaded_verbatim(voila_server, context):
    text = 'I rushed in with advice.\n\n<img src=x onerror="window.hacked=1"> & that\'s "it"'
    page = context.new_page()
    page.goto(voila_server.url + "/voila/render/02_acknowledge.ipynb")
    reflection = page.locator(".mm-reflection").first
    reflection.locator("textarea").fill(text)
    reflection.get_by_role("button", name="Save reflection").click()
    expect_text(reflection, "Saved.")
    page.goto(voila_server.url + "/voila/render/journal.ipynb")
    entry = page.locator(".mm-journal-entry").first
    expect_text(entry, '<img src=x onerror="window.hacked=1">')
    assert page.evaluate("window.hacked") is None
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my journal (.md)").click()
    download = download_info.value
    assert download.suggested_filename == "micro-moments-journal.md"
    content = open(download.path(), encoding="utf-8").read()
    assert text in content


def kernel_exists(server_url: str, kernel_id: str, cookie: str) -> bool:
    """Ask the kernel API as the page's own browser (with its owner cookie)."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        f"{server_url}/api/kernels/{kernel_id}", headers={"Cookie": cookie}
    )
    try:
        with urllib.request.urlopen(request, timeout=10):
            return True
    except urllib.error.HTTPError as error:
        assert error.code == 404, error
        return False


def test_leaving_a_page_shuts_its_kernel_down_at_once(voila_server, page):
    import json
    import time

    page.goto(voila_server.url + "/voila/render/02_acknowledge.ipynb")
    page.wait_for_selector(".mm-scenario-quiz")
    config = json.loads(page.locator("#jupyter-config-data").text_content())
    kernel_id = config["kernelId"]
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
    assert "mm_owner=" in cookie and "_xsrf=" in cookie
    assert kernel_exists(voila_server.url, kernel_id, cookie)
    assert not kernel_exists(voila_server.url, kernel_id, "")  # not for another browser
    page.goto("about:blank")  # Voila asks the server to shut the kernel down on beforeunload
    deadline = time.monotonic() + 15
    while kernel_exists(voila_server.url, kernel_id, cookie) and time.monotonic() < deadline:
        time.sleep(0.25)
    assert not kernel_exists(voila_server.url, kernel_id, cookie), "the kernel still runs"
    assert " 403 " not in voila_server.log()


def shown_options(page) -> list[str]:
    quiz = page.locator(".mm-scenario-quiz")
    quiz.locator(".mm-radio-option").first.wait_for(timeout=30_000)
    return [text.strip() for text in quiz.locator(".mm-radio-option").all_inner_texts()]


def test_each_learner_has_their_own_stable_order_and_answers_keep_option_ids(
    voila_server, browser
):
    import json
    import sqlite3

    scenario = first_scenario("acknowledge")
    best = next(o for o in scenario.options if o.rating == "best")
    url = voila_server.url + "/voila/render/02_acknowledge.ipynb"
    learners = []  # (context, page, order shown)
    for _ in range(8):  # two learners share an order by chance at most 1 time in 6
        context = browser.new_context()
        page = context.new_page()
        page.goto(url)
        learners.append((context, page, shown_options(page)))
        if len({tuple(order) for _, _, order in learners}) > 1:
            break
    first, second = learners[0], next(x for x in learners if x[2] != learners[0][2])
    assert sorted(first[2]) == sorted(o.text for o in scenario.options)
    for _context, page, order in (first, second):
        page.reload()
        assert shown_options(page) == order  # the same learner sees the same order again
        quiz = page.locator(".mm-scenario-quiz")
        quiz.get_by_role("radio", name=best.text).check()
        quiz.get_by_role("button", name="Check answer").click()
        expect_text(quiz.locator(".mm-feedback-item.mm-chosen"), "Strong choice")
        # the feedback lists the options in the order this learner saw them
        items = quiz.locator(".mm-feedback-item .mm-feedback-option").all_inner_texts()
        assert [text.strip() for text in items] == order
    with sqlite3.connect(voila_server.data_dir / "course.sqlite3") as db:
        rows = db.execute(
            "SELECT learner_id, selected, score FROM answers WHERE scenario_id = ? "
            "ORDER BY id DESC LIMIT 2",
            (scenario.id,),
        ).fetchall()
    assert len({learner for learner, _, _ in rows}) == 2
    assert [(json.loads(selected), score) for _, selected, score in rows] == [
        ([best.id], 1.0), ([best.id], 1.0),
    ]
    for context, _page, _order in learners:
        context.close()
