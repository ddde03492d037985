"""Import article files as draft sources, with proposals for an editor."""
