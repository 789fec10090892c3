"""The progress bar of ``kktrace check``: on a terminal only, never in machine output."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

KKTRACE = str(Path(sys.executable).with_name("kktrace"))


def _run_with_tty_stderr(*args: str) -> tuple[int, str, str]:
    """Run kktrace with stderr on a pseudo-terminal; return (code, stdout, stderr text)."""
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in {"KKTRACE_NO_PROGRESS", "TERM"}}
    env["TERM"] = "xterm"
    proc = subprocess.Popen(
        [KKTRACE, *args], stdout=subprocess.PIPE, stderr=slave, env=env, text=True
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    out = proc.stdout.read() if proc.stdout else ""
    proc.wait(timeout=120)
    os.close(master)
    return proc.returncode, out, b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(not Path(KKTRACE).exists(), reason="kktrace console script not installed")
def test_bar_on_a_terminal_for_text_output() -> None:
    code, out, err = _run_with_tty_stderr("check", "--no-shapes")
    assert code == 1
    assert "orphan-initiative" in out
    assert "━" in err  # rich's bar
    assert "━" not in out


@pytest.mark.skipif(not Path(KKTRACE).exists(), reason="kktrace console script not installed")
def test_no_bar_for_json_even_on_a_terminal() -> None:
    code, out, err = _run_with_tty_stderr("check", "--no-shapes", "--format", "json")
    assert code == 1
    assert out.startswith("{")
    assert "━" not in err


def test_no_bar_when_stderr_is_not_a_terminal(cli) -> None:
    result = cli("check", "--no-shapes")
    assert result.code == 1
    assert result.stderr == ""


@pytest.mark.skipif(not Path(KKTRACE).exists(), reason="kktrace console script not installed")
@pytest.mark.parametrize("command", ["report", "view"])
def test_report_and_view_show_a_bar_and_still_print_paths(command: str, tmp_path: Path) -> None:
    out = tmp_path / ("r" if command == "report" else "v.html")
    args = [command, "-o", str(out)] + (["--date", "2026-11-26"] if command == "report" else [])
    code, stdout, err = _run_with_tty_stderr(*args)
    assert code == (1 if command == "report" else 0)
    assert "━" in err
    assert str(out) in stdout
    assert "━" not in stdout


@pytest.mark.skipif(not Path(KKTRACE).exists(), reason="kktrace console script not installed")
def test_error_inside_the_bar_is_still_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix kkt: <https://w3id.org/kktrace/def#> .\n<a> a kkt:Goal\n", "utf-8")
    code, _, err = _run_with_tty_stderr("view", str(bad), "-o", str(tmp_path / "v.html"))
    assert code == 2
    errors = [line for line in err.splitlines() if "Error:" in line]
    assert len(errors) == 1 and f"{bad}:" in errors[0]
    assert "Traceback" not in err
    assert not (tmp_path / "v.html").exists()
