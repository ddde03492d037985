"""Driving a case with ``wrk``: a fixed time, a fixed number of connections.

The paths are taken in turn by a Lua script, which prints the figures wrk
gathered as one JSON line.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from typing import Any

LUA = """
local paths = {%(paths)s}
local counter = 0
wrk.method = "GET"
%(headers)s
request = function()
  counter = counter + 1
  return wrk.format(nil, paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p95_us": %%d, '
    .. '"p99_us": %%d, "socket_errors": %%d, "non_2xx": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(95), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def wrk(
    base: str,
    paths: list[str],
    *,
    duration: int,
    connections: int,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    quoted = ", ".join(json.dumps(path) for path in paths)
    header_lines = "\n".join(
        f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}"
        for k, v in (headers or {}).items()
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % {"paths": quoted, "headers": header_lines})
    try:
        # A short warm-up fills the database's and the workers' caches.
        subprocess.run(
            ["wrk", "-t1", f"-c{connections}", "-d2s", "-s", script.name, base],
            capture_output=True,
            check=True,
            timeout=60,
        )
        output = subprocess.run(
            [
                *("wrk", "-t1", f"-c{connections}", f"-d{duration}s"),
                *("--timeout", "10s", "-s", script.name, base),
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=duration + 60,
        ).stdout
    finally:
        os.unlink(script.name)
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    raw = json.loads(line.removeprefix("RESULT "))
    seconds = raw["duration_us"] / 1e6
    return {
        "rps": round(raw["requests"] / seconds, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p95_ms": round(raw["p95_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "requests": raw["requests"],
        "errors": raw["socket_errors"],
        "non_2xx": raw["non_2xx"],
    }
