"""``kktrace --version``, ``info`` and ``validate`` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

from kktrace import __version__

FORMATS_DIR = Path(__file__).parent / "data" / "formats"


def test_version(cli) -> None:
    result = cli("--version")
    assert result.code == 0
    assert result.stdout.strip() == f"kktrace {__version__}"


def test_every_command_and_option_has_help(cli) -> None:
    top = cli("--help")
    assert top.code == 0
    commands = [
        line.split()[0]
        for line in top.stdout.split("Commands:", 1)[1].splitlines()
        if line.startswith("  ") and line.strip()
    ]
    assert {"info", "validate"} <= set(commands)
    for command in commands:
        result = cli(command, "--help")
        assert result.code == 0, command
        # Every option line carries a description after the option name.
        options = result.stdout.split("Options:", 1)[1]
        for line in options.splitlines():
            if line.strip().startswith("--") and "--help" not in line:
                assert len(line.split("  ")) > 1 or line.rstrip().endswith("]"), line


def test_info_on_bundled_data_json(cli, bundled_model) -> None:
    result = cli("info", "--format", "json")
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["triples"] == bundled_model.data_triples < len(bundled_model)
    assert data["classes"]["Administration"] == 7
    assert data["classes"]["LocalInitiative"] >= 150
    codes = sorted(a["code"] for a in data["administrations"])
    assert codes == sorted(["ØKF", "KFF", "BUF", "SUF", "SOF", "TMF", "BIF"])
    kinds = {p["kind"] for p in data["plans"]}
    assert {"TransitionActionPlan", "CommonActionPlan", "LocalActionPlan"} <= kinds


def test_info_table(cli) -> None:
    result = cli("info", str(FORMATS_DIR / "plan.ttl"))
    assert result.code == 0
    assert "LocalInitiative" in result.stdout
    assert "Lokal plan" in result.stdout


def test_malformed_turtle_exit_2_one_line(cli, tmp_path: Path) -> None:
    bad = tmp_path / "plan.ttl"
    bad.write_text("@prefix kkt: <https://w3id.org/kktrace/def#> .\n\n<a> a kkt:Goal\n<b> .\n")
    for command in ("info", "validate"):
        result = cli(command, str(bad))
        assert result.code == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert f"{bad}:4" in lines[0]
        assert "Traceback" not in result.stderr


def test_missing_file_exit_2(cli, tmp_path: Path) -> None:
    result = cli("info", str(tmp_path / "nope.ttl"))
    assert result.code == 2
    assert "no such file" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_validate_conforming_and_violating(cli, tmp_path: Path) -> None:
    ok = cli("validate", str(FORMATS_DIR / "plan.ttl"))
    assert ok.code == 0, ok.stdout + ok.stderr
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix kkt: <https://w3id.org/kktrace/def#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://example.org/i> a kkt:LocalInitiative ; rdfs:label "a"@da, "b"@da ;\n'
        '  kkt:priority 0 ; kkt:startDate "2011-01-01" .\n',
        encoding="utf-8",
    )
    result = cli("validate", str(bad), "--lang", "en")
    assert result.code == 1
    assert result.stdout.count("https://example.org/i") == 3
    assert "priority" in result.stdout
