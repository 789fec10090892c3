"""The model: input files parsed into one Oxigraph store (data + ontology), the NetworkX
projection, SPARQL endpoint access, and the bundled resources.

Flow: ``parse`` (files → store) → ``store`` (:class:`Model`) → ``trace`` / ``summary``.
"""
