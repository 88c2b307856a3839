"""Read-only knowledge: the actor base, the gazetteer, the ontology. Loaded once per process."""
