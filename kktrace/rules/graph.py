"""Rules that are graph algorithms: reachability, chains and cycles over ``kkt:supports``.

Each rule is one function over :class:`~kktrace.rules.facts.GraphFacts` that yields rows
like a SPARQL rule's (``focus``, ``related`` and message variables, as Oxigraph terms),
registered with :func:`graph_rule`. Levels come from the projection's ``level``
attribute and classes from ``classes``: both already honour ``rdfs:subClassOf``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

import pyoxigraph as ox

from kktrace.model.store import key_term
from kktrace.model.vocab import vocabulary
from kktrace.rules import Row, Rule
from kktrace.rules.facts import GraphFacts

GRAPH_RULES: list[Rule] = []


RuleFunc = Callable[[GraphFacts], Iterable[Row]]


def graph_rule(
    id: str,
    severity: str,
    title: Mapping[str, str],
    description: Mapping[str, str],
    fix: Mapping[str, str],
    message: Mapping[str, str],
) -> Callable[[RuleFunc], RuleFunc]:
    """Register a Python graph rule with its metadata (the same fields as a ``.rq`` header)."""

    def register(func: RuleFunc) -> RuleFunc:
        GRAPH_RULES.append(
            Rule(
                id=id,
                severity=severity,
                title=dict(title),
                description=dict(description),
                fix=dict(fix),
                message=dict(message),
                location=f"{func.__module__}.{func.__name__}",
                kind="python",
                func=func,
            )
        )
        return func

    return register


def _row(focus: str, related: str | None = None, **params: object) -> Row:
    row: Row = {"focus": key_term(focus)}
    row["related"] = key_term(related) if related else None
    row.update(params)
    return row


def _level_name(level: int, lang: str) -> ox.Literal:
    return ox.Literal(vocabulary().level_label(level, lang), language=lang)


@graph_rule(
    id="untraced-to-strategy",
    severity="warning",
    title={"da": "Ikke sporbar til strategien", "en": "Untraced to strategy"},
    description={
        "da": "Et mål har ingen kæde af kkt:supports-links, der når strateginiveauet "
        "(strategi, indsatsområde, strategisk mål); eller et initiativ har kkt:supports-links, "
        "men ingen af kæderne når strateginiveauet.",
        "en": "A goal has no chain of kkt:supports links reaching the strategy level "
        "(strategy, focus area, strategic goal); or an initiative has kkt:supports links, "
        "but no chain of them reaches it.",
    },
    fix={
        "da": "Skriv i kolonnen Bidrager til (kkt:supports) et mål, der selv er sporbart til "
        "et strategisk mål eller indsatsområde, fx et fælles mål som FHP-2013-M01 – på "
        "rækken selv eller på det, den bidrager til.",
        "en": "Write in the Supports column (kkt:supports) a goal that itself traces to a "
        "strategic goal or focus area, e.g. a common goal such as FHP-2013-M01 – on the row "
        "itself or on what it supports.",
    },
    message={
        "da": "{focus} når ikke strategien gennem kolonnen Bidrager til (kkt:supports; "
        "bidrager direkte til: {related}).",
        "en": "{focus} does not reach the strategy through the Supports column "
        "(kkt:supports; directly supports: {related}).",
    },
)
def untraced_to_strategy(facts: GraphFacts) -> Iterator[Row]:
    strategy = facts.at_level(1)
    traced = facts.reaching(strategy)
    goals = set(facts.of_class("Goal"))
    for node in sorted(goals | set(facts.of_class("Initiative"))):
        if node in traced:
            continue
        targets = sorted(facts.targets(node))
        if node not in goals and not targets:
            continue  # an initiative with no links at all is an orphan-initiative
        yield from (_row(node, t) for t in targets) if targets else [_row(node)]


@graph_rule(
    id="hollow-local-plan",
    severity="error",
    title={"da": "Hul lokal plan", "en": "Hollow local plan"},
    description={
        "da": "En lokal handlingsplan siger, at den understøtter en fælles plan, men ingen af "
        "dens mål eller initiativer har en kæde af kkt:supports, der når et mål eller "
        "initiativ i netop den fælles plan.",
        "en": "A local action plan declares that it supports a common plan, but none of its "
        "goals or initiatives has a chain of kkt:supports reaching a goal or initiative of "
        "that common plan.",
    },
    fix={
        "da": "Skriv mål eller initiativer fra den fælles plan i kolonnen Bidrager til på den "
        "lokale plans mål og initiativer (kkt:supports) – eller ret planens Bidrager til.",
        "en": "Write goals or initiatives of the common plan in the Supports column of the "
        "local plan's goals and initiatives (kkt:supports) – or correct the plan's Supports.",
    },
    message={
        "da": "Den lokale handlingsplan {focus} understøtter {related}, men ingen af dens "
        "mål eller initiativer fører til et mål eller initiativ i den plan "
        "(de fører til: {reached}).",
        "en": "The local action plan {focus} supports {related}, but none of its goals or "
        "initiatives leads to a goal or initiative of that plan (they lead to: {reached}).",
    },
)
def hollow_local_plan(facts: GraphFacts) -> Iterator[Row]:
    for plan in facts.of_class("LocalActionPlan"):
        commons = sorted(t for t in facts.targets(plan) if facts.has(t, "CommonActionPlan"))
        if not commons:
            continue  # local-plan-not-supporting-common-plan reports it
        elements = [
            e
            for e in facts.members.get(plan, [])
            if facts.has(e, "Goal") or facts.has(e, "Initiative")
        ]
        reached_plans = {
            c
            for t in facts.reached_from(elements)
            if facts.has(t, "Goal") or facts.has(t, "Initiative")
            for c in facts.containers.get(t, [])
        }
        others = sorted(p for p in reached_plans if facts.has(p, "CommonActionPlan"))
        for common in commons:
            if common not in reached_plans:
                yield _row(plan, common, reached=[key_term(p) for p in others])


@graph_rule(
    id="goal-without-initiative",
    severity="warning",
    title={"da": "Mål uden initiativ", "en": "Goal without initiative"},
    description={
        "da": "Intet initiativ understøtter målet, hverken direkte eller gennem en kæde af "
        "kkt:supports.",
        "en": "No initiative supports the goal, directly or through a chain of kkt:supports.",
    },
    fix={
        "da": "Skriv målets id i kolonnen Bidrager til på et initiativ (kkt:supports) – "
        "eller tag målet ud af planen.",
        "en": "Write the goal's id in the Supports column of an initiative (kkt:supports) – "
        "or take the goal out of the plan.",
    },
    message={
        "da": "Intet initiativ understøtter målet {focus} i {related}.",
        "en": "No initiative supports the goal {focus} in {related}.",
    },
)
def goal_without_initiative(facts: GraphFacts) -> Iterator[Row]:
    supported = facts.reached_from(facts.of_class("Initiative"))
    for goal in facts.of_class("Goal"):
        if goal not in supported:
            plans: list[str | None] = [*facts.containers.get(goal, [])] or [None]
            yield from (_row(goal, p) for p in plans)


@graph_rule(
    id="focus-area-without-goal",
    severity="warning",
    title={"da": "Indsatsområde uden fælles mål", "en": "Focus area without goal"},
    description={
        "da": "Intet fælles mål understøtter indsatsområdet, hverken direkte eller gennem en "
        "kæde af kkt:supports – hverken området selv eller et strategisk mål i det.",
        "en": "No common goal supports the focus area, directly or through a chain of "
        "kkt:supports – neither the area itself nor any strategic goal part of it.",
    },
    fix={
        "da": "Lad et fælles mål understøtte indsatsområdet eller et af dets strategiske mål.",
        "en": "Let a common goal support the focus area or one of its strategic goals.",
    },
    message={
        "da": "Intet fælles mål understøtter indsatsområdet {focus} eller dets strategiske mål.",
        "en": "No common goal supports the focus area {focus} or its strategic goals.",
    },
)
def focus_area_without_goal(facts: GraphFacts) -> Iterator[Row]:
    supported = facts.reached_from(facts.of_class("CommonGoal"))
    for area in facts.of_class("FocusArea"):
        parts = [m for m in facts.members.get(area, []) if facts.has(m, "StrategicGoal")]
        if area not in supported and not supported.intersection(parts):
            yield _row(area)


@graph_rule(
    id="invalid-support-direction",
    severity="error",
    title={"da": "Understøtter nedad", "en": "Invalid support direction"},
    description={
        "da": "Et kkt:supports-link går til et lavere niveau (fælles → lokal, strategi → "
        "noget under strategien). Bidrag går opad: lokal → fælles → strategi.",
        "en": "A kkt:supports link goes to a lower level (common → local, strategy → anything "
        "below). Contributions go upward: local → common → strategy.",
    },
    fix={
        "da": "Ret kolonnen Bidrager til (kkt:supports), så den peger opad: lokalt → fælles "
        "→ strategi.",
        "en": "Correct the Supports column (kkt:supports) so that it points upward: local → "
        "common → strategy.",
    },
    message={
        "da": "{focus} ({level}) understøtter {related} på et lavere niveau ({target}).",
        "en": "{focus} ({level}) supports {related} at a lower level ({target}).",
    },
)
def invalid_support_direction(facts: GraphFacts) -> Iterator[Row]:
    for source, target in sorted(facts.supports.edges):
        lo, hi = facts.level(source), facts.level(target)
        if lo is not None and hi is not None and lo < hi:
            yield _row(
                source,
                target,
                level=[_level_name(lo, "da"), _level_name(lo, "en")],
                target=[_level_name(hi, "da"), _level_name(hi, "en")],
            )


@graph_rule(
    id="support-cycle",
    severity="error",
    title={"da": "Cirkulær understøttelse", "en": "Support cycle"},
    description={
        "da": "Noden ligger på en kreds af kkt:supports-links; så kan intet i kredsen spores "
        "entydigt opad.",
        "en": "The node is on a cycle of kkt:supports links, so nothing on the cycle traces "
        "upward unambiguously.",
    },
    fix={
        "da": "Fjern det id i kolonnen Bidrager til (kkt:supports), der peger nedad eller til "
        "samme niveau i kredsen.",
        "en": "Remove the id in the Supports column (kkt:supports) that points downward or "
        "sideways on the cycle.",
    },
    message={
        "da": "{focus} ligger på en kreds af kkt:supports sammen med {related}.",
        "en": "{focus} is on a cycle of kkt:supports together with {related}.",
    },
)
def support_cycle(facts: GraphFacts) -> Iterator[Row]:
    import networkx as nx

    for component in nx.strongly_connected_components(facts.supports):
        members = sorted(component)
        if len(members) == 1 and not facts.supports.has_edge(members[0], members[0]):
            continue
        for node in members:
            others = [m for m in members if m != node] or [node]
            yield from (_row(node, m) for m in others)


# Metadata is kept beside each function; the registry sorts by id.
GRAPH_RULES.sort(key=lambda r: r.id)
