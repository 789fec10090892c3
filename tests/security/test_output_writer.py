"""The one shared writer (kktrace/output.py) and standard output under attack."""

from __future__ import annotations

import errno
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from input_helpers import assert_refused

from kktrace.errors import OutputError
from kktrace.output import write_atomic

KKTRACE = [str(Path(sys.executable).with_name("kktrace"))]


@pytest.fixture(scope="module")
def csv_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("csv") / "model.csv"
    done = subprocess.run([*KKTRACE, "export", "-o", path], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return path


def test_dev_null_is_never_replaced(cli, csv_file: Path) -> None:
    before = os.stat("/dev/null")
    for args in (
        ["import", csv_file, "-o", "/dev/null", "--force"],
        ["export", "--format", "csv", "-o", "/dev/null", "--force"],
        ["template", "-o", "/dev/null", "--force"],
    ):
        result = cli(*args)
        assert result.code == 2, (args, result.stderr)
        line = result.stderr.strip()
        assert "/dev/null" in line and ("character device" in line or "xlsx" in line), line
    after = os.stat("/dev/null")
    assert (after.st_ino, after.st_mode, after.st_rdev) == (
        before.st_ino,
        before.st_mode,
        before.st_rdev,
    )


def test_fifo_symlink_and_socket_refused(cli, csv_file: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.ttl"
    os.mkfifo(fifo)
    assert_refused(cli("import", csv_file, "-o", fifo, "--force"), "pipe.ttl", "named pipe")
    link = tmp_path / "link.ttl"
    link.symlink_to("/dev/null")
    assert_refused(cli("import", csv_file, "-o", link, "--force"), "link.ttl", "character device")
    sock_path = tmp_path / "s.ttl"
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(sock_path))
        assert_refused(cli("import", csv_file, "-o", sock_path, "--force"), "socket")
    finally:
        sock.close()
    assert fifo.is_fifo() and link.is_symlink() and sock_path.is_socket()


def test_report_folder_that_is_a_device(cli, tmp_path: Path) -> None:
    assert_refused(cli("status", "--year", "2012", "-o", "/dev/null"), "/dev/null")


def test_full_disk_is_an_error_and_leaves_nothing(monkeypatch, tmp_path: Path) -> None:
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, handle) -> None:
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            self.handle.close()

        def write(self, data) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name):
            return getattr(self.handle, name)

    monkeypatch.setattr(os, "fdopen", lambda fd, mode: Full(real_fdopen(fd, mode)))
    target = tmp_path / "out.ttl"
    target.write_text("old")
    with pytest.raises(OutputError, match=r"No space left on device.*free some space"):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]


def test_stdout_on_a_full_disk(cli) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([*KKTRACE, "export", "--format", "csv"], stdout=full, stderr=-1)
    assert done.returncode == 2
    lines = done.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "No space left on device" in lines[0], lines


def test_broken_pipe_and_closed_stdout() -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)
    done = subprocess.run([*KKTRACE, "info"], stdout=write_end, stderr=-1, text=True)
    os.close(write_end)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "broken pipe" in done.stderr, done.stderr
    closed = subprocess.run(
        [*KKTRACE, "info"], stderr=-1, text=True, preexec_fn=lambda: os.close(1)
    )
    assert closed.returncode == 2 and "standard output is closed" in closed.stderr


def test_head_does_not_turn_into_an_internal_error() -> None:
    done = subprocess.run(
        f"{KKTRACE[0]} check --format csv | head -1; exit ${{PIPESTATUS[0]}}",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
    )
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    assert done.returncode in (1, 2), done  # findings (1) or, if the pipe broke, one line (2)


def test_latin1_stdout_is_one_line(cli) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    done = subprocess.run(
        [*KKTRACE, "check", "--lang", "en"], capture_output=True, env=env, text=False
    )
    err = done.stderr.decode("latin-1").strip().splitlines()
    assert done.returncode == 2 and len(err) == 1, err
    assert "PYTHONIOENCODING=utf-8" in err[0] and "internal error" not in err[0]


def test_two_imports_at_once_only_one_wins(csv_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "same.ttl"
    runs = [
        subprocess.Popen(
            [*KKTRACE, "import", csv_file, "-o", target, "--lang", lang], stderr=-1, text=True
        )
        for lang in ("en", "en", "da")
    ]
    results = [(p.wait(), p.stderr.read()) for p in runs]
    assert [code for code, _ in results].count(0) == 1, results
    refused = [err for code, err in results if code != 0]
    assert len(refused) == 2, results
    assert all("already exists" in err or "findes allerede" in err for err in refused), results


def test_claim_is_atomic_even_when_the_check_is_raced(monkeypatch, tmp_path: Path) -> None:
    """Another run creates the file between the existence check and the rename."""
    target = tmp_path / "raced.ttl"
    target.write_text("the other run's output")
    monkeypatch.setattr(os.path, "lexists", lambda p: False)
    with pytest.raises(OutputError, match="already exists"):
        write_atomic(target, "mine", force=False)
    assert target.read_text() == "the other run's output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raced.ttl"]


def test_file_name_too_long(cli, csv_file: Path, tmp_path: Path) -> None:
    long_name = tmp_path / ("x" * 300 + ".ttl")
    assert_refused(cli("import", csv_file, "-o", long_name), "File name too long")
    assert_refused(cli("info", long_name), "x" * 20)


def test_input_name_too_long(cli, tmp_path: Path) -> None:
    long_name = tmp_path / ("y" * 300 + ".csv")
    assert_refused(cli("import", long_name), "File name too long", "y" * 20)
