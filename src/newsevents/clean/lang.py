"""Language of a block and of an article (lingua, restricted to a configured set)."""

from __future__ import annotations

from functools import cache

from lingua import IsoCode639_1, LanguageDetectorBuilder

MIN_LETTERS = 12  # below this a guess is noise


@cache
def _detector(languages: tuple[str, ...]):
    codes = [getattr(IsoCode639_1, code.upper()) for code in languages]
    # Low-accuracy mode reads trigrams only: ~10x faster, and news blocks are long enough.
    return (
        LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
        .with_low_accuracy_mode()
        .with_preloaded_language_models()
        .build()
    )


def detect_language(text: str, languages: tuple[str, ...]) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when it is too short to tell."""
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return None
    language = _detector(languages).detect_language_of(text)
    return language.iso_code_639_1.name.lower() if language else None


def detect_languages(texts: list[str], languages: tuple[str, ...]) -> list[str | None]:
    return [detect_language(t, languages) for t in texts]
