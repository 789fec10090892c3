"""The docs cannot go stale: the option reference is the code's, and the examples run.

- Every ```sh example of README.md and docs/*.md runs through the real entry point with the
  exit code the docs give (rules below, at the runner).
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


# --- examples are tests ----------------------------------------------------------------
#
# Every line of a ```sh block in README.md and docs/*.md is one of:
#   - a comment line (``# …``): skipped;
#   - ``kktrace …`` (or ``.venv/bin/python …``, run with this python): run through the real entry point (``sys.executable -m kktrace``, via a
#     ``kktrace`` shim first on PATH) with bash in a scratch folder holding a copy of data/ and
#     examples/; the lines of one page run in order in one folder, so a later line can use
#     what an earlier one wrote. Expected exit code 0, or N when the comment starts with
#     ``exit N`` (``kktrace check  # exit 1: the bundled data has planted gaps``); a comment
#     with ``prints "TEXT"`` also requires TEXT in the output;
#   - anything else, or a ``kktrace`` line that needs a server, git history or the network:
#     it must say ``# not run: REASON``; the runner lists those lines, it never drops one
#     silently, and fails on a line with neither form.
# Synopses (``[--opt]``, ``a|b``) are not examples: they go in ```text blocks.

PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md")), ROOT / "data" / "README.md"]
_EXIT = re.compile(r"#\s*exit (\d)\b")
_PRINTS = re.compile(r'prints "([^"]+)"')
_NOT_RUN = re.compile(r"\bnot run:\s*(.+)$")


def _examples(page: Path) -> list[tuple[int, str]]:
    """(line number, command) of each line of the page's ```sh blocks, continuations joined."""
    found: list[tuple[int, str]] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    inside = False
    pending = ""
    start = 0
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("```"):
            inside = stripped == "```sh"
            continue
        if not inside or not stripped or (stripped.startswith("#") and not pending):
            continue
        if not pending:
            start = number
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        found.append((start, pending + stripped))
        pending = ""
    return found


def _shell_comment(command: str) -> str:
    """The trailing ``# …`` comment of a shell line (a ``#`` outside quotes after a blank)."""
    quote = ""
    for i, char in enumerate(command):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (i == 0 or command[i - 1].isspace()):
            return command[i:]
    return ""


def _scratch(tmp: Path) -> Path:
    import shutil
    import sys

    work = tmp / "work"
    work.mkdir()
    for name in ("data", "examples", "ontology"):
        shutil.copytree(ROOT / name, work / name, ignore=shutil.ignore_patterns("__pycache__"))
    shim = tmp / "bin"
    shim.mkdir()
    (shim / "kktrace").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m kktrace "$@"\n')
    (shim / "kktrace").chmod(0o755)
    return work


def _pages_with_examples() -> list[Path]:
    return [page for page in PAGES if page.exists() and _examples(page)]


@pytest.mark.slow  # about 90 s for all pages on this machine (2 cores, shared)
@pytest.mark.parametrize("page", _pages_with_examples(), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_examples_of_a_page_run(page: Path, tmp_path: Path) -> None:
    import os
    import shlex
    import subprocess
    import sys

    work = _scratch(tmp_path)
    env = {**os.environ, "PATH": f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    env["KKTRACE_NO_PROGRESS"] = "1"
    env.pop("KKTRACE_REFRESH_GOLDEN", None)
    where = page.relative_to(ROOT)
    failures: list[str] = []
    not_run: list[str] = []
    for number, command in _examples(page):
        comment = _shell_comment(command)
        skipped = _NOT_RUN.search(comment)
        if skipped:
            not_run.append(f"{where}:{number}: {skipped.group(1)}")
            continue
        if command.startswith(".venv/bin/python "):  # the project's python: this one
            command = shlex.quote(sys.executable) + command[len(".venv/bin/python") :]
        elif not command.startswith("kktrace "):
            failures.append(f"{where}:{number}: neither a kktrace line nor `# not run: …`")
            continue
        expected = int(m.group(1)) if (m := _EXIT.match(comment)) else 0
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            stdin=subprocess.DEVNULL,
        )
        if done.returncode != expected:
            failures.append(
                f"{where}:{number}: `{command}` exited {done.returncode}, the docs say "
                f"{expected}\n      {done.stderr.strip()[-400:]}"
            )
        elif (said := _PRINTS.search(comment)) and said.group(1) not in done.stdout + done.stderr:
            failures.append(
                f"{where}:{number}: the docs say it prints {said.group(1)!r}; it printed\n"
                f"{(done.stdout + done.stderr)[-400:]}"
            )
        elif "Traceback" in done.stderr:
            failures.append(f"{where}:{number}: traceback on stderr\n{done.stderr[-600:]}")
    if not_run:
        print("not run (reason given in the docs):\n  " + "\n  ".join(not_run))
    assert not failures, "documented examples that do not work:\n  " + "\n  ".join(failures)


def test_data_readme_names_the_statuses_that_go_backwards() -> None:
    """data/README.md's list of backwards statuses is what ``kktrace status`` reports."""
    import json
    import os
    import subprocess
    import sys

    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    start = text.index("statuses go backwards")
    paragraph = text[start : text.index("```", start)]
    documented = set(re.findall(r"`kk:([A-Z]+-\d{4}-I\d+)`", paragraph)) - {"FHP-2013-I05"}
    done = subprocess.run(
        [sys.executable, "-m", "kktrace", "status", "--year", "2012", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "KKTRACE_NO_PROGRESS": "1"},
    )
    reported = {b["iri"].rsplit("/", 1)[1] for b in json.loads(done.stdout)["backwards"]}
    assert documented == reported


def test_every_option_the_docs_name_exists() -> None:
    """The other direction: an option a page shows after ``kktrace COMMAND`` (in a code span
    or an example) is an option of that command, so a renamed or removed option cannot
    linger in a hand-written table or example."""
    gen = _gen_cli()
    commands = gen.commands()
    known = {name: {*gen.options(c), "--help"} for name, c in commands.items()}
    wrong: list[str] = []
    for page in PAGES:
        if page.name == "cli.md" or not page.exists():
            continue
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(r"kktrace ([a-z]+)\b([^`\n#]*)", text):
            name = match.group(1)
            if name not in known:
                continue
            tail = re.split(r"\|\||;| > ", match.group(2))[0]
            for option in re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", tail):
                if option not in known[name] | known[""]:
                    line = text[: match.start()].count("\n") + 1
                    wrong.append(f"{page.relative_to(ROOT)}:{line}: kktrace {name} {option}")
    assert not wrong, "options the docs name that the command does not have:\n  " + "\n  ".join(
        wrong
    )


def _python_blocks(page: Path) -> list[tuple[int, str]]:
    text = page.read_text(encoding="utf-8")
    return [
        (text[: m.start()].count("\n") + 2, m.group(1))
        for m in re.finditer(r"^```python\n(.*?)^```", text, flags=re.S | re.M)
    ]


@pytest.mark.parametrize(
    "page",
    [p for p in PAGES if p.exists() and _python_blocks(p)],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_the_python_examples_of_a_page_run(page: Path, tmp_path: Path) -> None:
    """Each ```python block runs (in a copy of data/ and examples/) without an exception;
    a line ending in ``# not run: REASON`` is left out and listed; ``print(…)  # VALUE``
    must print VALUE."""
    import os
    import subprocess
    import sys

    work = _scratch(tmp_path)
    failures: list[str] = []
    for number, code in _python_blocks(page):
        lines = []
        expected: list[str] = []
        for offset, line in enumerate(code.splitlines()):
            skipped = _NOT_RUN.search(_shell_comment(line))
            if skipped:
                print(f"not run: {page.relative_to(ROOT)}:{number + offset}: {skipped.group(1)}")
                line = line[: len(line) - len(line.lstrip())] + "pass"
            elif line.startswith("print(") and (comment := _shell_comment(line)):
                expected.append(comment.lstrip("# ").strip())
            lines.append(line)
        done = subprocess.run(
            [sys.executable, "-c", "\n".join(lines)],
            cwd=work,
            capture_output=True,
            text=True,
            timeout=180,
            env={**os.environ, "KKTRACE_NO_PROGRESS": "1"},
        )
        where = f"{page.relative_to(ROOT)}:{number}"
        if done.returncode != 0:
            failures.append(f"{where}: exited {done.returncode}\n{done.stderr[-800:]}")
        for value in expected:
            if value not in done.stdout:
                failures.append(
                    f"{where}: the docs say it prints {value!r}; it printed\n{done.stdout[:400]}"
                )
    assert not failures, "python examples that do not work:\n  " + "\n  ".join(failures)


def test_the_rule_example_is_the_shipped_rule() -> None:
    """docs/checks.md shows examples/my-rules/no-english-label.rq as it is."""
    text = (DOCS / "checks.md").read_text(encoding="utf-8")
    shipped = (ROOT / "examples" / "my-rules" / "no-english-label.rq").read_text(encoding="utf-8")
    assert f"```sparql\n{shipped}```" in text


def test_no_command_example_escapes_the_runner() -> None:
    """A fenced block of kktrace lines says what it is: ```sh (run) or ```text (a synopsis),
    so an example cannot go untested by leaving the language out."""
    untagged: list[str] = []
    for page in PAGES:
        if not page.exists():
            continue
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(r"^ *```(\w*)\n(.*?)^ *```", text, flags=re.S | re.M):
            first = match.group(2).lstrip().split("\n", 1)[0]
            if not match.group(1) and re.match(r"(kktrace|\.venv/bin/|python)", first):
                untagged.append(
                    f"{page.relative_to(ROOT)}:{text[: match.start()].count(chr(10)) + 1}"
                )
    assert not untagged, "command blocks without sh/text: " + ", ".join(untagged)
