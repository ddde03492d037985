"""What the cases ask for, read from the database measured.

Ids, a busy speaker, change feed positions and lookup queries, chosen the
same way on every run.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from typing import Any


def sample(url: str) -> dict[str, Any]:
    """Ids, a busy speaker, feed positions and lookup queries from the data."""
    import psycopg

    with psycopg.connect(url) as conn:

        def rows(sql: str, *params: Any) -> list[tuple]:
            return conn.execute(sql, params).fetchall()

        live = "resource = 'statement' AND retracted_at IS NULL"
        ids = [
            r[0]
            for r in rows(
                f"SELECT record_id FROM factfile_publishedrecord WHERE {live} "
                "ORDER BY md5(record_id::text) LIMIT 200"
            )
        ]
        speaker = rows(
            f"SELECT speaker_id FROM factfile_publishedrecord WHERE {live} "
            "GROUP BY speaker_id ORDER BY count(*) DESC, speaker_id LIMIT 1"
        )[0][0]
        last = rows("SELECT coalesce(max(seq), 0) FROM factfile_changeentry")[0][0]
        texts = [
            r[0]
            for r in rows(
                "SELECT text FROM events_statement ORDER BY md5(id::text) LIMIT 3000"
            )
        ]
        names = [r[0] for r in rows("SELECT name FROM events_actor ORDER BY id")]
        in_review = [
            r[0]
            for r in rows(
                "SELECT id FROM events_statement WHERE status = 'in_review' "
                "AND verified_version IS NULL ORDER BY id LIMIT 30"
            )
        ]
        admin_ids = [
            r[0] for r in rows("SELECT id FROM events_statement ORDER BY id LIMIT 50")
        ]
    step = max(1, last // 200)
    return {
        "ids": ids,
        "speaker": speaker,
        "after": list(range(0, max(1, last - 50), step))[:200],
        "queries": lookup_queries(texts, names),
        "in_review": in_review,
        "admin_ids": admin_ids,
    }


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def lookup_queries(texts: list[str], names: list[str]) -> list[str]:
    """Fifty queries: common and rare words, names with and without accents,
    misspelt names and quoted phrases."""
    words = Counter(
        word.strip(".“”,").lower() for text in texts for word in text.split()
    )
    ranked = [word for word, _ in words.most_common() if len(word) > 3]
    common = ranked[:10]
    rare = [word for word, count in words.items() if count == 1 and len(word) > 5]
    rare = sorted(rare)[:: max(1, len(rare) // 10)][:10]
    # People's family names: states and councils share their last words.
    families = list(
        dict.fromkeys(
            name.split()[-1]
            for name in names
            if not name.startswith("Republic") and not name.endswith("Council")
        )
    )
    accented = [name for name in families if not name.isascii()][:10]
    plain = [_plain(name) for name in accented[:5]]
    misspelt = []
    for name in families:
        if len(name) >= 6 and len(misspelt) < 10:
            middle = len(name) // 2
            misspelt.append(name[:middle] + name[middle + 1 :])
    phrases = [
        '"' + " ".join(text.split()[1:4]).strip(".“”,") + '"' for text in texts[:5]
    ]
    queries = common + rare + accented + plain + misspelt + phrases
    filler = iter(ranked[10:])
    while len(queries) < 50:
        queries.append(next(filler))
    return queries[:50]
