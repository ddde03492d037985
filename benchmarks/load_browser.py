"""One user of the editorial load test: a cookie jar, the admin login, its forms.

Requests go to the app as a browser sends them; every answer is recorded in
the run's ``Stats``.
"""

from __future__ import annotations

import http.cookiejar
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from typing import Any

from benchmarks.load_figures import Answer, Stats

PASSWORD = "load-test-password-1234"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


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
