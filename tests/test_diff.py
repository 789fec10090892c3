"""kktrace diff: plan versions, changes grouped by plan, suspect links in both directions."""

from __future__ import annotations

import json
import subprocess

import pytest

from kktrace import load
from kktrace.governance.diff import diff_models

EX = "https://example.org/"

HEAD = """
@prefix kkt: <https://w3id.org/kktrace/def#> .
@prefix ex: <https://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""
# LI1 → CI1 → CG1, LI2 → CI2 → CG1; CG2 has no supporter yet.
BASE = {
    "CP": 'ex:CP a kkt:CommonActionPlan ; rdfs:label "Fælles plan"@da .',
    "CG1": 'ex:CG1 a kkt:CommonGoal ; kkt:partOf ex:CP ; rdfs:label "Mål 1"@da .',
    "CG2": 'ex:CG2 a kkt:CommonGoal ; kkt:partOf ex:CP ; rdfs:label "Mål 2"@da .',
    "CI1": 'ex:CI1 a kkt:CommonInitiative ; kkt:partOf ex:CP ; kkt:supports ex:CG1 ; rdfs:label "Initiativ 1"@da .',
    "CI2": 'ex:CI2 a kkt:CommonInitiative ; kkt:partOf ex:CP ; kkt:supports ex:CG1 ; rdfs:label "Initiativ 2"@da .',
    "LP": 'ex:LP a kkt:LocalActionPlan ; kkt:supports ex:CP ; rdfs:label "Lokal plan"@da .',
    "LI1": 'ex:LI1 a kkt:LocalInitiative ; kkt:partOf ex:LP ; kkt:supports ex:CI1 ; rdfs:label "Lokalt 1"@da .',
    "LI2": 'ex:LI2 a kkt:LocalInitiative ; kkt:partOf ex:LP ; kkt:supports ex:CI2 ; rdfs:label "Lokalt 2"@da .',
}


def write(folder, **changes):
    body = {**BASE, **changes}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "plan.ttl").write_text(HEAD + "\n".join(v for v in body.values() if v), "utf-8")
    return folder


def suspects(result):
    return {
        (s["node"].removeprefix(EX), s["because"], s["changed_node"].removeprefix(EX))
        for s in result["suspect"]
    }


@pytest.fixture()
def old(tmp_path):
    return write(tmp_path / "old")


def run(old, new):
    return diff_models(load([old]), load([new]))


def test_changed_label(old, tmp_path):
    new = write(tmp_path / "new", CI1=BASE["CI1"].replace("Initiativ 1", "Initiativ ét"))
    result = run(old, new)
    assert result["added"] == [] and result["removed"] == []
    [change] = result["changed"]
    assert change["iri"] == EX + "CI1" and change["plan"] == EX + "CP"
    assert change["changes"] == [
        {"field": "label", "lang": "da", "old": "Initiativ 1", "new": "Initiativ ét"}
    ]
    assert suspects(result) == {
        ("LI1", "supports-changed", "CI1"),
        ("CG1", "supporter-changed", "CI1"),
    }


def test_removed_initiative(old, tmp_path):
    new = write(tmp_path / "new", CI2="", LI2=BASE["LI2"].replace("ex:CI2", "ex:CG1"))
    result = run(old, new)
    assert [e["iri"] for e in result["removed"]] == [EX + "CI2"]
    assert result["removed"][0]["plan"] == EX + "CP"
    assert suspects(result) >= {
        ("LI2", "supports-removed", "CI2"),
        ("CG1", "supporter-removed", "CI2"),
    }


def test_changed_supports_link(old, tmp_path):
    new = write(tmp_path / "new", CI1=BASE["CI1"].replace("ex:CG1", "ex:CG2"))
    result = run(old, new)
    [change] = result["changed"]
    [sup] = change["changes"]
    assert sup["field"] == "supports"
    assert sup["added"] == [EX + "CG2"] and sup["removed"] == [EX + "CG1"]
    assert suspects(result) == {
        ("LI1", "supports-changed", "CI1"),
        ("CG1", "supporter-changed", "CI1"),
        ("CG2", "supporter-changed", "CI1"),
    }


def test_added_element_makes_its_target_suspect(old, tmp_path):
    extra = 'ex:CI3 a kkt:CommonInitiative ; kkt:partOf ex:CP ; kkt:supports ex:CG2 ; rdfs:label "Ny"@da .'
    result = run(old, write(tmp_path / "new", CI3=extra))
    assert [e["iri"] for e in result["added"]] == [EX + "CI3"]
    assert suspects(result) == {("CG2", "supporter-added", "CI3")}


def test_cli_json_and_fail_on(cli, old, tmp_path):
    new = write(tmp_path / "new", CI1=BASE["CI1"].replace("Initiativ 1", "Initiativ ét"))
    res = cli("diff", old, new, "--format", "json")
    assert res.code == 0, res.stderr
    data = json.loads(res.stdout)
    assert {"added", "removed", "changed", "suspect"} <= set(data)
    assert all({"node", "because", "changed_node"} <= set(s) for s in data["suspect"])
    assert cli("diff", old, new, "--fail-on", "warning").code == 1
    same = cli("diff", old, old, "--fail-on", "warning")
    assert same.code == 0 and "Ingen forskelle" in same.stdout
    text = cli("diff", old, new, "--lang", "en")
    assert "Suspect links (2)" in text.stdout and "Fælles plan" in text.stdout
    assert cli("diff", old).code == 2


def git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def test_diff_git(cli, tmp_path):
    repo = tmp_path / "repo"
    write(repo / "plans")
    git(repo, "init", "-q")
    git(
        repo,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.org",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "empty",
    )
    git(repo, "add", "plans")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "v1")
    write(repo / "plans", CI2="", LI2=BASE["LI2"].replace("ex:CI2", "ex:CG1"))
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-am", "v2")
    res = cli("diff", "--git", "HEAD~1", "HEAD", "plans", "--format", "json", cwd=repo)
    assert res.code == 0, res.stderr
    data = json.loads(res.stdout)
    assert [e["iri"] for e in data["removed"]] == [EX + "CI2"]
    assert data["old"] == "HEAD~1:plans"
    assert (
        cli("diff", "--git", "HEAD~1", "HEAD", "plans", "--fail-on", "warning", cwd=repo).code == 1
    )
    bad = cli("diff", "--git", "no-such-rev", "HEAD", "plans", cwd=repo)
    assert bad.code == 2 and "no-such-rev" in bad.stderr
    missing = cli("diff", "--git", "HEAD~2", "HEAD", "plans", cwd=repo)
    assert missing.code == 2 and "plans" in missing.stderr
