"""A bounded editorial load test on loopback: readers, editors and checkers at once.

    python -m benchmarks.load_editorial [--duration 60] [--readers 4] \
        [--editors 3] [--checkers 2] [--database-url postgres://...] [--report]

A fresh PostgreSQL database (``factfile_load``, dropped afterwards) gets the
seed fact file; the app runs under gunicorn on 127.0.0.1 with production
settings. For ``--duration`` seconds (at most 300):

- readers page through the public API, open statements and follow the
  change feed;
- reporters open a public statement's change page in the admin, change its
  text with a unique token, save, and submit the edit for review;
- fact-checkers open statements in review and verify the edit as a
  correction, with a public note.

Several editors work on the same few statements, so saves collide. The run
passes when: no response was a 5xx; every save the app accepted is in the
history; every save it refused said why (the edit-conflict message or a
form error); and no token of an edit that was never verified appears in any
public response. ``--report`` writes the figures to the "Editorial load
test" section of ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import http.cookiejar
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from benchmarks.commands import free_port, manage, wait_until_listening

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "benchmarks.md"
HEADING = "## Editorial load test"
PASSWORD = "load-test-password-1234"
TOKEN = re.compile(r"\[edit ([a-z0-9-]+)\]")
MAX_DURATION = 300


# HTTP ------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Answer:
    status: int
    body: str
    location: str
    seconds: float


class Browser:
    """One user's cookie jar; redirects are returned, not followed."""

    def __init__(self, base: str, stats: Stats) -> None:
        self.base = base
        self.stats = stats
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def csrf(self) -> str:
        for cookie in self.jar:
            if cookie.name == "csrftoken":
                return cookie.value
        return ""

    def request(self, path: str, data: dict[str, Any] | None = None) -> Answer:
        body = None
        headers = {"Referer": self.base + path}
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["X-CSRFToken"] = self.csrf()
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=60) as response:
                answer = Answer(
                    response.status,
                    response.read().decode("utf-8", "replace"),
                    response.headers.get("Location", ""),
                    time.monotonic() - started,
                )
        except urllib.error.HTTPError as error:
            answer = Answer(
                error.code,
                error.read().decode("utf-8", "replace"),
                error.headers.get("Location", ""),
                time.monotonic() - started,
            )
        self.stats.record(path, data is not None, answer)
        return answer

    def log_in(self, username: str) -> None:
        self.request("/admin/login/")
        answer = self.request(
            "/admin/login/",
            {
                "username": username,
                "password": PASSWORD,
                "next": "/admin/",
                "csrfmiddlewaretoken": self.csrf(),
            },
        )
        if answer.status != 302:
            raise RuntimeError(f"{username} could not log in ({answer.status})")


class FormParser(HTMLParser):
    """The fields of every form of a page, as a browser would post them."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._selected: list[str] = []
        self._first_option: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._form = {
                "action": a.get("action", ""),
                "id": a.get("id", ""),
                "fields": [],
            }
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form["fields"]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            fields.append(
                [a["name"], a.get("value", "on" if kind == "checkbox" else "")]
            )
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            fields.append([a["name"], ""])
        elif tag == "select" and a.get("name"):
            self._select, self._selected, self._first_option = a["name"], [], None
        elif tag == "option" and self._select is not None:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a:
                self._selected.append(a.get("value", ""))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None and self._form is not None:
            self._form["fields"][-1][1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form is not None:
            for value in self._selected:
                self._form["fields"].append([self._select, value])
            self._select = None
        elif tag == "form":
            self._form = None


def forms_of(html: str) -> list[dict[str, Any]]:
    parser = FormParser()
    parser.feed(html)
    for form in parser.forms:
        # Textareas start with a newline the browser drops.
        form["fields"] = [
            [name, value[1:] if value.startswith("\n") else value]
            for name, value in form["fields"]
        ]
    return parser.forms


# Figures -----------------------------------------------------------------------


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    accepted: list[tuple[int, str]] = field(default_factory=list)
    refused: Counter = field(default_factory=Counter)
    unexplained: list[str] = field(default_factory=list)
    submitted: int = 0
    corrections: int = 0
    corrections_refused: Counter = field(default_factory=Counter)
    public_tokens: set[str] = field(default_factory=set)
    public_reads: int = 0

    def record(self, path: str, post: bool, answer: Answer) -> None:
        kind = (
            "api"
            if path.startswith("/api/")
            else ("admin POST" if post else "admin GET")
        )
        with self.lock:
            self.statuses[answer.status] += 1
            self.latencies.setdefault(kind, []).append(answer.seconds)
            if answer.status >= 500:
                self.server_errors.append(f"{answer.status} {path}")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# Workers -------------------------------------------------------------------------


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


# The app and its database ------------------------------------------------------------


def app_env(database_url: str, static_root: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "REDIS_URL")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "factfile.settings",
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            "SECRET_KEY": "load-test-" + "k7" * 30,
            "ALLOWED_HOSTS": "127.0.0.1",
            # Plain HTTP on loopback; everything else as in production.
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "FACTFILE_REQUIRE_2FA": "false",
            "FACTFILE_API_ANONYMOUS_RATE": "1000000/min",
            "AXES_ENABLED": "false",
            "STATIC_ROOT": static_root,
        }
    )
    return env


SETUP = """
from django.contrib.auth import get_user_model
from events.models import Statement
from factfile.roles import FACT_CHECKER, REPORTER, give_role
User = get_user_model()
for name, role in {users!r}:
    user, _ = User.objects.get_or_create(username=name)
    user.set_password({password!r})
    user.save()
    give_role(user, {{"reporter": REPORTER, "checker": FACT_CHECKER}}[role])
pool = list(
    Statement.objects.verified().order_by("pk").values_list("pk", flat=True)[:{size}]
)
print("POOL", ",".join(map(str, pool)))
"""

CHECK = """
import json, re
from events.models import Statement
token = re.compile(r"\\[edit ([a-z0-9-]+)\\]")
rows = Statement.history.values_list("text", "status")
in_history, verified = set(), set()
for text, status in rows:
    for found in token.findall(text):
        in_history.add(found)
        if status == "verified":
            verified.add(found)
found = {{"history": sorted(in_history), "verified": sorted(verified)}}
print("CHECK", json.dumps(found))
"""


@contextlib.contextmanager
def database(url: str) -> Iterator[str]:
    admin_url, _, _ = url.rpartition("/")
    name = "factfile_load"
    psql = ["psql", f"{admin_url}/postgres", "-qc"]
    subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run([*psql, f"CREATE DATABASE {name}"], check=True)
    try:
        yield f"{admin_url}/{name}"
    finally:
        subprocess.run(
            [*psql, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=False
        )


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int) -> Iterator[str]:
    binary = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    if binary is None:
        raise SystemExit("gunicorn is needed: pip install gunicorn")
    port = free_port()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [
                binary,
                "factfile.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_listening(port)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=30)


# The run -------------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    duration = min(args.duration, MAX_DURATION)
    users = [(f"load-reporter-{i}", "reporter") for i in range(args.editors)] + [
        (f"load-checker-{i}", "checker") for i in range(args.checkers)
    ]
    with database(args.database_url) as url, contextlib.ExitStack() as stack:
        static_root = getattr(args, "static_root", None)
        if static_root is None:
            # The admin pages need the files a release collects.
            static_root = stack.enter_context(tempfile.TemporaryDirectory())
            manage("collectstatic", "--noinput", env=app_env(url, static_root))
        env = app_env(url, static_root)
        manage("migrate", "--noinput", env=env)
        manage("seed_factfile", env=env)
        out = manage(
            "shell",
            "-c",
            SETUP.format(users=users, password=PASSWORD, size=args.pool),
            env=env,
        )
        pool = [int(pk) for pk in out.split("POOL ", 1)[1].split()[0].split(",")]
        stats = Stats()
        with gunicorn(env, args.workers) as base:
            stop = time.monotonic() + duration
            threads = [
                threading.Thread(target=reader, args=(base, stats, pool, stop))
                for _ in range(args.readers)
            ]
            threads += [
                threading.Thread(target=editor, args=(base, stats, name, pool, stop))
                for name, role in users
                if role == "reporter"
            ]
            threads += [
                threading.Thread(target=checker, args=(base, stats, name, pool, stop))
                for name, role in users
                if role == "checker"
            ]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=duration + 120)
            elapsed = time.monotonic() - started
        checked = json.loads(
            manage("shell", "-c", CHECK.format(), env=env).split("CHECK ", 1)[1]
        )
    accepted_tokens = {token for _, token in stats.accepted}
    lost = sorted(accepted_tokens - set(checked["history"]))
    leaked = sorted(stats.public_tokens - set(checked["verified"]))
    total = sum(stats.statuses.values())
    return {
        "duration_s": round(elapsed, 1),
        "readers": args.readers,
        "editors": args.editors,
        "checkers": args.checkers,
        "workers": args.workers,
        "pool": len(pool),
        "requests": total,
        "requests_per_s": round(total / elapsed, 1),
        "statuses": dict(sorted(stats.statuses.items())),
        "server_errors": len(stats.server_errors),
        "server_error_samples": stats.server_errors[:5],
        "saves_accepted": len(stats.accepted),
        "saves_refused": dict(stats.refused),
        "saves_unexplained": stats.unexplained[:10],
        "submitted": stats.submitted,
        "corrections": stats.corrections,
        "corrections_refused": dict(stats.corrections_refused),
        "public_reads": stats.public_reads,
        "verified_edits_seen_in_public": len(stats.public_tokens),
        "lost_edits": lost,
        "unverified_in_public": leaked,
        "latency_ms": {
            kind: {
                "p50": round(1000 * percentile(values, 0.5), 1),
                "p95": round(1000 * percentile(values, 0.95), 1),
                "max": round(1000 * max(values), 1),
            }
            for kind, values in sorted(stats.latencies.items())
        },
    }


def passed(result: dict[str, Any]) -> bool:
    return (
        result["server_errors"] == 0
        and not result["lost_edits"]
        and not result["unverified_in_public"]
        and not result["saves_unexplained"]
        and result["saves_accepted"] > 0
        and result["corrections"] > 0
    )


def write_report(result: dict[str, Any]) -> None:
    latency = "\n".join(
        f"| {kind} | {v['p50']} | {v['p95']} | {v['max']} |"
        for kind, v in result["latency_ms"].items()
    )
    refused = ", ".join(f"{n} {why}" for why, n in result["saves_refused"].items())
    refused_count = sum(result["saves_refused"].values())
    flow = f"{result['submitted']} / {result['corrections']}"
    section = f"""{HEADING}

`python -m benchmarks.load_editorial --duration {int(result["duration_s"])} --report`:
on loopback, PostgreSQL with the seed fact file, the app under gunicorn
({result["workers"]} workers, production settings), {result["readers"]} public
readers, {result["editors"]} reporters and {result["checkers"]} fact-checkers at
once, all on the same {result["pool"]} statements so that saves collide.

| figure | value |
| --- | --- |
| duration | {result["duration_s"]} s |
| requests | {result["requests"]} ({result["requests_per_s"]}/s) |
| 5xx responses | {result["server_errors"]} |
| saves accepted | {result["saves_accepted"]} |
| saves refused, each with its reason | {refused_count} ({refused or "none"}) |
| saves neither accepted nor explained | {len(result["saves_unexplained"])} |
| accepted saves missing from the history | {len(result["lost_edits"])} |
| edits submitted / verified as corrections | {flow} |
| public responses read | {result["public_reads"]} |
| verified edits seen in public responses | {result["verified_edits_seen_in_public"]} |
| unverified edits seen in a public response | {len(result["unverified_in_public"])} |

| latency (ms) | p50 | p95 | max |
| --- | --- | --- | --- |
{latency}

Every accepted save is a row of the statement's history; every refused one
was answered with the edit-conflict message naming who saved first, or a
form error. A public response may only carry an edit's token once that edit
was verified.
"""
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else "# Benchmarks\n"
    start = text.find(HEADING)
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        following = text.find("\n## ", start + len(HEADING))
        end = len(text) if following == -1 else following + 1
        text = text[:start] + section + ("\n" + text[end:] if following != -1 else "")
    REPORT.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--editors", type=int, default=3)
    parser.add_argument("--checkers", type=int, default=2)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--pool", type=int, default=4)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument("--report", action="store_true")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        raise SystemExit("The load test runs on PostgreSQL: give --database-url.")
    result = run(args)
    print(json.dumps(result, indent=2))
    if args.report:
        write_report(result)
    if not passed(result):
        raise SystemExit("FAILED: see the figures above")
    print("PASSED")


if __name__ == "__main__":
    main()
