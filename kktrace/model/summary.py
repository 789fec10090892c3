"""What is in a model: counts per class, per plan and per administration."""

from __future__ import annotations

from collections import Counter
from typing import Any

from kktrace.model.store import KINDS, Model, iter_edges
from kktrace.model.vocab import vocabulary

#: Plans listed by ``info``: instances of a subclass of kkt:ActionPlan.
_PLAN_KINDS = set(vocabulary().subclasses_of("ActionPlan")) - {"ActionPlan"}


def summarise(model: Model, lang: str = "da") -> dict[str, Any]:
    """Counts for ``kktrace info``, deterministic and JSON-ready.

    ``classes``: instances per contract class (subclass-aware: a transition plan counts
    as a common plan too); ``plans``: per plan its kind, owner and element counts;
    ``administrations``: per administration its plans and initiative count (a plan is an
    administration's by :meth:`kktrace.facts.Facts.administration_of`).
    """
    g = model.graph
    classes = Counter(c for _, d in g.nodes(data=True) for c in d["classes"])
    part_of: dict[str, list[str]] = {}
    for child, parent in iter_edges(g, "partOf"):
        part_of.setdefault(parent, []).append(child)
    owner = dict(iter_edges(g, "owner"))

    plans = []
    for plan in sorted(n for n, d in g.nodes(data=True) if d["kind"] in _PLAN_KINDS):
        kinds = Counter(g.nodes[c]["kind"] for c in part_of.get(plan, []))
        plans.append(
            {
                "iri": plan,
                "label": model.label(plan, lang),
                "kind": g.nodes[plan]["kind"],
                "owner": owner.get(plan),
                "goals": kinds["CommonGoal"] + kinds["LocalGoal"],
                "initiatives": kinds["CommonInitiative"] + kinds["LocalInitiative"],
            }
        )
    from kktrace.facts import Facts

    facts = Facts(model)
    administrations = []
    for adm in model.nodes_of_kind("Administration"):
        own = [p for p in plans if facts.administration_of(p["iri"]) == adm]
        administrations.append(
            {
                "iri": adm,
                "code": g.nodes[adm]["notation"],
                "label": model.label(adm, lang),
                "plans": len(own),
                "initiatives": sum(p["initiatives"] for p in own),
            }
        )
    return {
        "source": model.source,
        "files": len(model.files),
        "triples": model.data_triples,
        "classes": {k: classes[k] for k in KINDS if classes[k]},
        "plans": plans,
        "administrations": administrations,
    }
