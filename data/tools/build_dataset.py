"""Build the Copenhagen reference data set (data/**/*.trig) from the tables in content_*.py.

Deterministic: the same tables give the same bytes. Run from anywhere:

    python data/tools/build_dataset.py

The tables are the place to edit; the .trig files are generated from them. Every statement is
written into the named graph that says where it comes from (docs/provenance.md): a source or
a section of one, or ``kk:illustrativ``. A statement is illustrative unless it is added with
a source graph here.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from content_common import (
    CH,
    CH_ANSVAR,
    CH_OVERGANG,
    CH_PLANER,
    CH_SAMMENHAENG,
    F11_GOALS,
    F11_INITIATIVES,
    F13_GOALS,
    F13_INITIATIVES,
    FA_COMMENT_SOURCED,
    FOCUS_AREAS,
    FORV,
    GRAPH_ORDER,
    GRAPH_TITLES,
    ILL,
    KORT,
    OHP_GOALS,
    OHP_INITIATIVES,
    REFERAT,
    SOURCES,
    STATUS_COMMENTS,
    STRATEGIC_GOALS,
)
from content_local import (
    ADMINISTRATIONS,
    LOCAL,
    NO_SUPPORT_TO_COMMON,
    PLAN_PERIODS,
)
from ttl import Doc, Res, da, date, dec, en, month_end, month_start, posint, s, year

DATA = Path(__file__).resolve().parent.parent
ADM = {a[0]: a for a in ADMINISTRATIONS}

# Planted status gaps: (initiative id, year) with no StatusEntry although the initiative ran.
STATUS_GAPS = {("FHP-2011-I07", 2012), ("SOF-2011-I02", 2012)}

HEADER_PROVENANCE = (
    "# Each statement sits in the named graph that says where it comes from: a source (see\n"
    "# kilder.trig) or kk:illustrativ (written to be realistic, taken from no source).\n"
    "# See data/README.md and docs/provenance.md."
)


def kk(local: str) -> str:
    return f"kk:{local}"


def new_doc(path: Path, header: str) -> Doc:
    return Doc(path, header.rstrip() + "\n" + HEADER_PROVENANCE)


# --- sources ---------------------------------------------------------------------------------

def build_sources() -> Doc:
    """The catalogue of sources; each description sits in the graph of the source it describes."""
    doc = new_doc(DATA / "kilder.trig", "# Sources of the Copenhagen reference data, and the illustrative graph.")
    items = doc.section("Kilder")
    for graph, (kind, label_da, label_en, comment, part) in SOURCES.items():
        home = part[0] if part else graph
        r = (Res(graph, [kind], src=home).add("rdfs:label", da(label_da)).add("rdfs:label", en(label_en)))
        if part:
            r.add("dcterms:source", part[0]).add("kkt:locator", da(part[1])).add("kkt:locator", en(part[2]))
        items.append(r.add("rdfs:comment", da(comment) if comment else None))
    return doc


# --- organisation --------------------------------------------------------------------------

def build_organisation() -> Doc:
    doc = new_doc(DATA / "organisation.trig",
                  "# Københavns Kommune: the organisation that owns the IT strategy 2010–2014.\n"
                  "# The seven administrations are those of the period (kk.dk); codes in skos:notation.")
    items = doc.section("Kommunen")
    items.append(Res(kk("KK"), ["kkt:Municipality"], src=CH_SAMMENHAENG)
                 .add("rdfs:label", da("Københavns Kommune")).add("rdfs:label", en("City of Copenhagen"))
                 .add("skos:notation", s("KK"), ILL)
                 .add("rdfs:comment", da("Danmarks største kommune; styres af Borgerrepræsentationen "
                                         "og syv stående udvalg med hver sin forvaltning."), ILL))
    items = doc.section("De syv forvaltninger")
    for iri, code, name_da, name_en, comment in ADMINISTRATIONS:
        items.append(Res(kk(iri), ["kkt:Administration"], src=FORV)
                     .add("rdfs:label", da(name_da)).add("rdfs:label", en(name_en))
                     .add("skos:notation", s(code)).add("org:unitOf", kk("KK"))
                     .add("rdfs:comment", da(comment), CH_SAMMENHAENG if iri == "OEKF" else ILL))
    items = doc.section("Øvrige enheder, som it-strategien omfatter")
    for iri, name_da, name_en, unit_of, comment in SCOPE_UNITS:
        items.append(Res(kk(iri), ["org:OrganizationalUnit"], src=CH_SAMMENHAENG)
                     .add("rdfs:label", da(name_da)).add("rdfs:label", en(name_en))
                     .add("org:unitOf", kk("KK") if unit_of else None)
                     .add("rdfs:comment", da(comment)))
    items = doc.section("Fora, udvalg og fælles enheder")
    items.append(Res(kk("it-chefforum"), ["kkt:Forum"], src=CH_ANSVAR)
                 .add("rdfs:label", da("It-chefforum")).add("rdfs:label", en("IT chiefs' forum"))
                 .add("skos:notation", s("ITCF"), ILL).add("org:unitOf", kk("KK"), ILL)
                 .add("rdfs:comment", da("Har ansvaret for implementering af it-strategien, for udarbejdelse "
                                         "af it-handlingsplaner og udmøntning af disse og for løbende "
                                         "opfølgning; udarbejder én gang årligt en status på implementeringen.")))
    items.append(Res(kk("it-chefkredsen"), ["kkt:Forum"], src=CH_SAMMENHAENG)
                 .add("rdfs:label", da("It-chefkredsen")).add("rdfs:label", en("IT chiefs' circle"))
                 .add("org:unitOf", kk("KK"), ILL)
                 .add("rdfs:comment", da("It-strategien 2010–2014 er udarbejdet i tæt samarbejde med "
                                         "it-chefkredsen."))
                 .add("rdfs:comment", da("Vil i 2009–10 søge at sætte særligt fokus på områder, der ikke er "
                                         "dækket af andre initiativer og vurderes at have gode effekter, herunder "
                                         "processer, metoder og værktøjer til en struktureret udvikling af "
                                         "kommunens it-aktiviteter samt styring og koordinering af fælles og "
                                         "forvaltningsspecifikke it-initiativer."), CH_OVERGANG))
    items.append(Res(kk("OEU"), ["kkt:Committee"], src=CH_ANSVAR)
                 .add("rdfs:label", da("Økonomiudvalget")).add("rdfs:label", en("Finance Committee"))
                 .add("skos:notation", s("ØU"), ILL).add("org:unitOf", kk("KK"), ILL)
                 .add("rdfs:comment", da("Handlingsplanerne og status for implementeringen af it-strategien "
                                         "fremlægges for Økonomiudvalget.")))
    items.append(Res(kk("koncernservice"), ["org:OrganizationalUnit"], src=CH_SAMMENHAENG)
                 .add("rdfs:label", da("Koncernservice")).add("rdfs:label", en("Corporate Services"))
                 .add("skos:notation", s("KS"), ILL).add("org:unitOf", kk("KK"), ILL)
                 .add("org:subOrganizationOf", kk("OEKF"), ILL)
                 .add("rdfs:comment", da("Udarbejder de fælles it-investeringssager."), REFERAT))
    items.append(Res(kk("strategisk-it"), ["org:OrganizationalUnit"], src=CH_SAMMENHAENG)
                 .add("rdfs:label", da("Strategisk IT")).add("rdfs:label", en("Strategic IT"))
                 .add("skos:notation", s("SIT"), ILL).add("org:unitOf", kk("KK"), ILL)
                 .add("org:subOrganizationOf", kk("koncernservice"))
                 .add("rdfs:comment", da("Enhed i Koncernservice, der har udarbejdet it-strategien "
                                         "2010–2014 på bestilling af Økonomiforvaltningen.")))
    items.append(Res(kk("intranet"), ["kkt:PublicationChannel"], src=CH_ANSVAR)
                 .add("rdfs:label", da("Kommunens intranet")).add("rdfs:label", en("The municipal intranet"))
                 .add("rdfs:comment", da("Handlingsplanerne og status for implementering publiceres på "
                                         "kommunens intranet.")))
    return doc


# iri, da, en, unit of KK?, comment — the units the strategy covers besides the administrations
SCOPE_UNITS = [
    ("institutioner", "Kommunens institutioner", "The municipality's institutions", True,
     "It-strategien omfatter kommunens institutioner."),
    ("selvejende-institutioner", "Selvejende institutioner med driftsoverenskomst med kommunen",
     "Self-governing institutions with an operating agreement with the municipality", False,
     "It-strategien omfatter de selvejende institutioner med driftsoverenskomst med kommunen."),
    ("kontraktstyrede-enheder", "De kontraktstyrede enheder", "The contract-managed units", True,
     "It-strategien omfatter de kontraktstyrede enheder."),
]


# --- strategy --------------------------------------------------------------------------------

def build_strategy() -> Doc:
    doc = new_doc(DATA / "strategi-2010-2014.trig",
                  "# Københavns Kommunes it-strategi 2010–2014: vision, the five focus areas\n"
                  "# (perspectives) and the strategic goals under them.")
    items = doc.section("It-strategien")
    strategy = (Res(kk("strategi-2010-2014"), ["kkt:ITStrategy"], src=CH_SAMMENHAENG)
                .add("rdfs:label", da("Københavns Kommunes it-strategi 2010–2014"))
                .add("rdfs:label", en("City of Copenhagen IT strategy 2010–2014"))
                .add("skos:notation", s("IT-2010-2014"), ILL)
                .add("kkt:vision", da("Københavns Kommune skal være en åben, effektiv og digitaliseret "
                                      "kommune, der leverer service af høj kvalitet, og som er blandt de "
                                      "bedste i Danmark til digitale løsninger."), KORT)
                .add("kkt:startDate", date("2010-01-01")).add("kkt:endDate", date("2014-12-31"))
                .add("dcterms:creator", kk("strategisk-it"))
                .add("kkt:commissionedBy", kk("OEKF"))
                .add("dcterms:contributor", kk("it-chefkredsen"))
                .add("kkt:consultation", kk("inddragelse-it-strategi"))
                .add("dcterms:replaces", kk("it-strategi-hidtidig"), CH_OVERGANG))
    for adm in ADMINISTRATIONS:
        strategy.add("kkt:scope", kk(adm[0]))
    for unit in SCOPE_UNITS:
        strategy.add("kkt:scope", kk(unit[0]))
    strategy.add("rdfs:comment", da("Udstikker den fælles strategiske retning og vision for it-udviklingen "
                                    "af Københavns Kommune med fokus på de fælles udfordringer, som "
                                    "kommunens syv forvaltninger står overfor. Underbygges af to-årige "
                                    "fælles handlingsplaner og forvaltningernes lokale handlingsplaner."))
    items.append(strategy)
    items.append(Res(kk("inddragelse-it-strategi"), ["kkt:Consultation"], src=CH_SAMMENHAENG)
                 .add("rdfs:label", da("Inddragelse af it-aktører og direktionsmedlemmer i it-strategien"))
                 .add("rdfs:label", en("Consultation of IT actors and executives on the IT strategy"))
                 .add("prov:wasAssociatedWith", kk("it-aktoerer"))
                 .add("prov:wasAssociatedWith", kk("direktionsmedlemmer"))
                 .add("rdfs:comment", da("En række it-aktører samt direktionsmedlemmer har været inddraget "
                                         "gennem møder og afholdelse af workshops.")))
    items.append(Res(kk("it-aktoerer"), ["prov:Agent"], src=CH_SAMMENHAENG)
                 .add("rdfs:label", da("En række it-aktører")).add("rdfs:label", en("A number of IT actors")))
    items.append(Res(kk("direktionsmedlemmer"), ["prov:Agent"], src=CH_SAMMENHAENG)
                 .add("rdfs:label", da("Direktionsmedlemmer")).add("rdfs:label", en("Members of the executive boards")))
    items.append(Res(kk("it-strategi-hidtidig"), ["prov:Plan"], src=CH_PLANER)
                 .add("rdfs:label", da("Den hidtidige it-strategi"))
                 .add("rdfs:label", en("The previous IT strategy"))
                 .add("rdfs:comment", da("Den hidtidige (gamle) it-strategi, som overgangshandlingsplanen "
                                         "skal binde sammen med den nye.")))
    items = doc.section("Strategiske indsatsområder")
    for n, name_da, name_en, comment in FOCUS_AREAS:
        items.append(Res(kk(f"FA{n}"), ["kkt:FocusArea"], src=KORT)
                     .add("rdfs:label", da(name_da)).add("rdfs:label", en(name_en))
                     .add("skos:notation", s(f"IO{n}"), ILL).add("kkt:partOf", kk("strategi-2010-2014"))
                     .add("rdfs:comment", da(comment), FA_COMMENT_SOURCED.get(n, ILL)))
    items = doc.section("Strategiske mål")
    for sid, fa, name_da, name_en, src in STRATEGIC_GOALS:
        comment = SG_COMMENTS.get(sid) or (
            "Mål fra »It-strategien – den korte version«." if src else
            "Illustrativt strategisk mål (ikke fra de offentlige kilder).")
        r = (Res(kk(sid), ["kkt:StrategicGoal"], src=src or ILL)
             .add("rdfs:label", da(name_da)).add("rdfs:label", en(name_en))
             .add("skos:notation", s(sid.replace("SM-", "SM").replace("-", ".")), ILL)
             .add("kkt:partOf", kk(f"FA{fa}")).add("rdfs:comment", da(comment)))
        if sid == "SM-4-1":
            r.add("rdfs:comment", da("Det er en målsætning i it-strategien, at der skal udarbejdes og "
                                     "implementeres en styringsmodel på it-området; den kan medføre en "
                                     "justering af roller og ansvar."), CH_ANSVAR)
        items.append(r)
    return doc


SG_COMMENTS = {
    "SM-2-2": "Illustrativt strategisk mål, formuleret ud fra kapitlets beskrivelse af de fælles "
              "handlingsplaner (opgaver og processer, der går på tværs af kommunen, eller hvor samme "
              "opgave løses i flere forvaltninger). Kapitlet opstiller ikke selv strategiske mål.",
    "SM-4-2": "Illustrativt strategisk mål, formuleret ud fra kapitlets krav om, at handlingsplanerne "
              "skal indgå i projektporteføljestyringen af samtlige større it-projekter. Kapitlet "
              "opstiller ikke selv strategiske mål.",
}


# --- common plans ----------------------------------------------------------------------------

COMMON = [
    # key, iri, file, type, da, en, start, end, goals, inits, successorOf, decision
    ("OHP-2009", "plan-overgang-2009-2010", "overgangsplan-2009-2010.trig", "kkt:TransitionActionPlan",
     "Overgangshandlingsplan 2009–2010", "Transition action plan 2009–2010", "2009-07-01",
     "2010-12-31", OHP_GOALS, OHP_INITIATIVES, None, None),
    ("FHP-2011", "plan-faelles-2011-2012", "faelles-2011-2012.trig", "kkt:CommonActionPlan",
     "Fælles it-handlingsplan 2011–2012", "Common IT action plan 2011–2012", "2011-01-01",
     "2012-12-31", F11_GOALS, F11_INITIATIVES, "plan-overgang-2009-2010",
     ("beslutning-OEU-2010-12-07", "2010-12-07")),
    ("FHP-2013", "plan-faelles-2013-2014", "faelles-2013-2014.trig", "kkt:CommonActionPlan",
     "Fælles it-handlingsplan 2013–2014", "Common IT action plan 2013–2014", "2013-01-01",
     "2014-12-31", F13_GOALS, F13_INITIATIVES, "plan-faelles-2011-2012",
     ("beslutning-OEU-2012-12-04", "2012-12-04")),
]

PLAN_COMMENTS = {
    # key: (comment, graph)
    "OHP-2009": ("Dækker 2. halvår 2009 og hele 2010 og har en lidt anden status end de fremtidige "
                 "handlingsplaner. Målet er at binde den gamle it-strategi sammen med den nye; fokus er "
                 "primært konsolidering og at få de vigtigste forudsætninger for en styrket "
                 "it-beslutningsproces på plads. Planen falder tidsmæssigt uden for fristerne i kommunens "
                 "budgetproces, hvorfor der ikke fremlægges en samlet handlingsplan. En stor del af "
                 "initiativerne er allerede i gang, meget tæt på igangsætning eller foreligger som forslag "
                 "i andre sammenhænge, fx investeringskataloget for 2010 og effektiviseringsstrategien.",
                 CH_OVERGANG),
    "FHP-2011": ("Første to-årige fælles handlingsplan under it-strategien. Initiativerne er indbyrdes "
                 "prioriterede og har business case, ansvarsplacering og finansieringsaftale.", ILL),
    "FHP-2013": ("Anden to-årige fælles handlingsplan. Koblet til investeringskataloget og "
                 "porteføljestyringen af kommunens større it-projekter.", ILL),
}

# Yearly revision (the plans are dynamic documents): key -> [(version id, issued, status report
# prepared alongside, da, en)]. The versions and their dates are illustrative.
# The adopted version of the 2013–2014 plan differs from the current (revised 2013) one; it
# is written to examples/plan-versions/ so that `kktrace diff` can compare the two versions.
# initiative id -> fields as adopted (None = not yet in the plan). Illustrative.
ADOPTED_2013_2014 = {
    "FHP-2013-I22": None,
    "FHP-2013-I20": {"budget": 1500000},
    "FHP-2013-I16": {"end": "2014-12"},
}
VERSIONS_DIR = DATA.parent / "examples" / "plan-versions"

PLAN_VERSIONS = {
    "FHP-2011": [("udgave-2010", "2010-12-07", "status-2010", "vedtaget udgave", "adopted version"),
                 ("udgave-2011", "2011", "status-2011", "revideret udgave 2011", "revised version 2011")],
    "FHP-2013": [("udgave-2012", "2012-12-04", "status-2012", "vedtaget udgave", "adopted version"),
                 ("udgave-2013", "2013", "status-2013", "revideret udgave 2013", "revised version 2013")],
}


def default_comment(status: str, i: int) -> str:
    options = {
        "InProgress": ["Forløber planmæssigt.", "I gang; enkelte milepæle er forskudt, men slutdatoen holder.",
                       "I gang; økonomien følger budgettet.", "I gang; næste milepæl nås i første halvår."],
        "Completed": ["Afsluttet og overdraget til drift.", "Afsluttet inden for tid og budget.",
                      "Afsluttet; gevinsterne følges op i porteføljen."],
        "Cancelled": ["Annulleret."],
        "Postponed": ["Udskudt."],
        "Approved": ["Godkendt; opstart planlagt.", "Godkendt; projektorganisation etableres."],
        "Proposed": ["Foreslået."],
    }[status]
    return options[i % len(options)]


def build_common(spec, status_rows, adopted: dict | None = None) -> Doc:
    """The plan's file; with ``adopted``, its adopted version for examples/plan-versions/."""
    key, iri, fname, ptype, name_da, name_en, start, end, goals, inits, succ, decision = spec
    if adopted is not None:
        inits = [dict(d, **adopted.get(f"{key}-I{d['n']:02d}") or {}) for d in inits
                 if adopted.get(f"{key}-I{d['n']:02d}", {}) is not None]
    year0 = key.split("-")[1]
    transition = ptype == "kkt:TransitionActionPlan"
    folder, name = (DATA / "handlingsplaner", fname) if adopted is None else (
        VERSIONS_DIR, fname.replace(".trig", f"-{PLAN_VERSIONS[key][0][0]}.trig"))
    doc = new_doc(folder / name,
                  f"# {name_da}: common goals and mutually prioritised common initiatives."
                  + ("" if adopted is None else
                     f"\n# The version adopted on {PLAN_VERSIONS[key][0][1]} (illustrative), kept apart from\n"
                     "# data/ so that `kktrace diff` can compare it with the revised plan in data/."))
    items = doc.section("Handlingsplanen")
    comment, comment_src = PLAN_COMMENTS[key]
    plan = (Res(kk(iri), [ptype], src=CH_PLANER).add("rdfs:label", da(name_da)).add("rdfs:label", en(name_en))
            .add("skos:notation", s(key.replace("-2009", "-2009-2010").replace("-2011", "-2011-2012")
                                    .replace("-2013", "-2013-2014")), ILL)
            .add("kkt:startDate", date(start), CH_OVERGANG if transition else None)
            .add("kkt:endDate", date(end), CH_OVERGANG if transition else None)
            .add("kkt:owner", kk("it-chefforum"), CH_ANSVAR)
            .add("kkt:supports", kk("strategi-2010-2014"), CH_PLANER if transition else CH_SAMMENHAENG)
            .add("kkt:successorOf", kk(succ) if succ else None)
            .add("kkt:decision", kk(decision[0]) if decision else None, ILL))
    if transition:
        plan.add("kkt:bridgesFrom", kk("it-strategi-hidtidig"))
        plan.add("kkt:outsideDeadlinesOf", kk("budgetprocessen"), CH_OVERGANG)
        plan.add("kkt:investmentCatalogue", kk("investeringskatalog-2010"), CH_OVERGANG)
        plan.add("dcterms:relation", kk("effektiviseringsstrategien"), CH_OVERGANG)
    else:
        plan.add("kkt:budgetProcess", kk("budgetprocessen"))
        plan.add("kkt:investmentCatalogue", kk("investeringskataloget"))
        plan.add("kkt:publishedOn", kk("intranet"), ILL)
    items.append(plan.add("rdfs:comment", da(comment), comment_src))
    for vid, issued, status, vda, ven in PLAN_VERSIONS.get(key, []):
        previous = [v for v in PLAN_VERSIONS[key] if v[0] < vid]
        items.append(Res(kk(f"{iri}-{vid}"), ["kkt:PlanVersion"])
                     .add("rdfs:label", da(f"{name_da}, {vda}")).add("rdfs:label", en(f"{name_en}, {ven}"))
                     .add("prov:specializationOf", kk(iri))
                     .add("prov:wasRevisionOf", kk(f"{iri}-{previous[-1][0]}") if previous else None)
                     .add("dcterms:issued", date(issued) if "-" in issued else year(int(issued)))
                     .add("kkt:alongside", kk(status)))
    if decision:
        items.append(Res(kk(decision[0]), ["kkt:Decision"])
                     .add("rdfs:label", da(f"Økonomiudvalgets godkendelse af {name_da[0].lower() + name_da[1:]}"))
                     .add("rdfs:label", en(f"Finance Committee approval of the {name_en[0].lower() + name_en[1:]}"))
                     .add("kkt:date", date(decision[1])).add("kkt:decidedBy", kk("OEU"))
                     .add("rdfs:comment", da("Illustrativ dato: planen forelægges Økonomiudvalget sammen "
                                             "med budgetforslaget.")))
    items = doc.section("Fælles mål")
    for n, gda, gen, sgs, gcomment in goals:
        r = (Res(kk(f"{key}-M{n:02d}"), ["kkt:CommonGoal"]).add("rdfs:label", da(gda))
             .add("rdfs:label", en(gen)).add("skos:notation", s(f"{key}-M{n:02d}"))
             .add("kkt:partOf", kk(iri)))
        for sg in sgs:
            r.add("kkt:supports", kk(sg))
        items.append(r.add("rdfs:comment", da(gcomment)))
    items = doc.section("Fælles initiativer (i prioriteret rækkefølge)")
    evidence: list[Res] = []
    for d in sorted(inits, key=lambda d: d["prio"]):
        iid = f"{key}-I{d['n']:02d}"
        years = sorted(d["st"])
        current = d.get("status") or d["st"][years[-1]]
        src = d.get("src")
        sourced = set(d.get("sourced", ()))

        def field_src(name: str) -> str:
            return src if src and name in sourced else ILL

        r = (Res(kk(iid), ["kkt:CommonInitiative"], type_src=src or ILL)
             .add("rdfs:label", da(d["da"]), field_src("label"))
             .add("rdfs:label", en(d["en"]), field_src("label")).add("skos:notation", s(f"{key}-{d['n']:02d}"))
             .add("kkt:partOf", kk(iri)))
        for g in d["goals"]:
            r.add("kkt:supports", kk(f"{key}-M{g:02d}"))
        r.add("kkt:priority", posint(d["prio"])).add("kkt:responsible", kk(d["resp"]))
        if not transition:
            if not d.get("no_bc"):
                r.add("kkt:businessCase", kk(f"bc-{iid}"))
                evidence.append(Res(kk(f"bc-{iid}"), ["kkt:BusinessCase"])
                                .add("rdfs:label", da(f"Business case: {d['da']}"))
                                .add("rdfs:label", en(f"Business case: {d['en']}")))
            r.add("kkt:funding", kk(f"fin-{iid}"))
            fund = d.get("ic") or f"Fælles it-pulje {year0}"
            evidence.append(Res(kk(f"fin-{iid}"), ["kkt:FundingAgreement"])
                            .add("rdfs:label", da(f"Finansieringsaftale: {d['da']}"))
                            .add("rdfs:label", en(f"Funding agreement: {d['en']}"))
                            .add("rdfs:comment", da(f"Finansieret via {fund}.")))
        r.add("kkt:investmentCatalogueRef", s(d["ic"]) if d.get("ic") else None)
        r.add("kkt:budget", dec(d["budget"]) if d.get("budget") else None, field_src("budget"))
        r.add("kkt:startDate", date(month_start(d["start"]))).add("kkt:endDate", date(month_end(d["end"])))
        r.add("kkt:status", f"kkt:{current}")
        r.add("kkt:continues", kk(d["cont"]) if d.get("cont") else None)
        r.add("rdfs:comment", da(d["comment"]), field_src("comment"))
        items.append(r)
        for i, y in enumerate(years):
            if (iid, y) not in STATUS_GAPS:
                st = d["st"][y]
                status_rows.setdefault(y, []).append(
                    (iid, d["da"], st, STATUS_COMMENTS.get((iid, y), default_comment(st, d["n"] + i))))
    if evidence:
        doc.section("Business cases og finansieringsaftaler").extend(evidence)
    if key == "FHP-2013":
        doc.section("Øvrige politiske beslutninger i planperioden").append(
            Res(kk("beslutning-OEU-2013-03-05"), ["kkt:Decision"], src=REFERAT)
            .add("rdfs:label", da("Økonomiudvalgets beslutning om anskaffelse af fælles økonomisystem"))
            .add("rdfs:label", en("Finance Committee decision to acquire a common finance system"))
            .add("kkt:date", date("2013-03-05")).add("kkt:decidedBy", kk("OEU"))
            .add("dcterms:subject", kk("FHP-2013-I01"))
            .add("rdfs:comment", da("Forundersøgelsen i 2012 (FHP-2011-06) fandt mere end 40 økonomisystemer "
                                    "med udgifter på ca. 70 mio. kr. om året.")))
    return doc


def build_budget() -> Doc:
    """The budget process and investment catalogues the plans are fitted into or tied to."""
    doc = new_doc(DATA / "handlingsplaner" / "budgetproces.trig",
                  "# The budget process and the investment catalogues the common action plans are tied to.")
    items = doc.section("Budgetproces og investeringskataloger")
    items.append(Res(kk("budgetprocessen"), ["kkt:BudgetProcess"], src=CH_PLANER)
                 .add("rdfs:label", da("Kommunens budgetproces")).add("rdfs:label", en("The municipal budget process"))
                 .add("rdfs:comment", da("De to-årige fælles it-handlingsplaner skal indpasses i kommunens "
                                         "budgetprocesser og kobles til behandlingen af forslag til "
                                         "investeringskataloget."))
                 .add("rdfs:comment", da("Overgangshandlingsplanen falder tidsmæssigt uden for fristerne i "
                                         "kommunens budgetproces."), CH_OVERGANG))
    items.append(Res(kk("investeringskataloget"), ["kkt:InvestmentCatalogue"], src=CH_PLANER)
                 .add("rdfs:label", da("Investeringskataloget")).add("rdfs:label", en("The investment catalogue"))
                 .add("kkt:budgetProcess", kk("budgetprocessen")))
    items.append(Res(kk("investeringskatalog-2010"), ["kkt:InvestmentCatalogue"], src=CH_OVERGANG)
                 .add("rdfs:label", da("Investeringskataloget for 2010"))
                 .add("rdfs:label", en("The investment catalogue for 2010")))
    items.append(Res(kk("effektiviseringsstrategien"), ["prov:Plan"], src=CH_OVERGANG)
                 .add("rdfs:label", da("Effektiviseringsstrategien"))
                 .add("rdfs:label", en("The efficiency strategy"))
                 .add("rdfs:comment", da("En af de andre sammenhænge, hvor en stor del af "
                                         "overgangshandlingsplanens initiativer foreligger som forslag.")))
    return doc


# --- local plans ----------------------------------------------------------------------------

def genitive(name: str) -> str:
    return name if name.endswith("s") else name + "s"


def default_period(status: str, y0: int, plan_start: str) -> tuple[str, str]:
    first = plan_start[:7]
    if status == "Proposed":
        return (f"{y0 + 1}-01", f"{y0 + 1}-12")
    if status == "Completed":
        return (first, f"{y0 + 1}-06" if y0 == 2011 else f"{y0}-12")
    return (first, f"{y0 + 1}-12")


def build_local(adm: str, y0: int, status_rows) -> Doc:
    iri_id, code, name_da, name_en, _ = ADM[adm]
    content = LOCAL[(adm, y0)]
    y1 = y0 + 1
    start, end = PLAN_PERIODS.get((adm, y0), (f"{y0}-01-01", f"{y1}-12-31"))
    ckey = f"FHP-{y0}"
    plan_iri = f"plan-{adm}-{y0}-{y1}"
    doc = new_doc(DATA / "lokale-planer" / f"{adm.lower()}-{y0}-{y1}.trig",
                  f"# {genitive(name_da)} lokale it-handlingsplan {y0}–{y1}.\n"
                  "# Illustrative content: local goals and initiatives are not taken from public sources.")
    plan = (Res(kk(plan_iri), ["kkt:LocalActionPlan"])
            .add("rdfs:label", da(f"{genitive(name_da)} it-handlingsplan {y0}–{y1}"))
            .add("rdfs:label", en(f"{name_en} IT action plan {y0}–{y1}"))
            .add("skos:notation", s(f"{code}-{y0}-{y1}"))
            .add("kkt:startDate", date(start)).add("kkt:endDate", date(end))
            .add("kkt:owner", kk(iri_id)))
    if (adm, y0) not in NO_SUPPORT_TO_COMMON:
        plan.add("kkt:supports", kk(f"plan-faelles-{y0}-{y1}"))
    if (adm, y0 - 2) in LOCAL:
        plan.add("kkt:successorOf", kk(f"plan-{adm}-{y0 - 2}-{y0 - 1}"))
    plan.add("rdfs:comment", da(
        f"{genitive(name_da)} lokale handlingsplan, der bidrager til den fælles it-handlingsplan "
        f"{y0}–{y1} og understøtter forvaltningens egne forretningsmål."
        if (adm, y0) not in NO_SUPPORT_TO_COMMON else
        f"{genitive(name_da)} lokale handlingsplan {y0}–{y1}. Planen er skrevet som forvaltningens egen "
        "it-strategi og henviser ikke til den fælles handlingsplan."))
    doc.section("Handlingsplanen").append(plan)
    items = doc.section("Lokale mål")
    for n, gda, gen, cgs in content["goals"]:
        r = (Res(kk(f"{adm}-{y0}-M{n:02d}"), ["kkt:LocalGoal"]).add("rdfs:label", da(gda))
             .add("rdfs:label", en(gen)).add("skos:notation", s(f"{code}-{y0}-M{n:02d}"))
             .add("kkt:partOf", kk(plan_iri)))
        for g in cgs:
            r.add("kkt:supports", kk(f"{ckey}-M{g:02d}"))
        items.append(r)
    items = doc.section("Lokale initiativer (i prioriteret rækkefølge)")
    status_years = [y0, y1] if y0 == 2011 else [y0]
    for i, (lda, goal, cinit, status, period, cont, comment) in enumerate(content["inits"], start=1):
        iid = f"{adm}-{y0}-I{i:02d}"
        p0, p1 = period.split("..") if period else default_period(status, y0, start)
        r = (Res(kk(iid), ["kkt:LocalInitiative"]).add("rdfs:label", da(lda))
             .add("skos:notation", s(f"{code}-{y0}-{i:02d}")).add("kkt:partOf", kk(plan_iri)))
        if goal:
            r.add("kkt:supports", kk(f"{adm}-{y0}-M{goal:02d}"))
        if cinit:
            r.add("kkt:supports", kk(f"{ckey}-I{cinit:02d}"))
        r.add("kkt:priority", posint(i)).add("kkt:responsible", kk(iri_id))
        r.add("kkt:startDate", date(month_start(p0))).add("kkt:endDate", date(month_end(p1)))
        r.add("kkt:status", f"kkt:{status}")
        r.add("kkt:continues", kk(f"{adm}-{y0 - 2}-I{cont:02d}") if cont else None)
        r.add("rdfs:comment", da(comment))
        items.append(r)
        # Every live (Approved/InProgress) initiative is reported each year it runs; of the
        # finished ones, the status report lists two in three (as the real reports did).
        if status == "Proposed" or ((i - 1) % 3 == 2 and status in ("Completed", "Cancelled")):
            continue
        active = [y for y in status_years if int(p0[:4]) <= y <= int(p1[:4])]
        for k, y in enumerate(active):
            st = status if (y == active[-1] or status == "Approved") else "InProgress"
            if (iid, y) not in STATUS_GAPS:
                status_rows.setdefault(y, []).append((iid, lda, st, default_comment(st, i + k)))
    return doc


# --- status reports -------------------------------------------------------------------------

STATUS_ALONGSIDE = {
    2010: "udarbejdelsen af den næste plan (Fælles it-handlingsplan 2011–2012)",
    2011: "revisionen af den igangværende plan (Fælles it-handlingsplan 2011–2012)",
    2012: "udarbejdelsen af den næste plan (Fælles it-handlingsplan 2013–2014)",
    2013: "revisionen af den igangværende plan (Fælles it-handlingsplan 2013–2014)",
}


def build_status(y: int, rows) -> Doc:
    doc = new_doc(DATA / "status" / f"status-{y}.trig",
                  f"# It-chefforums årlige status for implementeringen af it-strategien, {y}.\n"
                  "# Illustrative: the chapter prescribes a yearly status; this report and its entries\n"
                  "# are written to show the practice, not taken from a real report.")
    rep = f"status-{y}"
    doc.section("Statusrapporten").append(
        Res(kk(rep), ["kkt:StatusReport"])
        .add("rdfs:label", da(f"Status for implementering af it-strategien {y}"))
        .add("rdfs:label", en(f"Implementation status of the IT strategy {y}"))
        .add("skos:notation", s(f"STATUS-{y}")).add("kkt:year", year(y))
        .add("kkt:owner", kk("it-chefforum")).add("kkt:reportedTo", kk("OEU"))
        .add("kkt:publishedOn", kk("intranet"))
        .add("rdfs:comment", da("Illustrativ: kapitlet foreskriver, at it-chefforum én gang årligt udarbejder "
                                "en status på implementering parallelt med revidering af den igangværende "
                                "handlingsplan eller tilvejebringelse af den næste – her "
                                f"{STATUS_ALONGSIDE[y]} – og at status fremlægges for Økonomiudvalget og "
                                "publiceres på intranettet.")))
    items = doc.section("Statusangivelser")
    for iid, label, st, comment in rows:
        items.append(Res(kk(f"{rep}-{iid}"), ["kkt:StatusEntry"])
                     .add("rdfs:label", da(f"Status {y}: {label}"))
                     .add("kkt:partOf", kk(rep)).add("kkt:about", kk(iid)).add("kkt:year", year(y))
                     .add("kkt:status", f"kkt:{st}").add("rdfs:comment", da(comment)))
    return doc


def main() -> None:
    status_rows: dict[int, list] = {}
    docs = [build_sources(), build_organisation(), build_strategy()]
    docs += [build_common(spec, status_rows) for spec in COMMON]
    docs.append(build_budget())
    docs.append(build_common(COMMON[2], {}, adopted=ADOPTED_2013_2014))
    docs += [build_local(adm, y0, status_rows) for (adm, y0) in LOCAL]
    docs += [build_status(y, status_rows[y]) for y in sorted(status_rows)]
    total = 0
    for d in docs:
        n = d.write(GRAPH_ORDER, GRAPH_TITLES)
        total += n if d.path.is_relative_to(DATA) else 0
        print(f"{n:5d}  {d.path.relative_to(DATA.parent)}")
    print(f"{total:5d}  triples in data/")


if __name__ == "__main__":
    main()
