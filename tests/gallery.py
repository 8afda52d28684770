"""`make screenshots`: every course page in light and dark, at 1280 and 390 px, before and
after its main interaction, into one folder with an index.html to look through.

It starts its own Voila server (as `make serve` does, on a free port and a fresh database)
and drives Debian's Chromium; the pictures go to test-artifacts/gallery/. The presenter view
(the projector's page) is taken at 1920x1080 and at 390 px, before and after its reveal.
"""

from __future__ import annotations

import html
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent / "browser"))

from browser_pages import answer_best, create_room  # noqa: E402
from conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, PROJECT_ROOT, VoilaServer  # noqa: E402

from widgets.content import get_course  # noqa: E402

OUT = ARTIFACTS / "gallery"
WIDTHS = (1280, 390)
THEMES = ("light", "dark")


def module_of(notebook: str) -> str | None:
    for module in get_course().modules:
        if module.notebook == notebook:
            return module.id
    return None


def answer_first_scenario(page: Page, notebook: str) -> None:
    module = module_of(notebook)
    scenarios = get_course().module_scenarios(module) if module else []
    if scenarios:
        answer_best(page, scenarios[0])


def log_a_moment(page: Page, _notebook: str) -> None:
    log = page.locator(".mm-challenge")
    log.get_by_role("textbox", name="What I did").fill("Thanked Ana by name for the rota.")
    log.get_by_role("button", name="Add to my log").click()
    log.get_by_text("Added to your log.").wait_for()


def save_a_name(page: Page, _notebook: str) -> None:
    panel = page.locator(".mm-learner-panel")
    panel.get_by_role("textbox", name="Your name").fill("Ana")
    panel.get_by_role("button", name="Save name").click()
    page.locator(".mm-greeting").get_by_text("Ana").wait_for()


def open_a_room(page: Page, _notebook: str) -> None:
    create_room(page, "Gallery room")


def room_for_presenter(page: Page, server: VoilaServer) -> None:
    """The presenter view of a new room, as the projector shows it (1920x1080 on a wide
    screen), its results revealed."""
    facilitator = page.context.new_page()
    facilitator.goto(f"{server.url}/voila/render/facilitator.ipynb")
    facilitator.wait_for_selector(".mm-root")
    code = create_room(facilitator, "Clinic leads, May")
    page.goto(f"{server.url}/voila/render/presenter.ipynb?room={code}")
    page.wait_for_selector(".mm-qr svg")
    page.__dict__["facilitator"] = facilitator


def reveal_results(page: Page, _notebook: str) -> None:
    facilitator = page.__dict__.pop("facilitator")
    facilitator.get_by_role("button", name="Reveal the results").click()
    page.wait_for_selector(".mm-presenter .mm-bar-row")
    facilitator.close()


#: the main interaction of each page that has one
INTERACTIONS: dict[str, Callable[[Page, str], None]] = {
    "00_home.ipynb": save_a_name,
    "08_five_day_challenge.ipynb": log_a_moment,
    "facilitator.ipynb": open_a_room,
    "presenter.ipynb": reveal_results,
}
#: the projector's page is seen at 1920x1080, whole, not grown to its height
PROJECTOR = {"presenter.ipynb": (1920, 1080)}


def full_height(page: Page) -> None:
    """Grow the window to the page's height, so that one picture holds the whole page."""
    height = page.evaluate(
        "() => Math.max(...[document.documentElement, document.body,"
        " document.getElementById('rendered_cells')].filter(Boolean)"
        ".map((e) => e.scrollHeight))"
    )
    page.set_viewport_size({"width": page.viewport_size["width"], "height": min(height, 16000)})
    time.sleep(0.3)


def shoot(page: Page, name: str) -> str:
    if page.viewport_size["height"] != 1080 or page.viewport_size["width"] != 1920:
        full_height(page)
    path = OUT / f"{name}.png"
    page.screenshot(path=str(path))
    return path.name


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.png"):
        old.unlink()
    notebooks = sorted(p.name for p in (PROJECT_ROOT / "notebooks").glob("*.ipynb"))
    server = VoilaServer(Path(tempfile.mkdtemp(prefix="mm-gallery-")))
    shots: list[tuple[str, str, int, str, str]] = []  # notebook, theme, width, state, file
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for theme in THEMES:
                for width in WIDTHS:
                    context = browser.new_context(viewport={"width": width, "height": 900})
                    context.set_default_timeout(60_000)
                    context.add_init_script(f"localStorage.setItem('mm-theme', '{theme}')")
                    for notebook in notebooks:
                        page = context.new_page()
                        shown = width
                        if notebook in PROJECTOR and width == WIDTHS[0]:
                            shown, height = PROJECTOR[notebook]
                            page.set_viewport_size({"width": shown, "height": height})
                        if notebook in PROJECTOR:
                            room_for_presenter(page, server)
                        else:
                            page.goto(f"{server.url}/voila/render/{notebook}")
                        page.wait_for_selector(".mm-root")
                        page.wait_for_load_state("networkidle")
                        time.sleep(1)
                        stem = f"{notebook.removesuffix('.ipynb')}-{theme}-{shown}"
                        shots.append((notebook, theme, shown, "first view",
                                      shoot(page, stem)))
                        act = INTERACTIONS.get(notebook) or (
                            answer_first_scenario if module_of(notebook) else None
                        )
                        if act is not None:
                            if shown == width:
                                page.set_viewport_size({"width": width, "height": 900})
                            act(page, notebook)
                            time.sleep(1)
                            shots.append((notebook, theme, shown, "after",
                                          shoot(page, stem + "-after")))
                        page.close()
                    context.close()
            browser.close()
    finally:
        server.stop()
    write_index(shots)
    print(f"{len(shots)} screenshots in {OUT}; open {OUT / 'index.html'}")
    return 0


def write_index(shots: list[tuple[str, str, int, str, str]]) -> None:
    rows = []
    for notebook in dict.fromkeys(shot[0] for shot in shots):
        cells = "".join(
            f'<figure><a href="{html.escape(file)}"><img src="{html.escape(file)}" '
            f'alt="{html.escape(f"{notebook}, {theme}, {width} px, {state}")}" '
            f'loading="lazy"></a><figcaption>{theme} · {width} px · {state}</figcaption>'
            "</figure>"
            for name, theme, width, state, file in shots if name == notebook
        )
        rows.append(f"<section><h2>{html.escape(notebook)}</h2><div>{cells}</div></section>")
    (OUT / "index.html").write_text(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>Leadership in Micro-Moments: every page</title><style>"
        "body{font-family:system-ui,sans-serif;margin:1rem 2rem;background:#f4f4f4}"
        "section div{display:flex;gap:1rem;overflow-x:auto;align-items:flex-start}"
        "figure{margin:0;background:#fff;padding:.5rem;border:1px solid #ccc}"
        "img{width:260px;display:block}figcaption{font-size:.85rem;margin-top:.3rem}"
        "</style></head><body><h1>Every page of the course</h1>"
        + "".join(rows) + "</body></html>",
        encoding="utf-8",
    )


if __name__ == "__main__":
    sys.exit(main())
