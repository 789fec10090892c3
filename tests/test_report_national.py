"""The gap report over several municipalities: grouped per municipality, counts in the cells.

Above one municipality (and without ``--administration``) the matrix, decision readiness
and continuity are grouped per municipality under an overview table; matrix cells show
counts only; readiness and continuity list only the gaps. One municipality (the bundled
data, ``tests/golden/``) keeps the full lists. The numbers come from the same tables (and
so from :mod:`kktrace.facts`); here they are held to ``kktrace check``'s findings.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from synthetic import generate_set

from kktrace import check, load
from kktrace.report import build_gap_report, render_html, render_markdown
from kktrace.report.data import element_anchor

DATE = "2026-11-26"


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    """(folder, model, check report) of three generated municipalities."""
    out = generate_set(tmp_path_factory.mktemp("national"), 3, seed=5, planted=False)
    model = load([out])
    return out, model, check(model)


def _overview(html: str) -> dict[str, list[str]]:
    """The overview table: municipality name → its cells' text."""
    table = html.split('<table class="overview stack">', 1)[1].split("</table>", 1)[0]
    rows = {}
    for row in re.findall(r"<tr>(<td>.*?)</tr>", table, flags=re.S):
        cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        rows[cells[0]] = cells
    return rows


def test_several_municipalities_are_grouped_with_counts_only(national) -> None:
    _, model, report = national
    gap = build_gap_report(model, report.findings, date=DATE)
    assert gap.national
    assert [g.node.label for g in gap.municipalities if g.node] == sorted(
        (g.node.label for g in gap.municipalities if g.node), key=lambda s: [int(s.split()[-1])]
    )
    assert len(gap.municipalities) == 3
    html = render_html(gap)
    matrix = html.split('<section id="matrix">', 1)[1].split("</section>", 1)[0]
    assert "<details>" not in matrix  # counts, not lists of elements
    starts = [matrix.index(f'<h3 id="{g.anchor}">') for g in gap.municipalities]
    assert starts == sorted(starts)
    for g, start, end in zip(gap.municipalities, starts, [*starts[1:], len(matrix)], strict=True):
        assert f'href="#{g.anchor}"' in matrix  # the overview links to it
        # each of its plans is under its heading, one level down
        for t in g.matrices:
            at = matrix.index(f'<h4 id="{element_anchor(t.plan.iri)}-matrix">')
            assert start < at < end
            assert t.members == []


def test_overview_numbers_are_the_checks(national) -> None:
    """Per municipality: decision readiness and dropped initiatives in the overview equal
    the findings of not-decision-ready and dropped-without-decision; goals without any
    contribution equal the matrix tables' own count; the sum over municipalities is the
    whole check."""
    _, model, report = national
    gap = build_gap_report(model, report.findings, date=DATE)
    html = render_html(gap)
    rows = _overview(html)
    from kktrace.facts import Facts

    facts = Facts(model)
    not_ready: Counter[str | None] = Counter()
    dropped: Counter[str | None] = Counter()
    for f in report.findings:
        plan = next(iter(facts.links(f.focus, "partOf")), None)
        muni = facts.municipality_of(plan) if plan else None
        if f.rule == "not-decision-ready":
            not_ready[muni] += 1
        elif f.rule == "dropped-without-decision" and facts.has(f.focus, "CommonInitiative"):
            dropped[muni] += 1
    assert sum(not_ready.values()) > 0 and sum(dropped.values()) > 0  # the data has both
    for g in gap.municipalities:
        assert g.node is not None
        cells = rows[g.node.label]
        ready, total = (int(x) for x in cells[4].split(" / "))
        assert total - ready == not_ready[g.node.iri]
        assert int(cells[5]) == dropped[g.node.iri]
        assert int(cells[1]) == sum(len(t.goals) for t in g.matrices)
        assert int(cells[2]) == sum(len(t.unsupported) for t in g.matrices)
    assert sum(g.initiatives - g.ready for g in gap.municipalities) == sum(not_ready.values())


def test_only_the_gaps_are_listed(national) -> None:
    _, model, report = national
    gap = build_gap_report(model, report.findings, date=DATE)
    html = render_html(gap)
    readiness = html.split('<section id="readiness">', 1)[1].split("</section>", 1)[0]
    listed = readiness.count("<tr><td>")
    assert listed == sum(len(t.gaps) for t in gap.readiness) > 0
    assert listed < sum(len(t.rows) for t in gap.readiness)
    continuity = html.split('<section id="continuity">', 1)[1].split("</section>", 1)[0]
    assert continuity.count("<tr><td>") == sum(len(t.gaps) for t in gap.continuity) > 0
    assert all(r.outcome == "dropped" for t in gap.continuity for r in t.gaps)
    # the dropped rows still link to their findings
    assert all(r.finding for t in gap.continuity for r in t.gaps)


def test_one_municipality_keeps_the_lists(tmp_path: Path) -> None:
    model = load([generate_set(tmp_path, 1, seed=5, planted=False)])
    gap = build_gap_report(model, check(model).findings, date=DATE)
    assert not gap.national
    html = render_html(gap)
    assert "<details>" in html.split('<section id="matrix">', 1)[1].split("</section>", 1)[0]
    assert 'class="overview' not in html


def test_both_languages_and_markdown(national) -> None:
    _, model, report = national
    for lang, title in (("da", "Kommunerne i overblik"), ("en", "The municipalities at a glance")):
        gap = build_gap_report(model, report.findings, lang=lang, date=DATE)
        assert title in render_html(gap)
        md = render_markdown(gap)
        assert f"### {title}" in md
        for g in gap.municipalities:
            assert f"\n### {g.node.label}\n" in md


def test_municipality_labels_are_escaped(tmp_path: Path) -> None:
    out = generate_set(tmp_path, 2, seed=5, planted=False)
    model = load([out])
    muni = sorted(model.nodes_of_kind("Municipality"))[0]
    (out / "hostile.ttl").write_text(
        f'<{muni}> <http://www.w3.org/2000/01/rdf-schema#label> "<b>A&B</b> | *x*"@da .\n',
        encoding="utf-8",
    )
    model = load([out])
    gap = build_gap_report(model, [], date=DATE)
    assert any(g.node and g.node.label.startswith("<b>") for g in gap.municipalities)
    html = render_html(gap)
    assert "<b>A&B</b>" not in html and "&lt;b&gt;A&amp;B&lt;/b&gt;" in html
    md = render_markdown(gap)
    assert "<b>A&B</b> | *x*" not in md


def test_cli_report_equals_the_report_built_after_the_check(national, tmp_path: Path) -> None:
    """The CLI computes the model-only part on a thread beside the check; the bytes are
    the same as building everything after it."""
    folder, model, report = national
    subprocess.run(
        [
            sys.executable,
            "-m",
            "kktrace",
            "report",
            str(folder),
            "-o",
            str(tmp_path),
            "--date",
            DATE,
            "--fail-on",
            "never",
        ],
        check=True,
        capture_output=True,
    )
    gap = build_gap_report(model, report.findings, date=DATE, source=str(folder))
    assert (tmp_path / "gap-report.da.html").read_text(encoding="utf-8") == render_html(gap)
    assert (tmp_path / "gap-report.da.md").read_text(encoding="utf-8") == render_markdown(gap)


def test_fix_first_names_the_municipality(tmp_path) -> None:
    """Every municipality has a BIF: above one municipality each "fix first" line says whose
    (the municipality of the administration that acts, from the facts), in HTML and
    Markdown; a report over one municipality does not."""
    out = generate_set(tmp_path, 2, seed=3, planted=True)
    model = load([out])
    gap = build_gap_report(model, check(model).findings, date=DATE)
    assert gap.national and gap.fix_first
    from kktrace.facts import Facts

    truth = Facts(model)
    named = 0
    for e in gap.fix_first:
        found = [truth.municipality_of(u.iri) for u in (e.owner, e.plan) if u is not None]
        want = next((m for m in found if m), None)
        assert (e.municipality.iri if e.municipality else None) == want, e
        named += want is not None
    # strategy-level findings (a focus area) have no owner or plan; the rest all have one
    assert named >= len(gap.fix_first) - 2
    names = {e.municipality.label for e in gap.fix_first if e.municipality}
    assert len(names) == 2
    first = render_html(gap).split('<ol class="fixfirst">', 1)[1].split("</ol>", 1)[0]
    items = first.split("<li ")[1:]
    assert sum(any(f'<span class="who">{n}</span> · ' in i for n in names) for i in items) >= (
        len(items) - 2
    )
    md = render_markdown(gap)
    assert all(f"— {n} · " in md for n in names)
    one = load([next(p for p in sorted(Path(out).rglob("*.ttl")))])
    single = build_gap_report(one, check(one).findings, date=DATE)
    assert not single.national and all(e.municipality is None for e in single.fix_first)
