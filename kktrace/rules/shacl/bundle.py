"""``bundled.json``: the compiled form of the bundled shapes (ontology/shapes.ttl).

A check reads it instead of compiling the shapes, so it needs neither rdflib nor pySHACL
(:func:`kktrace.rules.shacl.engine.read_shapes` uses it only while its SHA-256 is that of
the shapes file). After changing the shapes or the compiler, write it again::

    python -m kktrace.rules.shacl.bundle

tests/test_shacl_bundle.py fails while the committed file differs from what this writes.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from kktrace.model.resources import shapes_file


def render(path: Path | None = None) -> bytes:
    """The bytes of ``bundled.json`` for the shapes file ``path`` (default: the bundled one).

    Refuses shapes the compiler leaves to pySHACL: the JSON holds compiled shapes only.
    """
    from kktrace.rules.shacl.engine import _compile

    path = path or shapes_file()
    read = _compile(path)
    if read.unsupported:
        names = ", ".join(sorted(str(s) for s in read.unsupported))
        raise ValueError(f"{path}: shapes not compiled to SPARQL: {names}")
    data = {
        "about": "kktrace's SHACL shapes compiled to SPARQL (python -m kktrace.rules.shacl.bundle)",
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "shapes": [shape.to_json() for shape in read.compiled],
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def main() -> None:
    from kktrace.rules.shacl.engine import BUNDLED

    BUNDLED.write_bytes(render())
    print(f"wrote {BUNDLED}", file=sys.stderr)


if __name__ == "__main__":
    main()
