"""Start and stop a throw-away Virtuoso Open Source 7 server for integration tests.

Copies Debian's ``/etc/virtuoso-opensource-7/virtuoso.ini``, moves every database, log and
lock path into a scratch folder and binds both ``ServerPort`` settings (the ISQL port and
the HTTP port) to ``127.0.0.1:<free port>``. Nothing outside the scratch folder is touched;
the server is stopped by the PID in its lock file. See ``/work/shared/MEASURED.md``.

Run by hand to poke at a server::

    python tests/virtuoso.py      # starts one, prints its URLs, stops it on Enter
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

INI_TEMPLATE = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
#: Upper bound on waiting for ``/sparql`` to answer after start (seconds).
STARTUP_TIMEOUT = 60.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Virtuoso:
    """A running Virtuoso: its folder, ports and URLs."""

    folder: Path
    http_port: int
    isql_port: int
    process: subprocess.Popen[bytes]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql(self) -> str:
        """The SPARQL 1.1 Protocol endpoint (queries; anonymous updates are refused)."""
        return f"{self.base}/sparql"

    @property
    def graph_store(self) -> str:
        """The Graph Store Protocol endpoint with digest authentication (user dba/dba)."""
        return f"{self.base}/sparql-graph-crud-auth"

    @property
    def log(self) -> Path:
        return self.folder / "virtuoso.log"

    def pid(self) -> int | None:
        """The server's PID from its lock file (``VIRT_PID=…``), or the child we started."""
        lock = self.folder / "virtuoso.lck"
        with contextlib.suppress(OSError):
            match = re.search(r"VIRT_PID=(\d+)", lock.read_text())
            if match:
                return int(match.group(1))
        return self.process.pid if self.process.poll() is None else None

    def stop(self, timeout: float = 30.0) -> None:
        """Stop the server by the PID in its lock file; SIGKILL if it does not go in time."""
        pid = self.pid()
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and _alive(pid):
                time.sleep(0.2)
                with contextlib.suppress(ChildProcessError):
                    self.process.poll()
            if _alive(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child of ours still "exists"; treat it as gone.
    with contextlib.suppress(OSError):
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat.rsplit(")", 1)[1].split()[0] == "Z":
            return False
    return True


def write_ini(
    folder: Path,
    http_port: int,
    isql_port: int,
    max_rows: int | None = None,
    cost_limit: bool = True,
) -> Path:
    """A copy of Debian's virtuoso.ini with every path in ``folder`` and loopback ports.

    ``max_rows`` sets ``ResultSetMaxRows`` (Debian: 10000), the cap Virtuoso silently
    applies to every result; a low cap exercises kktrace's partitioned fetching.
    ``cost_limit=False`` comments out ``MaxQueryCostEstimationTime``: Virtuoso refuses
    queries whose *estimated* time exceeds it, and its estimates for the rules are off by
    orders of magnitude (openlink/virtuoso-opensource#229, #535), so the rules cannot run
    on the server with Debian's setting.
    """
    text = INI_TEMPLATE.read_text()
    text = text.replace("/var/lib/virtuoso-opensource-7/db/", f"{folder}/")
    out: list[str] = []
    section = ""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            section = stripped
        key = stripped.split("=", 1)[0].strip()
        if key == "ServerPort" and section == "[Parameters]":
            line = f"ServerPort = 127.0.0.1:{isql_port}"
        elif key == "ServerPort" and section == "[HTTPServer]":
            line = f"ServerPort = 127.0.0.1:{http_port}"
        elif key == "DirsAllowed":
            line = f"DirsAllowed = ., {folder}, /usr/share/virtuoso-opensource-7/vad"
        elif key == "ResultSetMaxRows" and max_rows is not None:
            line = f"ResultSetMaxRows = {max_rows}"
        elif key == "MaxQueryCostEstimationTime" and not cost_limit:
            line = ";" + line
        out.append(line)
    ini = folder / "virtuoso.ini"
    ini.write_text("\n".join(out) + "\n")
    return ini


def start(
    folder: Path,
    timeout: float = STARTUP_TIMEOUT,
    max_rows: int | None = None,
    cost_limit: bool = True,
) -> Virtuoso:
    """Start ``virtuoso-t`` with a fresh database in ``folder``; wait until /sparql answers
    (``max_rows``, ``cost_limit``: see :func:`write_ini`)."""
    exe = shutil.which("virtuoso-t")
    if exe is None:
        raise FileNotFoundError("virtuoso-t not installed (Debian package virtuoso-opensource)")
    folder.mkdir(parents=True, exist_ok=True)
    http_port, isql_port = free_port(), free_port()
    while isql_port == http_port:
        isql_port = free_port()
    ini = write_ini(folder, http_port, isql_port, max_rows, cost_limit)
    process = subprocess.Popen(
        [exe, "+configfile", str(ini), "+foreground"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    server = Virtuoso(folder, http_port, isql_port, process)
    deadline = time.monotonic() + timeout
    probe = server.sparql + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    while True:
        if process.poll() is not None:
            log = server.log.read_text(errors="replace")[-2000:] if server.log.exists() else ""
            raise RuntimeError(f"virtuoso-t exited with {process.returncode}:\n{log}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as response:
                if response.status == 200:
                    return server
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise TimeoutError(f"Virtuoso did not answer on {server.sparql} within {timeout:.0f} s")
        time.sleep(0.3)


@contextlib.contextmanager
def running(
    folder: Path,
    timeout: float = STARTUP_TIMEOUT,
    max_rows: int | None = None,
    cost_limit: bool = True,
) -> Iterator[Virtuoso]:
    """``with running(tmp) as v:`` — a Virtuoso that is always stopped afterwards."""
    server = start(folder, timeout, max_rows, cost_limit)
    try:
        yield server
    finally:
        server.stop()


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory(prefix="kktrace-virtuoso-") as tmp, running(Path(tmp)) as v:
        print(f"SPARQL:      {v.sparql}\nGraph store: {v.graph_store} (digest dba/dba)")
        print(f"folder:      {v.folder}  pid {v.pid()}")
        input("Enter stops it. ")
