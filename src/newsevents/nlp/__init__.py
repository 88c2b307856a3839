"""spaCy, loaded once per process and used in batches."""

from .pipeline import DEFAULT_MODEL, load_nlp

__all__ = ["DEFAULT_MODEL", "load_nlp"]
