"""kktrace: make a municipality's IT strategy traceable.

>>> from kktrace import check, load
>>> model = load()          # the bundled Copenhagen data + the ontology
>>> len(model) > 1000
True
>>> check(model).summary["error"] > 0      # the bundled data has planted gaps
True
"""

from __future__ import annotations

__version__ = "0.1.0"

from kktrace.errors import KKTraceError
from kktrace.findings.finding import Finding, Report, Severity
from kktrace.findings.run import check
from kktrace.model.store import Model, load

__all__ = ["Finding", "KKTraceError", "Model", "Report", "Severity", "__version__", "check", "load"]
