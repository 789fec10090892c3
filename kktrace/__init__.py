"""kktrace: make a municipality's IT strategy traceable.

>>> from kktrace import load
>>> model = load()          # the bundled Copenhagen data + the ontology
>>> len(model) > 1000
True
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import KKTraceError
from .findings import Finding, Report, Severity
from .model import Model, load

# The module is callable: ``from kktrace import check; check(model)`` runs the checks,
# and ``kktrace.check.check`` / ``kktrace.check.registry`` stay reachable.
from . import check  # isort: skip

__all__ = ["Finding", "KKTraceError", "Model", "Report", "Severity", "__version__", "check", "load"]
