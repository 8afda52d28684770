"""Preheated pools as the course runs them: a host sizes a page's pool, pages taken from it
shut their kernels down when left, the pool refills one kernel at a time, and a refill
carries nothing of the request that emptied the pool."""

from __future__ import annotations

import time

from conftest import VoilaServer
from hostile_client import Page

POOL = 2



def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"not within {timeout} s: {what}"
        time.sleep(0.5)


def test_a_sized_pool_serves_pages_refills_after_them_and_forgets_their_requests(tmp_path):
    server = VoilaServer(tmp_path, extra_args=("--pool", f"journal.ipynb={POOL}"))
    try:
        wait_for(lambda: f"Kernel pool of journal.ipynb is filled with {POOL}" in server.log(),
                 90, "the journal pool filled")
        wait_for(lambda: server.log().count("is filled with") >= 12, 90, "every pool filled")
        baseline = {k.pid for k in server.kernels()}

        pages = [Page.open(server.url, "journal.ipynb", query="code=SECR-ETAB-CDEF")
                 for _ in range(POOL)]
        served = server.log().count("Using pre-heated kernel")
        assert served == POOL, served
        pooled = {k.pid for k in server.kernels()} & baseline
        assert len(pooled) == len(baseline)  # the pages run on kernels started beforehand

        # the pool comes back, with kernels that know nothing of those requests
        wait_for(lambda: len(server.kernels()) == len(baseline) + POOL, 90, "the refill")
        refills = [k for k in server.kernels() if k.pid not in baseline]
        assert len(refills) == POOL
        for kernel in refills:
            assert "SECR-ETAB-CDEF" not in " ".join(kernel.environ().values())

        # leaving shuts each page's kernel down; the pool stays as the host sized it
        for page in pages:
            assert page.shut_down() == 204
        wait_for(lambda: len(server.kernels()) == len(baseline), 60, "the pages' kernels gone")
        assert [Page.open(server.url, "journal.ipynb") for _ in range(POOL)]
        assert server.log().count("Using pre-heated kernel") == 2 * POOL
    finally:
        server.stop()
