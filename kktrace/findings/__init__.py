"""Findings: running the rules over a model (``run``), the result types (``finding``),
its output formats (``formats``) and reading an earlier run back (``baseline``).
"""
