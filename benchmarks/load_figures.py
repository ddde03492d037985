"""What the editorial load test counts: every answer, and what each save came to.

The workers of ``benchmarks.load_editorial`` share one ``Stats``; its lock
guards every figure.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Answer:
    status: int
    body: str
    location: str
    seconds: float


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
