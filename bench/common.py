"""Constants, the scripts run in the page, and small helpers shared by the benchmark."""

from __future__ import annotations

import math
import os
import socket
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = PROJECT_ROOT / "notebooks"
CHROMIUM = os.environ.get("MICROMOMENTS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BARE = "bare.ipynb"
MIB = 1024 * 1024

# What "the first control can be clicked" means on each kind of page.
QUIZ_CONTROL = ".mm-scenario-quiz input[type=radio], .mm-scenario-quiz input[type=checkbox]"
COURSE_CONTROL = ".mm-root button, .mm-root a[href]"
BARE_CONTROL = ".widget-radio-box input[type=radio]"
QUIZ_CHECK = ".mm-scenario-quiz .mm-actions button"
QUIZ_FEEDBACK = ".mm-scenario-quiz .mm-feedback-list"
QUIZ_NEXT = ".mm-deck-nav button:has-text(\"Next\")"
BARE_CHECK = "button.bare-check"
BARE_FEEDBACK = ".bare-feedback"

#: time to interactive against the bare page (issue 30): cold pages, and preheated ones
TARGET_TTI_RATIO = {"cold": 1.25, "preheated": 1.0}
#: a page kernel's RSS against the bare kernel (issue 30): module pages, and the others
#: (home, challenge, journal, review, workshop pages: the ones that may draw a chart)
TARGET_RSS_RATIO = {"quiz": 1.2, "course": 1.5}
#: ``make bench`` itself, start to end (issue 30)
TARGET_BENCH_SECONDS = 8 * 60
TARGET_LOAD_LEARNERS = 40
TARGET_LOAD_P95_MS = 5000.0
# A learner whose page is not interactive after a minute has failed; the load servers' culling
# timeout matches it (a kernel whose page never connected is idle, and culled, after that).
LEARNER_TIMEOUT_S = 60

BARE_SOURCE = '''\
import ipywidgets as widgets

choice = widgets.RadioButtons(
    options=["Acknowledge the effort first", "Give advice straight away"], value=None
)
check = widgets.Button(description="Check answer")
check.add_class("bare-check")
feedback = widgets.HTML()
clicks = 0


def show_feedback(_button):
    global clicks
    clicks += 1
    verdict = "Strong choice" if choice.index == 0 else "Misses the moment"
    feedback.value = f'<p class="bare-feedback">{verdict} ({clicks})</p>'


check.on_click(show_feedback)
widgets.VBox([choice, check, feedback])
'''

# Installed in every page before its own scripts: notes performance.now() (milliseconds since
# navigation start) at the first animation frame in which a control matching the page's
# selector is rendered and enabled. Checking once a frame keeps the probe from forcing extra
# layouts while the page builds its widgets.
TTI_SCRIPT = """
(() => {
  const selectors = __SELECTORS__;
  const selector = selectors[decodeURIComponent(location.pathname.split("/").pop())];
  if (!selector) { return; }
  const ready = () => {
    for (const el of document.querySelectorAll(selector)) {
      if (!el.disabled && el.getClientRects().length > 0) { return true; }
    }
    return false;
  };
  const tick = () => {
    if (ready()) { window.__benchTti = performance.now(); } else { requestAnimationFrame(tick); }
  };
  requestAnimationFrame(tick);
})();
"""

# Gives each page its own in-memory localStorage: pages of one browser profile (sharing
# Voila's cached scripts) then act as separate learners, each with its own resume code.
OWN_STORAGE_SCRIPT = """
(() => {
  const data = new Map();
  const storage = {
    getItem: (key) => (data.has(key) ? data.get(key) : null),
    setItem: (key, value) => { data.set(key, String(value)); },
    removeItem: (key) => { data.delete(key); },
    clear: () => { data.clear(); },
    key: (index) => [...data.keys()][index] ?? null,
    get length() { return data.size; },
  };
  Object.defineProperty(window, "localStorage", { value: storage, configurable: true });
})();
"""

TIMINGS_JS = """() => {
  const nav = performance.getEntriesByType("navigation")[0] || {};
  return {tti: window.__benchTti, response_start: nav.responseStart,
          response_end: nav.responseEnd};
}"""

# Clicks `button` from inside the page and resolves with the milliseconds until an element
# matching `until` that was not there before is visible (mode "appears"), or until the button
# is enabled (mode "enabled").
CLICK_JS = """async ([click, button, until, mode]) => {
  const target = document.querySelector(click);
  if (!target) { throw new Error("nothing to click: " + click); }
  const before = new Set(document.querySelectorAll(until));
  const done = () => {
    if (mode === "enabled") {
      const el = document.querySelector(button);
      return el !== null && !el.disabled;
    }
    return [...document.querySelectorAll(until)].some(
      (el) => !before.has(el) && el.getClientRects().length > 0);
  };
  return await new Promise((resolve, reject) => {
    const start = performance.now();
    const observer = new MutationObserver(() => {
      if (done()) { observer.disconnect(); resolve(performance.now() - start); }
    });
    observer.observe(document.body, {
      subtree: true, childList: true, characterData: true, attributes: true,
    });
    target.click();
    setTimeout(() => { observer.disconnect(); reject(new Error("no reaction in 30 s")); }, 30000);
  });
}"""


def log(message: str) -> None:
    """Progress on stderr, so stdout holds only the table."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def median(values: Sequence[float]) -> float | None:
    """The median, or None for no values."""
    return statistics.median(values) if values else None


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """Linear-interpolated percentile (0 <= fraction <= 1), or None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    if position == low or ordered[low] == ordered[high]:
        return ordered[low]
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def finite(value: float | None) -> float | None:
    """The value, or None when it is infinite (JSON has no infinity)."""
    return None if value is None or math.isinf(value) else value


def ratio(value: float | None, base: float | None) -> float | None:
    """value / base, or None if either is missing."""
    if value is None or not base:
        return None
    return value / base


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
