"""SHACL: ``compiler`` turns SHACL Core shapes into SPARQL on Oxigraph; ``engine`` runs
them (with pySHACL as the reference engine).
"""
