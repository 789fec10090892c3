"""The ``shape-violation`` rule: SHACL shapes (ontology/shapes.ttl) run by pySHACL."""

from __future__ import annotations

from kktrace.rules import Rule

SHAPE_RULE = Rule(
    id="shape-violation",
    severity="error",
    title={"da": "Brud på en SHACL-form", "en": "SHACL shape violated"},
    description={
        "da": "Data bryder en af formerne i ontology/shapes.ttl (struktur, typer, "
        "kardinalitet, datatyper). Meddelelsen er formens egen (sh:message).",
        "en": "The data violates one of the shapes in ontology/shapes.ttl (structure, "
        "types, cardinality, datatypes). The message is the shape's own (sh:message).",
    },
    fix={
        "da": "Ret data som meddelelsen siger; `kktrace validate` viser alle brud.",
        "en": "Correct the data as the message says; `kktrace validate` lists every violation.",
    },
    message={"da": "{message}", "en": "{message}"},
    location="ontology/shapes.ttl (pySHACL)",
    kind="shacl",
)
