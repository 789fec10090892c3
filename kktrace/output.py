"""Writing output files safely: never a half-written file, never a user's input clobbered."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kktrace.errors import OutputError


def write_atomic(path: Path | str, content: str | bytes, *, force: bool = True) -> Path:
    """Write ``content`` to ``path`` through a temporary file in the same folder + rename.

    With ``force=False`` an existing file is left alone and :class:`OutputError` raised.
    Parent folders are created. Text is written as UTF-8 with ``\\n`` line ends.
    """
    target = Path(path)
    if target.exists() and not force:
        raise OutputError(f"{target}: already exists — use --force to overwrite it")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError(
            f"{target}: cannot be written ({exc.strerror or exc}) — check the folder"
        ) from None
    return target
