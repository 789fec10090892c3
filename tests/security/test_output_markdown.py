"""Markdown outputs (check --format md, the status report) show data literally."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EVIL = (
    "<img src=x onerror=alert(1)> **bold** [link](javascript:alert(2)) ![i](http://x/y.png) | `c`"
)


def _hostile(folder: Path, focus: str = "kk:EVIL-1") -> Path:
    (folder / "evil.ttl").write_text(
        "@prefix kkt: <https://w3id.org/kktrace/def#> .\n"
        "@prefix kk: <https://w3id.org/kktrace/id/kk/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f"{focus} a kkt:LocalInitiative ; rdfs:label {EVIL!r}@da ;\n"
        "  kkt:partOf kk:plan-BUF-2011-2012 .\n".replace(f"{EVIL!r}", '"' + EVIL + '"')
    )
    return folder


def unescaped(pattern: str, text: str) -> list[str]:
    """Occurrences of ``pattern`` whose first character has no backslash before it."""
    return re.findall(r"(?<!\\)" + pattern, text)


def assert_inert(markdown: str) -> None:
    """No HTML tag, image, link to a non-http URL or emphasis survives from the label."""
    assert unescaped(r"<img", markdown) == []
    assert unescaped(r"\]\(javascript", markdown.lower()) == []
    assert unescaped(r"\]\(http://x/y", markdown) == []
    assert unescaped(r"\*\*bold", markdown) == []
    assert unescaped(r"`c", markdown) == []


def test_check_md_escapes_labels(cli, tmp_path: Path) -> None:
    _hostile(tmp_path)
    result = cli("check", ROOT / "data", tmp_path, "--format", "md")
    assert result.code == 1, result.stderr
    assert "onerror" in result.stdout  # the label is there, as text
    assert_inert(result.stdout)


def test_check_md_never_links_a_javascript_iri(cli, tmp_path: Path) -> None:
    _hostile(tmp_path, focus="<javascript://x/%0Aalert(document.domain)>")
    result = cli("check", ROOT / "data", tmp_path, "--format", "md", "--lang", "en")
    assert result.code == 1, result.stderr
    assert "javascript://x" in result.stdout
    assert unescaped(r"\]\(javascript", result.stdout.lower()) == []


def test_status_md_source_line_is_escaped(cli, tmp_path: Path) -> None:
    folder = tmp_path / "<b>x</b> [y](javascript:z)"
    shutil.copytree(ROOT / "data", folder)
    result = cli("status", folder, "--year", "2012", "--format", "md")
    assert result.code == 0, result.stderr
    source = next(line for line in result.stdout.splitlines() if "javascript" in line)
    assert unescaped("<b>", source) == [] and unescaped(r"\]\(javascript", source) == []
