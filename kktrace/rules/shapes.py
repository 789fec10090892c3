"""The ``shape-violation`` rule: SHACL shapes (ontology/shapes.ttl) run by pySHACL."""

from __future__ import annotations

from kktrace.rules import Rule

SHAPE_RULE = Rule(
    id="shape-violation",
    severity="error",
    title={"da": "Forkert udfyldt (strukturregel)", "en": "Structure rule broken"},
    description={
        "da": "Data bryder en af strukturreglerne (SHACL-formerne i ontology/shapes.ttl: "
        "hvad der skal udfyldes, og hvad en kolonne må pege på). Meddelelsen er reglens egen.",
        "en": "The data violates one of the shapes in ontology/shapes.ttl (structure, "
        "types, cardinality, datatypes). The message is the shape's own (sh:message).",
    },
    fix={
        "da": "Ret cellen, som meddelelsen siger; `kktrace validate` viser alle brud.",
        "en": "Correct the cell as the message says; `kktrace validate` lists every violation.",
    },
    message={"da": "{message}", "en": "{message}"},
    location="ontology/shapes.ttl (SHACL compiled to SPARQL; KKTRACE_SHACL_ENGINE=pyshacl for pySHACL)",
    kind="shacl",
)
