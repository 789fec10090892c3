"""Independent sanity check of the reference data set against the rule contract (own SPARQL).

Not the product's checker: a second opinion used while writing the data. Prints the findings
per rule and compares them with the planted gaps listed in EXPECTED (= data/README.md).
Exit 0 when the findings are exactly the expected ones and the structural checks pass.

    python data/tools/check_dataset.py
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

try:
    from rdflib import Dataset, Graph, URIRef
except ImportError:  # the system python: say which one to use, in one line
    print(
        "data/tools/check_dataset.py: rdflib is not installed for this python — run it with "
        "the project's environment: .venv/bin/python data/tools/check_dataset.py",
        file=sys.stderr,
    )
    sys.exit(2)

DATA = Path(__file__).resolve().parent.parent
ONTOLOGY = DATA.parent / "ontology" / "kktrace.ttl"
KK = "https://w3id.org/kktrace/id/kk/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

EXPECTED = {
    ("orphan-initiative", "SOF-2011-I11"),
    ("orphan-initiative", "TMF-2011-I11"),
    ("orphan-initiative", "SUF-2013-I12"),
    ("local-plan-not-supporting-common-plan", "plan-KFF-2013-2014"),
    ("missing-local-plan", "BIF"),
    ("missing-local-plan", "KFF"),
    ("not-decision-ready", "FHP-2013-I13"),
    ("dropped-without-decision", "FHP-2011-I17"),
    # kktrace's own extra rule (kktrace/rules/missing-status.rq): planted status gaps
    ("missing-status", "FHP-2011-I07"),
    ("missing-status", "SOF-2011-I02"),
    ("missing-status", "FHP-2013-I21"),
}

PREFIXES = """
PREFIX kkt: <https://w3id.org/kktrace/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

# class -> level, used when the ontology has no kkt:level (it has, but keep this self-contained)
LEVEL_CLASSES = {1: ["ITStrategy", "FocusArea", "StrategicGoal"],
                 2: ["CommonActionPlan", "CommonGoal", "CommonInitiative"],
                 3: ["LocalActionPlan", "LocalGoal", "LocalInitiative"]}

RULES = {
    "orphan-initiative": """
        SELECT ?f WHERE { ?f a/rdfs:subClassOf* kkt:Initiative .
                          FILTER NOT EXISTS { ?f kkt:supports ?x } }""",
    "untraced-to-strategy": """
        SELECT DISTINCT ?f WHERE {
          { ?f a/rdfs:subClassOf* kkt:Goal } UNION
          { ?f a/rdfs:subClassOf* kkt:Initiative . ?f kkt:supports ?any }
          FILTER NOT EXISTS { ?f kkt:supports+ ?s . ?s a/rdfs:subClassOf* ?c .
                              VALUES ?c { kkt:ITStrategy kkt:FocusArea kkt:StrategicGoal } } }""",
    "local-plan-not-supporting-common-plan": """
        SELECT ?f WHERE { ?f a/rdfs:subClassOf* kkt:LocalActionPlan .
          FILTER NOT EXISTS { ?f kkt:supports ?c . ?c a/rdfs:subClassOf* kkt:CommonActionPlan } }""",
    "hollow-local-plan": """
        SELECT DISTINCT ?f WHERE { ?f a/rdfs:subClassOf* kkt:LocalActionPlan ; kkt:supports ?c .
          ?c a/rdfs:subClassOf* kkt:CommonActionPlan .
          FILTER NOT EXISTS { ?e kkt:partOf ?f ; kkt:supports+ ?t . ?t kkt:partOf ?c .
                              { ?t a/rdfs:subClassOf* kkt:Goal } UNION { ?t a/rdfs:subClassOf* kkt:Initiative } } }""",
    "support-period-mismatch": """
        SELECT ?f WHERE { ?f a/rdfs:subClassOf* kkt:LocalActionPlan ; kkt:supports ?c ;
             kkt:startDate ?s1 ; kkt:endDate ?e1 .
          ?c a/rdfs:subClassOf* kkt:CommonActionPlan ; kkt:startDate ?s2 ; kkt:endDate ?e2 .
          FILTER (?e1 < ?s2 || ?e2 < ?s1) }""",
    "goal-without-initiative": """
        SELECT ?f WHERE { ?f a/rdfs:subClassOf* kkt:Goal .
          FILTER NOT EXISTS { ?i a/rdfs:subClassOf* kkt:Initiative ; kkt:supports+ ?f } }""",
    "focus-area-without-goal": """
        SELECT ?f WHERE { ?f a/rdfs:subClassOf* kkt:FocusArea .
          FILTER NOT EXISTS { ?g a/rdfs:subClassOf* kkt:CommonGoal .
            { ?g kkt:supports+ ?f } UNION { ?g kkt:supports+ ?sg . ?sg kkt:partOf ?f .
                                           ?sg a/rdfs:subClassOf* kkt:StrategicGoal } } }""",
    "dangling-reference": """
        SELECT DISTINCT ?f WHERE { ?f ?p ?o .
          VALUES ?p { kkt:supports kkt:partOf kkt:owner kkt:responsible kkt:continues }
          FILTER NOT EXISTS { ?o a ?t } }""",
    # kktrace's extra rule, simplified: live (Approved/InProgress) by the last earlier entry or
    # its own status, running in a reported year Y, and no entry for Y.
    "missing-status": """
        SELECT DISTINCT ?f WHERE {
          { SELECT DISTINCT ?y WHERE { ?r a kkt:StatusReport ; kkt:year ?ry . BIND(xsd:integer(STR(?ry)) AS ?y) } }
          ?f a/rdfs:subClassOf* kkt:Initiative ; kkt:startDate ?s ; kkt:endDate ?e ; kkt:status ?own .
          FILTER (YEAR(?s) <= ?y && YEAR(?e) >= ?y)
          FILTER NOT EXISTS { ?x kkt:about ?f ; kkt:year ?xy . FILTER (xsd:integer(STR(?xy)) = ?y) }
          OPTIONAL { ?p kkt:about ?f ; kkt:year ?py ; kkt:status ?pst . FILTER (xsd:integer(STR(?py)) < ?y)
                     FILTER NOT EXISTS { ?q kkt:about ?f ; kkt:year ?qy .
                       FILTER (xsd:integer(STR(?qy)) > xsd:integer(STR(?py)) && xsd:integer(STR(?qy)) < ?y) } }
          FILTER (COALESCE(?pst, ?own) IN (kkt:Approved, kkt:InProgress)) }""",
    "support-cycle": """SELECT DISTINCT ?f WHERE { ?f kkt:supports+ ?f }""",
    "not-decision-ready": """
        SELECT DISTINCT ?f WHERE { ?f a/rdfs:subClassOf* kkt:CommonInitiative ; kkt:partOf ?p .
          ?p a/rdfs:subClassOf* kkt:CommonActionPlan .
          FILTER NOT EXISTS { ?p a/rdfs:subClassOf* kkt:TransitionActionPlan }
          FILTER (NOT EXISTS { ?f kkt:responsible ?a } || NOT EXISTS { ?f kkt:businessCase ?b } ||
                  NOT EXISTS { ?f kkt:funding ?c } || NOT EXISTS { ?f kkt:priority ?d }) }""",
    "priority-conflict": """
        SELECT DISTINCT ?f WHERE { ?f a/rdfs:subClassOf* kkt:Initiative ; kkt:partOf ?p ; kkt:priority ?n .
          ?g a/rdfs:subClassOf* kkt:Initiative ; kkt:partOf ?p ; kkt:priority ?n . FILTER (?f != ?g) }""",
    "period-outside-plan": """
        SELECT DISTINCT ?f WHERE {
          { ?f kkt:partOf ?p . { ?f a/rdfs:subClassOf* kkt:Goal } UNION { ?f a/rdfs:subClassOf* kkt:Initiative }
            ?p kkt:startDate ?ps ; kkt:endDate ?pe .
            { ?f kkt:startDate ?d } UNION { ?f kkt:endDate ?d }
            FILTER (?d < ?ps || ?d > ?pe) }
          UNION
          { ?f a/rdfs:subClassOf* kkt:CommonActionPlan ; kkt:supports ?s ; kkt:startDate ?ps ; kkt:endDate ?pe .
            ?s a/rdfs:subClassOf* kkt:ITStrategy ; kkt:startDate ?ss ; kkt:endDate ?se .
            FILTER (?pe > ?se || (?ps < ?ss && NOT EXISTS { ?f a/rdfs:subClassOf* kkt:TransitionActionPlan })) } }""",
    "missing-local-plan": """
        SELECT DISTINCT ?f ?c WHERE { ?f a/rdfs:subClassOf* kkt:Administration .
          ?c a/rdfs:subClassOf* kkt:CommonActionPlan ; kkt:owner ?o .
          FILTER NOT EXISTS { ?c a/rdfs:subClassOf* kkt:TransitionActionPlan }
          OPTIONAL { ?f org:unitOf ?m1 } OPTIONAL { ?o org:unitOf ?m2 }
          FILTER (!BOUND(?m1) || !BOUND(?m2) || ?m1 = ?m2)
          FILTER NOT EXISTS { ?l a/rdfs:subClassOf* kkt:LocalActionPlan ; kkt:owner ?f ; kkt:supports ?c } }""",
    "dropped-without-decision": """
        SELECT DISTINCT ?f WHERE { ?f a/rdfs:subClassOf* kkt:Initiative ; kkt:partOf ?p .
          ?p a/rdfs:subClassOf* kkt:CommonActionPlan . ?s kkt:successorOf ?p .
          FILTER NOT EXISTS { ?f kkt:status ?st . VALUES ?st { kkt:Completed kkt:Cancelled } }
          FILTER NOT EXISTS { ?n kkt:continues ?f ; kkt:partOf ?s } }""",
}


def invalid_direction(g: Graph) -> set[str]:
    level: dict[URIRef, int] = {}
    for lv, classes in LEVEL_CLASSES.items():
        for c in classes:
            for row in g.query(PREFIXES + f"SELECT ?x WHERE {{ ?x a/rdfs:subClassOf* kkt:{c} }}"):
                level[row[0]] = lv
    bad = set()
    for s, o in g.subject_objects(URIRef("https://w3id.org/kktrace/def#supports")):
        if s in level and o in level and level[o] > level[s]:
            bad.add(str(s))
    return bad


def short(iri: str) -> str:
    return iri[len(KK):] if iri.startswith(KK) else iri


def main() -> int:
    g = Graph()
    files = sorted(DATA.rglob("*.trig"))
    graph_of: dict[tuple, list[str]] = defaultdict(list)  # triple -> graphs holding it
    for f in files:
        ds = Dataset()
        ds.parse(f, format="trig")
        n = 0
        for s, p, o, c in ds.quads((None, None, None, None)):
            graph_of[(s, p, o)].append(str(c.identifier if hasattr(c, "identifier") else c))
            g.add((s, p, o))
            n += 1
        print(f"{n:5d}  {f.relative_to(DATA)}")
    n_data = len(g)
    print(f"{n_data:5d}  triples in data/ ({len(files)} files)")
    if ONTOLOGY.exists():
        g.parse(ONTOLOGY, format="turtle")
    ok = True

    # --- provenance: each statement in exactly one graph, each graph a declared source ----
    kinds = {URIRef("https://w3id.org/kktrace/def#" + k) for k in ("Source", "Evidence", "IllustrativeContent")}
    declared = {str(s) for s, _, o in g.triples((None, URIRef(str(RDF_TYPE)), None)) if o in kinds}
    for triple, graphs in graph_of.items():
        if len(graphs) != 1 or graphs[0] not in declared:
            print("  provenance not exactly one declared graph:", [short(str(x)) for x in triple], graphs)
            ok = False

    # --- structure -----------------------------------------------------------------------
    q = lambda text: list(g.query(PREFIXES + text))  # noqa: E731
    n_local = q("SELECT (COUNT(?i) AS ?n) WHERE { ?i a kkt:LocalInitiative }")[0][0]
    n_common = q("SELECT (COUNT(?i) AS ?n) WHERE { ?i a kkt:CommonInitiative }")[0][0]
    print(f"local initiatives: {n_local}; common initiatives: {n_common}")
    ok &= int(n_local) >= 150
    bad_labels = q("""SELECT ?s (COUNT(?l) AS ?n) WHERE { ?s a ?t . FILTER(STRSTARTS(STR(?s), "{KK}"))
        OPTIONAL { ?s rdfs:label ?l FILTER(LANG(?l) = "da") } } GROUP BY ?s HAVING (COUNT(?l) != 1)""".replace("{KK}", KK))
    for row in bad_labels:
        print("  label@da count != 1:", short(str(row[0])), row[1])
        ok = False
    untyped = q("""SELECT DISTINCT ?o WHERE { ?s ?p ?o . FILTER(isIRI(?o) && STRSTARTS(STR(?o), "{KK}"))
        FILTER NOT EXISTS { ?o a ?t } }""".replace("{KK}", KK))
    for row in untyped:
        print("  untyped kk: object:", short(str(row[0])))
        ok = False
    prios = q("SELECT ?p ?n (COUNT(?i) AS ?c) WHERE { ?i kkt:partOf ?p ; kkt:priority ?n } GROUP BY ?p ?n")
    for p, n, c in prios:
        if int(c) > 1:
            print("  duplicate priority", short(str(p)), n)
            ok = False
    no_status = q("""SELECT ?i WHERE { ?i a/rdfs:subClassOf* kkt:Initiative .
        FILTER NOT EXISTS { ?i kkt:status ?s ; kkt:startDate ?a ; kkt:endDate ?b } }""")
    for row in no_status:
        print("  initiative without status/dates:", short(str(row[0])))
        ok = False
    # latest status entry must agree with the initiative's current status
    latest = q("""SELECT ?i ?cur ?st ?y WHERE { ?e kkt:about ?i ; kkt:status ?st ; kkt:year ?y .
        ?i kkt:status ?cur . FILTER NOT EXISTS { ?e2 kkt:about ?i ; kkt:year ?y2 . FILTER(STR(?y2) > STR(?y)) } }""")
    for i, cur, st, y in latest:
        if cur != st:
            print(f"  latest entry ({y}) {short(str(st))} != current {short(str(cur))} for {short(str(i))}")
            ok = False
    backwards = q("""SELECT ?i ?y1 ?y2 WHERE { ?a kkt:about ?i ; kkt:year ?y1 ; kkt:status kkt:InProgress .
        ?b kkt:about ?i ; kkt:year ?y2 ; kkt:status ?s2 . VALUES ?s2 { kkt:Postponed kkt:Proposed kkt:Approved }
        FILTER(STR(?y2) > STR(?y1)) }""")
    print("status going backwards:", sorted(f"{short(str(i))} {a}->{b}" for i, a, b in backwards))
    gaps = q("""SELECT ?i ?y1 WHERE { ?a kkt:about ?i ; kkt:year ?y1 . ?i kkt:endDate ?end .
        FILTER (YEAR(?end) > xsd:integer(STR(?y1)) + 1 || (YEAR(?end) = xsd:integer(STR(?y1)) + 1 &&
                 xsd:integer(STR(?y1)) + 1 <= 2013))
        FILTER NOT EXISTS { ?b kkt:about ?i ; kkt:year ?y2 . FILTER(xsd:integer(STR(?y2)) = xsd:integer(STR(?y1)) + 1) }
        FILTER NOT EXISTS { ?i kkt:status ?s . VALUES ?s { kkt:Completed kkt:Cancelled } } }""")
    no_entry = q("""SELECT ?i WHERE { ?i kkt:status kkt:InProgress ; kkt:startDate ?s .
        FILTER(YEAR(?s) <= 2013) FILTER NOT EXISTS { ?e kkt:about ?i } }""")
    print("status gaps (entry for Y, none for Y+1, still running):",
          sorted(f"{short(str(i))} after {y}" for i, y in gaps))
    print("running initiatives never reported:", len(no_entry), "(sample:",
          sorted(short(str(r[0])) for r in no_entry if "FHP" in str(r[0])), ")")

    # --- §3 rules --------------------------------------------------------------------------
    found: dict[str, set[str]] = defaultdict(set)
    for rule, text in RULES.items():
        for row in q(text):
            found[rule].add(short(str(row[0])))
    found["invalid-support-direction"] = {short(x) for x in invalid_direction(g)}
    got = {(r, f) for r, fs in found.items() for f in fs}
    print("\nfindings:")
    for r, f in sorted(got):
        print(f"  {'  ' if (r, f) in EXPECTED else '!!'} {r:40s} {f}")
    for miss in sorted(EXPECTED - got):
        print(f"  MISSING expected finding: {miss}")
    ok &= got == EXPECTED
    print("\nOK" if ok else "\nNOT OK")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
