"""A server that stays up and keeps everyone's identity on a shared network (issue 26), tried
at protocol level against real course servers: a guesser next to a learner, clients behind a
real reverse proxy (configurable-http-proxy), a thousand websockets, a message flood."""

from __future__ import annotations

import asyncio
import http.cookiejar
import os
import re
import resource
import sqlite3
import subprocess
import time

import pytest
from conftest import PROJECT_ROOT, VoilaServer, free_port, wait_until_answering
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
from tornado.httpclient import HTTPClientError
from tornado.websocket import WebSocketClosedError

CHP = PROJECT_ROOT / ".venv" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"


@pytest.fixture(autouse=True)
def _shut_pages_down():
    yield
    shut_down_all()


async def stored_code_after_report(page: Page, stored: str = "") -> str:
    """Open the page's websocket, report a browser keeping ``stored``, and return the code
    the kernel then asks the browser to keep."""
    socket = await KernelSocket.connect(page)
    states = await socket.states()
    identity = await socket.report_browser(states, stored)
    await socket.settle(quiet=1.0)
    code = (await socket.states())[identity].get("code_to_store")
    socket.close()
    return code or ""


def test_wrong_codes_from_an_address_leave_a_learner_there_their_identity(voila_server):
    learner = http.cookiejar.CookieJar()
    code = run_async(stored_code_after_report(Page.open(voila_server.url, "00_home.ipynb",
                                                        learner)))
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code), code
    # someone at the same address guesses: one browser past its tries, then fresh browsers
    assert "Too many wrong tries" in run_async(guess_codes(
        Page.open(voila_server.url, "00_home.ipynb"), 12))
    for _ in range(3):
        run_async(stored_code_after_report(Page.open(voila_server.url, "00_home.ipynb"),
                                           "ZZZZ-ZZZZ-ZZZZ"))
    # the learner comes back: their browser's code is honoured, not replaced
    again = run_async(stored_code_after_report(
        Page.open(voila_server.url, "02_acknowledge.ipynb", learner), code))
    assert again == code


def test_an_owner_cookie_the_browser_chose_is_replaced_by_a_signed_one(voila_server):
    jar = http.cookiejar.CookieJar()
    chosen = http.cookiejar.Cookie(
        0, "mm_owner", "chosen-by-the-client-0123456789", None, False, "127.0.0.1", False,
        False, "/", True, False, None, False, None, None, {},
    )
    jar.set_cookie(chosen)
    status, _body, headers = fetch(f"{voila_server.url}/voila/render/00_home.ipynb", jar)
    assert status == 200
    issued = next(c for c in jar if c.name == "mm_owner")
    assert issued.value != "chosen-by-the-client-0123456789" and "|" in issued.value
    assert issued.expires and issued.expires > time.time() + 300 * 86400  # kept, not a session
    assert "HttpOnly" in headers.get("Set-Cookie", "")


# -- behind a real reverse proxy -----------------------------------------------------------------


class Proxy:
    """configurable-http-proxy in front of a course server, as the README sets it up."""

    def __init__(self, target: str, log_path):
        if not CHP.exists():
            pytest.fail(f"{CHP} is missing: `make test` installs configurable-http-proxy")
        self.port, api = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = open(log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [str(CHP), "--ip", "127.0.0.1", "--port", str(self.port), "--api-ip", "127.0.0.1",
             "--api-port", str(api), "--default-target", target],
            stdout=self._log, stderr=subprocess.STDOUT,
            env={**os.environ, "CONFIGPROXY_AUTH_TOKEN": "test-only"},
        )
        wait_until_answering(self.url, self.process, "configurable-http-proxy",
                             lambda: log_path.read_text(), timeout=30)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
        self._log.close()


def test_behind_a_real_proxy_each_client_address_has_its_own_limits(tmp_path):
    server = VoilaServer(tmp_path, extra_args=(
        "--", "--CourseVoila.trusted_proxies=127.0.0.1",  # as the README says
        "--CourseVoila.max_kernels_per_address=2",
    ))
    proxy = Proxy(server.url, tmp_path / "proxy.log")
    try:
        home = f"{proxy.url}/voila/render/00_home.ipynb"
        alice = [fetch(home, source="127.0.0.2")[0] for _ in range(3)]
        assert alice[:2] == [200, 200] and alice[2] == 503  # her address is at its cap
        assert fetch(home, source="127.0.0.3")[0] == 200  # bob, another address, is not
        # a forged header through the proxy is not believed: the proxy's own hop counts
        forged = fetch(home, source="127.0.0.2", headers={"X-Forwarded-For": "10.9.9.9"})
        assert forged[0] == 503
        # nor from a client that reaches the server directly
        assert fetch(f"{server.url}/voila/render/00_home.ipynb", source="127.0.0.4",
                     headers={"X-Forwarded-For": "127.0.0.2", "X-Real-IP": "127.0.0.2"})[0] == 200
        # a page behind the proxy: its kernel counts tries against the real client's address
        carol = Page.open(proxy.url, "00_home.ipynb", source="127.0.0.5")
        assert "does not match" in run_async(guess_codes(carol, 1))
        with sqlite3.connect(server.data_dir / "course.sqlite3") as db:
            subjects = {row[0] for row in db.execute(
                "SELECT subject FROM attempts WHERE kind = 'resume-code'")}
        assert "address:127.0.0.5" in subjects and "address:127.0.0.1" not in subjects
    finally:
        shut_down_all()
        proxy.stop()
        server.stop()


# -- a thousand websockets, and a flood of messages -----------------------------------------------


def test_a_thousand_websockets_from_one_browser_leave_other_pages_working(voila_server):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 8192)), hard))
    hog = Page.open(voila_server.url, "02_acknowledge.ipynb")

    async def open_many() -> tuple[int, int]:
        held, refused = [], 0

        async def one() -> None:
            nonlocal refused
            try:
                held.append(await KernelSocket.connect(hog))
            except HTTPClientError as error:
                assert error.code == 429, error.code
                refused += 1

        for start in range(0, 1000, 50):
            await asyncio.gather(*(one() for _ in range(50)))
            assert start < 50 or held, "nothing was admitted"
        count = len(held)
        for socket in held[:-1]:
            socket.close()
        return count, refused

    admitted, refused = run_async(open_many())
    assert admitted <= 4 and admitted + refused == 1000
    other = Page.open(voila_server.url, "03_names.ipynb")  # another browser's page

    async def works() -> bool:
        socket = await KernelSocket.connect(other)
        states = await socket.states()
        socket.close()
        return bool(states)

    assert run_async(works())
    assert "Too many open files" not in voila_server.log()
    assert voila_server.log().count("websocket refused") <= 3  # counted, not a line each


def test_a_message_flood_is_cut_to_the_pages_budget_then_closed(voila_server):
    page = Page.open(voila_server.url, "02_acknowledge.ipynb")
    before = voila_server.log().count("sends faster than a person")

    async def flood() -> tuple[int, bool, int, bool]:
        socket = await KernelSocket.connect(page)
        states = await socket.states()
        draft = find(states, "TextareaModel", description="Your reply to*")
        try:
            for n in range(2000):
                await socket.update(draft, value=f"typed {n}")
                if socket.connection.close_code is not None:
                    break  # closed by the server: the cool-down runs from now
        except WebSocketClosedError:
            pass  # the server closed it mid-flood
        # the page's kernel takes no new websocket for a few seconds (asked at once: under
        # load, reading the replies below can take longer than the cool-down), then does again
        refused_at_once = await refused(page) if socket.connection.close_code else 0
        replies = await socket.settle(quiet=1.0, limit=60)  # ends when the close arrives
        closed = socket.connection.close_code == 1008
        if not refused_at_once:
            refused_at_once = await refused(page)
        echoed = sum(1 for r in replies if r["header"]["msg_type"] == "comm_msg"
                     and r["content"].get("comm_id") == draft)
        await asyncio.sleep(6)
        again = await KernelSocket.connect(page)
        works = bool(await again.states())
        again.close()
        return echoed, closed, refused_at_once, works

    echoed, closed, refused_at_once, works = run_async(flood())
    assert echoed <= 260, echoed  # the burst, not 2,000 updates
    assert (closed, refused_at_once, works) == (True, 429, True), echoed
    time.sleep(0.5)
    assert voila_server.log().count("sends faster than a person") - before == 1


def test_a_browser_stays_known_across_a_restart(tmp_path):
    secret = tmp_path / "keys" / "cookie_secret"
    args = ("--", f"--CourseVoila.cookie_secret_file={secret}")
    jar = http.cookiejar.CookieJar()
    server = VoilaServer(tmp_path, extra_args=args)
    try:
        assert fetch(f"{server.url}/voila/render/00_home.ipynb", jar)[0] == 200
    finally:
        shut_down_all()
        server.stop()
    assert secret.stat().st_mode & 0o777 == 0o600
    issued = next(c.value for c in jar if c.name == "mm_owner")
    again = VoilaServer(tmp_path, extra_args=args)
    try:
        status, _body, headers = fetch(f"{again.url}/voila/render/00_home.ipynb", jar)
        assert status == 200 and "mm_owner" not in headers.get("Set-Cookie", "")
        assert next(c.value for c in jar if c.name == "mm_owner") == issued
    finally:
        shut_down_all()
        again.stop()
