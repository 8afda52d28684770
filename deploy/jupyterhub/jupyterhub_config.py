"""JupyterHub for the course: every Hub user's server runs the course in Voila, as that user.

Start it from the project folder (after `make .venv/.dev-installed` and
`npm install --prefix .venv/node configurable-http-proxy`)::

    MICROMOMENTS_DB=postgresql+psycopg://course@db.example/course \\
        .venv/bin/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

Each user's server is ``jhsingle-native-proxy`` (run by ``singleuser.py``; it logs the user
in through the Hub, then passes requests on) wrapping ``python -m widgets serve``, the same
command as `make serve`.
The learner is the Hub user: the spawner sets ``JUPYTERHUB_USER``, which the course reads
(learner id ``hub:<name>``). Every server uses the one database in ``MICROMOMENTS_DB``, which
should be PostgreSQL as soon as servers may run on more than one machine.

Settings read from the environment (all optional except the database):

* ``MICROMOMENTS_DB``: the course database every server shares (required).
* ``MICROMOMENTS_HUB_URL``: where the Hub listens (default ``http://127.0.0.1:8000``).
* ``MICROMOMENTS_HUB_API_PORT``, ``MICROMOMENTS_PROXY_API_PORT``: the Hub's and the proxy's
  own ports (default 8081 and 8001).
* ``MICROMOMENTS_HUB_HOMES``: the folder each user's server starts in (default
  ``/tmp/micromoments-hub``; one sub-folder per user).
* ``MICROMOMENTS_LRS_*``: xAPI reporting to the organisation's LRS, passed on to every
  user's server (see the README).
* ``MICROMOMENTS_HUB_DUMMY_PASSWORD``: use JupyterHub's ``DummyAuthenticator`` with this shared
  password (for trying the Hub and for the tests only; a real programme sets its own
  ``c.JupyterHub.authenticator_class``, e.g. OAuth against the company's identity provider).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 - JupyterHub defines get_config in the configuration's namespace

PROJECT = Path(__file__).resolve().parents[2]
database = os.environ.get("MICROMOMENTS_DB", "")
if not database:
    sys.exit("Set MICROMOMENTS_DB to the course database every server shares (PostgreSQL).")

# -- the Hub and its proxy --------------------------------------------------------------------
c.JupyterHub.bind_url = os.environ.get("MICROMOMENTS_HUB_URL", "http://127.0.0.1:8000")
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("MICROMOMENTS_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = (
    f"http://127.0.0.1:{int(os.environ.get('MICROMOMENTS_PROXY_API_PORT', '8001'))}"
)
local_proxy = PROJECT / ".venv" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = [
    str(local_proxy) if local_proxy.exists() else "configurable-http-proxy"
]

# -- who may log in -------------------------------------------------------------------------
dummy_password = os.environ.get("MICROMOMENTS_HUB_DUMMY_PASSWORD")
if dummy_password:
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = dummy_password
    c.Authenticator.allow_all = True

# -- each user's server: the course in Voila ------------------------------------------------
homes = Path(os.environ.get("MICROMOMENTS_HUB_HOMES", "/tmp/micromoments-hub"))
c.JupyterHub.spawner_class = "simple"  # SimpleLocalProcessSpawner: one process per user
c.SimpleLocalProcessSpawner.home_dir_template = str(homes / "{username}")
python = sys.executable
# jhsingle-native-proxy, with a fix for Tornado 6.6 (see singleuser.py)
proxy = [python, str(Path(__file__).resolve().parent / "singleuser.py")]
c.Spawner.cmd = [
    # activity is reported only when there is some, so the Hub's idle culler can stop the
    # servers of learners who have left
    *proxy, "--ip=127.0.0.1", "--destport=0", "--ready-timeout=90", "--last-activity-interval=60",
    "--no-force-alive", "--",
    # {port} and {base_url} are filled in by jhsingle-native-proxy; {--} is a literal "--"
    python, "-m", "widgets", "serve", "--port", "{port}", "{--}",
    "--Voila.base_url={base_url}/", "--Voila.server_url=/",
    # one learner per server: no pool of kernels kept ready for pages (voila.json keeps
    # about 16 for a shared server, which per Hub user would be memory for nothing)
    "--VoilaConfiguration.preheat_kernel=False",
]
c.Spawner.environment = {
    "MICROMOMENTS_DB": database,
    # xAPI reporting (README "Reporting to your organisation's learning records"): each
    # user's server sends the shared outbox, claiming rows so that no two send the same one
    **{name: value for name, value in os.environ.items() if name.startswith("MICROMOMENTS_LRS_")},
}
c.Spawner.env_keep = ["PATH", "LANG", "LC_ALL", "VIRTUAL_ENV", "MICROMOMENTS_CACHE"]
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90
