"""No request leaves the machine when a course page loads: every asset is served locally
(the course's template drops the lab template's Font Awesome links to a CDN)."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from browser_pages import PAGES, wait_until_rendered

pytestmark = pytest.mark.browser


def test_every_page_loads_with_requests_to_this_machine_only(voila_server, page):
    hosts: dict[str, set[str]] = {}

    def record(request) -> None:
        address = urlparse(request.url)
        if address.scheme in ("http", "https", "ws", "wss"):
            hosts.setdefault(address.hostname or "", set()).add(request.url)

    page.on("request", record)
    for notebook in PAGES:
        page.goto(f"{voila_server.url}/voila/render/{notebook}")
        wait_until_rendered(page)
    assert set(hosts) == {"127.0.0.1"}, {host: sorted(urls)[:3] for host, urls in hosts.items()}
    assert page.js_errors == []
