"""A server that trusts nothing the browser sends: a protocol client tries every attack a page
could make (issue "A server that trusts nothing the browser sends"), and the rules that held
before, against real course servers on 127.0.0.1; then the store and the server are checked."""

from __future__ import annotations

import http.cookiejar
import json
import sqlite3
import struct
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import psutil
import pytest
from conftest import PROJECT_ROOT, VoilaServer
from hostile_client import (
    KernelSocket,
    Page,
    fetch,
    find,
    guess_codes,
    refused,
    run_async,
    shut_down_all,
)
from tornado.websocket import WebSocketClosedError

from widgets.content import get_course


@pytest.fixture(autouse=True)
def _shut_pages_down():
    """Every page a test opens is left at the end, so kernels do not pile up."""
    yield
    shut_down_all()


def answers_quickly(server: VoilaServer, limit: float = 1.0) -> bool:
    """The server answers a plain request (the root redirect) within ``limit`` seconds."""
    started = time.monotonic()
    request = urllib.request.Request(server.url + "/voila/static/")
    try:
        urllib.request.urlopen(request, timeout=limit)
    except urllib.error.HTTPError:
        pass
    return time.monotonic() - started < limit


def database_bytes(server: VoilaServer) -> int:
    return sum(
        path.stat().st_size for path in server.data_dir.glob("course.sqlite3*") if path.is_file()
    )


# -- 1. one client froze the whole server -------------------------------------------------------


def test_legacy_frames_are_refused_and_other_learners_are_still_served(voila_server):
    page = Page.open(voila_server.url, "08_five_day_challenge.ipynb")

    async def attack() -> None:
        # the legacy (no subprotocol) format is refused before the websocket opens
        assert await refused(page, protocol=None) == 400
        # v1 frames whose counts lie: each closes its own connection, nothing else
        for forged in (
            b"\xff" * 8 + b"x" * 64,  # 2**64 - 1 offsets
            struct.pack("<Q", 10**17) + b"\0" * 64,
            struct.pack("<Q", 4) + struct.pack("<QQQQ", 40, 45, 9999, 10000) + b"shell",
            struct.pack("!I", 3) + b"legacy binary frame",
        ):
            socket = await KernelSocket.connect(page)
            await socket.send_raw(forged)
            assert await socket.closed_by_server(), forged[:16]
            assert answers_quickly(voila_server)
        socket = await KernelSocket.connect(page)
        await socket.send_raw('{"channel": "shell", "header": {"msg_type": "comm_open"}}')
        assert await socket.closed_by_server()

    with ThreadPoolExecutor(1) as pool:
        other = pool.submit(Page.open, voila_server.url, "02_acknowledge.ipynb")
        run_async(attack())
        assert other.result(timeout=60).kernel_id  # another learner's page loaded meanwhile
    assert answers_quickly(voila_server)
    assert voila_server.process.poll() is None
    assert "Uncaught exception" not in voila_server.log()


def test_a_page_cannot_create_widgets_or_run_code(voila_server, tmp_path):
    page = Page.open(voila_server.url, "02_acknowledge.ipynb")
    marker = tmp_path / "ran"

    async def attack() -> None:
        socket = await KernelSocket.connect(page)
        await socket.send("shell", "comm_open", {
            "comm_id": "forged-model", "target_name": "jupyter.widget",
            "data": {"state": {"_model_name": "TextareaModel", "value": "x" * 100_000}},
        })
        await socket.send("shell", "execute_request", {
            "code": f"open({str(marker)!r}, 'w').write('ran')", "silent": False,
        })
        await socket.send("iopub", "comm_msg", {"comm_id": "x", "data": {}})
        states = await socket.states()
        assert "forged-model" not in states
        assert all(s.get("value") != "x" * 100_000 for s in states.values())
        socket.close()

    run_async(attack())
    time.sleep(1)
    assert not marker.exists()


def test_a_message_over_the_size_limit_closes_only_that_connection(voila_server):
    page = Page.open(voila_server.url, "02_acknowledge.ipynb")

    async def attack() -> None:
        socket = await KernelSocket.connect(page)
        states = await socket.states()
        draft = find(states, "TextareaModel", description="Your reply to*")
        try:
            await socket.update(draft, value="y" * 2_000_000)
        except WebSocketClosedError:
            pass  # the server may close it while the frame is still being written
        assert await socket.closed_by_server()
        again = await KernelSocket.connect(page)  # the page itself carries on
        assert await again.states()
        again.close()

    run_async(attack())
    assert answers_quickly(voila_server)


# -- 2. one page filled the disk --------------------------------------------------------------


def test_a_thousand_oversize_saves_leave_the_database_small(voila_server):
    page = Page.open(voila_server.url, "02_acknowledge.ipynb")
    before = database_bytes(voila_server)

    async def attack() -> None:
        socket = await KernelSocket.connect(page)
        states = await socket.states()
        draft = find(states, "TextareaModel", description="Your reply to*")
        check = find(states, "FormButton", description="Check my reply")
        prompt = get_course().module("acknowledge").reflections[0].prompt
        reflection = find(states, "TextareaModel", description=prompt)
        save = find(states, "FormButton", description="Save reflection")
        await socket.update(draft, value="Thanks for the terrace work. " * 7000)  # 200,000
        await socket.update(reflection, value="z" * 200_000)
        for _ in range(90):  # as many as the page's message budget lets through at once
            await socket.click(check)
            await socket.click(save)
        replies = await socket.settle(quiet=2, limit=120)
        shown = " ".join(str(r["content"].get("data", "")) for r in replies)
        assert "at most 10,000 characters" in shown
        # within the limit, saves replace one row instead of adding one per click
        await socket.update(draft, value="Diego, the terrace on your own! " * 300)
        for _ in range(40):
            await socket.click(check)
        await socket.settle(quiet=2, limit=120)
        socket.close()

    run_async(attack())
    grown = database_bytes(voila_server) - before
    assert grown < 10 * 1024 * 1024, grown


# -- 4. a link replaced a learner's identity: see tests/browser/test_identity_link.py ----------
# -- 5. keys and codes tried at full speed -----------------------------------------------------


def test_resume_codes_through_the_page_are_limited(tmp_path):
    server = VoilaServer(tmp_path)
    try:
        async def attack(jar: http.cookiejar.CookieJar, guesses: int = 12) -> str:
            return await guess_codes(Page.open(server.url, "00_home.ipynb", jar), guesses)

        guesser = http.cookiejar.CookieJar()
        assert "Too many wrong tries" in run_async(attack(guesser))
        # a new page (a new kernel) of the same browser is still held back
        assert "Too many wrong tries" in run_async(attack(guesser, 1))
        # a new browser at the same address (hot now) gets a few tries, not ten
        shown = run_async(attack(http.cookiejar.CookieJar(), 5))
        assert "does not match" in shown and "Too many wrong tries" in shown
        # the pages came from the preheated pool, and the tries were counted against the
        # browser and the address the server saw, not against the browser's word or "local"
        assert server.log().count("Using pre-heated kernel") >= 2
        with sqlite3.connect(server.data_dir / "course.sqlite3") as db:
            subjects = {row[0] for row in db.execute(
                "SELECT DISTINCT subject FROM attempts WHERE kind = 'resume-code'"
            )}
        assert "address:127.0.0.1" in subjects
        browsers = {s for s in subjects if s.startswith("browser:")}
        assert len(browsers) == 2 and all(len(s) == len("browser:") + 32 for s in browsers)
    finally:
        server.stop()


# -- 6. memory without bound ------------------------------------------------------------------



def preheated_total() -> int:
    """Kernels voila.json keeps ready in the pools, for all the notebooks together."""
    pools = json.loads((PROJECT_ROOT / "voila.json").read_text())["VoilaKernelManager"][
        "kernel_pools_config"
    ]
    default = pools["default"]["pool_size"]
    notebooks = (PROJECT_ROOT / "notebooks").glob("*.ipynb")
    return sum(pools.get(path.name, {}).get("pool_size", default) for path in notebooks)


def test_with_a_cap_of_n_kernels_3n_requests_get_n_pages_and_a_busy_page(tmp_path):
    """The cap counts the kernels bound to browsers; the preheated pools come on top."""
    cap = 2
    server = VoilaServer(tmp_path, extra_args=("--", f"--CourseVoila.max_kernels={cap}"))
    try:
        with ThreadPoolExecutor(3 * cap) as pool:
            results = list(pool.map(
                lambda _n: fetch(f"{server.url}/voila/render/journal.ipynb"), range(3 * cap)
            ))
        statuses = sorted(status for status, _body, _headers in results)
        assert statuses.count(200) <= cap and statuses.count(503) >= 2 * cap, statuses
        busy = next(body for status, body, _ in results if status == 503)
        assert "The course is busy" in busy and 'http-equiv="refresh"' in busy
        assert next(h for s, _b, h in results if s == 503)["Retry-After"] == "5"
        assert len(server.kernels()) <= cap + preheated_total()
        memory = sum(p.memory_info().rss for p in [psutil.Process(server.process.pid),
                                                    *server.kernels()])
        assert memory < (cap + preheated_total() + 2) * 200 * 1024 * 1024
    finally:
        server.stop()


# -- 7. a kernel id worked like a password ---------------------------------------------------


def test_only_the_pages_own_browser_reaches_its_kernel(voila_server):
    page = Page.open(voila_server.url, "00_home.ipynb")
    kernel = f"{voila_server.url}/api/kernels/{page.kernel_id}"
    assert fetch(kernel, page.jar)[0] == 200
    assert fetch(kernel)[0] == 404  # a stranger who knows the id
    assert fetch(f"{voila_server.url}/voila/api/shutdown/{page.kernel_id}", method="POST",
                 data=b"")[0] in (403, 404)
    assert run_async(refused(page, cookies=False)) == 404
    assert fetch(kernel, page.jar)[0] == 200  # still running
    assert page.shut_down() == 204  # its own browser leaving the page stops it
    assert fetch(kernel, page.jar)[0] == 404
