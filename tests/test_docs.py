"""The docs cannot go stale: the option reference is the code's, and the examples run.

- docs/cli.md is generated from the typer app by ``python docs/gen_cli.py``; a test fails
  (naming the options) when a command has an option the page does not list, and when the
  page is not exactly what the generator writes today.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _gen_cli():
    spec = importlib.util.spec_from_file_location("gen_cli", DOCS / "gen_cli.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sections(text: str) -> dict[str, str]:
    """docs/cli.md cut at its ``## `kktrace NAME` `` headings: command name -> section."""
    parts = re.split(r"^## `kktrace ?([a-z-]*)`$", text, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def _documented(section: str) -> set[str]:
    """The option names in the name column of a section's table."""
    names: set[str] = set()
    for cell in re.findall(r"^\| option \| `([^`]*)` \|", section, flags=re.M):
        names.update(re.findall(r"(?<![\w-])-{1,2}[A-Za-z][\w-]*", cell.split("<")[0]))
    return names


def test_every_option_of_every_command_is_in_the_reference() -> None:
    gen = _gen_cli()
    sections = _sections((DOCS / "cli.md").read_text(encoding="utf-8"))
    missing: list[str] = []
    for name, command in gen.commands().items():
        section = sections.get(name)
        if section is None:
            missing.append(f"kktrace {name}: no section in docs/cli.md".replace("  ", " "))
            continue
        for option in gen.options(command):
            if option not in _documented(section):
                missing.append(f"kktrace {name} {option}".replace("  ", " "))
    assert not missing, (
        "options missing from docs/cli.md (run `python docs/gen_cli.py`):\n  "
        + "\n  ".join(missing)
    )


def test_the_reference_is_what_the_generator_writes() -> None:
    gen = _gen_cli()
    fresh = gen.render()
    on_disk = (DOCS / "cli.md").read_text(encoding="utf-8")
    if fresh != on_disk:
        import difflib

        diff = "".join(
            difflib.unified_diff(
                on_disk.splitlines(True), fresh.splitlines(True), "docs/cli.md", "generated", n=0
            )
        )
        pytest.fail(f"docs/cli.md is stale: run `python docs/gen_cli.py`\n{diff[:3000]}")


def test_the_option_check_can_fail() -> None:
    """An option the page does not name is reported (the check is not vacuous)."""
    gen = _gen_cli()
    command = gen.commands()["check"]
    section = _sections((DOCS / "cli.md").read_text(encoding="utf-8"))["check"]
    assert "--fail-on" in gen.options(command)
    assert "--fail-on" in _documented(section)
    assert "--fail" not in _documented(section)
    cut = re.sub(r"^\| option \| `--fail-on.*\n", "", section, flags=re.M)
    assert "--fail-on" not in _documented(cut)
