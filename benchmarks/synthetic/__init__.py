"""A synthetic fact file of any size, for measuring the app at archive scale.

- ``words``: the Zipf-like vocabulary, names and publishers;
- ``layer``: history, change log, published layer and lookup index, written
  as verifying would, from memory;
- ``synthesizer``: what the fact file holds (actors, sources, statements,
  events, citations) and in which states;
- ``loading``: writing it into the database (``COPY`` on PostgreSQL, batched
  inserts elsewhere), behind ``manage.py generate_synthetic``.
"""
