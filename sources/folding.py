"""Folding for the text layer: the project's one definition, in ``factfile``."""

from factfile.folding import fold

__all__ = ["fold"]
