"""``kktrace check --cache DIR``: a re-check after an edit gives the cold check's bytes.

Every test compares the cached result with a check without the cache of the same files
(``check(load(paths)).dumps()``, the bytes of ``--format json``), on generated data
(benchmarks/generate.py, five municipalities) and on the bundled data, and also asserts
how much the cache did (components reused / checked), so a cache that silently rechecked
everything, or reused a stale answer, fails.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from synthetic import generate_set

from kktrace import check, load
from kktrace.findings.cache import CacheStats, cached_check
from kktrace.model.resources import data_dir

ROOT = Path(__file__).resolve().parent.parent
SYNTH = "https://w3id.org/kktrace/id/synth/"
PREFIXES = (
    "@prefix kkt: <https://w3id.org/kktrace/def#> .\n"
    "@prefix org: <http://www.w3.org/ns/org#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen")
    return generate_set(out, 6, seed=0, planted=False)


@pytest.fixture()
def data(generated: Path, tmp_path: Path) -> Path:
    """Five municipalities (m006 is kept aside for the test that adds a file)."""
    folder = tmp_path / "data"
    folder.mkdir()
    for i in range(1, 6):
        shutil.copy(generated / f"m00{i}.ttl", folder)
    return folder


@pytest.fixture()
def small(generated: Path, tmp_path: Path) -> Path:
    """Two municipalities, for the slower tests."""
    folder = tmp_path / "small"
    folder.mkdir()
    for i in (1, 2):
        shutil.copy(generated / f"m00{i}.ttl", folder)
    return folder


def cold(*paths: Path, **options: object) -> str:
    return check(load(list(paths)), **options).dumps()  # type: ignore[arg-type]


def cached(cache: Path, *paths: Path, **options: object) -> tuple[str, CacheStats]:
    done = cached_check(list(paths), cache, **options)  # type: ignore[arg-type]
    return done.report.dumps(), done.stats


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n" + text + "\n")


def iri(m: int, local: str) -> str:
    return f"<{SYNTH}m{m:03d}/{local}>"


def test_first_run_then_nothing_changed(data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    expected = cold(data)
    first, stats = cached(cache, data)
    assert first == expected
    assert (stats.components, stats.checked, stats.parsed) == (5, 5, 5)
    again, stats = cached(cache, data)
    assert again == expected
    assert (stats.reused, stats.checked, stats.parsed) == (5, 0, 0)


def test_edit_inside_one_municipality(data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    before = cold(data)
    cached(cache, data)
    append(
        data / "m002.ttl",
        PREFIXES + f'{iri(2, "li-new")} a kkt:LocalInitiative ; rdfs:label "Nyt"@da ;\n'
        f"    kkt:partOf {iri(2, 'lp-BUF-2011')} .",
    )
    expected = cold(data)
    assert expected != before
    assert f"{SYNTH}m002/li-new" in {f["focus"] for f in json.loads(expected)["findings"]}
    after, stats = cached(cache, data)
    assert after == expected
    assert (stats.reused, stats.checked, stats.parsed) == (4, 1, 1)


def test_a_link_across_files_joins_two_components(data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cached(cache, data)
    # m003's local goal now supports a goal of m004: a chain across files, and a period
    # check across files (the plans' periods are compared only inside one component).
    append(
        data / "m003.ttl",
        PREFIXES
        + f"{iri(3, 'lp-BUF-2011')} kkt:supports {iri(4, 'cp-2013')} .\n"
        + f"{iri(3, 'li-BUF-2011-01')} kkt:supports {iri(4, 'li-BUF-2013-01')} .",
    )
    expected = cold(data)
    after, stats = cached(cache, data)
    assert after == expected
    assert (stats.components, stats.reused, stats.checked) == (4, 3, 1)


def test_removing_and_adding_a_file(data: Path, generated: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cached(cache, data)
    (data / "m005.ttl").unlink()
    removed, stats = cached(cache, data)
    assert removed == cold(data)
    assert (stats.components, stats.reused, stats.checked) == (4, 4, 0)
    shutil.copy(generated / "m006.ttl", data)
    added, stats = cached(cache, data)
    assert added == cold(data)
    assert (stats.components, stats.reused, stats.checked) == (5, 4, 1)


def test_administration_without_municipality_checks_everything(data: Path, tmp_path: Path) -> None:
    """missing-local-plan: an administration without org:unitOf counts every common plan
    of every municipality, so the components cannot be checked apart."""
    cache = tmp_path / "cache"
    cached(cache, data)
    append(
        data / "m001.ttl",
        PREFIXES + f'{iri(1, "adm-NEW")} a kkt:Administration ; rdfs:label "Ny"@da .',
    )
    expected = cold(data)
    findings = json.loads(expected)["findings"]
    related = {
        r
        for f in findings
        if f["rule"] == "missing-local-plan" and f["focus"].endswith("m001/adm-NEW")
        for r in f["related"]
    }
    assert {r.split("/")[-2] for r in related} == {f"m00{i}" for i in range(1, 6)}
    after, stats = cached(cache, data)
    assert after == expected
    assert stats.mode == "full"
    again, stats = cached(cache, data)
    assert again == expected
    assert (stats.mode, stats.reused, stats.checked) == ("full", 1, 0)
    append(data / "m003.ttl", PREFIXES + f'{iri(3, "adm-BUF")} rdfs:label "Ændret"@da .')
    edited, stats = cached(cache, data)
    assert edited == cold(data) and edited != expected
    assert (stats.mode, stats.checked) == ("full", 1)


def test_status_years_reach_every_component(small: Path, tmp_path: Path) -> None:
    """missing-status counts the years of every status report: the bundled data's reports
    (2010–2013) ask for statuses of the generated initiatives too; a new year in one
    component re-checks the others."""
    cache = tmp_path / "cache"
    bundled = tmp_path / "bundled"
    shutil.copytree(data_dir(), bundled)
    expected = cold(bundled, small)
    statuses = [f for f in json.loads(expected)["findings"] if f["rule"] == "missing-status"]
    assert any(f["focus"].startswith(SYNTH) for f in statuses)
    first, _ = cached(cache, bundled, small)
    assert first == expected
    append(
        small / "m002.ttl",
        PREFIXES + f"{iri(2, 'li-new')} a kkt:LocalInitiative ;\n"
        f"    kkt:partOf {iri(2, 'lp-BUF-2011')} .",
    )
    after, stats = cached(cache, bundled, small)
    assert after == cold(bundled, small)
    assert (stats.components, stats.reused, stats.checked) == (3, 2, 1)
    append(
        small / "m001.ttl",
        PREFIXES + f'{iri(1, "status-2014")} a kkt:StatusReport ; kkt:year "2014" .',
    )
    later, stats = cached(cache, bundled, small)
    assert later == cold(bundled, small)
    assert later != after
    assert stats.checked == 3
    # the component with the reports changes, its years do not: only it is checked again
    report_file = next(bundled.rglob("status-2012.trig"))
    report_file.write_text(report_file.read_text("utf-8") + "\n# edited\n", "utf-8")
    last, stats = cached(cache, bundled, small)
    assert last == later
    assert (stats.reused, stats.checked) == (2, 1)


def test_no_plan_anywhere_is_an_empty_model(tmp_path: Path) -> None:
    folder = tmp_path / "orgs"
    folder.mkdir()
    for i in (1, 2):
        (folder / f"o{i}.ttl").write_text(
            PREFIXES + f"<urn:x:adm{i}> a kkt:Administration ; org:unitOf <urn:x:m{i}> .\n",
            encoding="utf-8",
        )
    expected = cold(folder)
    assert '"empty-model"' in expected
    for _ in range(2):
        after, stats = cached(tmp_path / "cache", folder)
        assert after == expected
        assert stats.mode == "full"


def test_a_file_about_the_ontology_joins_everything(data: Path, tmp_path: Path) -> None:
    (data / "labels.ttl").write_text(
        PREFIXES + 'kkt:LocalInitiative rdfs:label "Lokalt tiltag"@da .\n', encoding="utf-8"
    )
    append(
        data / "m002.ttl",
        PREFIXES + f"{iri(2, 'li-new')} a kkt:LocalInitiative ;\n"
        f"    kkt:partOf {iri(2, 'lp-BUF-2011')} .",
    )
    expected = cold(data)
    after, stats = cached(tmp_path / "cache", data)
    assert after == expected
    assert stats.components == 1


def test_copies_of_blank_nodes_in_two_files(data: Path, tmp_path: Path) -> None:
    """Identical blank-node statements in two files are numbered across files (b…, b…-2):
    the two files are checked together, so both findings keep their labels."""
    for name in ("m001.ttl", "m004.ttl"):
        append(data / name, PREFIXES + '[] a kkt:LocalInitiative ; rdfs:label "Kopi"@da .')
    expected = cold(data)
    blanks = [f for f in json.loads(expected)["findings"] if f["focus"].startswith("_:")]
    assert sorted(f["focus"][-2:] == "-2" for f in blanks) == [False, True]
    cache = tmp_path / "cache"
    first, stats = cached(cache, data)
    assert first == expected
    assert stats.components == 4
    append(data / "m005.ttl", PREFIXES + f'{iri(5, "adm-BUF")} rdfs:label "Ændret"@da .')
    after, stats = cached(cache, data)
    assert after == cold(data)
    assert (stats.reused, stats.checked) == (3, 1)


def test_options_are_part_of_the_key(data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    for options in ({"lang": "en"}, {"rules": ["orphan-initiative"]}, {"shapes": False}, {}):
        got, stats = cached(cache, data, **options)
        assert got == cold(data, **options)
        assert stats.checked == 5


def test_user_rules_are_not_split(data: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    header = "\n".join(
        f"# {name}: {value}"
        for name, value in [
            ("id", "more-than-one-municipality"),
            ("severity", "info"),
            ("title@da", "Flere kommuner"),
            ("title@en", "Several municipalities"),
            ("description@da", "Data har flere kommuner."),
            ("description@en", "The data has several municipalities."),
            ("fix@da", "Intet."),
            ("fix@en", "Nothing."),
            ("message@da", "«{focus}» er ikke alene."),
            ("message@en", "“{focus}” is not alone."),
        ]
    )
    (rules / "count.rq").write_text(
        header + "\nSELECT ?focus WHERE { ?focus a kkt:Municipality . "
        "?other a kkt:Municipality . FILTER(?other != ?focus) }\n",
        encoding="utf-8",
    )
    cache = tmp_path / "cache"
    expected = cold(data, rule_dirs=[rules])
    assert expected.count('"more-than-one-municipality"') == 5
    got, stats = cached(cache, data, rule_dirs=[rules])
    assert got == expected and stats.mode == "full"
    for i in (2, 3, 4, 5):
        (data / f"m00{i}.ttl").unlink()
    got, stats = cached(cache, data, rule_dirs=[rules])
    assert got == cold(data, rule_dirs=[rules])
    assert '"more-than-one-municipality"' not in got


def test_bundled_data(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    expected = cold(data_dir())
    for _ in range(2):
        got, _stats = cached(cache, data_dir())
        assert got == expected


def test_damaged_entries_are_recomputed(data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    expected = cold(data)
    cached(cache, data)
    entries = sorted((cache / "components").iterdir())
    entries[0].write_text(entries[0].read_text("utf-8")[:-40], encoding="utf-8")
    head, body = entries[1].read_text("utf-8").split("\n", 1)
    doc = json.loads(body)
    doc["findings"] = []  # a plausible but wrong entry: the checksum tells
    entries[1].write_text(head + "\n" + json.dumps(doc), encoding="utf-8")
    (cache / "stat.json").write_text("{not json", encoding="utf-8")
    got, stats = cached(cache, data)
    assert got == expected
    assert stats.checked == 2
    got, stats = cached(cache, data)
    assert (got, stats.checked) == (expected, 0)


# -- through the command line ---------------------------------------------------------------


def test_cli_edit_recheck_same_json_bytes(cli, small: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = cli("check", small, "--format", "json", "--cache", cache)
    assert first.code == 1 and first.stderr == ""
    append(
        small / "m001.ttl",
        PREFIXES + f"{iri(1, 'li-new')} a kkt:LocalInitiative ;\n"
        f"    kkt:partOf {iri(1, 'lp-SOF-2013')} .",
    )
    after = cli("check", small, "--format", "json", "--cache", cache)
    plain = cli("check", small, "--format", "json")
    assert after.stdout == plain.stdout and after.code == plain.code
    assert "m001/li-new" in after.stdout
    scoped = cli(
        "check", small, "--format", "json", "--cache", cache, "--plan", f"{SYNTH}m001/lp-SOF-2013"
    )
    scoped_plain = cli("check", small, "--format", "json", "--plan", f"{SYNTH}m001/lp-SOF-2013")
    assert scoped.stdout == scoped_plain.stdout
    assert "m001/li-new" in scoped.stdout and "m002/" not in scoped.stdout


def test_cli_two_runs_at_once(cli, small: Path, tmp_path: Path, kktrace_cmd) -> None:
    cache = tmp_path / "cache"
    runs = [
        subprocess.Popen(
            [*kktrace_cmd, "check", str(small), "--format", "json", "--cache", str(cache)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [r.communicate(timeout=300) for r in runs]
    expected = cold(small)
    assert [o for o, _ in outputs] == [expected, expected]
    assert [e for _, e in outputs] == ["", ""]
    got, stats = cached(cache, small)
    assert (got, stats.checked) == (expected, 0)
    assert not [p for p in cache.rglob("*") if p.name.startswith(".kktrace-")]


@pytest.mark.parametrize("kind", ["foreign", "marker", "file", "version"])
def test_cli_a_folder_that_is_not_a_cache(cli, data: Path, tmp_path: Path, kind: str) -> None:
    cache = tmp_path / "cache"
    if kind == "file":
        cache.write_text("x", encoding="utf-8")
    else:
        cache.mkdir()
        name, text = {
            "foreign": ("notes.txt", "mine"),
            "marker": ("kktrace-cache.json", "{broken"),
            "version": ("kktrace-cache.json", '{"format": "kktrace-check-cache", "version": 99}'),
        }[kind]
        (cache / name).write_text(text, encoding="utf-8")
    before = sorted((p.name, p.read_bytes()) for p in cache.rglob("*")) if cache.is_dir() else []
    result = cli("check", data, "--cache", cache)
    assert result.code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert str(cache) in lines[0] and "--cache" in lines[0]
    after = sorted((p.name, p.read_bytes()) for p in cache.rglob("*")) if cache.is_dir() else []
    assert after == before


def test_cli_cache_and_endpoint_refused(cli, tmp_path: Path) -> None:
    result = cli("check", "--endpoint", "http://127.0.0.1:9/sparql", "--cache", tmp_path / "c")
    assert result.code == 2 and "--cache" in result.stderr and "Traceback" not in result.stderr


# -- the workbench's live mode --------------------------------------------------------------


def test_live_reload_checks_through_the_cache(small: Path, tmp_path: Path) -> None:
    from kktrace.findings.cache import cached_checker
    from kktrace.sparql.site import Live

    cache = tmp_path / "cache"
    live = Live([small], load([small]), check=cached_checker([small], cache), interval=0.1)
    assert live.state.report.dumps() == cold(small)
    assert len(list((cache / "components").iterdir())) == 2
    append(
        small / "m002.ttl",
        PREFIXES + f"{iri(2, 'li-new')} a kkt:LocalInitiative ;\n"
        f"    kkt:partOf {iri(2, 'lp-BUF-2011')} .",
    )
    assert live.poll()
    state = live.state
    assert state.error is None and len(state.model) == len(load([small]))
    assert state.report.dumps() == cold(small)
    assert "m002/li-new" in state.report.dumps()
    assert len(list((cache / "components").iterdir())) == 3  # only m002 was checked again


def test_cli_serve_refuses_a_folder_that_is_not_a_cache(cli, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    result = cli("serve", "--watch", "--cache", folder, "--port", "9")
    assert result.code == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "not a kktrace cache" in result.stderr


# -- --administration / --plan ----------------------------------------------------------------


def test_plans_containing_is_the_inverse_of_in_plan(bundled_model) -> None:
    from kktrace.findings.scope import in_plan, plans_containing

    nodes = sorted(bundled_model.graph.nodes)
    containing = plans_containing(bundled_model, nodes)
    plans = bundled_model.nodes_of_kind("ActionPlan")
    assert len(plans) > 10
    for plan in plans:
        inside = in_plan(bundled_model, plan)
        assert {n for n in nodes if plan in containing[n]} == inside & set(nodes), plan
    assert any(len(v) > 0 for k, v in containing.items() if "status" in k)


def test_scoping_from_the_cache(data: Path, tmp_path: Path) -> None:
    from kktrace.errors import UsageError
    from kktrace.findings.cache import cached_scope
    from kktrace.findings.scope import scope

    cache = tmp_path / "cache"
    cases = [
        (f"{SYNTH}m002/adm-BUF", None),
        (None, f"{SYNTH}m003/lp-SOF-2013"),
        (None, f"{SYNTH}m001/cp-2011"),
        (f"{SYNTH}m001/adm-SOF", f"{SYNTH}m001/lp-SOF-2011"),
    ]
    for edit in (False, True):
        if edit:
            append(
                data / "m003.ttl",
                PREFIXES + f"{iri(3, 'li-new')} a kkt:LocalInitiative ;\n"
                f"    kkt:partOf {iri(3, 'lp-SOF-2013')} .",
            )
        model = load([data])
        plain = check(model)
        done = cached_check([data], cache)
        for administration, plan in cases:
            expected = scope(plain, model, administration, plan).dumps()
            assert json.loads(expected)["findings"], (administration, plan)
            assert cached_scope(done, administration, plan).dumps() == expected
        assert ("m003/li-new" in cached_scope(done, None, cases[1][1]).dumps()) is edit
        with pytest.raises(UsageError) as cold_error:
            scope(plain, model, "BUF")
        with pytest.raises(UsageError) as cached_error:
            cached_scope(done, "BUF", None)
        assert str(cached_error.value) == str(cold_error.value)
    assert len(list((cache / "scope").iterdir())) == 6  # five, then m003 again
