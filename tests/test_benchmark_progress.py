"""kktrace.progress: a bar on a terminal, nothing anywhere else."""

from __future__ import annotations

import io

import pytest

from kktrace.progress import progress, should_show


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KKTRACE_NO_PROGRESS", raising=False)
    monkeypatch.setenv("TERM", "xterm")


def test_not_shown_when_not_a_terminal() -> None:
    stream = io.StringIO()
    assert not should_show(stream=stream)
    with progress(5, "Checking", stream=stream) as bar:
        for _ in range(5):
            bar.advance()
    assert stream.getvalue() == ""
    assert bar.completed == 5


def test_not_shown_when_quiet_even_on_a_terminal() -> None:
    stream = _Tty()
    assert not should_show(quiet=True, stream=stream)
    with progress(2, "Checking", quiet=True, stream=stream) as bar:
        bar.advance(2)
    assert stream.getvalue() == ""


def test_environment_switches_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KKTRACE_NO_PROGRESS", "1")
    assert not should_show(stream=_Tty())
    monkeypatch.delenv("KKTRACE_NO_PROGRESS")
    monkeypatch.setenv("TERM", "dumb")
    assert not should_show(stream=_Tty())


def test_shown_on_a_terminal() -> None:
    stream = _Tty()
    assert should_show(stream=stream)
    with progress(3, "Checking", stream=stream) as bar:
        bar.describe("orphan-initiative")
        bar.advance(3)
    assert bar.description == "orphan-initiative"
    assert bar.completed == 3
    assert stream.getvalue()  # rich drew (and then cleared) the bar


def test_forced_off_on_a_terminal() -> None:
    stream = _Tty()
    with progress(1, "Checking", enabled=False, stream=stream) as bar:
        bar.advance()
    assert stream.getvalue() == ""
