"""A real LRS for the tests: Ralph (``ralph-malph``, from ``requirements-lrs.txt`` in its own
virtualenv ``.venv-lrs``) with its filesystem backend, in a temporary folder on a free port,
with one HTTP basic-auth user in Ralph's own auth file. :meth:`LrsServer.stop` and
:meth:`LrsServer.start` take it away and bring it back on the same port, with its data."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from processes import stop_process

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LRS_VENV = PROJECT_ROOT / ".venv-lrs"
XAPI_HEADERS = {"X-Experience-API-Version": "1.0.3"}

#: validates statements, read as a JSON list on standard input, with Ralph's xAPI 1.0.3
#: models (the strict ones, beyond what its API checks on the way in)
VALIDATE = """
import json, sys
from pydantic import ValidationError
from ralph.models.xapi.base.statements import BaseXapiStatement
problems = []
for statement in json.load(sys.stdin):
    try:
        BaseXapiStatement.model_validate(statement)
    except ValidationError as error:
        problems.append(f"{statement.get('id')}: {error}")
json.dump(problems, sys.stdout)
"""


#: starts Ralph's API with uvicorn. Ralph 5.1's filesystem backend writes with operation
#: "create", which refuses a file that exists, so every POST after the first would fail with
#: a 500; it is told to append instead (the rest, validation, duplicate ids and queries, is
#: Ralph's own code unchanged)
RUN = """
import sys
import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend
FSLRSBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


class LrsServer:
    """One Ralph LRS of the test run."""

    username = "course"
    password = "lrs-test-secret"

    def __init__(self, port: int):
        python = LRS_VENV / "bin" / "python"
        if not python.exists():
            raise RuntimeError(
                "the test LRS is missing: make .venv-lrs/.installed (make test does) installs "
                "ralph-malph from requirements-lrs.txt"
            )
        self.python = python
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.root = Path(tempfile.mkdtemp(prefix="mm-lrs-"))
        self.log_path = self.root / "lrs.log"
        self.env = {
            **os.environ,
            "RALPH_APP_DIR": str(self.root / "app"),
            "RALPH_AUTH_FILE": str(self.root / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.root / "data"),
        }
        done = subprocess.run(
            [str(LRS_VENV / "bin" / "ralph"), "auth", "-u", self.username, "-p", self.password,
             "-s", "all", "-M", "mailto:course-lrs@micromoments.example", "-w"],
            env=self.env, capture_output=True, text=True, cwd=self.root,
        )
        if done.returncode != 0:
            raise RuntimeError(f"ralph auth failed:\n{done.stdout}\n{done.stderr}")
        self.process: subprocess.Popen | None = None
        self.start()

    def course_environment(self) -> dict[str, str]:
        """What a course host sets to report to this LRS."""
        return {
            "MICROMOMENTS_LRS_URL": self.url,
            "MICROMOMENTS_LRS_USERNAME": self.username,
            "MICROMOMENTS_LRS_PASSWORD": self.password,
        }

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 60) -> None:
        """Start the LRS (again) and wait until it answers."""
        if self.running:
            return
        log = open(self.log_path, "a")  # noqa: SIM115 - the process holds it
        self.process = subprocess.Popen(
            [str(self.python), "-c", RUN, str(self.port)],
            env=self.env, cwd=self.root, stdout=log, stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the LRS exited:\n{self.log_path.read_text()}")
            try:
                urllib.request.urlopen(self.url + "/__heartbeat__", timeout=2).close()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"the LRS did not answer within {timeout} s")

    def stop(self) -> None:
        """Stop the LRS (its port stops answering; its data stays)."""
        if self.process is None:
            return
        stop_process(self.process)
        self.process = None

    def _request(self, path: str, body: object | None = None) -> tuple[int, object]:
        token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        request = urllib.request.Request(
            self.url + path,
            data=None if body is None else json.dumps(body).encode(),
            headers={**XAPI_HEADERS, "Authorization": f"Basic {token}",
                     "Content-Type": "application/json"},
            method="GET" if body is None else "POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read().decode()
                return response.status, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            text = error.read().decode()
            return error.code, json.loads(text) if text else None

    def post(self, statements: list[dict]) -> tuple[int, object]:
        """POST statements through the LRS's xAPI API: its status code and answer."""
        return self._request("/xAPI/statements", statements)

    def statements(self, **query: str) -> list[dict]:
        """Every statement the LRS holds (matching ``query``), read back through its xAPI
        GET /xAPI/statements, following ``more`` links."""
        found: list[dict] = []
        path = "/xAPI/statements?" + urllib.parse.urlencode({"limit": 100, **query})
        while path:
            status, answer = self._request(path)
            assert status == 200, (status, answer)
            found.extend(answer["statements"])
            more = answer.get("more") or ""
            path = more if more and answer["statements"] else ""
        return found

    def statements_of(self, account_name: str) -> list[dict]:
        """The statements of one learner (by their account's name)."""
        return [s for s in self.statements() if s["actor"]["account"]["name"] == account_name]

    def validate(self, statements: list[dict]) -> list[str]:
        """What Ralph's xAPI 1.0.3 models find wrong with these statements (empty: valid)."""
        done = subprocess.run(
            [str(self.python), "-c", VALIDATE], input=json.dumps(statements),
            capture_output=True, text=True, env=self.env, check=True,
        )
        return json.loads(done.stdout)

    def destroy(self) -> None:
        """Stop the LRS and remove its files."""
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
