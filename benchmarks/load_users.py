"""The editorial load test's users: public readers, reporters and fact-checkers.

Each runs in a thread until ``stop`` (a ``time.monotonic()`` value), acting on
the same few statements (``pool``) so that saves collide.
"""

from __future__ import annotations

import random
import re
import time

from benchmarks.load_browser import Browser, forms_of
from benchmarks.load_figures import Answer, Stats

TOKEN = re.compile(r"\[edit ([a-z0-9-]+)\]")


def reader(base: str, stats: Stats, pool: list[int], stop: float) -> None:
    browser = Browser(base, stats)
    after = 0
    while time.monotonic() < stop:
        choice = random.random()
        if choice < 0.4:
            path = f"/api/v1/statements/{random.choice(pool)}/"
        elif choice < 0.7:
            path = "/api/v1/statements/?page_size=50"
        else:
            path = f"/api/v1/changes/?after={after}&page_size=100"
        answer = browser.request(path)
        if answer.status == 200:
            with stats.lock:
                stats.public_reads += 1
                stats.public_tokens.update(TOKEN.findall(answer.body))
            if "/changes/" in path:
                seqs = [int(s) for s in re.findall(r'"seq":\s*(\d+)', answer.body)]
                after = max(seqs, default=after)


def change_path(pk: int) -> str:
    return f"/admin/events/statement/{pk}/change/"


def editor(base: str, stats: Stats, name: str, pool: list[int], stop: float) -> None:
    browser = Browser(base, stats)
    browser.log_in(name)
    number = 0
    while time.monotonic() < stop:
        pk = random.choice(pool)
        page = browser.request(change_path(pk))
        if page.status != 200:
            continue
        form = next(
            (f for f in forms_of(page.body) if f["id"] == "statement_form"), None
        )
        if form is None:
            continue
        number += 1
        token = f"{name}-{number}"
        fields = []
        for key, value in form["fields"]:
            if key == "text":
                value = TOKEN.sub("", value).rstrip() + f" [edit {token}]"
            fields.append((key, value))
        fields.append(("_continue", "1"))
        data: dict[str, list[str]] = {}
        for key, value in fields:
            data.setdefault(key, []).append(value)
        # Another editor may save in between: a moment to think makes it likelier.
        time.sleep(random.uniform(0, 0.3))
        answer = browser.request(change_path(pk), data)
        if answer.status == 302:
            # Saved, or refused by a save that landed just before: the page
            # it goes back to says which.
            told = browser.request(answer.location or change_path(pk)).body
            if "Your changes were not saved" in told:
                with stats.lock:
                    stats.refused[
                        "edit conflict at the last moment, with the message"
                    ] += 1
            elif "was changed successfully" in told:
                with stats.lock:
                    stats.accepted.append((pk, token))
                submit(browser, stats, pk)
            else:
                with stats.lock:
                    stats.unexplained.append(f"save of {pk}: redirect with no message")
        elif answer.status == 200 and "Your changes were not saved" in answer.body:
            with stats.lock:
                stats.refused["edit conflict, with the message"] += 1
        elif answer.status == 200 and 'class="errorlist' in answer.body:
            with stats.lock:
                stats.refused["form error, shown"] += 1
        elif answer.status == 403:
            with stats.lock:
                stats.refused["not allowed (403)"] += 1
        else:
            with stats.lock:
                stats.unexplained.append(f"save of {pk}: {answer.status}")


def offers(page: Answer, button: str) -> bool:
    """Whether the change page shows the workflow button ``button``."""
    return f'name="_workflow" value="{button}"' in page.body


def press(
    browser: Browser, pk: int, page: Answer, button: str, **changes: str
) -> Answer | None:
    """Press a workflow button of the change form, as a browser sends it.

    The buttons belong to the change form: the form's fields go with the
    button, so an edit typed before pressing is saved first, as one change.
    """
    form = next((f for f in forms_of(page.body) if f["id"] == "statement_form"), None)
    if form is None:
        return None
    data: dict[str, list[str]] = {}
    for key, value in form["fields"]:
        data.setdefault(key, []).append(value)
    for key, value in changes.items():
        data[key] = [value]
    data["_workflow"] = [button]
    return browser.request(change_path(pk), data)


def submit(browser: Browser, stats: Stats, pk: int) -> None:
    page = browser.request(change_path(pk))
    if page.status != 200 or not offers(page, "submit"):
        return
    answer = press(browser, pk, page, "submit")
    if answer is None or answer.status != 302:
        return
    told = browser.request(answer.location or change_path(pk)).body
    if "submitted for review" in told:
        with stats.lock:
            stats.submitted += 1


def checker(base: str, stats: Stats, name: str, pool: list[int], stop: float) -> None:
    browser = Browser(base, stats)
    browser.log_in(name)
    while time.monotonic() < stop:
        pk = random.choice(pool)
        page = browser.request(change_path(pk))
        if page.status != 200 or not offers(page, "correct"):
            time.sleep(0.05)
            continue
        answer = press(
            browser,
            pk,
            page,
            "correct",
            correction_note="Wording checked against the source.",
        )
        if answer is not None and answer.status == 200:
            # The form came back: another save landed first, or the form
            # has an error; either way the page says so, and nothing changed.
            with stats.lock:
                if "Your changes were not saved" in answer.body:
                    stats.corrections_refused["edit conflict, with the message"] += 1
                elif "Nothing was saved and nothing was" in answer.body or (
                    'class="errorlist' in answer.body
                ):
                    stats.corrections_refused["form error, shown"] += 1
                else:
                    stats.unexplained.append(f"correct of {pk}: 200 with no message")
            continue
        if answer is None or answer.status != 302:
            status = "no change form" if answer is None else answer.status
            with stats.lock:
                stats.unexplained.append(f"correct of {pk}: {status}")
            continue
        after = browser.request(answer.location or change_path(pk))
        with stats.lock:
            if "was verified as a correction" in after.body:
                stats.corrections += 1
            elif "Not verified as a correction:" in after.body or (
                "Your changes were not saved" in after.body
            ):
                stats.corrections_refused["refused, with the reason"] += 1
            else:
                stats.corrections_refused["no message"] += 1
