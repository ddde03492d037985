"""How much of a text the suggester reads at a time, and how much it proposes.

Every stage reads an article in time that grows with its length and no
faster. What a news article never reaches is bounded, so that a hostile
text (one word of a megabyte, fifty thousand quote marks, a sentence with
no end) costs no more than an article of the same length:

- a sentence is read for its events, and around a quote for its speaker,
  up to ``MAX_SENTENCE_CHARS`` (the longest sentence of the test articles
  has 373 characters);
- an article gets at most ``MAX_SUGGESTIONS`` suggestions of each kind
  (quotes, events, new actors, actor mentions, dates); the seed articles
  need at most 24 of one kind. Each one is a draft written with its
  history and an anchored citation, so their number, not the analysis,
  is what makes a long text slow to import.
"""

from __future__ import annotations

MAX_SENTENCE_CHARS = 2_000
MAX_SUGGESTIONS = 100
