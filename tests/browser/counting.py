"""Clicks and keystrokes made through Playwright, counted as a person's cost."""

from __future__ import annotations


class Counted:
    """A page whose clicks and keystrokes are counted.

    A click or a tick is one click; typed text costs a key per character,
    pasted text two (Ctrl+V), a key press one.
    """

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.page = page
        self.clicks = 0
        self.keys = 0

    def click(self, selector: str) -> None:
        self.clicks += 1
        self.page.click(selector)

    def select(self, selector: str, value: str) -> None:
        """Choose in a drop-down: one click to open it, one to choose."""
        self.clicks += 2
        self.page.select_option(selector, value)

    def type(self, selector: str, text: str) -> None:
        self.keys += len(text)
        self.page.fill(selector, text)

    def amend(self, selector: str, text: str) -> None:
        """Change a field's text to ``text``, paying only for what differs."""
        old = self.page.input_value(selector)
        same = 0
        while same < min(len(old), len(text)) and old[same] == text[same]:
            same += 1
        tail = 0
        while (
            tail < min(len(old), len(text)) - same
            and old[len(old) - 1 - tail] == text[len(text) - 1 - tail]
        ):
            tail += 1
        # A click to put the cursor there, the old characters deleted and
        # the new ones typed.
        self.clicks += 1
        self.keys += (len(old) - same - tail) + (len(text) - same - tail)
        self.page.fill(selector, text)

    def paste(self, selector: str, text: str) -> None:
        """Paste what was copied: Ctrl+V, two keys."""
        self.keys += 2
        self.page.fill(selector, text)

    def key(self, key: str) -> None:
        """Press a key that loads a new page."""
        self.keys += 1
        with self.page.expect_navigation():
            self.page.keyboard.press(key)

    def __str__(self) -> str:
        return f"{self.clicks} clicks, {self.keys} keystrokes"
