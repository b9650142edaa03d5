"""A throwaway PostgreSQL server for the tests: initdb in a temporary folder, started on a
free localhost port with its socket in that folder, stopped (and deleted) at the end.

It uses the Debian ``postgresql`` package's binaries (/usr/lib/postgresql/*/bin). initdb
refuses to run as root, so as root the server runs as the ``postgres`` user the package
creates. Every test gets a database of its own (``fresh_database``).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "postgres"


def find_binaries() -> Path | None:
    """The newest installed PostgreSQL's bin folder holding initdb, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    bin_dir: Path
    root: Path
    port: int
    run_as: str | None
    durable: bool = False     # tests: no fsync; the benchmark: fsync on, commits like SQLite's WAL

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(a) for a in args]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, cwd=self.root)

    def start(self) -> None:
        self._run(self.bin_dir / "initdb", "-D", self.data, "-U", SUPERUSER, "--auth=trust",
                  "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
        safety = "" if self.durable else "-c fsync=off -c full_page_writes=off "
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 {safety}"
                   "-c synchronous_commit=off -c max_connections=200")
        done = self._run(self.bin_dir / "pg_ctl", "-D", self.data, "-l", self.root / "server.log",
                         "-o", options, "-w", "-t", "60", "start", check=False)
        if done.returncode != 0:
            log = (self.root / "server.log").read_text(errors="replace") if (self.root / "server.log").exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {done.stderr}\n{log[-2000:]}")

    def stop(self) -> None:
        self._run(self.bin_dir / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def create_database(self, name: str, icu_locale: str | None = None) -> str:
        """A new database; ``icu_locale`` gives it a natural-language collation (e.g. en-US)."""
        import psycopg

        locale = (f" TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE '{icu_locale}'"
                  if icu_locale else "")
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"{locale}')
        return self.url(name)


def start_server(bin_dir: Path, *, durable: bool = False) -> Server:
    run_as = None
    root = Path(tempfile.mkdtemp(prefix="autopattern-pg-"))
    if os.geteuid() == 0:
        run_as = SUPERUSER
        try:
            account = pwd.getpwnam(run_as)
        except KeyError:
            subprocess.run(["useradd", "--system", "--no-create-home", run_as], check=True)
            account = pwd.getpwnam(run_as)
        os.chown(root, account.pw_uid, account.pw_gid)
        os.chmod(root, 0o700)
    server = Server(bin_dir, root, _free_port(), run_as, durable)
    server.start()
    return server
