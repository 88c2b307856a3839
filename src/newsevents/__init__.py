"""newsevents: read news the way an analyst does and write down what happened."""

from .api import clean
from .errors import InputError
from .model import Article
from .settings import Settings

__version__ = "0.1.0"
__all__ = ["Article", "InputError", "Settings", "clean", "__version__"]
