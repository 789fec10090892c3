"""Worker processes that run the endpoint's queries where they can be bounded and stopped.

pyoxigraph cannot interrupt a query, and one query can take all memory (an ``ORDER BY``
over a cross product). So the server forks a few workers after loading the model (they
share its memory, copy-on-write; nothing is loaded again). Each worker:

- ignores Ctrl-C (the server stops it) and dies with the server (``PR_SET_PDEATHSIG``);
- cannot open an Internet socket (:func:`~kktrace.sparql.sandbox.forbid_network`);
- has an address-space limit of its size at fork plus ``Limits.max_memory_mb``;
- checks each query with :func:`~kktrace.sparql.guard.check_query` before Oxigraph sees it.

The server waits at most ``Limits.timeout`` (plus a short grace) for an answer. A worker
that does not answer in time is killed and replaced at once, as is one that dies (the
memory limit makes Oxigraph abort); the client gets a 503 and every other client goes on
being served by the other workers.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from kktrace.errors import KKTraceError


@dataclass
class Limits:
    """Per-query limits of the endpoint."""

    timeout: float = 30.0  # seconds per query
    max_results: int = 100_000  # rows or triples per answer
    max_query_bytes: int = 100_000  # length of the query text (and of a request body)
    workers: int = 2  # queries computing at once, each in its own process
    max_memory_mb: int = 1024  # memory a worker may add to what it shares with the server


class QueryFailed(Exception):
    """An answer other than 200: HTTP status and a one-line message for the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Answer:
    body: bytes
    media_type: str


@dataclass
class Job:
    """One query for a worker (everything picklable)."""

    text: str
    source: str = "query"
    accept: str = "*/*"
    fmt: str | None = None
    bindings: dict[str, Any] = field(default_factory=dict)
    base_iri: str | None = None
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None


# -- in the worker ---------------------------------------------------------------------
def _worker_main(conn: Connection, store: ox.Store, limits: Limits) -> None:  # pragma: no cover
    """Serve jobs from ``conn`` until it closes (runs in the forked process)."""
    import resource

    from kktrace.sparql import sandbox
    from kktrace.sparql.answer import execute

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    sandbox.die_with_parent()
    sandbox.forbid_network()
    # Oxigraph prints "memory allocation … failed" when the limit stops it; the server
    # reports that in its own words.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    with contextlib.suppress(OSError, ValueError):
        pages = int(open("/proc/self/statm").read().split()[0])  # noqa: SIM115
        size = pages * os.sysconf("SC_PAGE_SIZE") + limits.max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    while True:
        try:
            job: Job = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        deadline = time.monotonic() + limits.timeout
        try:
            outcome: tuple[Any, ...] = ("ok", execute(store, job, limits, deadline))
        except QueryFailed as exc:
            outcome = ("fail", exc.status, exc.message)
        except KKTraceError as exc:
            outcome = ("fail", 400, str(exc))
        except MemoryError:
            outcome = ("fail", 507, _too_big(limits))
        except Exception as exc:
            outcome = ("fail", 500, f"the query failed: {type(exc).__name__}: {exc}")
        try:
            conn.send(outcome)
        except (OSError, ValueError, MemoryError):
            os._exit(1)
        if outcome[0] == "fail" and outcome[1] == 507:
            os._exit(0)  # start afresh rather than run on with a fragmented heap


def _too_big(limits: Limits) -> str:
    return (
        f"the query needed more than {limits.max_memory_mb} MB and was stopped — add LIMIT or "
        "simplify it (or start the server with a higher --max-memory); the server goes on serving"
    )


# -- in the server ---------------------------------------------------------------------
class _Worker:
    def __init__(self, store: ox.Store, limits: Limits) -> None:
        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main, args=(child, store, limits), name="kktrace-query", daemon=True
        )
        self.process.start()
        child.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(2)


class Pool:
    """A fixed number of query workers; :meth:`run` hands one job to an idle one."""

    def __init__(
        self, store: ox.Store, limits: Limits, log: Callable[[str], None] | None = None
    ) -> None:
        self.store = store
        self.limits = limits
        self.log = log or (lambda m: print(m, file=sys.stderr, flush=True))
        self.replaced = 0
        self._idle: asyncio.Queue[_Worker] | None = None
        # Build rdflib's SPARQL grammar once, here: every worker forked later inherits it
        # ready (it takes about half a second, which a fresh worker should not spend).
        from kktrace.sparql import answer
        from kktrace.sparql.guard import check_query

        check_query("ASK {}")
        del answer
        self._workers: list[_Worker] = [_Worker(store, limits) for _ in range(limits.workers)]

    def _queue(self) -> asyncio.Queue[_Worker]:
        if self._idle is None:  # made inside the running loop
            self._idle = asyncio.Queue()
            for worker in self._workers:
                self._idle.put_nowait(worker)
        return self._idle

    def _replace(self, worker: _Worker, why: str) -> _Worker:
        worker.stop()
        fresh = _Worker(self.store, self.limits)
        self._workers = [fresh if w is worker else w for w in self._workers]
        self.replaced += 1
        self.log(f"kktrace: query worker {why}; started a new one")
        return fresh

    def _wait(self, worker: _Worker, seconds: float) -> tuple[Any, ...] | None:
        """The worker's outcome, None on timeout; raises EOFError if it died."""
        if not worker.conn.poll(seconds):
            return None
        outcome: tuple[Any, ...] = worker.conn.recv()
        return outcome

    async def run(self, job: Job) -> Answer:
        idle = self._queue()
        limits = self.limits
        try:
            worker = await asyncio.wait_for(idle.get(), timeout=limits.timeout)
        except TimeoutError:
            raise QueryFailed(
                503, "the server is busy with other queries — try again shortly"
            ) from None
        try:
            try:
                worker.conn.send(job)
            except OSError:  # it died while idle (killed from outside): use a fresh one
                worker = self._replace(worker, "had ended while idle")
                worker.conn.send(job)
            outcome = await asyncio.to_thread(self._wait, worker, limits.timeout + 1.0)
        except (EOFError, OSError):
            idle.put_nowait(self._replace(worker, "stopped (over the memory limit?)"))
            raise QueryFailed(507, _too_big(limits)) from None
        except BaseException:  # cancelled with its request: the worker may still be busy
            idle.put_nowait(self._replace(worker, "was stopped with its request"))
            raise
        if outcome is None:
            idle.put_nowait(self._replace(worker, f"ran past the {limits.timeout:g} s timeout"))
            raise QueryFailed(
                503,
                f"query timed out after {limits.timeout:g} s and was stopped — add LIMIT or "
                "simplify it (the server goes on serving)",
            )
        if outcome[0] == "fail" and outcome[1] == 507:  # the worker ends itself after this
            worker = self._replace(worker, "ran out of memory")
        idle.put_nowait(worker)
        if outcome[0] == "fail":
            raise QueryFailed(outcome[1], outcome[2])
        answer: Answer = outcome[1]
        return answer

    def close(self) -> None:
        for worker in self._workers:
            worker.stop()


__all__ = ["Answer", "Job", "Limits", "Pool", "QueryFailed"]
