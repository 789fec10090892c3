"""kktrace check and kktrace rules: library API, CLI exit codes, formats, user rules, schema."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

import kktrace
from kktrace import check, load
from kktrace.errors import ParseError, UsageError
from kktrace.rules import CONTRACT_RULES, load_rq, parse_header, registry

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
SCHEMA = json.loads((ROOT / "schemas" / "check-report.schema.json").read_text(encoding="utf-8"))
#: Errors and warnings, several rules: orphan (error) + priority conflict (error).
MIXED = CASES / "priority-conflict" / "fails.ttl"
WARN_ONLY = CASES / "support-period-mismatch" / "fails.ttl"
CLEAN = CASES / "shape-violation" / "passes.ttl"

GOOD_RULE = """\
# id: no-english-label
# severity: info
# title@da: Ingen engelsk etiket
# title@en: No English label
# description@da: Initiativet har ingen engelsk etiket.
# description@en: The initiative has no English label.
# fix@da: Tilføj rdfs:label med @en.
# fix@en: Add rdfs:label with @en.
# message@da: {focus} har ingen engelsk etiket.
# message@en: {focus} has no English label.
SELECT ?focus WHERE {
  ?focus a kkt:Initiative .
  FILTER NOT EXISTS { ?focus rdfs:label ?l . FILTER(LANG(?l) = "en") }
}
"""


# -- library ----------------------------------------------------------------------------


def test_public_api_is_importable() -> None:
    from kktrace.findings.run import check as check_function
    from kktrace.findings.run import registry as registry_function

    assert callable(check) and callable(check_function) and callable(registry_function)
    assert kktrace.findings.run.registry is registry_function


def test_registry_lists_every_contract_rule_with_metadata() -> None:
    rules = {r.id: r for r in registry()}
    assert set(CONTRACT_RULES) <= set(rules)
    for rule in rules.values():
        assert rule.severity in {"error", "warning", "info"}
        for field in ("title", "description", "fix", "message"):
            assert rule.text(field, "da") and rule.text(field, "en"), (rule.id, field)
        assert rule.location
    assert [r.id for r in registry()] == sorted(rules)


def test_check_returns_sorted_report() -> None:
    report = check(load([MIXED]), shapes=False)
    keys = [(f.rule, f.focus) for f in report.findings]
    assert keys == sorted(keys)
    assert "shape-violation" not in report.rules
    assert report.summary["error"] >= 2 and not report.conforms


def test_unknown_rule_id_lists_known_ones() -> None:
    with pytest.raises(UsageError, match="orphan-initiative"):
        check(load([CLEAN]), rules=["no-such-rule"])
    with pytest.raises(UsageError, match="no-such-rule"):
        check(load([CLEAN]), skip=["no-such-rule"])


def test_skip_and_only() -> None:
    model = load([MIXED])
    only = check(model, rules=["priority-conflict"])
    assert {f.rule for f in only.findings} == {"priority-conflict"}
    skipped = check(model, skip=["priority-conflict", "shape-violation"])
    assert "priority-conflict" not in {f.rule for f in skipped.findings}


def test_messages_in_both_languages() -> None:
    model = load([CASES / "hollow-local-plan" / "different-common-plan.ttl"])
    da = check(model, rules=["hollow-local-plan"], lang="da").findings[0]
    en = check(model, rules=["hollow-local-plan"], lang="en").findings[0]
    assert "«Lokal plan»" in da.message and "«Fælles plan»" in da.message
    assert "«Anden fælles plan»" in da.message  # where its chains lead instead
    assert "supports" in en.message and "“Fælles plan”" in en.message
    with pytest.raises(UsageError):
        check(model, lang="de")


def test_not_decision_ready_names_what_is_missing() -> None:
    model = load([CASES / "not-decision-ready" / "error-when-decided.ttl"])
    (finding,) = check(model, rules=["not-decision-ready"], lang="en").findings
    assert "business case" in finding.message and "funding" in finding.message
    assert "priority" not in finding.message and "responsible" not in finding.message


def test_fail_on_is_kept_on_the_report() -> None:
    report = check(load([WARN_ONLY]), rules=["support-period-mismatch"], fail_on="warning")
    assert report.fails() and not report.fails("error")


def test_custom_query_runner_is_used() -> None:
    model = load([MIXED])
    seen: list[str] = []

    def runner(query: str) -> list[dict]:
        seen.append(query)
        return model.select(query)

    check(model, rules=["priority-conflict"], select=runner)
    assert seen and "priority" in seen[0]


def test_report_validates_against_schema() -> None:
    with_findings = 0
    for case in sorted(CASES.glob("*/*.ttl"))[:12]:
        report = json.loads(check(load([case])).dumps())
        jsonschema.validate(report, SCHEMA)  # raises ValidationError on any mismatch
        with_findings += bool(report["findings"])
    assert with_findings > 0  # the schema was exercised on real findings, not only empty lists


# -- user rules -------------------------------------------------------------------------


def test_header_continuation_lines() -> None:
    fields = parse_header("# id: x\n# title@da: one\n#   two\n#\n# Note: not a field\nSELECT")
    assert fields == {"id": "x", "title@da": "one two"}


def test_user_rule_runs(tmp_path: Path) -> None:
    (tmp_path / "no-english-label.rq").write_text(GOOD_RULE, encoding="utf-8")
    report = check(load([MIXED]), rules=["no-english-label"], rule_dirs=[tmp_path])
    assert {f.rule for f in report.findings} == {"no-english-label"}
    assert all(f.severity == "info" for f in report.findings)


def test_broken_user_rule_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text(GOOD_RULE.replace('= "en")', '= "en"'), encoding="utf-8")
    with pytest.raises(ParseError) as info:
        load_rq(bad)
    assert info.value.line == 13 and str(bad) in str(info.value)


def test_user_rule_missing_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text(GOOD_RULE.replace("# fix@en: Add rdfs:label with @en.\n", ""), "utf-8")
    with pytest.raises(ParseError, match=r"fix@en"):
        load_rq(bad)


def test_user_rule_may_not_reuse_an_id(tmp_path: Path) -> None:
    (tmp_path / "x.rq").write_text(
        GOOD_RULE.replace("id: no-english-label", "id: orphan-initiative"), "utf-8"
    )
    with pytest.raises(UsageError, match="already defined"):
        registry([tmp_path])


# -- CLI --------------------------------------------------------------------------------


def test_cli_json_exit_1_and_schema(cli) -> None:
    result = cli("check", MIXED, "--format", "json", "--no-shapes")
    assert result.code == 1, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    assert list(data) == ["conforms", "findings", "summary"]
    assert list(data["findings"][0]) == ["rule", "severity", "focus", "label", "message", "related"]


@pytest.mark.parametrize(
    ("fail_on", "code"), [("error", 0), ("warning", 1), ("info", 1), ("never", 0)]
)
def test_cli_fail_on(cli, fail_on: str, code: int) -> None:
    result = cli("check", WARN_ONLY, "--rule", "support-period-mismatch", "--fail-on", fail_on)
    assert result.code == code, result.stdout + result.stderr


def test_cli_clean_data_exits_0(cli) -> None:
    result = cli("check", CLEAN, "--lang", "en")
    assert result.code == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout


def test_cli_unknown_rule_exit_2(cli) -> None:
    result = cli("check", CLEAN, "--rule", "nope")
    assert result.code == 2
    assert "nope" in result.stderr and "orphan-initiative" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_cli_broken_rules_dir_exit_2(cli, tmp_path: Path) -> None:
    bad = tmp_path / "broken.rq"
    bad.write_text(GOOD_RULE.replace("SELECT ?focus", "SELEKT ?focus"), "utf-8")
    result = cli("check", CLEAN, "--rules-dir", tmp_path)
    assert result.code == 2
    assert f"{bad}:11" in result.stderr and "Traceback" not in result.stderr


def test_cli_rules_dir_missing_header_exit_2(cli, tmp_path: Path) -> None:
    (tmp_path / "half.rq").write_text("# id: half\nSELECT ?focus WHERE { ?focus a ?c }\n", "utf-8")
    result = cli("check", CLEAN, "--rules-dir", tmp_path)
    assert result.code == 2 and "half.rq" in result.stderr and "severity" in result.stderr


def test_cli_text_groups_by_rule(cli) -> None:
    result = cli("check", MIXED, "--no-shapes")
    assert result.code == 1
    assert result.stdout.count("priority-conflict — ") == 1
    assert "Sådan rettes det" in result.stdout and "I alt:" in result.stdout


def test_cli_csv_and_md(cli) -> None:
    result = cli("check", MIXED, "--no-shapes", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and set(rows[0]) == {"rule", "severity", "focus", "label", "message", "related"}
    md = cli("check", MIXED, "--no-shapes", "--format", "md", "--lang", "en").stdout
    assert md.startswith("# Traceability check") and "## `priority-conflict`" in md


def test_cli_rules_lists_every_rule(cli) -> None:
    result = cli("rules")
    assert result.code == 0
    for rule_id in CONTRACT_RULES:
        assert rule_id in result.stdout
    data = json.loads(cli("rules", "--format", "json").stdout)
    assert {"id", "severity", "title", "location"} <= set(data[0])


def test_cli_output_is_deterministic(cli) -> None:
    first = cli("check", MIXED, "--format", "json").stdout
    assert first == cli("check", MIXED, "--format", "json").stdout
