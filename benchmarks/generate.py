"""Deterministic synthetic kktrace data for N municipalities, with planted gaps.

Usage::

    python benchmarks/generate.py N OUT_DIR [--seed S]

Writes ``OUT_DIR/m001.ttl`` … ``OUT_DIR/mNNN.ttl`` (one Turtle file per municipality, about
4,500 triples each) and ``OUT_DIR/planted.json``: every finding the planted gaps must give,
as ``{"rule": [focus IRI, …]}``. The clean part of each municipality gives no finding at
all, so ``planted.json`` is the complete expected result of ``kktrace check`` for the rules
of DESIGN §3.

Each municipality has its own random stream (seeded by ``seed`` and its number), so
``m007.ttl`` has the same bytes in a set of 10 and in a set of 490. The Turtle is written
as text directly: no rdflib, so generating 490 municipalities takes seconds.

Shape of one municipality (IRIs under ``https://w3id.org/kktrace/id/synth/mNNN/``):

- a ``kkt:Municipality``, an IT chiefs' ``kkt:Forum``, a finance ``kkt:Committee`` and 7
  ``kkt:Administration`` s, all ``org:unitOf`` the municipality;
- a ``kkt:ITStrategy`` 2010–2014 with 5 focus areas, each with 2 strategic goals;
- three common plans owned by the forum: the ``kkt:TransitionActionPlan`` H2 2009–2010,
  2011–12 and 2013–14 (each ``kkt:successorOf`` the one before, adopted by a
  ``kkt:Decision`` of the committee), each with 5 common goals and 10 prioritised common
  initiatives with business case, funding, responsible administration, dates, status and
  budget; two initiatives of each plan are carried on (``kkt:continues``) by the next;
- per administration two local plans (2011–12 and 2013–14) of 6 local goals and 24
  prioritised local initiatives each.

Planted gaps (one host each, chosen by the municipality's random stream; each local plan
hosts at most one): every rule id of DESIGN §3 at least once per municipality.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

BASE = "https://w3id.org/kktrace/id/synth/"

PREFIXES = """\
@prefix kkt:  <https://w3id.org/kktrace/def#> .
@prefix org:  <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
"""

#: (IRI code, notation, Danish name, English name)
ADMINISTRATIONS = (
    ("OEKF", "ØKF", "Økonomiforvaltningen", "Finance Administration"),
    ("BUF", "BUF", "Børne- og Ungdomsforvaltningen", "Children and Youth Administration"),
    ("KFF", "KFF", "Kultur- og Fritidsforvaltningen", "Culture and Leisure Administration"),
    ("SOF", "SOF", "Socialforvaltningen", "Social Services Administration"),
    ("SUF", "SUF", "Sundheds- og Omsorgsforvaltningen", "Health and Care Administration"),
    ("TMF", "TMF", "Teknik- og Miljøforvaltningen", "Technical and Environmental Administration"),
    (
        "BIF",
        "BIF",
        "Beskæftigelses- og Integrationsforvaltningen",
        "Employment and Integration Administration",
    ),
)

FOCUS_AREAS = (
    ("Digital borgerbetjening", "Digital citizen services"),
    ("Effektiv administration", "Efficient administration"),
    ("Fælles it-infrastruktur", "Shared IT infrastructure"),
    ("Informationssikkerhed", "Information security"),
    ("Data og samarbejde", "Data and collaboration"),
)

#: (index, year code, start, end, transition?)
COMMON_PLANS = (
    (0, "2009", "2009-07-01", "2010-12-31", True),
    (1, "2011", "2011-01-01", "2012-12-31", False),
    (2, "2013", "2013-01-01", "2014-12-31", False),
)
LOCAL_PLANS = (1, 2)  # the non-transition common plans each administration plans for

N_COMMON_GOALS = 5
N_COMMON_INITIATIVES = 10
N_LOCAL_GOALS = 6
N_LOCAL_INITIATIVES = 24
CONTINUED = (1, 2)  # common initiatives j carried on by initiative j of the successor plan

#: Rules planted inside a local plan (each in a different local plan).
LOCAL_PLANTS = (
    "orphan-initiative",
    "untraced-to-strategy",
    "local-plan-not-supporting-common-plan",
    "hollow-local-plan",
    "support-period-mismatch",
    "goal-without-initiative",
    "dangling-reference",
    "support-cycle",
    "priority-conflict",
    "period-outside-plan",
    "shape-violation/budget",
    "shape-violation/label",
)

RULES = (
    "orphan-initiative",
    "untraced-to-strategy",
    "local-plan-not-supporting-common-plan",
    "hollow-local-plan",
    "support-period-mismatch",
    "goal-without-initiative",
    "focus-area-without-goal",
    "dangling-reference",
    "invalid-support-direction",
    "support-cycle",
    "not-decision-ready",
    "priority-conflict",
    "period-outside-plan",
    "missing-local-plan",
    "dropped-without-decision",
    "shape-violation",
)


def lit(text: str, lang: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"@' + lang


def typed(value: str, datatype: str) -> str:
    return f'"{value}"^^xsd:{datatype}'


def shift_year(iso: str, years: int) -> str:
    return f"{int(iso[:4]) + years:04d}{iso[4:]}"


class Municipality:
    """One municipality as an ordered map subject → [(predicate, object)], then Turtle."""

    def __init__(self, number: int, seed: int) -> None:
        self.n = number
        self.code = f"m{number:03d}"
        self.ns = f"{BASE}{self.code}/"
        self.rng = random.Random(f"kktrace-synth:{seed}:{number}")
        self.res: dict[str, list[tuple[str, str]]] = {}
        self.planted: list[tuple[str, str]] = []

    # -- building ---------------------------------------------------------------
    def add(self, local: str, cls: str, da: str, en: str | None, *props: tuple[str, str]) -> str:
        pairs = [("a", cls), ("rdfs:label", lit(da, "da"))]
        if en is not None:
            pairs.append(("rdfs:label", lit(en, "en")))
        pairs.extend(props)
        self.res[local] = pairs
        return local

    def set(self, local: str, pred: str, obj: str | None) -> None:
        """Replace every value of ``pred`` (or drop it, if ``obj`` is None)."""
        pairs = [(p, o) for p, o in self.res[local] if p != pred]
        if obj is not None:
            pairs.append((pred, obj))
        self.res[local] = pairs

    def get(self, local: str, pred: str) -> str | None:
        return next((o for p, o in self.res[local] if p == pred), None)

    def plant(self, rule: str, local: str) -> None:
        self.planted.append((rule, self.ns + local))

    def build(self) -> Municipality:
        self._organisation()
        self._strategy()
        for plan in COMMON_PLANS:
            self._common_plan(*plan)
        for a, _adm in enumerate(ADMINISTRATIONS):
            for p in LOCAL_PLANS:
                self._local_plan(a, p)
        self._plant()
        return self

    def _organisation(self) -> None:
        m = self.n
        self.add(
            "municipality",
            "kkt:Municipality",
            f"Syntetisk Kommune {m}",
            f"Synthetic Municipality {m}",
            ("skos:notation", f'"{self.code.upper()}"'),
        )
        self.add(
            "forum",
            "kkt:Forum",
            f"It-chefforum, Kommune {m}",
            f"IT chiefs' forum, Municipality {m}",
            ("skos:notation", '"ITCF"'),
            ("org:unitOf", "m:municipality"),
        )
        self.add(
            "committee",
            "kkt:Committee",
            f"Økonomiudvalget, Kommune {m}",
            f"Finance Committee, Municipality {m}",
            ("skos:notation", '"ØU"'),
            ("org:unitOf", "m:municipality"),
        )
        for code, notation, da, en in ADMINISTRATIONS:
            self.add(
                f"adm-{code}",
                "kkt:Administration",
                da,
                en,
                ("skos:notation", f'"{notation}"'),
                ("org:unitOf", "m:municipality"),
            )

    def _strategy(self) -> None:
        self.add(
            "strategy",
            "kkt:ITStrategy",
            "It-strategi 2010–2014",
            "IT strategy 2010–2014",
            ("skos:notation", '"ITS-2010"'),
            ("kkt:vision", lit("Digital først – sammenhængende service for borgerne.", "da")),
            ("kkt:startDate", typed("2010-01-01", "date")),
            ("kkt:endDate", typed("2014-12-31", "date")),
        )
        for f, (da, en) in enumerate(FOCUS_AREAS, 1):
            self.add(
                f"fa-{f}",
                "kkt:FocusArea",
                da,
                en,
                ("skos:notation", f'"FA{f}"'),
                ("kkt:partOf", "m:strategy"),
            )
            for k in (1, 2):
                self.add(
                    f"sg-{f}-{k}",
                    "kkt:StrategicGoal",
                    f"{da}: strategisk mål {k}",
                    f"{en}: strategic goal {k}",
                    ("skos:notation", f'"SG{f}.{k}"'),
                    ("kkt:partOf", f"m:fa-{f}"),
                )

    def _common_plan(self, p: int, year: str, start: str, end: str, transition: bool) -> None:
        rng = self.rng
        plan = f"cp-{year}"
        until = str(int(year) + 1)[2:] if not transition else "10"
        cls = "kkt:TransitionActionPlan" if transition else "kkt:CommonActionPlan"
        name_da = (
            "Overgangshandlingsplan 2009–2010"
            if transition
            else f"Fælles it-handlingsplan {year}–{until}"
        )
        name_en = (
            "Transition action plan 2009–2010"
            if transition
            else f"Common IT action plan {year}–{until}"
        )
        self.add(
            f"decision-{year}",
            "kkt:Decision",
            f"Økonomiudvalgets beslutning om {name_da.lower()}",
            f"Finance Committee decision on the {name_en.lower()}",
            ("kkt:date", typed(shift_year(start, -1)[:5] + "11-15", "date")),
            ("kkt:decidedBy", "m:committee"),
        )
        props = [
            ("skos:notation", f'"FHP-{year}"'),
            ("kkt:startDate", typed(start, "date")),
            ("kkt:endDate", typed(end, "date")),
            ("kkt:owner", "m:forum"),
            ("kkt:supports", "m:strategy"),
            ("kkt:decision", f"m:decision-{year}"),
        ]
        if p > 0:
            props.append(("kkt:successorOf", f"m:cp-{COMMON_PLANS[p - 1][1]}"))
        self.add(plan, cls, name_da, name_en, *props)
        for g in range(1, N_COMMON_GOALS + 1):
            self.add(
                f"cg-{year}-{g}",
                "kkt:CommonGoal",
                f"Fælles mål {g} ({year})",
                f"Common goal {g} ({year})",
                ("skos:notation", f'"FM-{year}-{g}"'),
                ("kkt:partOf", f"m:{plan}"),
                ("kkt:supports", f"m:sg-{g}-1"),
            )
        has_successor = p < len(COMMON_PLANS) - 1
        for j in range(1, N_COMMON_INITIATIVES + 1):
            ci = f"ci-{year}-{j:02d}"
            adm = ADMINISTRATIONS[rng.randrange(len(ADMINISTRATIONS))][0]
            if has_successor:
                status = "kkt:InProgress" if j in CONTINUED else "kkt:Completed"
            else:
                status = rng.choice(("kkt:InProgress", "kkt:Approved", "kkt:Proposed"))
            self.add(f"bc-{year}-{j:02d}", "kkt:BusinessCase", f"Business case {ci}", None)
            self.add(f"fund-{year}-{j:02d}", "kkt:FundingAgreement", f"Finansiering {ci}", None)
            props = [
                ("skos:notation", f'"FI-{year}-{j:02d}"'),
                ("kkt:partOf", f"m:{plan}"),
                ("kkt:supports", f"m:cg-{year}-{(j - 1) % N_COMMON_GOALS + 1}"),
                ("kkt:priority", typed(str(j), "positiveInteger")),
                ("kkt:responsible", f"m:adm-{adm}"),
                ("kkt:businessCase", f"m:bc-{year}-{j:02d}"),
                ("kkt:funding", f"m:fund-{year}-{j:02d}"),
                ("kkt:startDate", typed(start, "date")),
                ("kkt:endDate", typed(end, "date")),
                ("kkt:status", status),
                ("kkt:budget", typed(f"{rng.randrange(5, 400) * 50000}.00", "decimal")),
            ]
            if p > 0 and j in CONTINUED:
                props.append(("kkt:continues", f"m:ci-{COMMON_PLANS[p - 1][1]}-{j:02d}"))
            self.add(
                ci,
                "kkt:CommonInitiative",
                f"Fælles initiativ {year}-{j:02d}",
                f"Common initiative {year}-{j:02d}",
                *props,
            )

    def _local_plan(self, a: int, p: int) -> None:
        rng = self.rng
        code, notation, da, en = ADMINISTRATIONS[a]
        _, year, start, end, _ = COMMON_PLANS[p]
        plan = f"lp-{code}-{year}"
        props = [
            ("skos:notation", f'"{notation}-LHP-{year}"'),
            ("kkt:owner", f"m:adm-{code}"),
            ("kkt:supports", f"m:cp-{year}"),
            ("kkt:startDate", typed(start, "date")),
            ("kkt:endDate", typed(end, "date")),
        ]
        if p > 1:
            props.append(("kkt:successorOf", f"m:lp-{code}-{COMMON_PLANS[p - 1][1]}"))
        self.add(
            plan,
            "kkt:LocalActionPlan",
            f"Lokal it-handlingsplan {year}, {da}",
            f"Local IT action plan {year}, {en}",
            *props,
        )
        for g in range(1, N_LOCAL_GOALS + 1):
            target = (a + g) % N_COMMON_GOALS + 1
            self.add(
                f"lg-{code}-{year}-{g}",
                "kkt:LocalGoal",
                f"{notation} lokalt mål {year}-{g}",
                f"{notation} local goal {year}-{g}",
                ("skos:notation", f'"{notation}-M-{year}-{g}"'),
                ("kkt:partOf", f"m:{plan}"),
                ("kkt:supports", f"m:cg-{year}-{target}"),
            )
        status = "kkt:Completed" if p == 1 else "kkt:InProgress"
        for i in range(1, N_LOCAL_INITIATIVES + 1):
            props = [
                ("skos:notation", f'"{notation}-{year}-{i:02d}"'),
                ("kkt:partOf", f"m:{plan}"),
                ("kkt:supports", f"m:lg-{code}-{year}-{(i - 1) % N_LOCAL_GOALS + 1}"),
                ("kkt:priority", typed(str(i), "positiveInteger")),
                ("kkt:responsible", f"m:adm-{code}"),
                ("kkt:status", status),
            ]
            if i % 4 == 0:
                s = f"{year}-{rng.randrange(1, 13):02d}-01"
                props += [("kkt:startDate", typed(s, "date")), ("kkt:endDate", typed(end, "date"))]
            self.add(
                f"li-{code}-{year}-{i:02d}",
                "kkt:LocalInitiative",
                f"{notation} initiativ {year}-{i:02d}",
                f"{notation} initiative {year}-{i:02d}",
                *props,
            )

    # -- planted gaps -------------------------------------------------------------
    def _plant(self) -> None:
        rng = self.rng
        slots = [(a, p) for a in range(len(ADMINISTRATIONS)) for p in LOCAL_PLANS]
        rng.shuffle(slots)
        for rule, (a, p) in zip(LOCAL_PLANTS, slots, strict=False):
            self._plant_local(rule, a, p)
        spare = slots[len(LOCAL_PLANTS) :]
        self._plant_common(spare)

    def _plant_local(self, rule: str, a: int, p: int) -> None:
        rng = self.rng
        code, notation, _, _ = ADMINISTRATIONS[a]
        _, year, start, end, _ = COMMON_PLANS[p]
        plan = f"lp-{code}-{year}"
        pick = rng.sample(range(1, N_LOCAL_INITIATIVES + 1), 2)
        li, li2 = (f"li-{code}-{year}-{i:02d}" for i in pick)
        if rule == "orphan-initiative":
            self.set(li, "kkt:supports", None)
            self.plant(rule, li)
        elif rule == "untraced-to-strategy":
            goal = f"lg-{code}-{year}-x"
            self.add(
                goal,
                "kkt:LocalGoal",
                f"{notation} mål uden retning {year}",
                f"{notation} goal without direction {year}",
                ("skos:notation", f'"{notation}-M-{year}-X"'),
                ("kkt:partOf", f"m:{plan}"),
            )
            self.set(li, "kkt:supports", f"m:{goal}")
            self.plant(rule, goal)
            self.plant(rule, li)
        elif rule == "local-plan-not-supporting-common-plan":
            self.set(plan, "kkt:supports", None)
            self.plant(rule, plan)
            # Its administration now has no local plan for that common plan.
            self.plant("missing-local-plan", f"adm-{code}")
        elif rule == "hollow-local-plan":
            other = COMMON_PLANS[3 - p][1]  # the other non-transition common plan
            for g in range(1, N_LOCAL_GOALS + 1):
                self.set(
                    f"lg-{code}-{year}-{g}",
                    "kkt:supports",
                    f"m:cg-{other}-{(a + g) % N_COMMON_GOALS + 1}",
                )
            self.plant(rule, plan)
        elif rule == "support-period-mismatch":
            # Move the plan (and its initiatives' dates) four years back: no overlap.
            for local, pairs in self.res.items():
                if local == plan or self.get(local, "kkt:partOf") == f"m:{plan}":
                    self.res[local] = [
                        (pr, typed(shift_year(o[1:11], -4), "date"))
                        if pr in ("kkt:startDate", "kkt:endDate")
                        else (pr, o)
                        for pr, o in pairs
                    ]
            self.plant(rule, plan)
        elif rule == "goal-without-initiative":
            goal = f"lg-{code}-{year}-y"
            self.add(
                goal,
                "kkt:LocalGoal",
                f"{notation} mål uden initiativ {year}",
                f"{notation} goal without initiative {year}",
                ("skos:notation", f'"{notation}-M-{year}-Y"'),
                ("kkt:partOf", f"m:{plan}"),
                ("kkt:supports", f"m:cg-{year}-{a % N_COMMON_GOALS + 1}"),
            )
            self.plant(rule, goal)
        elif rule == "dangling-reference":
            self.set(li, "kkt:responsible", f"m:adm-{code}-nedlagt")
            self.plant(rule, li)
        elif rule == "support-cycle":
            self.res[li].append(("kkt:supports", f"m:{li2}"))
            self.res[li2].append(("kkt:supports", f"m:{li}"))
            self.plant(rule, li)
            self.plant(rule, li2)
        elif rule == "priority-conflict":
            self.set(li2, "kkt:priority", self.get(li, "kkt:priority"))
            self.plant(rule, li)
            self.plant(rule, li2)
        elif rule == "period-outside-plan":
            self.set(li, "kkt:startDate", typed(start, "date"))
            self.set(li, "kkt:endDate", typed(shift_year(end, 1), "date"))
            self.plant(rule, li)
        elif rule == "shape-violation/budget":
            self.set(li, "kkt:budget", '"ca. 2 mio. kr."')
            self.plant("shape-violation", li)
        elif rule == "shape-violation/label":
            goal = f"lg-{code}-{year}-{rng.randrange(1, N_LOCAL_GOALS + 1)}"
            self.res[goal] = [(pr, o) for pr, o in self.res[goal] if not o.endswith("@da")]
            self.plant("shape-violation", goal)
        else:  # pragma: no cover - LOCAL_PLANTS and this function go together
            raise ValueError(rule)

    def _plant_common(self, spare: list[tuple[int, int]]) -> None:
        rng = self.rng
        # Three distinct non-continued common initiatives, of the plans each rule needs.
        hosts = rng.sample([j for j in range(1, N_COMMON_INITIATIVES + 1) if j not in CONTINUED], 3)
        y1, y2 = COMMON_PLANS[1][1], COMMON_PLANS[2][1]

        ci = f"ci-{rng.choice((y1, y2))}-{hosts[0]:02d}"
        missing = rng.choice(("kkt:responsible", "kkt:businessCase", "kkt:funding", "kkt:priority"))
        self.set(ci, missing, None)
        self.plant("not-decision-ready", ci)

        ci = f"ci-{y1}-{hosts[1]:02d}"  # 2011–12 has a successor; nothing continues this one
        self.set(ci, "kkt:status", "kkt:InProgress")
        self.plant("dropped-without-decision", ci)

        a, p = spare[0]
        code, _, _, _ = ADMINISTRATIONS[a]
        year = COMMON_PLANS[p][1]
        ci = f"ci-{rng.choice((y1, y2))}-{hosts[2]:02d}"
        self.res[ci].append(("kkt:supports", f"m:lg-{code}-{year}-{rng.randrange(1, 7)}"))
        self.plant("invalid-support-direction", ci)

        self.add(
            "fa-6",
            "kkt:FocusArea",
            "Grøn it",
            "Green IT",
            ("skos:notation", '"FA6"'),
            ("kkt:partOf", "m:strategy"),
        )
        self.add(
            "sg-6-1",
            "kkt:StrategicGoal",
            "Grøn it: strategisk mål 1",
            "Green IT: strategic goal 1",
            ("skos:notation", '"SG6.1"'),
            ("kkt:partOf", "m:fa-6"),
        )
        self.plant("focus-area-without-goal", "fa-6")

        self.add(
            "adm-BRS",
            "kkt:Administration",
            "Borgerrepræsentationens Sekretariat",
            "City Council Secretariat",
            ("skos:notation", '"BRS"'),
            ("org:unitOf", "m:municipality"),
        )
        self.plant("missing-local-plan", "adm-BRS")

    # -- output -------------------------------------------------------------------
    def turtle(self) -> str:
        out = [
            f"# Synthetic kktrace data: municipality {self.n} ({self.code}).\n",
            "# Generated by benchmarks/generate.py; planted gaps are listed in planted.json.\n",
            PREFIXES,
            f"@prefix m:    <{self.ns}> .\n\n",
        ]
        for local, pairs in self.res.items():
            body = " ;\n    ".join(f"{p} {o}" for p, o in pairs)
            out.append(f"m:{local} {body} .\n\n")
        return "".join(out)

    def triple_count(self) -> int:
        return sum(len(pairs) for pairs in self.res.values())


def generate(n: int, out_dir: Path, seed: int = 0) -> dict[str, object]:
    """Write ``n`` municipality files and ``planted.json`` into ``out_dir``; return the manifest."""
    out_dir.mkdir(parents=True, exist_ok=True)
    planted: dict[str, set[str]] = {rule: set() for rule in RULES}
    triples: dict[str, int] = {}
    for number in range(1, n + 1):
        muni = Municipality(number, seed).build()
        (out_dir / f"{muni.code}.ttl").write_text(muni.turtle(), encoding="utf-8")
        triples[muni.code] = muni.triple_count()
        for rule, focus in muni.planted:
            planted[rule].add(focus)
    manifest: dict[str, object] = {
        "generator": "benchmarks/generate.py",
        "municipalities": n,
        "seed": seed,
        "triples": sum(triples.values()),
        "triples_per_municipality": triples,
        "planted": {rule: sorted(foci) for rule, foci in planted.items()},
    }
    text = json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    (out_dir / "planted.json").write_text(text, encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of municipalities (1–999)")
    parser.add_argument("out_dir", type=Path, help="folder to write mNNN.ttl and planted.json")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    if not 1 <= args.n <= 999:
        parser.error("N must be between 1 and 999")
    manifest = generate(args.n, args.out_dir, args.seed)
    findings = sum(len(v) for v in manifest["planted"].values())  # type: ignore[union-attr]
    print(
        f"{args.n} municipalities, {manifest['triples']} triples, "
        f"{findings} planted findings → {args.out_dir}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
