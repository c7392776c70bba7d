"""Sifara graph: the canonical store and its projections (networkx, Neo4j, RDF)."""
