"""Bad input through the real entry point: one clear line on stderr, exit 2, nothing written,
nothing of the user's changed; labels from data shown literally in every output."""

from __future__ import annotations

import re
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FORMATS_DIR = Path(__file__).parent / "data" / "formats"

EVIL = "</script><script>alert(1)</script><img src=x onerror=alert(2)>\"'& | [x](javascript:y)"


def assert_one_error_line(result, *needles: str) -> str:
    """The result is a usage/input error: exit 2, exactly one line on stderr, no traceback."""
    assert result.code == 2, (result.code, result.stdout[-500:], result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    # "Fejl: " from the plan owners' commands (template, import, export: Danish by default)
    assert line.startswith(("Error: ", "Fejl: ")), line
    assert "internal error" not in line and "Traceback" not in result.stderr, line
    for needle in needles:
        assert needle in line, (needle, line)
    return line


def _turtle_literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(f"\\u{ord(c):04X}" if ord(c) < 0x20 else c for c in escaped) + '"'


def hostile_turtle(path: Path, extra: str = "") -> Path:
    """An initiative of BUF's 2011–2012 plan with a hostile label (to load beside data/)."""
    label = _turtle_literal(f"Init {EVIL} \u2028\u202eRTL עברית {extra}{'L' * 3000}")
    path.write_text(
        "@prefix kkt: <https://w3id.org/kktrace/def#> .\n"
        "@prefix kk: <https://w3id.org/kktrace/id/kk/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        f"kk:EVIL-I01 a kkt:LocalInitiative ; rdfs:label {label}@da ;\n"
        f"  skos:notation {_turtle_literal('N<b>|')} ; kkt:partOf kk:plan-BUF-2011-2012 ;\n"
        '  kkt:startDate "2011-01-01"^^xsd:date ; kkt:endDate "2012-12-31"^^xsd:date ;\n'
        f"  kkt:status kkt:InProgress ; rdfs:comment {_turtle_literal('C ' + EVIL)}@da .\n",
        encoding="utf-8",
    )
    return path


# -- usage errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["check", "--fail-on", "bogus"], "--fail-on"),
        (["check", "--lang", "fr"], "--lang"),
        (["check", "--no-such-option"], "--no-such-option"),
        (["status"], "--year"),
        (["status", "--year", "abc"], "--year"),
        (["export", "--format", "bogus"], "--format"),
        (["view", "--focus", "X", "--depth", "-1"], "--depth"),
        (["impact"], "args"),
        (["no-such-command"], "no-such-command"),
    ],
)
def test_click_usage_errors_are_one_line(cli, args, needle) -> None:
    line = assert_one_error_line(cli(*args), needle)
    assert "--help" in line  # and says where to look


def test_help_and_version_unchanged(cli) -> None:
    assert cli("--help").code == 0
    bare = cli()
    assert bare.code == 2 and "Usage:" in bare.stdout + bare.stderr


# -- SPARQL ---------------------------------------------------------------------------------


def test_sparql_syntax_error_is_one_line(cli, tmp_path: Path) -> None:
    assert_one_error_line(cli("query", "--query", "SELECT * WHERE { ?s ?p "), "--query:1:24")
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT * { ?s ?p \n", encoding="utf-8")
    assert_one_error_line(cli("query", bad), f"{bad}:")


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://a.example/s> <http://a.example/p> 1 }",
        "# a comment <x>\nPREFIX ex: <http://a.example/#> DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://127.0.0.1:9/x>",
        "CLEAR ALL",
    ],
)
def test_update_query_refused_clearly(cli, update) -> None:
    line = assert_one_error_line(cli("query", "--query", update), "SPARQL Update")
    assert "SELECT" in line


def test_query_file_not_utf8(cli, tmp_path: Path) -> None:
    bad = tmp_path / "latin1.rq"
    bad.write_bytes('SELECT * { ?s rdfs:label "Ø" }'.encode("latin-1"))
    assert_one_error_line(cli("query", bad), str(bad), "UTF-8")


def test_query_service_unreachable(cli) -> None:
    text = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    assert_one_error_line(cli("query", FORMATS_DIR / "plan.ttl", "--query", text), "SERVICE")


def test_query_xml_refuses_control_characters(cli, tmp_path: Path) -> None:
    data = hostile_turtle(tmp_path / "evil.ttl", extra="\x01\x1b[31m")
    text = "SELECT ?l WHERE { ?x rdfs:label ?l }"
    assert_one_error_line(cli("query", data, "--query", text, "--format", "xml"), "JSON")
    assert cli("query", data, "--query", text, "--format", "json").code == 0


def test_serve_xml_with_control_characters_is_406(tmp_path: Path) -> None:
    from kktrace.model.store import load
    from kktrace.sparql.answer import execute
    from kktrace.sparql.workers import Job, Limits, QueryFailed

    model = load([hostile_turtle(tmp_path / "evil.ttl", extra="\x01")])
    with pytest.raises(QueryFailed) as info:
        execute(
            model.store,
            Job("SELECT ?l WHERE { ?x rdfs:label ?l }", accept="*/*", fmt="xml"),
            Limits(),
            time.monotonic() + 30,
        )
    assert info.value.status == 406 and "XML" in info.value.message


# -- rules ----------------------------------------------------------------------------------

RULE_HEADER = """# id: my-rule
# severity: error
# title@da: t
# title@en: t
# description@da: d
# description@en: d
# fix@da: f
# fix@en: f
# message@da: {message}
# message@en: m {{focus}}
"""


@pytest.mark.parametrize(
    ("message", "body", "needle"),
    [
        ("m {focus", "SELECT ?focus WHERE { ?focus a kkt:Goal }", "message@da"),
        ("m {0}", "SELECT ?focus WHERE { ?focus a kkt:Goal }", "{0}"),
        ("m {focus.x}", "SELECT ?focus WHERE { ?focus a kkt:Goal }", "{focus.x}"),
        ("m {focus!z}", "SELECT ?focus WHERE { ?focus a kkt:Goal }", "message@da"),
        ("m {focus:>>>>}", "SELECT ?focus WHERE { ?focus a kkt:Goal }", "message@da"),
        ("m {focus}", "SELECT ?focus WHERE { ?focus a ", "SPARQL syntax error"),
    ],
)
def test_broken_user_rule_is_one_line(cli, tmp_path: Path, message, body, needle) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    rule = rules / "mine.rq"
    rule.write_text(RULE_HEADER.format(message=message) + body + "\n", encoding="utf-8")
    for command in ("check", "rules"):
        assert_one_error_line(cli(command, "--rules-dir", rules), str(rule), needle)


def test_user_rule_message_with_braces_and_conversions_works(cli, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    body = "SELECT ?focus WHERE { ?focus a kkt:CommonGoal }"
    (rules / "ok.rq").write_text(
        RULE_HEADER.format(message="{{lit}} {focus!s:>3} {other}") + body + "\n",
        encoding="utf-8",
    )
    result = cli("check", "--rules-dir", rules, "--rule", "my-rule", "--format", "json")
    assert result.code == 1, result.stderr
    assert '"message": "{lit} «' in result.stdout


# -- outputs and input files ----------------------------------------------------------------


def test_view_refuses_to_overwrite_an_input_file(cli, tmp_path: Path) -> None:
    data = tmp_path / "plan.ttl"
    data.write_bytes((FORMATS_DIR / "plan.ttl").read_bytes())
    before = data.read_bytes()
    assert_one_error_line(cli("view", data, "-o", data), "input file")
    assert_one_error_line(cli("view", tmp_path, "-o", tmp_path / "." / "plan.ttl"), "input file")
    assert data.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.ttl"]


def test_template_needs_an_xlsx_name(cli, tmp_path: Path) -> None:
    assert_one_error_line(cli("template", "-o", tmp_path / "plan.csv"), ".xlsx")
    assert not (tmp_path / "plan.csv").exists()


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ('{"findings": [5]}', "finding 1 is not a JSON object"),
        ('{"findings": [{"rule": 1, "focus": "x", "severity": "error"}]}', "'rule'"),
        ('{"findings": [{"rule": "r", "focus": {}, "severity": "error"}]}', "'focus'"),
        ('{"findings": [{"rule": "r", "focus": "x", "severity": "bad"}]}', "severity 'bad'"),
        (
            '{"findings": [{"rule": "r", "focus": "x", "severity": "info", "related": 5}]}',
            "related",
        ),
        ("{garbage", "not valid JSON"),
    ],
)
def test_report_baseline_garbage(cli, tmp_path: Path, content, needle) -> None:
    baseline = tmp_path / "old.json"
    baseline.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    assert_one_error_line(
        cli("report", FORMATS_DIR / "plan.ttl", "-o", out, "--baseline", baseline),
        "old.json",
        needle,
    )
    assert not out.exists()


@pytest.mark.parametrize("year", ["-5", "0", "99999999999999999999"])
def test_status_year_out_of_range(cli, year) -> None:
    assert_one_error_line(cli("status", "--year", year), "--year")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_xml_formats_refuse_control_characters(cli, tmp_path: Path, fmt) -> None:
    data = hostile_turtle(tmp_path / "evil.ttl", extra="\x01")
    out = tmp_path / f"model.{fmt}"
    assert_one_error_line(cli("export", data, "-o", out), "EVIL-I01", "control characters")
    assert not out.exists()


def test_diff_git_names_the_file_at_its_revision(cli, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    (repo / "data" / "bad.ttl").write_text("<a> a <b>\n<c> .\n", encoding="utf-8")

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=repo,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "bad")
    line = assert_one_error_line(
        cli("diff", "--git", "HEAD", "HEAD", cwd=repo), "HEAD:data/bad.ttl:2"
    )
    assert "kktrace-diff-" not in line


# -- hostile labels -------------------------------------------------------------------------


class _Scan(HTMLParser):
    """Elements, event-handler attributes and URLs a browser would load."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.bad: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.bad.append((tag, name, value or ""))
            loads = name in ("src", "href", "action", "srcset", "poster", "data", "xlink:href")
            if loads and re.match(r"\s*(https?:|//|javascript:)", value or "", re.I):
                self.bad.append((tag, name, value or ""))


def assert_safe_html(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    scan = _Scan()
    scan.feed(text)
    assert scan.bad == [], (path, scan.bad[:3])
    assert "img" not in scan.tags, path
    assert "<script>alert" not in text and "<img src=x" not in text, path
    assert not re.search(r"url\(\s*['\"]?(https?:|//)|@import", text), path


def test_hostile_labels_are_shown_literally(cli, tmp_path: Path) -> None:
    evil = hostile_turtle(tmp_path / "evil.ttl")
    out = tmp_path / "out"
    report = cli("report", DATA, evil, "-o", out, "--date", "2020-01-01")
    assert report.code in (0, 1), report.stderr
    view = cli("view", DATA, evil, "-o", out / "view.html")
    assert view.code == 0, view.stderr
    status = cli("status", DATA, evil, "--year", "2011", "-o", out)
    assert status.code == 0, status.stderr
    status_md = cli("status", DATA, evil, "--year", "2011", "-o", out, "--format", "md")
    assert status_md.code == 0, status_md.stderr
    for page in ("gap-report.da.html", "view.html", "status-2011.da.html"):
        assert_safe_html(out / page)
    assert "&lt;script&gt;alert(1)" in (out / "gap-report.da.html").read_text(encoding="utf-8")
    # The Markdown reports show the label literally too (no raw HTML, links or table breaks).
    for md in ("gap-report.da.md", "status-2011.da.md"):
        text = (out / md).read_text(encoding="utf-8")
        assert "Init \\</script\\>\\<script\\>alert(1)" in text, md
        assert not re.search(r"(?<!\\)<(script|/script|img)", text), md
        assert "N\\<b\\>\\|" in text or md.startswith("gap"), md
