"""A real PostgreSQL server for the tests: Debian's ``postgresql`` package, started in a
temporary directory on a free port (as the ``postgres`` user when the tests run as root,
since ``initdb`` refuses root), and stopped afterwards."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

SUPERUSER = "micromoments"


def postgres_bin() -> Path | None:
    """The newest Debian PostgreSQL's bin folder, or None if it is not installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(
        Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    return Path(found[-1]).parent if found else None


class PostgresServer:
    """One throw-away cluster: ``initdb``, ``pg_ctl start``/``stop``, a database per test."""

    def __init__(self, port: int):
        binaries = postgres_bin()
        if binaries is None:
            raise RuntimeError(
                "PostgreSQL is missing: install Debian's postgresql package (.ci/run does)"
            )
        self.bin = binaries
        self.port = port
        self.root = Path(tempfile.mkdtemp(prefix="mm-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            # initdb refuses root: the cluster belongs to the postgres user
            self._as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.root, "postgres", "postgres")
            os.chmod(self.root, 0o700)
        self._run(
            "initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
            "--encoding=UTF8", "--no-locale", "--no-sync",
        )
        settings = (
            f"port = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\n"
            "max_connections = 300\nfsync = off\nfull_page_writes = off\n"
            "synchronous_commit = on\nshared_buffers = 32MB\n"
        )
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(settings)
        self.start()

    def _run(self, program: str, *args: str) -> None:
        done = subprocess.run(
            [*self._as_user, str(self.bin / program), *args],
            capture_output=True, text=True, cwd=self.root,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed:\n{done.stdout}\n{done.stderr}")

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL the course uses for one of this server's databases."""
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _dsn(self, database: str = "postgres") -> str:
        return f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname={database}"

    def start(self) -> None:
        """Start the server and wait until it takes connections."""
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")
        deadline = time.monotonic() + 30
        while True:
            try:
                psycopg.connect(self._dsn(), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def stop(self) -> None:
        """Stop the server at once (connections are cut, as in a crash or a restart)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def create_database(self, name: str) -> str:
        """A new, empty database; returns its URL."""
        with psycopg.connect(self._dsn(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop a database, cutting any connection a test left open."""
        with psycopg.connect(self._dsn(), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def query(self, database: str, sql: str) -> list[tuple]:
        """Rows of a query, straight from the server (what a test checks is really kept)."""
        with psycopg.connect(self._dsn(database)) as connection:
            return connection.execute(sql).fetchall()

    def destroy(self) -> None:
        """Stop the server and remove its files."""
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
