"""Writing output files safely: never a half-written file, never a user's input clobbered.

Every command writes its files through :func:`write_atomic`: the content goes to a
temporary file in the target's folder, which then takes the target's name in one step.
Only regular files are ever replaced (never ``/dev/null``, a FIFO or a socket); without
``force`` the name is claimed atomically, so two runs writing the same file at once
cannot both succeed; a full disk or any other write error is an :class:`OutputError`.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from kktrace.errors import OutputError

_KINDS = {
    stat.S_ISDIR: "a folder",
    stat.S_ISCHR: "a character device",
    stat.S_ISBLK: "a block device",
    stat.S_ISFIFO: "a named pipe (FIFO)",
    stat.S_ISSOCK: "a socket",
}


def write_atomic(
    path: Path | str, content: str | bytes, *, force: bool = True, sync: bool = True
) -> Path:
    """Write ``content`` to ``path`` through a temporary file in the same folder + rename.

    With ``force=False`` an existing file is left alone and :class:`OutputError` raised —
    also when another process creates it while this one writes. A target that exists and
    is not a regular file is refused whatever ``force`` says. Parent folders are created.
    Text is written as UTF-8 with ``\\n`` line ends. ``sync=False`` skips flushing the
    content to the disk before the rename (a crash may then leave an empty or partial
    file under the name): only for files whose reader detects damage, like the
    checksummed entries of ``check --cache``.
    """
    target = Path(path)
    check_target(target, force=force)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".kktrace-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                if sync:
                    handle.flush()
                    os.fsync(handle.fileno())
            os.chmod(tmp, 0o644)
            if force:
                refuse_non_regular(target)
                os.replace(tmp, target)
            else:
                _claim(Path(tmp), target)
        finally:
            Path(tmp).unlink(missing_ok=True)
    except OSError as exc:
        raise OutputError(_os_message(target, exc)) from None
    return target


def check_target(target: Path, *, force: bool) -> None:
    """Refuse early what :func:`write_atomic` would refuse (call before long work)."""
    refuse_non_regular(target)
    if not force and os.path.lexists(target):
        raise OutputError(f"{target}: already exists — use --force to overwrite it")


def refuse_non_regular(target: Path) -> None:
    """Raise :class:`OutputError` if ``target`` exists and is not a regular file."""
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return  # Does not exist (or a dangling symbolic link, which the rename replaces).
    except OSError as exc:
        raise OutputError(_os_message(target, exc)) from None
    for test, kind in _KINDS.items():
        if test(mode):
            raise OutputError(
                f"{target}: is {kind}, not a regular file — kktrace writes only regular "
                "files; give a file path with -o"
            )


def _claim(tmp: Path, target: Path) -> None:
    """Give ``tmp`` the name ``target`` only if that name is free, in one step."""
    try:
        os.link(tmp, target)
        return
    except FileExistsError:
        raise OutputError(
            f"{target}: already exists (perhaps written just now by another run) — "
            "use --force to overwrite it"
        ) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
    # A file system without hard links: claim the name by creating it exclusively.
    try:
        os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
    except FileExistsError:
        raise OutputError(
            f"{target}: already exists (perhaps written just now by another run) — "
            "use --force to overwrite it"
        ) from None
    os.replace(tmp, target)


def _os_message(target: Path, exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        hint = "free some space and run again (nothing was written)"
    elif exc.errno == errno.ENAMETOOLONG:
        hint = "give a shorter file name"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = "choose a folder you can write to"
    else:
        hint = "check the folder"
    return f"{target}: cannot be written ({reason}) — {hint}"
