"""newsevents: read news the way an analyst does and write down what happened."""

from .api import analyze, clean, resolve_actor, resolve_place
from .errors import InputError
from .model import Analysis, Article
from .settings import Settings

__version__ = "0.2.0"
__all__ = ["Analysis", "Article", "InputError", "Settings", "analyze", "clean", "resolve_actor",
           "resolve_place", "__version__"]
