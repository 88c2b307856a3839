"""newsevents: read news the way an analyst does and write down what happened."""

from .api import Pipeline, analyze, clean, extract, resolve_actor, resolve_place
from .errors import InputError
from .model import Analysis, Article
from .settings import Settings

__version__ = "0.3.0"
__all__ = ["Analysis", "Article", "InputError", "Pipeline", "Settings", "analyze", "clean",
           "extract", "resolve_actor", "resolve_place", "__version__"]
