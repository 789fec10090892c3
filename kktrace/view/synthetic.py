"""A synthetic strategy model of a chosen size, for view tests and render timings.

The shape follows the bundled data: one strategy with focus areas and strategic goals, one
common action plan with goals and initiatives, and per administration one local plan with
goals and initiatives that support the common level. A few initiatives are orphans (no
``kkt:supports``), so views have something to mark.
"""

from __future__ import annotations

from collections.abc import Sequence

from kktrace.model.namespaces import PREFIXES

_PREFIXES = "".join(f"@prefix {p}: <{PREFIXES[p]}> .\n" for p in ("kkt", "rdfs", "skos", "org"))
_PREFIXES += "@prefix ex: <https://example.org/kk/> .\n"


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def synthetic_turtle(
    administrations: int = 3,
    goals_per_plan: int = 3,
    initiatives_per_plan: int = 6,
    *,
    orphan_every: int = 7,
    labels: Sequence[str] = (),
) -> str:
    """Turtle text of a synthetic strategy model.

    Node count: 1 strategy + 2 focus areas + 4 strategic goals + 1 common plan +
    ``goals_per_plan`` + ``initiatives_per_plan`` common elements, and per administration a
    local plan with as many goals and initiatives. Every ``orphan_every``-th local initiative
    has no ``kkt:supports``. ``labels`` replace the Danish labels of the first local
    initiatives (for escaping tests).

    >>> "kkt:LocalInitiative" in synthetic_turtle(1, 1, 1)
    True
    """
    out = [_PREFIXES]
    add = out.append
    add('ex:strategy a kkt:ITStrategy ; rdfs:label "It-strategi"@da , "IT strategy"@en .')
    add('ex:kk a kkt:Municipality ; rdfs:label "Københavns Kommune"@da .')
    add('ex:forum a kkt:Forum ; rdfs:label "It-chefforum"@da ; org:unitOf ex:kk .')
    for f in range(2):
        add(
            f'ex:fa{f} a kkt:FocusArea ; kkt:partOf ex:strategy ; rdfs:label "Indsatsområde {f}"@da .'
        )
        for s in range(2):
            add(
                f"ex:sg{f}-{s} a kkt:StrategicGoal ; kkt:partOf ex:fa{f} ; "
                f'rdfs:label "Strategisk mål {f}.{s}"@da .'
            )
    add(
        "ex:cp a kkt:CommonActionPlan ; kkt:supports ex:strategy ; kkt:owner ex:forum ; "
        'rdfs:label "Fælles handlingsplan"@da , "Common action plan"@en .'
    )
    for g in range(goals_per_plan):
        add(
            f"ex:cg{g} a kkt:CommonGoal ; kkt:partOf ex:cp ; kkt:supports ex:sg{g % 2}-{g % 2} ; "
            f'rdfs:label "Fælles mål {g}"@da .'
        )
    for i in range(initiatives_per_plan):
        add(
            f"ex:ci{i} a kkt:CommonInitiative ; kkt:partOf ex:cp ; "
            f"kkt:supports ex:cg{i % max(goals_per_plan, 1)} ; "
            f'rdfs:label "Fælles initiativ {i}"@da .'
        )
    custom = list(labels)
    for a in range(administrations):
        code = f"F{a:03d}"
        add(
            f"ex:adm{a} a kkt:Administration ; skos:notation {_lit(code)} ; org:unitOf ex:kk ; "
            f'rdfs:label "Forvaltning {a}"@da .'
        )
        add(
            f"ex:lp{a} a kkt:LocalActionPlan ; kkt:owner ex:adm{a} ; kkt:supports ex:cp ; "
            f'rdfs:label "Lokal handlingsplan {code}"@da .'
        )
        for g in range(goals_per_plan):
            add(
                f"ex:lg{a}-{g} a kkt:LocalGoal ; kkt:partOf ex:lp{a} ; "
                f"kkt:supports ex:cg{g % max(goals_per_plan, 1)} ; "
                f'rdfs:label "Lokalt mål {code}.{g}"@da .'
            )
        for i in range(initiatives_per_plan):
            label = custom.pop(0) if custom else f"Lokalt initiativ {code}.{i}"
            supports = (
                ""
                if orphan_every and i % orphan_every == orphan_every - 1
                else f"kkt:supports ex:lg{a}-{i % max(goals_per_plan, 1)} ; "
            )
            add(
                f"ex:li{a}-{i} a kkt:LocalInitiative ; kkt:partOf ex:lp{a} ; {supports}"
                f"skos:notation {_lit(f'{code}-{i}')} ; rdfs:label {_lit(label)}@da ."
            )
    return "\n".join(out) + "\n"


def node_count(administrations: int, goals_per_plan: int, initiatives_per_plan: int) -> int:
    """How many trace nodes (levels 1–3) :func:`synthetic_turtle` makes."""
    per_plan = 1 + goals_per_plan + initiatives_per_plan
    return 1 + 2 + 4 + per_plan * (1 + administrations)
