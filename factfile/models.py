"""Models of the project package: the public notes of the editorial workflow."""

from factfile.workflow import PublicNote

__all__ = ["PublicNote"]
