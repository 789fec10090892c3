"""A progress bar for long work, shown only to a person at a terminal.

``check``, ``report`` and ``view`` on national-scale inputs take seconds; a bar on stderr
says they are alive. It never appears where a program reads the output: not when stderr is
not a terminal (pipes, CI, ``subprocess`` with captured output), not with ``quiet`` (set it
for ``--format json`` and other machine formats). rich is imported only when a bar is
really drawn, so start-up stays lean.

>>> with progress(3, "Checking", enabled=False) as bar:
...     for _ in range(3):
...         bar.advance()
>>> bar.completed
3
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO


class Bar:
    """What the ``with progress(...)`` block gets: advance it, rename the current step."""

    def __init__(self, total: float | None, description: str) -> None:
        self.total = total
        self.description = description
        self.completed: float = 0
        self._rich: Any = None
        self._task: Any = None

    def advance(self, step: float = 1) -> None:
        """Count ``step`` more units of work done."""
        self.completed += step
        if self._rich is not None:
            self._rich.update(self._task, advance=step)

    def describe(self, description: str) -> None:
        """Show what is being done now (e.g. the rule id being run)."""
        self.description = description
        if self._rich is not None:
            self._rich.update(self._task, description=description)


def should_show(quiet: bool = False, stream: TextIO | None = None) -> bool:
    """True when a bar helps: ``stream`` (default stderr) is a terminal and not ``quiet``.

    ``TERM=dumb`` and ``KKTRACE_NO_PROGRESS`` (any value) turn it off too.
    """
    if quiet or os.environ.get("KKTRACE_NO_PROGRESS") is not None:
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    stream = stream if stream is not None else sys.stderr
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


@contextmanager
def progress(
    total: float | None,
    description: str,
    *,
    enabled: bool | None = None,
    quiet: bool = False,
    stream: TextIO | None = None,
) -> Iterator[Bar]:
    """Show a transient progress bar on ``stream`` (stderr) while the block runs.

    ``total`` is the number of units (``None``: unknown, a spinner-like bar).
    ``enabled=None`` decides with :func:`should_show` (``quiet`` and whether ``stream``
    is a terminal); ``True``/``False`` force it. The bar is removed when the block ends,
    so the command's own output is not mixed with it. Disabled, the block gets a
    :class:`Bar` that only counts, at no cost.
    """
    bar = Bar(total, description)
    show = should_show(quiet, stream) if enabled is None else enabled
    if not show:
        yield bar
        return

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(file=stream if stream is not None else sys.stderr)
    columns = [
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    ]
    with Progress(*columns, console=console, transient=True) as rich_progress:
        bar._rich = rich_progress
        bar._task = rich_progress.add_task(description, total=total)
        try:
            yield bar
        finally:
            bar._rich = None
