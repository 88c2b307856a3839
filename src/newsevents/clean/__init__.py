"""The clean stage: raw page to clean Article (decode, repair, structure, language, date)."""

from .article import clean_document

__all__ = ["clean_document"]
