"""Propose drafts from an imported article: quotes, speakers, actors, dates."""
