"""Build the Copenhagen reference data set (data/**/*.ttl) from the tables in content_*.py.

Deterministic: the same tables give the same bytes. Run from anywhere:

    python data/tools/build_dataset.py

The tables are the place to edit; the .ttl files are generated from them.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from content_common import (
    F11_GOALS,
    F11_INITIATIVES,
    F13_GOALS,
    F13_INITIATIVES,
    FOCUS_AREAS,
    OHP_GOALS,
    OHP_INITIATIVES,
    SRC_CHAPTER,
    SRC_KORT,
    SRC_REFERAT,
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

HEADER_ILLUSTRATIVE = "# Illustrative content unless a dcterms:source says otherwise (see data/README.md)."


def kk(local: str) -> str:
    return f"kk:{local}"


# --- organisation --------------------------------------------------------------------------

def build_organisation() -> Doc:
    doc = Doc(DATA / "organisation.ttl",
              "# Københavns Kommune: the organisation that owns the IT strategy 2010–2014.\n"
              "# The seven administrations are those of the period (kk.dk); codes in skos:notation.")
    items = doc.section("Kommunen")
    items.append(Res(kk("KK"), ["kkt:Municipality"])
                 .add("rdfs:label", da("Københavns Kommune")).add("rdfs:label", en("City of Copenhagen"))
                 .add("skos:notation", s("KK"))
                 .add("rdfs:comment", da("Danmarks største kommune; styres af Borgerrepræsentationen "
                                         "og syv stående udvalg med hver sin forvaltning.")))
    items = doc.section("De syv forvaltninger")
    for iri, code, name_da, name_en, comment in ADMINISTRATIONS:
        items.append(Res(kk(iri), ["kkt:Administration"])
                     .add("rdfs:label", da(name_da)).add("rdfs:label", en(name_en))
                     .add("skos:notation", s(code)).add("org:unitOf", kk("KK"))
                     .add("rdfs:comment", da(comment)))
    items = doc.section("Fora, udvalg og fælles enheder")
    items.append(Res(kk("it-chefforum"), ["kkt:Forum"])
                 .add("rdfs:label", da("It-chefforum")).add("rdfs:label", en("IT chiefs' forum"))
                 .add("skos:notation", s("ITCF")).add("org:unitOf", kk("KK"))
                 .add("rdfs:comment", da("Forvaltningernes it-chefer. Ansvarlig for implementering af "
                                         "it-strategien, for at udarbejde og udmønte handlingsplanerne og "
                                         "for den årlige status på implementeringen."))
                 .add("dcterms:source", s(SRC_CHAPTER)))
    items.append(Res(kk("OEU"), ["kkt:Committee"])
                 .add("rdfs:label", da("Økonomiudvalget")).add("rdfs:label", en("Finance Committee"))
                 .add("skos:notation", s("ØU")).add("org:unitOf", kk("KK"))
                 .add("rdfs:comment", da("Får forelagt handlingsplanerne og den årlige status for "
                                         "implementeringen af it-strategien."))
                 .add("dcterms:source", s(SRC_CHAPTER)))
    items.append(Res(kk("koncernservice"), ["org:OrganizationalUnit"])
                 .add("rdfs:label", da("Koncernservice")).add("rdfs:label", en("Corporate Services"))
                 .add("skos:notation", s("KS")).add("org:unitOf", kk("KK"))
                 .add("org:subOrganizationOf", kk("OEKF"))
                 .add("rdfs:comment", da("Fælles serviceenhed under Økonomiforvaltningen; driver den fælles "
                                         "it-platform og udarbejder de fælles it-investeringssager."))
                 .add("dcterms:source", s(SRC_REFERAT)))
    items.append(Res(kk("strategisk-it"), ["org:OrganizationalUnit"])
                 .add("rdfs:label", da("Strategisk IT")).add("rdfs:label", en("Strategic IT"))
                 .add("skos:notation", s("SIT")).add("org:unitOf", kk("KK"))
                 .add("org:subOrganizationOf", kk("koncernservice"))
                 .add("rdfs:comment", da("Enhed i Koncernservice, der har udarbejdet it-strategien "
                                         "2010–2014 på bestilling af Økonomiforvaltningen."))
                 .add("dcterms:source", s(SRC_CHAPTER)))
    return doc


# --- strategy --------------------------------------------------------------------------------

def build_strategy() -> Doc:
    doc = Doc(DATA / "strategi-2010-2014.ttl",
              "# Københavns Kommunes it-strategi 2010–2014: vision, the five focus areas\n"
              "# (perspectives) and the strategic goals under them.\n" + HEADER_ILLUSTRATIVE)
    items = doc.section("It-strategien")
    items.append(Res(kk("strategi-2010-2014"), ["kkt:ITStrategy"])
                 .add("rdfs:label", da("Københavns Kommunes it-strategi 2010–2014"))
                 .add("rdfs:label", en("City of Copenhagen IT strategy 2010–2014"))
                 .add("skos:notation", s("IT-2010-2014"))
                 .add("kkt:vision", da("Københavns Kommune skal være en åben, effektiv og digitaliseret "
                                       "kommune, der leverer service af høj kvalitet, og som er blandt de "
                                       "bedste i Danmark til digitale løsninger."))
                 .add("kkt:startDate", date("2010-01-01")).add("kkt:endDate", date("2014-12-31"))
                 .add("dcterms:creator", kk("strategisk-it"))
                 .add("rdfs:comment", da("Udstikker den fælles strategiske retning og vision for "
                                         "it-udviklingen i kommunens syv forvaltninger, institutioner, "
                                         "selvejende institutioner med driftsoverenskomst og kontraktstyrede "
                                         "enheder. Udmøntes i to-årige fælles handlingsplaner og lokale "
                                         "handlingsplaner."))
                 .add("dcterms:source", s(SRC_CHAPTER)).add("dcterms:source", s(SRC_KORT)))
    items = doc.section("Strategiske indsatsområder")
    for n, name_da, name_en, comment in FOCUS_AREAS:
        items.append(Res(kk(f"FA{n}"), ["kkt:FocusArea"])
                     .add("rdfs:label", da(name_da)).add("rdfs:label", en(name_en))
                     .add("skos:notation", s(f"IO{n}")).add("kkt:partOf", kk("strategi-2010-2014"))
                     .add("rdfs:comment", da(comment)).add("dcterms:source", s(SRC_KORT)))
    items = doc.section("Strategiske mål")
    for sid, fa, name_da, name_en, src in STRATEGIC_GOALS:
        comment = ("Strategisk mål fra it-strategien." if src else
                   "Illustrativt strategisk mål (ikke fra de offentlige kilder).")
        items.append(Res(kk(sid), ["kkt:StrategicGoal"])
                     .add("rdfs:label", da(name_da)).add("rdfs:label", en(name_en))
                     .add("skos:notation", s(sid.replace("SM-", "SM").replace("-", ".")))
                     .add("kkt:partOf", kk(f"FA{fa}")).add("rdfs:comment", da(comment))
                     .add("dcterms:source", s(src) if src else None))
    return doc


# --- common plans ----------------------------------------------------------------------------

COMMON = [
    # key, iri, file, type, da, en, start, end, goals, inits, successorOf, decision
    ("OHP-2009", "plan-overgang-2009-2010", "overgangsplan-2009-2010.ttl", "kkt:TransitionActionPlan",
     "Overgangshandlingsplan 2009–2010", "Transition action plan 2009–2010", "2009-07-01",
     "2010-12-31", OHP_GOALS, OHP_INITIATIVES, None, None),
    ("FHP-2011", "plan-faelles-2011-2012", "faelles-2011-2012.ttl", "kkt:CommonActionPlan",
     "Fælles it-handlingsplan 2011–2012", "Common IT action plan 2011–2012", "2011-01-01",
     "2012-12-31", F11_GOALS, F11_INITIATIVES, "plan-overgang-2009-2010",
     ("beslutning-OEU-2010-12-07", "2010-12-07")),
    ("FHP-2013", "plan-faelles-2013-2014", "faelles-2013-2014.ttl", "kkt:CommonActionPlan",
     "Fælles it-handlingsplan 2013–2014", "Common IT action plan 2013–2014", "2013-01-01",
     "2014-12-31", F13_GOALS, F13_INITIATIVES, "plan-faelles-2011-2012",
     ("beslutning-OEU-2012-12-04", "2012-12-04")),
]

PLAN_COMMENTS = {
    "OHP-2009": "Binder den hidtidige it-strategi sammen med den nye. Fokus på konsolidering og på at få "
                "forudsætningerne for en styrket it-beslutningsproces på plads. Falder uden for "
                "budgetprocessens frister, så der fremlægges ingen samlet plan til politisk beslutning; "
                "mange initiativer var allerede i gang eller foreslået i investeringskataloget for 2010 "
                "og effektiviseringsstrategien.",
    "FHP-2011": "Første to-årige fælles handlingsplan under it-strategien. Initiativerne er indbyrdes "
                "prioriterede og har business case, ansvarsplacering og finansieringsaftale.",
    "FHP-2013": "Anden to-årige fælles handlingsplan. Koblet til investeringskataloget og "
                "porteføljestyringen af kommunens større it-projekter.",
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


def build_common(spec, status_rows) -> Doc:
    key, iri, fname, ptype, name_da, name_en, start, end, goals, inits, succ, decision = spec
    year0 = key.split("-")[1]
    transition = ptype == "kkt:TransitionActionPlan"
    doc = Doc(DATA / "handlingsplaner" / fname,
              f"# {name_da}: common goals and mutually prioritised common initiatives.\n"
              + HEADER_ILLUSTRATIVE)
    items = doc.section("Handlingsplanen")
    plan = (Res(kk(iri), [ptype]).add("rdfs:label", da(name_da)).add("rdfs:label", en(name_en))
            .add("skos:notation", s(key.replace("-2009", "-2009-2010").replace("-2011", "-2011-2012")
                                    .replace("-2013", "-2013-2014")))
            .add("kkt:startDate", date(start)).add("kkt:endDate", date(end))
            .add("kkt:owner", kk("it-chefforum")).add("kkt:supports", kk("strategi-2010-2014"))
            .add("kkt:successorOf", kk(succ) if succ else None)
            .add("kkt:decision", kk(decision[0]) if decision else None)
            .add("rdfs:comment", da(PLAN_COMMENTS[key]))
            .add("dcterms:source", s(SRC_CHAPTER) if transition else None))
    items.append(plan)
    if decision:
        items.append(Res(kk(decision[0]), ["kkt:Decision"])
                     .add("rdfs:label", da(f"Økonomiudvalgets godkendelse af {name_da[0].lower() + name_da[1:]}"))
                     .add("rdfs:label", en(f"Finance Committee approval of the {name_en[0].lower() + name_en[1:]}"))
                     .add("kkt:date", date(decision[1])).add("kkt:decidedBy", kk("OEU"))
                     .add("rdfs:comment", da("Illustrativ dato: planen forelægges Økonomiudvalget sammen "
                                             "med budgetforslaget.")))
    items = doc.section("Fælles mål")
    for n, gda, gen, sgs, comment in goals:
        r = (Res(kk(f"{key}-M{n:02d}"), ["kkt:CommonGoal"]).add("rdfs:label", da(gda))
             .add("rdfs:label", en(gen)).add("skos:notation", s(f"{key}-M{n:02d}"))
             .add("kkt:partOf", kk(iri)))
        for sg in sgs:
            r.add("kkt:supports", kk(sg))
        items.append(r.add("rdfs:comment", da(comment)))
    items = doc.section("Fælles initiativer (i prioriteret rækkefølge)")
    evidence: list[Res] = []
    for d in sorted(inits, key=lambda d: d["prio"]):
        iid = f"{key}-I{d['n']:02d}"
        years = sorted(d["st"])
        current = d.get("status") or d["st"][years[-1]]
        r = (Res(kk(iid), ["kkt:CommonInitiative"]).add("rdfs:label", da(d["da"]))
             .add("rdfs:label", en(d["en"])).add("skos:notation", s(f"{key}-{d['n']:02d}"))
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
        r.add("kkt:budget", dec(d["budget"]) if d.get("budget") else None)
        r.add("kkt:startDate", date(month_start(d["start"]))).add("kkt:endDate", date(month_end(d["end"])))
        r.add("kkt:status", f"kkt:{current}")
        r.add("kkt:continues", kk(d["cont"]) if d.get("cont") else None)
        r.add("rdfs:comment", da(d["comment"])).add("dcterms:source", s(d["src"]) if d.get("src") else None)
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
            Res(kk("beslutning-OEU-2013-03-05"), ["kkt:Decision"])
            .add("rdfs:label", da("Økonomiudvalgets beslutning om anskaffelse af fælles økonomisystem"))
            .add("rdfs:label", en("Finance Committee decision to acquire a common finance system"))
            .add("kkt:date", date("2013-03-05")).add("kkt:decidedBy", kk("OEU"))
            .add("dcterms:subject", kk("FHP-2013-I01"))
            .add("rdfs:comment", da("Grundlaget var forundersøgelsen fra 2012 (FHP-2011-06), der fandt mere "
                                    "end 40 økonomisystemer med udgifter på ca. 70 mio. kr. om året."))
            .add("dcterms:source", s(SRC_REFERAT)))
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
    doc = Doc(DATA / "lokale-planer" / f"{adm.lower()}-{y0}-{y1}.ttl",
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

def build_status(y: int, rows) -> Doc:
    doc = Doc(DATA / "status" / f"status-{y}.ttl",
              f"# It-chefforums årlige status for implementeringen af it-strategien, {y}.\n"
              "# Illustrative content; the annual status itself is described in the strategy chapter.")
    rep = f"status-{y}"
    doc.section("Statusrapporten").append(
        Res(kk(rep), ["kkt:StatusReport"])
        .add("rdfs:label", da(f"Status for implementering af it-strategien {y}"))
        .add("rdfs:label", en(f"Implementation status of the IT strategy {y}"))
        .add("skos:notation", s(f"STATUS-{y}")).add("kkt:year", year(y))
        .add("kkt:owner", kk("it-chefforum")).add("kkt:reportedTo", kk("OEU"))
        .add("rdfs:comment", da("Udarbejdet af it-chefforum parallelt med revision af den igangværende "
                                "handlingsplan; forelagt Økonomiudvalget og publiceret på intranettet."))
        .add("dcterms:source", s(SRC_CHAPTER)))
    items = doc.section("Statusangivelser")
    for iid, label, st, comment in rows:
        items.append(Res(kk(f"{rep}-{iid}"), ["kkt:StatusEntry"])
                     .add("rdfs:label", da(f"Status {y}: {label}"))
                     .add("kkt:partOf", kk(rep)).add("kkt:about", kk(iid)).add("kkt:year", year(y))
                     .add("kkt:status", f"kkt:{st}").add("rdfs:comment", da(comment)))
    return doc


def main() -> None:
    status_rows: dict[int, list] = {}
    docs = [build_organisation(), build_strategy()]
    docs += [build_common(spec, status_rows) for spec in COMMON]
    docs += [build_local(adm, y0, status_rows) for (adm, y0) in LOCAL]
    docs += [build_status(y, status_rows[y]) for y in sorted(status_rows)]
    total = 0
    for d in docs:
        n = d.write()
        total += n
        print(f"{n:5d}  {d.path.relative_to(DATA)}")
    print(f"{total:5d}  triples in all")


if __name__ == "__main__":
    main()
