"""The server's rules for one browser's share of it, without a server: who the client is
behind a proxy, the websocket caps, the message budget, the busy-kernel watch."""

from __future__ import annotations

import pytest

from widgets.server.client import client_address, parse_networks, served_over_tls
from widgets.server.connections import MessageBudget, OpenSockets, SocketCaps
from widgets.server.watchdog import BusyWatch

PROXY = parse_networks(["127.0.0.1", "10.0.0.0/8"])


@pytest.mark.parametrize(("peer", "headers", "expected"), [
    ("203.0.113.9", {}, "203.0.113.9"),  # no proxy: the peer
    ("203.0.113.9", {"X-Forwarded-For": "1.2.3.4", "X-Real-IP": "1.2.3.4"}, "203.0.113.9"),
    ("127.0.0.1", {"X-Forwarded-For": "198.51.100.7"}, "198.51.100.7"),
    # a forged first hop is skipped: the nearest address no trusted proxy added is used
    ("127.0.0.1", {"X-Forwarded-For": "6.6.6.6, 198.51.100.7"}, "198.51.100.7"),
    ("127.0.0.1", {"X-Forwarded-For": "198.51.100.7, 10.1.2.3"}, "198.51.100.7"),
    ("127.0.0.1", {"X-Real-IP": "198.51.100.8"}, "198.51.100.8"),
    ("127.0.0.1", {"X-Forwarded-For": "not an address"}, "127.0.0.1"),
    ("127.0.0.1", {}, "127.0.0.1"),
    ("127.0.0.1", {"X-Forwarded-For": "2001:db8::1"}, "2001:db8::1"),
])
def test_the_client_address_is_the_proxys_word_only_from_a_trusted_proxy(peer, headers, expected):
    assert client_address(peer, headers, PROXY) == expected


def test_a_bad_proxy_setting_names_the_value():
    with pytest.raises(ValueError, match="'not-an-ip'"):
        parse_networks(["127.0.0.1", "not-an-ip"])


def test_tls_behind_a_proxy_is_believed_only_from_the_proxy():
    forwarded = {"X-Forwarded-Proto": "https"}
    assert served_over_tls("127.0.0.1", forwarded, "http", PROXY)
    assert not served_over_tls("203.0.113.9", forwarded, "http", PROXY)
    assert served_over_tls("203.0.113.9", {}, "https", PROXY)


def test_websockets_are_capped_per_kernel_browser_address_and_in_all():
    sockets = OpenSockets(SocketCaps(per_kernel=2, per_browser=3, per_address=4, total=5))
    assert sockets.admit("k1", "b1", "a1") == "" and sockets.admit("k1", "b1", "a1") == ""
    assert "this page" in sockets.admit("k1", "b1", "a1")
    assert sockets.admit("k2", "b1", "a1") == ""
    assert "this browser" in sockets.admit("k3", "b1", "a1")
    assert sockets.admit("k3", "b2", "a1") == ""
    assert "this network" in sockets.admit("k4", "b3", "a1")
    assert sockets.admit("k4", "b3", "a2") == ""
    assert "as many connections as it can" in sockets.admit("k5", "b4", "a3")
    sockets.release("k1", "b1", "a1")
    assert sockets.admit("k5", "b4", "a3") == ""  # a closed socket frees its place
    for _ in range(2):
        sockets.release("k5", "b4", "a3")  # released twice: never below zero
    assert "k5" not in sockets.kernels


def test_the_message_budget_allows_a_burst_then_a_steady_rate():
    budget = MessageBudget(rate=10, burst=50)
    passed = sum(budget.take(0.0) for _ in range(500))
    assert passed == 50
    assert sum(budget.take(2.0) for _ in range(500)) == 20  # two seconds at ten a second
    assert budget.take(2.2)  # a person clicking again later is never held up


def test_a_kernel_busy_for_most_of_a_minute_is_named_and_a_quiet_one_is_not():
    used = {"busy": 0.0, "quiet": 0.0}
    watch = BusyWatch(measure=lambda pid: used["busy" if pid == 1 else "quiet"])
    for second in range(0, 71, 10):
        used["busy"] += 9.8  # 98% of each ten seconds
        used["quiet"] += 0.5
        named = watch.over_bound([("k-busy", 1), ("k-quiet", 2)], moment=float(second))
    assert named == ["k-busy"]
    # a kernel that stopped is forgotten
    watch.over_bound([("k-quiet", 2)], moment=80.0)
    assert set(watch.samples) == {"k-quiet"}


def test_a_low_open_file_limit_is_raised_or_named_in_the_log(monkeypatch, caplog):
    import resource

    from widgets.server.connections import FDS_PER_SOCKET, FDS_RESERVED, descriptor_budget

    limits = {"now": (1024, 1024)}
    monkeypatch.setattr(resource, "getrlimit", lambda _kind: limits["now"])
    monkeypatch.setattr(resource, "setrlimit", lambda _kind, value: limits.update(now=value))
    with caplog.at_level("WARNING", logger="micromoments.server"):
        sockets = descriptor_budget(wanted_kernels=100)
    assert sockets == (1024 - FDS_RESERVED) // FDS_PER_SOCKET
    assert "ulimit -n 65536" in caplog.text and "fewer than two for each of the 100" in caplog.text
    caplog.clear()
    limits["now"] = (1024, 1_048_576)  # the hard limit allows more: raised, nothing to say
    with caplog.at_level("WARNING", logger="micromoments.server"):
        assert descriptor_budget(wanted_kernels=100) == (65536 - FDS_RESERVED) // FDS_PER_SOCKET
    assert limits["now"][0] == 65536 and caplog.text == ""
