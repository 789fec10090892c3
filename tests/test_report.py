"""Gap report content and rendering, on the small hand-made case with hand-made findings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kktrace.errors import UsageError
from kktrace.findings.finding import Finding
from kktrace.model.store import load
from kktrace.report import build_gap_report, check_date, output_names, render_html, render_markdown
from kktrace.report.messages import MESSAGES, Catalogue
from kktrace.report.render import md_escape
from kktrace.report.rules import RuleText

SMALL = Path(__file__).parent / "golden" / "report-small-case.ttl"
EX = "https://example.org/kk/"
RULES = {
    "orphan-initiative": RuleText(
        "orphan-initiative",
        "error",
        "Forældreløst initiativ",
        "Uden kkt:supports.",
        "Tilføj kkt:supports.",
    ),
    "untraced-to-strategy": RuleText(
        "untraced-to-strategy", "warning", "Ikke sporbar", "", "Forbind det."
    ),
}
FINDINGS = [
    Finding("orphan-initiative", EX + "LI2", "error", "Tablets i skolerne", "Understøtter intet."),
    Finding(
        "untraced-to-strategy", EX + "LI4", "warning", "Mobile enheder", "Når ikke strategien."
    ),
    Finding(
        "untraced-to-strategy", EX + "CG3", "warning", "Mobile medarbejdere", "Når ikke strategien."
    ),
    Finding(
        "missing-local-plan",
        EX + "OKF",
        "warning",
        "Økonomiforvaltningen",
        "Ingen plan.",
        (EX + "CP",),
    ),
]


@pytest.fixture(scope="module")
def small():
    return load([SMALL])


def gap(model, findings=FINDINGS, **kw):
    kw.setdefault("lang", "da")
    kw.setdefault("date", "2026-11-26")
    kw.setdefault("rules", RULES)
    return build_gap_report(model, findings, **kw)


# -- the catalogue ---------------------------------------------------------------------


def test_catalogue_has_the_same_keys_in_both_languages() -> None:
    assert set(MESSAGES["da"]) == set(MESSAGES["en"])
    assert all(MESSAGES["da"][k].count("{") == MESSAGES["en"][k].count("{") for k in MESSAGES["da"])


def test_catalogue_keys_do_not_shadow_its_methods() -> None:
    # Templates write m.key; a key named like a method would be hidden by it.
    methods = {name for name in dir(Catalogue) if not name.startswith("_")}
    assert not methods & set(MESSAGES["da"]), methods & set(MESSAGES["da"])


def test_catalogue_formats_numbers_and_days() -> None:
    import datetime as dt

    da, en = Catalogue("da"), Catalogue("en")
    assert (da.pct(0.5), en.pct(0.5)) == ("50\u00a0%", "50%")
    assert da.date(dt.date(2026, 11, 26)) == "26. november 2026"
    assert en.date(dt.date(2026, 11, 26)) == "26 November 2026"
    assert (da.count("n_errors", 1), da.count("n_errors", 3)) == ("1 fejl", "3 fejl")
    assert (en.count("n_warnings", 1), en.count("n_warnings", 2)) == ("1 warning", "2 warnings")


# -- md_escape -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("plain text", "plain text"),
        ("*bold* _em_", r"\*bold\* \_em\_"),
        ("[link](x)", r"\[link\](x)"),
        ("a | b", r"a \| b"),
        ("`code`", r"\`code\`"),
        ("<script>x</script>", r"\<script\>x\</script\>"),
        ("# heading", r"\# heading"),
        ("  # indented", r"\# indented"),
        ("> quote", r"\> quote"),
        ("- item", r"\- item"),
        ("1. item", r"1\. item"),
        ("line\nbreak", "line break"),
        ("back\\slash", "back\\\\slash"),
        ("&amp;", r"\&amp;"),
        ("C# is not a heading", "C# is not a heading"),
    ],
)
def test_md_escape(raw: str, escaped: str) -> None:
    assert md_escape(raw) == escaped


# -- content ---------------------------------------------------------------------------


def test_matrix_counts_supports_chains_per_administration(small) -> None:
    (table,) = gap(small).matrices
    assert [g.code for g in table.goals] == ["M1", "M2", "M3", "M4"]
    rows = {a.code: cells for a, cells in table.rows}
    # BUF: LG1 → CG1 and LI1 → LG1 → CG1; SUF: LI3 → CG2, LI4 → CG3; ØKF: nothing.
    assert rows == {"BUF": [2, 0, 0, 0], "SUF": [0, 1, 1, 0], "ØKF": [0, 0, 0, 0]}
    assert [g.code for g in table.unsupported] == ["M4"]


def test_coverage_is_the_share_of_local_initiatives_traced_to_strategy(small) -> None:
    cov = {c.admin.code: (c.traced, c.total) for c in gap(small).coverage}
    assert cov == {"BUF": (1, 2), "SUF": (1, 2), "ØKF": (0, 0)}


def test_decision_readiness(small) -> None:
    (table,) = gap(small).readiness
    rows = {r.initiative.code: r for r in table.rows}
    assert rows["F-01"].ready and rows["F-01"].priority == "1"
    assert not rows["F-02"].ready
    assert (rows["F-02"].business_case, rows["F-02"].funding) == (False, False)
    assert rows["F-02"].responsible.code == "BUF"
    assert table.ready == 1


def test_findings_grouped_by_administration_and_rule(small) -> None:
    groups = {(g.admin.code if g.admin else None): g for g in gap(small).by_admin}
    assert list(groups) == ["BUF", "SUF", "ØKF", None]
    assert [r.rule.id for r in groups["BUF"].rules] == ["orphan-initiative"]
    assert [v.node.code for v in groups["SUF"].rules[0].findings] == ["SUF-02"]
    # CG3 is in the common plan: it goes under "Common".
    assert [v.node.code for r in groups[None].rules for v in r.findings] == ["M3"]
    # the administration itself is its own administration
    assert groups["ØKF"].rules[0].findings[0].node.iri == EX + "OKF"


def test_finding_carries_its_trace_chain(small) -> None:
    report = gap(small)
    suf = next(g for g in report.by_admin if g.admin and g.admin.code == "SUF")
    chain = suf.rules[0].findings[0].chain
    assert [s.code for s in chain.steps] == ["SUF-02", "M3"]
    assert not chain.complete and chain.reason == "stops"


def test_unknown_rules_get_their_id_as_title(small) -> None:
    titles = {r.rule.id: r.rule.title for r in gap(small).by_rule}
    assert titles["missing-local-plan"] == "missing-local-plan"
    assert titles["orphan-initiative"] == "Forældreløst initiativ"


def test_administration_report_has_only_its_findings_row_and_coverage(small) -> None:
    report = gap(small, administration="SUF")
    assert report.admin.code == "SUF"
    assert {f.focus for f in report.findings} == {EX + "LI4"}
    assert [a.code for a, _ in report.matrices[0].rows] == ["SUF"]
    assert [c.admin.code for c in report.coverage] == ["SUF"]
    assert [g.code for g in report.matrices[0].unsupported] == ["M1", "M4"]
    assert report.readiness == []  # SUF is responsible for no common initiative
    html = render_html(report)
    assert "Tablets i skolerne" not in html and "Mobile enheder til hjemmeplejen" in html


def test_administration_code_is_case_insensitive_and_reaches_readiness(small) -> None:
    report = gap(small, administration="buf")
    assert [r.initiative.code for t in report.readiness for r in t.rows] == ["F-02"]


def test_unknown_administration_lists_the_codes(small) -> None:
    with pytest.raises(UsageError, match=r"BUF, SUF, ØKF"):
        gap(small, administration="XYZ")


def test_baseline_shows_resolved_and_new(small) -> None:
    old = [
        *FINDINGS[1:],
        Finding("orphan-initiative", EX + "LI1", "error", "Gammel", "Var forældreløs."),
    ]
    report = gap(small, baseline=old, baseline_name="sidste år")
    assert [v.finding.focus for v in report.changes.resolved] == [EX + "LI1"]
    assert [v.finding.focus for v in report.changes.new] == [EX + "LI2"]
    assert report.changes.unchanged == 3
    text = render_markdown(report)
    assert "Løste fund (1)" in text and "Nye fund (1)" in text and "sidste år" in text


@pytest.mark.parametrize("bad", ["2026-13-01", "26-11-2026", "today", "2026-11-26T10:00"])
def test_bad_date(bad: str) -> None:
    with pytest.raises(UsageError, match="YYYY-MM-DD"):
        check_date(bad)


def test_output_names() -> None:
    assert output_names("da") == {
        "html": "gap-report.da.html",
        "md": "gap-report.da.md",
        "json": "findings.da.json",
    }
    assert output_names("en", "ØKF")["html"] == "gap-report-ØKF.en.html"
    assert output_names("en", "../x")["html"] == "gap-report-_x.en.html"


# -- rendering -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["da", "en"])
def test_rendering_is_deterministic(small, lang: str) -> None:
    one = gap(small, lang=lang)
    two = gap(small, lang=lang, findings=list(reversed(FINDINGS)))
    assert render_html(one) == render_html(two)
    assert render_markdown(one) == render_markdown(two)


def test_english_report_is_english(small) -> None:
    html = render_html(gap(small, lang="en"))
    assert '<html lang="en">' in html and "Traceability matrix" in html
    assert "Digital post for all" in html  # labels in English too
    assert "Sporbarhedsmatrix" not in html


def test_html_is_self_contained(small) -> None:
    html = render_html(gap(small))
    assert not re.search(r"<(script|link|iframe|object|embed|img)\b", html, re.I)
    assert "@import" not in html
    # every src/href stays on the page
    for target in re.findall(r"""\b(?:src|href|xlink:href)\s*=\s*["']?([^"'\s>]*)""", html, re.I):
        assert target.startswith("#"), target
    assert not re.search(r"url\(\s*['\"]?(?!#)", html)
    assert "default-src 'none'" in html  # CSP: no script runs, nothing is fetched


def test_print_stylesheet_for_a4(small) -> None:
    html = render_html(gap(small))
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", html)
    assert "@media print" in html
    assert "break-before: page" in html
    assert re.search(r"tr, td, th[^{]*\{\s*break-inside: avoid", html)
    assert "thead { display: table-header-group; }" in html


PAYLOADS = ["<script>window.__xss=1</script>", '"><img src=x onerror=window.__xss=2>', "</script>"]


def hostile_case(tmp_path: Path) -> Path:
    """The small case with labels (and a notation) carrying script payloads."""
    text = SMALL.read_text(encoding="utf-8")
    text = text.replace('"Tablets i skolerne"@da', '"' + PAYLOADS[0] + '"@da')
    text = text.replace(
        '"Mobile enheder til hjemmeplejen"@da', '"' + PAYLOADS[1].replace('"', '\\"') + '"@da'
    )
    text = text.replace('"Mobile medarbejdere"@da', '"' + PAYLOADS[2] + '"@da')
    text = text.replace('skos:notation "BUF-02"', 'skos:notation "*BUF* | [x](y)"')
    path = tmp_path / "hostile.ttl"
    path.write_text(text, encoding="utf-8")
    return path


def hostile_findings() -> list[Finding]:
    return [
        Finding("orphan-initiative", EX + "LI2", "error", PAYLOADS[0], "msg " + PAYLOADS[0]),
        Finding("untraced-to-strategy", EX + "LI4", "warning", PAYLOADS[1], PAYLOADS[1]),
        Finding("untraced-to-strategy", EX + "CG3", "warning", PAYLOADS[2], PAYLOADS[2]),
    ]


def test_html_escapes_hostile_labels(tmp_path: Path) -> None:
    model = load([hostile_case(tmp_path)])
    html = render_html(gap(model, findings=hostile_findings()))
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=window.__xss=2&gt;" in html


def test_markdown_escapes_hostile_labels(tmp_path: Path) -> None:
    model = load([hostile_case(tmp_path)])
    md = render_markdown(gap(model, findings=hostile_findings()))
    assert not re.search(r"(?<!\\)<", md)  # every < is escaped
    assert r"\<script\>window.\_\_xss=1\</script\>" in md
    assert r"\*BUF\* \| \[x\](y)" in md


def test_matrix_rows_are_the_plans_own_municipality() -> None:
    """Two municipalities in one data set: each plan's matrix lists only its own
    administrations (regression: every administration was crossed with every plan)."""
    case = Path(__file__).parent / "cases" / "missing-local-plan" / "two-municipalities.ttl"
    tables = {t.plan.label: t for t in gap(load([case]), findings=[]).matrices}
    assert sorted(tables) == ["Fælles plan A", "Fælles plan B"]
    assert [a.label for a, _ in tables["Fælles plan A"].rows] == [
        "Forvaltning A1",
        "Forvaltning A2",
    ]
    assert [a.label for a, _ in tables["Fælles plan B"].rows] == ["Forvaltning B1"]


# -- continuity between plan periods ---------------------------------------------------

CHAIN_CASE = """\
@prefix kkt:  <https://w3id.org/kktrace/def#> .
@prefix ex:   <https://example.org/kk/> .
@prefix org:  <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .

ex:KK a kkt:Municipality ; rdfs:label "Kommunen"@da .
ex:FORUM a kkt:Forum ; rdfs:label "It-chefforum"@da ; org:unitOf ex:KK .
ex:BUF a kkt:Administration ; skos:notation "BUF" ; org:unitOf ex:KK ; rdfs:label "BUF"@da .
ex:SUF a kkt:Administration ; skos:notation "SUF" ; org:unitOf ex:KK ; rdfs:label "SUF"@da .

ex:P1 a kkt:CommonActionPlan ; skos:notation "P1" ; kkt:owner ex:FORUM ;
    rdfs:label "Plan 2011–2012"@da , "Plan 2011-2012 en"@en ;
    kkt:startDate "2011-01-01"^^xsd:date ; kkt:endDate "2012-12-31"^^xsd:date .
ex:P2 a kkt:CommonActionPlan ; skos:notation "P2" ; kkt:owner ex:FORUM ; kkt:successorOf ex:P1 ;
    rdfs:label "Plan 2013–2014"@da , "Plan 2013-2014 en"@en ;
    kkt:startDate "2013-01-01"^^xsd:date ; kkt:endDate "2014-12-31"^^xsd:date .
ex:I1 a kkt:CommonInitiative ; skos:notation "I1" ; kkt:partOf ex:P1 ; rdfs:label "Fortsat"@da ;
    kkt:status kkt:InProgress .
ex:I2 a kkt:CommonInitiative ; skos:notation "I2" ; kkt:partOf ex:P1 ; rdfs:label "Færdig"@da ;
    kkt:status kkt:InProgress .
ex:I3 a kkt:CommonInitiative ; skos:notation "I3" ; kkt:partOf ex:P1 ; rdfs:label "Glemt"@da ;
    kkt:status kkt:Approved .
ex:J1 a kkt:CommonInitiative ; skos:notation "J1" ; kkt:partOf ex:P2 ; kkt:continues ex:I1 ;
    rdfs:label "Videre"@da .
ex:SR a kkt:StatusReport ; rdfs:label "Status 2012"@da .
ex:E1 a kkt:StatusEntry ; kkt:partOf ex:SR ; kkt:about ex:I2 ; kkt:year 2011 ;
    kkt:status kkt:InProgress .
ex:E2 a kkt:StatusEntry ; kkt:partOf ex:SR ; kkt:about ex:I2 ; kkt:year 2012 ;
    kkt:status kkt:Completed .

ex:L1 a kkt:LocalActionPlan ; skos:notation "BUF-1" ; kkt:owner ex:BUF ;
    rdfs:label "BUF 2011–2012"@da ; kkt:startDate "2011-01-01"^^xsd:date .
ex:L2 a kkt:LocalActionPlan ; skos:notation "BUF-2" ; kkt:owner ex:BUF ; kkt:successorOf ex:L1 ;
    rdfs:label "BUF 2013–2014"@da ; kkt:startDate "2013-01-01"^^xsd:date .
ex:LI1 a kkt:LocalInitiative ; skos:notation "BUF-I1" ; kkt:partOf ex:L1 ;
    rdfs:label "Lokalt"@da ; kkt:status kkt:Cancelled .
"""
DROPPED = Finding(
    "dropped-without-decision",
    EX + "I3",
    "warning",
    "Glemt",
    "Initiativet er droppet.",
    (EX + "P2",),
)


@pytest.fixture(scope="module")
def chains(tmp_path_factory):
    path = tmp_path_factory.mktemp("chains") / "chains.ttl"
    path.write_text(CHAIN_CASE, encoding="utf-8")
    return load([path])


def test_continuity_rows_per_successor_plan(chains) -> None:
    report = gap(chains, findings=[DROPPED])
    assert [(t.plan.code, t.earlier.code) for t in report.continuity] == [("P2", "P1")]
    rows = {r.initiative.code: r for r in report.continuity[0].rows}
    assert sorted(rows) == ["I1", "I2", "I3"]
    assert rows["I1"].outcome == "continued"
    assert [c.code for c in rows["I1"].continued_by] == ["J1"]
    assert (rows["I1"].status, rows["I1"].status_year) == ("InProgress", None)
    # the latest status entry (2012: Completed) outranks kkt:status InProgress
    assert (rows["I2"].outcome, rows["I2"].status, rows["I2"].status_year) == (
        "completed",
        "Completed",
        "2012",
    )
    assert rows["I3"].outcome == "dropped"
    view = report.by_admin[-1].rules[0].findings[0]
    assert rows["I3"].finding == view.anchor
    assert view.successor is not None and view.successor.code == "P2"


def test_continuity_rendered_with_link_to_the_finding(chains) -> None:
    report = gap(chains, findings=[DROPPED])
    html = render_html(report)
    table = report.continuity[0]
    assert '<a href="#continuity">Videreførelse mellem planperioder</a>' in html
    assert f'<h3 id="{table.anchor}">Plan 2013–2014 afløser Plan 2011–2012</h3>' in html
    anchor = table.rows[2].finding
    assert html.count(f'id="{anchor}"') == 1  # the finding's entry, once
    assert f'<div class="entry warning" id="{anchor}">' in html
    assert f'<a href="#{anchor}">se fundet</a>' in html
    assert f'Efterfølgende plan: <a href="#{table.anchor}">Plan 2013–2014</a>' in html
    md = render_markdown(report)
    assert "| Fortsat (I1) | I gang | Videreført som Videre (J1) |" in md
    assert "| Færdig (I2) | Gennemført (2012) | Gennemført |" in md
    assert "| Glemt (I3) | Godkendt | **✗ Droppet uden beslutning**" in md
    assert "Efterfølgende plan: Plan 2013–2014 (P2)" in md
    en = render_markdown(gap(chains, findings=[DROPPED], lang="en"))
    assert "## Continuity between plan periods" in en
    assert "| Fortsat (I1) | In progress | Continued as Videre (J1) |" in en


def test_continuity_for_an_administration_is_its_local_plans(chains) -> None:
    buf = gap(chains, findings=[DROPPED], administration="BUF")
    assert [(t.plan.code, t.earlier.code) for t in buf.continuity] == [("BUF-2", "BUF-1")]
    assert [(r.initiative.code, r.outcome) for r in buf.continuity[0].rows] == [
        ("BUF-I1", "cancelled")
    ]
    suf = gap(chains, findings=[], administration="SUF")
    assert suf.continuity == []
    assert 'id="continuity"' not in render_html(suf)
    assert "Videreførelse" not in render_markdown(suf)


def test_no_successor_plans_no_section(small) -> None:
    report = gap(small)
    assert report.continuity == []
    assert "#continuity" not in render_html(report)


def test_continuity_on_the_bundled_data(bundled_model) -> None:
    from kktrace.findings.run import check

    findings = check(bundled_model, lang="da").findings
    report = build_gap_report(bundled_model, findings, lang="da", date="2026-11-26")
    kk = "https://w3id.org/kktrace/id/kk/"
    assert [(t.plan.iri, t.earlier.iri) for t in report.continuity] == [
        (kk + "plan-faelles-2011-2012", kk + "plan-overgang-2009-2010"),
        (kk + "plan-faelles-2013-2014", kk + "plan-faelles-2011-2012"),
    ]
    links = bundled_model.select(
        "SELECT (COUNT(*) AS ?n) WHERE { ?i kkt:continues ?earlier ; kkt:partOf ?plan . "
        "VALUES ?plan { <" + kk + "plan-faelles-2011-2012> <" + kk + "plan-faelles-2013-2014> } }"
    )
    rows = [r for t in report.continuity for r in t.rows]
    assert sum(r.outcome == "continued" for r in rows) == int(links[0]["n"].value)
    dropped = [r for r in rows if r.outcome == "dropped"]
    assert [r.initiative.iri for r in dropped] == [kk + "FHP-2011-I17"]
    assert dropped[0].finding is not None
    assert f'<a href="#{dropped[0].finding}">' in render_html(report)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_summary_sentences_never_open_with_a_number(bundled_model, lang: str) -> None:
    """Danish (and English) style: "98 %" or "41 af 42" does not start a sentence."""
    from kktrace.findings.run import check
    from kktrace.report import build_gap_report
    from kktrace.report.render import summary_sentences

    findings = check(bundled_model, lang=lang).findings
    report = build_gap_report(bundled_model, findings, lang=lang, date="2026-11-26")
    cat = Catalogue(lang)
    sentences = summary_sentences(report, cat, "x", "y")
    assert len(sentences) >= 5
    for sentence in sentences:
        assert not sentence[0].isdigit(), sentence
    assert cat.count("n_findings", 1) == ("1 fund" if lang == "da" else "1 finding")
    assert cat.count("n_findings", 2) == ("2 fund" if lang == "da" else "2 findings")
