"""Inputs that used to end in "internal error (…)" or a traceback: one line now."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from input_helpers import assert_refused

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("[" * 100_000, "nested too deeply"),
        ("{bad", "not valid JSON"),
        ('{"findings": [null]}', "not a JSON object"),
    ],
)
def test_bad_baseline_json(cli, tmp_path: Path, content: str, needle: str) -> None:
    baseline = tmp_path / "old.json"
    baseline.write_text(content)
    result = cli("report", "--baseline", baseline, "-o", tmp_path / "out")
    assert_refused(result, "old.json", needle)
    assert not (tmp_path / "out").exists()


def test_symlink_out_of_the_repository_in_diff_git(cli, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "data", repo / "data")

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.email=t@t", "-c", "user.name=t", *args],
            cwd=repo,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "one")
    (repo / "data" / "evil.ttl").symlink_to("/etc/passwd")
    git("add", "-A")
    git("commit", "-qm", "two")
    result = cli("diff", "--git", "HEAD~1", "HEAD", cwd=repo)
    assert_refused(result, "HEAD:data/evil.ttl", "link")


@pytest.mark.parametrize("base", ["notaniri", "http://a b/", "", "<x>"])
def test_import_base_must_be_an_absolute_iri(cli, tmp_path: Path, base: str) -> None:
    csv_file = tmp_path / "x.csv"
    csv_file.write_text("Id;Klasse;Navn (da)\nA;lokalt initiativ;a\n", encoding="utf-8")
    assert_refused(cli("import", csv_file, "--base", base), "--base", "absolute IRI")
    assert_refused(cli("export", "--format", "csv", "--base", base), "--base", "absolute IRI")


@pytest.mark.parametrize("command", [["validate"], ["check"], ["view", "-o", "VIEW"]])
def test_ill_typed_literals_leave_stderr_clean(cli, tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "bad.ttl").write_text(
        "@prefix kkt: <https://w3id.org/kktrace/def#> .\n"
        "@prefix kk: <https://w3id.org/kktrace/id/kk/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "kk:BAD-1 a kkt:LocalInitiative ; kkt:partOf kk:plan-BUF-2011-2012 ;\n"
        '  kkt:startDate "2011-13-45"^^xsd:date ; kkt:budget "lots"^^xsd:decimal .\n'
    )
    args = [tmp_path / "v.html" if a == "VIEW" else a for a in command]
    result = cli(*args, ROOT / "data", tmp_path / "bad.ttl", "--lang", "en")
    assert "Traceback" not in result.stderr and "Failed to convert" not in result.stderr
    if command[0] != "view":
        assert result.code == 1
        assert "must be one valid date" in result.stdout + result.stderr


@pytest.mark.parametrize("content", ["", "# only a comment\n", "<http://x/a> <http://x/p> 1 .\n"])
def test_empty_or_truncated_model_fails_the_gate(cli, tmp_path: Path, content: str) -> None:
    path = tmp_path / "plans.ttl"
    path.write_text(content)
    result = cli("check", path, "--lang", "en")
    assert result.code == 1, result.stderr
    assert "no action plans and no initiatives" in result.stdout
    relaxed = cli("check", path, "--fail-on", "never", "--format", "json")
    assert relaxed.code == 0 and '"empty-model"' in relaxed.stdout


@pytest.mark.parametrize("value", ["node=<bad iri>", 'node=http://a/b"c', "node=<a\tb>"])
def test_query_param_invalid_iri(cli, value: str) -> None:
    result = cli("query", "--name", "dependents", "--param", value)
    assert_refused(result, "not a valid IRI")
