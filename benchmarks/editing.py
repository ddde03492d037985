"""The editors' cases, measured one request or one run at a time.

A fact-checker's session made in the session store, the verify button
pressed through the admin, and the cases of ``benchmarks.editor_cases``
run in a child process with the app's environment.
"""

from __future__ import annotations

import http.cookiejar
import json
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from typing import Any

from benchmarks.commands import manage
from benchmarks.serving import ROOT


def session_cookie(env: dict[str, str]) -> str:
    """A logged-in fact-checker's session, made directly in the session store."""
    code = (
        "from django.contrib.auth import get_user_model, BACKEND_SESSION_KEY, "
        "HASH_SESSION_KEY, SESSION_KEY\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "user = get_user_model().objects.get(username='synthetic.checker1')\n"
        "s = SessionStore()\n"
        "s[SESSION_KEY] = str(user.pk)\n"
        "s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "s[HASH_SESSION_KEY] = user.get_session_auth_hash()\n"
        "s.create()\n"
        "print(s.session_key)\n"
    )
    return manage("shell", "-c", code, env=env).split()[-1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def verify_action(base: str, session: str, ids: list[int]) -> dict[str, Any] | None:
    """Verify statements in review one at a time through the admin button."""
    if not ids:
        return None
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(jar), _NoRedirect()
    )
    cookie = f"sessionid={session}"
    page = urllib.request.Request(
        f"{base}/admin/events/statement/{ids[0]}/change/", headers={"Cookie": cookie}
    )
    opener.open(page).read()
    csrf = next((c.value for c in jar if c.name == "csrftoken"), "")
    timings = []
    for pk in ids:
        request = urllib.request.Request(
            f"{base}/admin/events/statement/{pk}/workflow/verify/",
            data=b"",
            headers={
                "Cookie": f"{cookie}; csrftoken={csrf}",
                "X-CSRFToken": csrf,
                "Referer": base + "/admin/",
            },
            method="POST",
        )
        started = time.monotonic()
        try:
            opener.open(request).read()
        except urllib.error.HTTPError as answer:
            if answer.code != 302:
                raise
        timings.append((time.monotonic() - started) * 1000)
    timings.sort()

    def pct(p: float) -> float:
        return round(timings[min(len(timings) - 1, int(p * len(timings)))], 2)

    return {
        "rps": round(1000 / statistics.mean(timings), 1),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "requests": len(timings),
        "errors": 0,
        "non_2xx": 0,
        "sequential": True,
    }


def editor_case(case: str, env: dict[str, str]) -> dict[str, Any]:
    """One case of ``benchmarks.editor_cases``, run with the app's environment."""
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.editor_cases", case],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))
