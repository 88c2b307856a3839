"""Read-only knowledge: the actor base, the gazetteer, the ontology. Loaded once per process.

Every data file is read through ``loader.load`` (schema: data/manifest.toml); a bad or missing
one raises ``KnowledgeError``. ``knowledge_hash()`` versions the whole knowledge."""

from .loader import KnowledgeError, knowledge_hash, load

__all__ = ["KnowledgeError", "knowledge_hash", "load"]
