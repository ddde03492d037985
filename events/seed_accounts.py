"""The demo accounts that enter the seed fact file, and the report of a load.

The reporter and the fact-checker are always ``demo.reporter`` and
``demo.checker``; ``DEMO_ACCOUNTS`` gives the passwords they (and the
editor-in-chief) get when demo logins are asked for.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from django.contrib.auth import get_user_model

from factfile.roles import EDITOR_IN_CHIEF, FACT_CHECKER, REPORTER, give_role

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass(frozen=True)
class DemoAccount:
    role: str
    username: str
    password: str
    first_name: str
    last_name: str


# Known passwords, printed on purpose: these accounts exist for trying the
# app on one's own machine and must never be created on a shared server.
DEMO_ACCOUNTS = (
    DemoAccount(REPORTER, "demo.reporter", "demo-reporter-local", "Demo", "Reporter"),
    DemoAccount(
        FACT_CHECKER, "demo.checker", "demo-checker-local", "Demo", "Fact-checker"
    ),
    DemoAccount(EDITOR_IN_CHIEF, "demo.editor", "demo-editor-local", "Demo", "Editor"),
)


@dataclass
class SeedReport:
    """What a load created and what it found already there, per kind of record."""

    created: Counter[str] = field(default_factory=Counter)
    present: Counter[str] = field(default_factory=Counter)
    demo_logins: list[DemoAccount] = field(default_factory=list)

    KINDS: ClassVar[tuple[str, ...]] = (
        "users",
        "sources",
        "actors",
        "events",
        "statements",
        "citations",
    )

    def lines(self) -> list[str]:
        return [
            f"{kind:<11} created {self.created[kind]:>3}, already present "
            f"{self.present[kind]:>3}"
            for kind in self.KINDS
        ]


@dataclass(frozen=True)
class Authors:
    reporter: User
    checker: User


def ensure_demo_users(*, logins: bool, report: SeedReport) -> Authors:
    """Get or create the demo accounts; give them passwords only if ``logins``."""
    users = {}
    for account in DEMO_ACCOUNTS:
        if account.role == EDITOR_IN_CHIEF and not logins:
            continue
        users[account.role] = _ensure_user(account, login=logins, report=report)
        if logins:
            report.demo_logins.append(account)
    return Authors(reporter=users[REPORTER], checker=users[FACT_CHECKER])


def _ensure_user(account: DemoAccount, *, login: bool, report: SeedReport) -> User:
    user, created = get_user_model().objects.get_or_create(
        username=account.username,
        defaults={
            "first_name": account.first_name,
            "last_name": account.last_name,
            "is_staff": True,
        },
    )
    (report.created if created else report.present)["users"] += 1
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if login:
        updates = []
        if not user.check_password(account.password):
            user.set_password(account.password)
            updates.append("password")
        if not user.is_active:
            user.is_active = True
            updates.append("is_active")
        if updates:
            user.save(update_fields=updates)
    if not user.groups.filter(name=account.role).exists():
        give_role(user, account.role)
    return user
