"""A throwaway PostgreSQL server for the compiler's tests: initdb into a temporary folder,
pg_ctl start on a free localhost port with its unix socket in that folder, stop at the end.

The compiler's PostgreSQL rendering is only worth something if a real server plans and
runs it, so these tests start one (the Debian ``postgresql`` package's binaries) instead
of mocking a connection. When the binaries are missing the caller skips with the reason
``missing_reason()`` gives. As root, initdb refuses to run, so the server runs as the
``postgres`` system user that package creates.
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

BIN_GLOB = "/usr/lib/postgresql/*/bin"


def find_bin() -> Path | None:
    """The newest installed server's bin folder (initdb, pg_ctl), or None."""
    found = os.environ.get("AUTOPATTERN_PG_BIN")
    candidates = [found] if found else sorted(glob.glob(BIN_GLOB), key=_major, reverse=True)
    for folder in candidates:
        if folder and (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def _major(folder: str) -> int:
    try:
        return int(Path(folder).parent.name)
    except ValueError:
        return 0


def missing_reason() -> str | None:
    if find_bin() is None:
        return ("PostgreSQL server binaries not found (looked in /usr/lib/postgresql/*/bin; "
                "install the Debian 'postgresql' package or set AUTOPATTERN_PG_BIN)")
    if os.geteuid() == 0 and _postgres_user() is None:
        return "running as root and there is no 'postgres' user to run the server as"
    return None


def _postgres_user():
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    folder: Path
    port: int
    bin: Path
    user: str

    def conninfo(self, dbname: str = "postgres") -> str:
        return f"host=127.0.0.1 port={self.port} user={self.user} dbname={dbname}"

    def stop(self) -> None:
        _run(self, [str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop"],
             check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def _run(server_or_none, argv: list[str], check: bool = True) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        argv = ["runuser", "-u", "postgres", "--", *argv]
    return subprocess.run(argv, check=check, capture_output=True, text=True, timeout=120)


def start() -> Server:
    """initdb + pg_ctl start; the caller must call ``stop()``."""
    bin_dir = find_bin()
    assert bin_dir is not None, missing_reason()
    folder = Path(tempfile.mkdtemp(prefix="autopattern-pg-"))
    if os.geteuid() == 0:
        owner = _postgres_user()
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        user = "postgres"
    else:
        user = pwd.getpwuid(os.geteuid()).pw_name
    data = folder / "data"
    try:
        _run(None, [str(bin_dir / "initdb"), "-D", str(data), "-U", user, "--auth=trust",
                    "--encoding=UTF8", "--no-sync"])
        port = _free_port()
        options = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={folder} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        result = _run(None, [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options,
                             "-l", str(folder / "server.log"), "-w", "-t", "60", "start"], check=False)
        if result.returncode != 0:
            log = (folder / "server.log").read_text(errors="replace") if (folder / "server.log").exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {result.stderr}\n{log}")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Server(folder, port, bin_dir, user)
