"""How a view looks: one colour and shape per class, rows of the hierarchy, UI texts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kktrace.texts import by_lang, load


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
TEXTS: dict[str, dict[str, str]] = by_lang(load(Path(__file__).with_name("texts.json")))
