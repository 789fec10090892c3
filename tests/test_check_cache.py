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


# -- the first run: one load ----------------------------------------------------------------


def _reference_facts(path: Path) -> dict[str, object]:
    """file_facts as first written (a second parse of the file, quad by quad): what the
    facts noted during the load must equal."""
    import pyoxigraph as ox

    from kktrace.findings.cache import _blank_base, vocabulary_iris
    from kktrace.model.bnodes import canonical_labels
    from kktrace.model.parse import _has_blank, _parse

    vocab = vocabulary_iris()
    iris: set[str] = set()
    types: set[str] = set()
    touches = False
    blank_quads = []
    for q in _parse(path):
        s, o, g = q.subject, q.object, q.graph_name
        if type(s) is ox.NamedNode:
            if s.value in vocab:
                touches = True
            else:
                iris.add(s.value)
        if type(o) is ox.NamedNode and o.value not in vocab:
            is_type = q.predicate.value == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
            (types if is_type else iris).add(o.value)
        if type(g) is ox.NamedNode and g.value not in vocab:
            iris.add(g.value)
        if _has_blank(q):
            blank_quads.append(q)
    blanks = {
        _blank_base(t.value)
        for q in canonical_labels(blank_quads)
        for t in (q.subject, q.object, q.graph_name)
        if type(t) is ox.BlankNode
    }
    return {
        "iris": sorted(iris),
        "types": sorted(types - iris),
        "blanks": sorted(blanks),
        "vocabulary": touches,
    }


def test_facts_noted_in_the_load_equal_a_second_parse(data: Path) -> None:
    from kktrace.findings.cache import _facts, file_facts
    from kktrace.model.parse import FILE_TERMS, find_files

    append(data / "m001.ttl", PREFIXES + '[] a kkt:LocalInitiative ; rdfs:label "Kopi"@da .')
    (data / "labels.ttl").write_text(
        PREFIXES + 'kkt:LocalInitiative rdfs:label "Lokalt tiltag"@da .\n'
        "<urn:x:thing> a <urn:x:MyClass> .\n",
        encoding="utf-8",
    )
    (data / "graphs.trig").write_text(
        PREFIXES + f'<urn:x:g> {{ {iri(2, "adm-BUF")} rdfs:label "B"@da . }}\n'
        '_:g { [] rdfs:label "blank graph" . }\n',
        encoding="utf-8",
    )
    files = find_files([data, data_dir()])
    noted: dict = {}
    token = FILE_TERMS.set(noted)
    try:
        model = load(files)
    finally:
        FILE_TERMS.reset(token)
    assert model.files == files and sorted(noted) == sorted(files)
    facts = {path: _facts(terms) for path, terms in noted.items()}
    for path in files:
        assert facts[path] == _reference_facts(path) == file_facts(path), path
    assert facts[data / "m001.ttl"]["blanks"] and facts[data / "graphs.trig"]["blanks"]
    assert "urn:x:g" in facts[data / "graphs.trig"]["iris"]
    assert facts[data / "labels.ttl"]["vocabulary"]
    assert facts[data / "labels.ttl"]["types"] == ["urn:x:MyClass"]


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many times each data file is parsed (by Oxigraph, into Python quads)."""
    import pyoxigraph as ox

    counts: dict[str, int] = {}
    real = ox.parse

    def counting(*args: object, **kwargs: object) -> object:
        base = str(kwargs.get("base_iri", ""))
        counts[base] = counts.get(base, 0) + 1
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ox, "parse", counting)
    return counts


def test_first_run_parses_each_file_once(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = cold(data)
    counts = _count_parses(monkeypatch)
    cache = tmp_path / "cache"
    first, stats = cached(cache, data)
    assert first == expected
    assert (stats.parsed, stats.checked) == (5, 5)
    names = sorted(p.resolve().as_uri() for p in data.iterdir())
    assert {k: v for k, v in counts.items() if k.startswith("file:")} == dict.fromkeys(names, 1)
    assert len(list((cache / "files").iterdir())) == 5
    append(data / "m004.ttl", PREFIXES + f'{iri(4, "adm-BUF")} rdfs:label "Ændret"@da .')
    expected = cold(data)
    counts.clear()
    after, stats = cached(cache, data)
    assert after == expected
    assert (stats.parsed, stats.reused, stats.checked) == (1, 4, 1)
    # its facts, then its component's load: the other files are not read
    assert counts == {(data / "m004.ttl").resolve().as_uri(): 2}


def test_most_files_new_are_loaded_once_and_all_checked(data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    aside = tmp_path / "aside"
    aside.mkdir()
    for name in ("m003.ttl", "m004.ttl", "m005.ttl"):
        (data / name).rename(aside / name)
    cached(cache, data)
    for name in ("m003.ttl", "m004.ttl", "m005.ttl"):
        (aside / name).rename(data / name)
    # three of five files new: one load of all five, every component checked in it
    got, stats = cached(cache, data)
    assert got == cold(data)
    assert (stats.parsed, stats.components, stats.checked, stats.reused) == (3, 5, 5, 0)
    # one of five new: only that file is parsed for its facts, one component checked
    (data / "m003.ttl").write_text((data / "m003.ttl").read_text("utf-8") + "\n", encoding="utf-8")
    got, stats = cached(cache, data)
    assert got == cold(data)
    assert (stats.parsed, stats.checked, stats.reused) == (1, 1, 4)


# -- pruning -------------------------------------------------------------------------------


def _age(cache: Path, seconds: float = 3600) -> None:
    """Make every file of the cache look ``seconds`` old (older than the prune grace)."""
    import os
    import time

    then = time.time() - seconds
    for path in cache.rglob("*"):
        if path.is_file():
            os.utime(path, (then, then))


def _cache_files(cache: Path) -> list[str]:
    """The cache's files (but stat.json, written once the data files are 2 s old)."""
    return sorted(
        str(p.relative_to(cache)) for p in cache.rglob("*") if p.is_file() and p.name != "stat.json"
    )


def test_repeated_edits_do_not_grow_the_cache(data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first, stats = cached(cache, data)
    assert first == cold(data)
    size = len(_cache_files(cache))
    for n in range(4):
        _age(cache)
        append(data / "m002.ttl", PREFIXES + f'{iri(2, "adm-BUF")} rdfs:label "Navn {n}"@da .')
        got, stats = cached(cache, data)
        assert got == cold(data)
        assert (stats.reused, stats.checked) == (4, 1)
        # the file's and its component's old entries went, the new ones came
        assert stats.pruned == 2 and len(_cache_files(cache)) == size
    # recent entries are never pruned (another run may have just written them)
    append(data / "m002.ttl", PREFIXES + f'{iri(2, "adm-BUF")} rdfs:label "Sidst"@da .')
    got, stats = cached(cache, data)
    assert (got, stats.pruned) == (cold(data), 0)
    assert len(_cache_files(cache)) == size + 2
    # and nothing is written or pruned when nothing changed
    _age(cache)
    before = _cache_files(cache)
    got, stats = cached(cache, data)
    assert (got, stats.checked, stats.pruned) == (cold(data), 0, 0)
    assert _cache_files(cache) == before


def test_prune_keeps_what_other_data_sets_and_options_need(
    data: Path, small: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    cached(cache, data)
    cached(cache, small, lang="en")
    _age(cache)
    append(data / "m003.ttl", PREFIXES + f'{iri(3, "adm-BUF")} rdfs:label "Ændret"@da .')
    got, stats = cached(cache, data)
    assert got == cold(data) and stats.pruned == 2
    got, stats = cached(cache, small, lang="en")
    assert (got, stats.checked) == (cold(small, lang="en"), 0)


def test_prune_keeps_the_most_recent_runs(
    data: Path, small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kktrace.findings import cache as module

    monkeypatch.setattr(module, "KEEP_RUNS", 1)
    cache = tmp_path / "cache"
    cached(cache, small)
    _age(cache)
    got, stats = cached(cache, data, lang="en")
    assert got == cold(data, lang="en")
    # only the newest run's record is kept: the other data set's entries went
    assert len(list((cache / "runs").iterdir())) == 1
    assert len(list((cache / "components").iterdir())) == 5
    got, stats = cached(cache, small)
    assert (got, stats.checked) == (cold(small), 2)


def test_prune_removes_leftovers_and_forgets_deleted_files(data: Path, tmp_path: Path) -> None:
    from kktrace.findings.cache import STAT, CacheDir

    cache = tmp_path / "cache"
    cached(cache, data)
    # stat.json as a run leaves it for files that were old enough when hashed
    store = CacheDir(cache)
    for name in ("m004.ttl", "m005.ttl"):
        path = (data / name).resolve()
        st = path.stat()
        digest = store.content_hash(path)[0]
        store._stat[str(path)] = [st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns, digest]
    store._stat_dirty = True
    store.save_stat()
    (cache / "components" / ".kktrace-crashed.tmp").write_text("half", encoding="utf-8")
    (data / "m005.ttl").unlink()
    _age(cache)
    got, stats = cached(cache, data)
    assert got == cold(data)
    assert stats.pruned == 3  # the temporary file, m005's facts and its component's entry
    assert not (cache / "components" / ".kktrace-crashed.tmp").exists()
    recorded = CacheDir(cache)._stat
    assert str((data / "m005.ttl").resolve()) not in recorded
    assert str((data / "m004.ttl").resolve()) in recorded
    assert (cache / STAT).read_bytes().startswith(b"stat ")


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


def test_live_report_is_the_served_models_when_a_file_changes_during_a_reload(
    small: Path, tmp_path: Path
) -> None:
    """The cached check reads the files again after the reload loaded them: a file saved
    in between must not give a report of other contents than the served model's."""
    from kktrace.findings.cache import cached_checker
    from kktrace.sparql.site import Live

    cached_check_ = cached_checker([small], tmp_path / "cache")
    racing: list[str] = []

    def check_while_saving(model):  # type: ignore[no-untyped-def]
        while racing:  # saved after the load, before the check reads the files
            append(small / "m002.ttl", racing.pop())
        return cached_check_(model)

    live = Live([small], load([small]), check=check_while_saving, interval=0.1)
    assert live.state.report.dumps() == cold(small)
    append(small / "m001.ttl", PREFIXES + f'{iri(1, "adm-SOF")} rdfs:label "Ny"@da .')
    racing.append(
        PREFIXES + f"{iri(2, 'li-new')} a kkt:LocalInitiative ;\n"
        f"    kkt:partOf {iri(2, 'lp-BUF-2011')} ."
    )
    assert live.poll()
    state = live.state
    assert state.error is None and not racing
    assert state.report.dumps() == check(state.model).dumps() == cold(small)
    assert "m002/li-new" in state.report.dumps()
    assert not live.poll()  # and the next poll has nothing left to reload


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
