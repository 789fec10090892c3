"""Where the bundled ontology, shapes, queries and reference data live.

From a checkout they are the top-level ``ontology/`` and ``data/`` folders; from an
installed wheel they are copied into ``kktrace/_bundled/``. Both are found here, once.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def _root(name: str) -> Path:
    installed = _PACKAGE / "_bundled" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def ontology_dir() -> Path:
    """The folder holding ``kktrace.ttl``, ``shapes.ttl`` and ``queries/``."""
    return _root("ontology")


def ontology_file() -> Path:
    """The OWL ontology, always loaded with the data."""
    return ontology_dir() / "kktrace.ttl"


def shapes_file() -> Path:
    """The SHACL shapes used by ``validate`` and the ``shape-violation`` rule."""
    return ontology_dir() / "shapes.ttl"


def queries_dir() -> Path:
    """The architects' library of named SPARQL queries."""
    return ontology_dir() / "queries"


def data_dir() -> Path:
    """The bundled Copenhagen reference data set."""
    return _root("data")


#: File suffixes that make a folder "hold RDF" (the loader's own list is longer; these suffice).
_RDF_SUFFIXES = (".ttl", ".trig", ".nt", ".nq", ".jsonld", ".rdf", ".owl", ".n3")


def project_data(cwd: Path | None = None) -> tuple[list[Path] | None, str]:
    """The data a workbook's references are resolved against by default, and its name.

    ``./data`` when it holds RDF files (the project's data folder), else ``None`` =
    the bundled Copenhagen data. The name is what messages say was searched.
    """
    folder = (cwd or Path.cwd()) / "data"
    if folder.is_dir() and any(
        p.suffix.lower() in _RDF_SUFFIXES for p in folder.rglob("*") if p.is_file()
    ):
        return [folder], "data/"
    return None, "bundled"
