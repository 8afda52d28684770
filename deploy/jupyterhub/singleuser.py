"""Each Hub user's server: ``jhsingle-native-proxy`` (it logs the user in through the Hub and
passes requests on to the course's own Voila), with one fix.

jhsingle-native-proxy 0.8 calls Tornado's ``check_origin`` on every websocket, as Tornado
before 6.6 expected; since Tornado 6.6 that method is only meant for cross-origin requests and
refuses every origin not listed in ``trusted_origins``, so the page's own kernel websocket was
refused (403). Here it answers the question Tornado itself asks first: is the ``Origin`` the
same host as the one the request was sent to? Cross-origin websockets stay refused.

Arguments are jhsingle-native-proxy's (see ``jupyterhub_config.py``).
"""

from __future__ import annotations

from urllib.parse import urlparse

from jhsingle_native_proxy import main, proxyhandlers


def same_origin_only(handler, origin: str) -> bool:
    """True if the websocket comes from a page of the host it is sent to."""
    host = (handler.request.headers.get("Host") or "").lower()
    return bool(host) and urlparse(origin).netloc.lower() == host


proxyhandlers.ProxyHandler.check_origin = same_origin_only

if __name__ == "__main__":
    main.run()
