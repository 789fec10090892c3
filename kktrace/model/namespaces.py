"""IRIs of the vocabulary contract and the graphs kktrace keeps in its store."""

from __future__ import annotations

KKT = "https://w3id.org/kktrace/def#"
KKTS = "https://w3id.org/kktrace/shapes#"
ORG = "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SH = "http://www.w3.org/ns/shacl#"
#: The bundled Copenhagen data's namespace (prefix ``kk:``), also the default base of IRIs
#: minted from spreadsheets.
KK = "https://w3id.org/kktrace/id/kk/"

#: Prefixes predeclared for every SPARQL query kktrace runs (rules, named queries, ad hoc).
PREFIXES: dict[str, str] = {
    "kkt": KKT,
    "kkts": KKTS,
    "org": ORG,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
}

#: Named graph holding the ontology (kept apart so exports hold only the user's data).
ONTOLOGY_GRAPH = "urn:kktrace:graph:ontology"
#: Named graph holding the rdf:type triples inferred from rdfs:subClassOf.
INFERRED_GRAPH = "urn:kktrace:graph:inferred"


def sparql_prologue() -> str:
    """``PREFIX`` lines for :data:`PREFIXES`, for engines that take no prefix map."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
