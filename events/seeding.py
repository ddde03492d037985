"""Load the seed fact file: the five seed articles and the records drawn from them.

The records are entered the way the newsroom enters them. A reporter creates
each one and submits it; a fact-checker verifies it, through the same
``factfile.workflow`` functions the admin uses, so the four-eyes rule and the
verification checks apply to the seed as to anything else. Sources and actors
go first, because statements and events can only be verified once their
sources, speakers and participants are.

Authors: the reporter and the fact-checker are always the demo accounts
``demo.reporter`` and ``demo.checker``, whether or not demo logins are asked
for, so the history of the seed reads the same on every machine and never
borrows a real person's name. Without demo logins those two accounts get an
unusable password: they hold their roles, which the workflow checks, but
nobody can log in as them. With demo logins all three demo accounts (the
editor-in-chief too) get the known passwords of ``DEMO_ACCOUNTS``; they are
for local use only.

Loading is idempotent. Each record has a natural key (a source's text hash,
an actor's name, an event's title, a statement's speaker and text, a
citation's source, passage and item); a record that already exists is left
exactly as it is, since an editor may have worked on it since, and nothing is
saved again. The whole load is one transaction.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from events.seed_accounts import (
    DEMO_ACCOUNTS,
    Authors,
    DemoAccount,
    SeedReport,
    ensure_demo_users,
)
from events.seed_file import (
    SEED_FILE,
    SeedData,
    SeedError,
    read_seed_file,
    seed_articles_dir,
)
from events.seed_records import (
    CHANGE_REASON,
    seed_actors,
    seed_events,
    seed_sources,
    seed_statements,
)

__all__ = [
    "CHANGE_REASON",
    "DEMO_ACCOUNTS",
    "SEED_FILE",
    "Authors",
    "DemoAccount",
    "SeedData",
    "SeedError",
    "SeedReport",
    "ensure_demo_users",
    "read_seed_file",
    "seed_articles_dir",
    "seed_factfile",
]


@transaction.atomic
def seed_factfile(
    *,
    data: SeedData | None = None,
    articles: Path | None = None,
    demo_users: bool = False,
) -> SeedReport:
    """Load the seed sources and fact file; load nothing twice; all or nothing."""
    data = read_seed_file() if data is None else data
    articles = seed_articles_dir() if articles is None else articles
    report = SeedReport()
    authors = ensure_demo_users(logins=demo_users, report=report)
    sources = seed_sources(
        data["sources"], articles=articles, authors=authors, report=report
    )
    actors = seed_actors(data["actors"], authors=authors, report=report)
    events = seed_events(
        data["events"], sources=sources, actors=actors, authors=authors, report=report
    )
    seed_statements(
        data["statements"],
        sources=sources,
        actors=actors,
        events=events,
        authors=authors,
        report=report,
    )
    return report
