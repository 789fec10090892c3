"""How a view looks: one colour and shape per class, rows of the hierarchy, UI texts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KindStyle:
    """Colour, vis-network shape and layout row of one contract class."""

    colour: str
    shape: str
    row: int
    size: int = 14
    font: int = 13  # label size: the upper levels stay readable when zoomed out

    @property
    def label_width(self) -> int:
        """Where the label wraps (px); below the row's slot in the layout, so labels of
        neighbours never overlap."""
        return max(140, self.font * 12)


#: Per most specific class (``kind`` in the projection). ``row`` orders the hierarchy top to
#: bottom; rows 0–2 are the strategy level, 3–5 common, 6–8 local.
KIND_STYLES: dict[str, KindStyle] = {
    "ITStrategy": KindStyle("#1b2a6b", "star", 0, 26, 36),
    "FocusArea": KindStyle("#2e5fa8", "hexagon", 1, 20, 28),
    "StrategicGoal": KindStyle("#5b9bd5", "triangle", 2, 16, 18),
    "TransitionActionPlan": KindStyle("#8e6fb0", "square", 3, 20, 28),
    "CommonActionPlan": KindStyle("#6a3d9a", "square", 3, 20, 28),
    "CommonGoal": KindStyle("#9e7cc8", "triangle", 4, 14, 16),
    "CommonInitiative": KindStyle("#c9b3e3", "dot", 5, 11),
    "LocalActionPlan": KindStyle("#0e7a5f", "square", 6, 18, 24),
    "LocalGoal": KindStyle("#2bb58f", "triangle", 7, 13, 15),
    "LocalInitiative": KindStyle("#8fdcc3", "dot", 8, 10),
    # abstract classes, only when the data uses them directly
    "ActionPlan": KindStyle("#7f7f7f", "square", 3, 18, 24),
    "Goal": KindStyle("#a0a0a0", "triangle", 7, 13),
    "Initiative": KindStyle("#c0c0c0", "dot", 8, 10),
}

#: A node that is linked to but has no type in the data (a dangling reference).
UNKNOWN = KindStyle("#ffffff", "dot", 9, 10)
UNKNOWN_BORDER = "#555555"

BORDER = "#2b2b2b"
LABEL_COLOUR = "#1a1a1a"
FINDING_BORDER = "#d7000f"
#: Node border (and legend) per finding severity: errors red, warnings amber, info grey.
SEVERITY_COLOURS = {"error": FINDING_BORDER, "warning": "#e69500", "info": "#8c8c8c"}
#: The node a focus view is about.
FOCUS_BORDER = "#000000"
ORPHAN_FILL = "#e8112d"
ORPHAN_BORDER = "#7a0010"
ORPHAN_SIZE = 24
SUPPORTS_COLOUR = "#34495e"
PART_OF_COLOUR = "#a9a9a9"
#: Plan-period chains: ``kkt:continues`` (initiative → the earlier initiative it carries on)
#: and ``kkt:successorOf`` (plan → the plan it follows). Dotted/long-dashed, curved, no physics.
CONTINUES_COLOUR = "#e67e22"
SUCCESSOR_COLOUR = "#b8860b"
CONTINUES_DASHES = [2, 4]
SUCCESSOR_DASHES = [10, 5]

#: The layout row a kind sits on.
LEVEL_OF_ROW = {0: 1, 1: 1, 2: 1, 3: 2, 4: 2, 5: 2, 6: 3, 7: 3, 8: 3, 9: 3}


def style_of(kind: str | None) -> KindStyle:
    """The style of a kind; untyped (dangling) nodes get :data:`UNKNOWN`."""
    if kind is None:
        return UNKNOWN
    return KIND_STYLES.get(kind, UNKNOWN)


#: Texts of the page and tooltips, per language.
TEXTS: dict[str, dict[str, str]] = {
    "da": {
        "bundled_source": "det medfølgende datasæt for Københavns Kommune",
        "title": "Sporbarhed",
        "search": "Søg efter navn …",
        "search_button": "Find",
        "no_match": "Intet fundet",
        "matches": "fundet",
        "administration": "Forvaltning",
        "plan": "Handlingsplan",
        "all": "alle",
        "reset": "Nulstil",
        "legend": "Signaturforklaring",
        "finding": "har fund (rød kant)",
        "orphan": "forældreløst initiativ (understøtter intet)",
        "unknown": "ukendt/dinglende reference",
        "supports": "understøtter",
        "part_of": "er del af",
        "continues": "viderefører (pil mod det tidligere initiativ)",
        "successor_of": "efterfølger (pil mod den tidligere plan)",
        "continues_edge": "viderefører",
        "successor_edge": "efterfølger",
        "continues_tip": "Viderefører",
        "continued_by": "Videreført af",
        "successor_tip": "Efterfølger",
        "succeeded_by": "Efterfølges af",
        "chain_period": "i plan-periode-kæden",
        "aggregated": "samlet plan (antal i etiketten)",
        "findings": "Fund",
        "kind": "Type",
        "code": "Kode",
        "illustrative": "Illustrativ: ikke taget fra en kilde (kktrace sources)",
        "nodes": "knuder",
        "edges": "kanter",
        "hint_click": "Klik på en knude for at se dens kæde op til strategien og alt, "
        "der understøtter den.",
        "selected": "Valgt",
        "chain_up": "op ad kæden",
        "chain_down": "understøttet af",
        "goals": "mål",
        "initiatives": "initiativer",
        "open_plan": "Åbn planens egen visning",
        "aggregated_note": "Visningen er samlet: hver lokal plan er én knude. Filtrér for "
        "at se detaljer.",
        "unknown_kind": "uden type",
        "sev_error": "fejl",
        "sev_warning": "advarsel",
        "sev_info": "info",
        "severity_legend": "Fund (kantfarve)",
        "unfold_hint": "Dobbeltklik – eller »Fold ud« i sidepanelet – for at se planens mål "
        "og initiativer.",
        "unfold": "Fold ud",
        "fold": "Fold sammen",
        "municipality": "Kommune",
        "search_code": "Søg efter navn, kode eller IRI …",
        "no_nodes": "Ingen knuder passer til filtrene.",
        "chain": "Kæden",
        "supporters": "Bidrager",
        "contributors": "Bidragende forvaltninger",
        "undrawn": "Fund uden knude i visningen",
        "show": "vis",
        "focus_node": "visningens fokus",
        "member_edge": "del af sin plan (svag, indtil den er i fokus)",
    },
    "en": {
        "bundled_source": "the bundled Copenhagen Municipality data set",
        "title": "Traceability",
        "search": "Search by name …",
        "search_button": "Find",
        "no_match": "Nothing found",
        "matches": "found",
        "administration": "Administration",
        "plan": "Action plan",
        "all": "all",
        "reset": "Reset",
        "legend": "Legend",
        "finding": "has findings (red border)",
        "orphan": "orphan initiative (supports nothing)",
        "unknown": "unknown/dangling reference",
        "supports": "supports",
        "part_of": "part of",
        "continues": "continues (arrow to the earlier initiative)",
        "successor_of": "succeeds (arrow to the earlier plan)",
        "continues_edge": "continues",
        "successor_edge": "succeeds",
        "continues_tip": "Continues",
        "continued_by": "Continued by",
        "successor_tip": "Succeeds",
        "succeeded_by": "Succeeded by",
        "chain_period": "in the plan-period chain",
        "aggregated": "aggregated plan (counts in the label)",
        "findings": "Findings",
        "kind": "Type",
        "code": "Code",
        "illustrative": "Illustrative: not taken from a source (kktrace sources)",
        "nodes": "nodes",
        "edges": "edges",
        "hint_click": "Click a node to see its chain up to the strategy and everything "
        "that supports it.",
        "selected": "Selected",
        "chain_up": "up the chain",
        "chain_down": "supported by",
        "goals": "goals",
        "initiatives": "initiatives",
        "open_plan": "Open the plan's own view",
        "aggregated_note": "The view is aggregated: each local plan is one node. Filter to "
        "see details.",
        "unknown_kind": "untyped",
        "sev_error": "error",
        "sev_warning": "warning",
        "sev_info": "info",
        "severity_legend": "Findings (border colour)",
        "unfold_hint": "Double-click – or “Unfold” in the side panel – to see the plan's goals "
        "and initiatives.",
        "unfold": "Unfold",
        "fold": "Fold",
        "municipality": "Municipality",
        "search_code": "Search by name, code or IRI …",
        "no_nodes": "No node matches the filters.",
        "chain": "The chain",
        "supporters": "Contributing",
        "contributors": "Contributing administrations",
        "undrawn": "Findings without a node in the view",
        "show": "show",
        "focus_node": "the view's focus",
        "member_edge": "part of its plan (faint until in focus)",
    },
}
