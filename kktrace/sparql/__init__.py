"""SPARQL for architects: the named query library and bound parameters (``query``) and the
read-only endpoint with its query page (``serve``, ``page``).
"""
