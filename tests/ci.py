"""Whether the suite runs in CI, where a missing browser or server fails."""

from __future__ import annotations

import os

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
