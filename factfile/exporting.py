"""Prebuilt export files: the published layer as versioned files on disk.

A build writes ``factfile-<last_seq>.jsonl`` and ``.csv`` from one snapshot
of the layer, atomically (a temporary file in the same folder, fsync, then
``os.replace``), and a manifest naming them with their row count, size and
SHA-256. The newest two versions are kept, so a download that opened the
previous one finishes. One process builds at a time (a lock file); the
others serve the previous files meanwhile.

Files are rebuilt from the change feed: when it has moved past a file's
``last_seq`` and the file is older than ``FACTFILE_EXPORT_REBUILD_SECONDS``
(in the background, the old file still served), and at once when a
retraction came after it: nothing retracted is served from an old file.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import logging
import os
import re
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypedDict

from django.conf import settings
from django.db import connections
from django.utils import timezone
from filelock import FileLock, Timeout

from factfile.caching import latest_seq
from factfile.published import export
from factfile.published.models import Action, ChangeEntry
from factfile.timestamps import rfc3339

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
LOCK = "build.lock"
KEPT_VERSIONS = 2
_TEMPORARY_PREFIX = ".building-"
_VERSIONED = re.compile(r"factfile-([0-9]+)\.(jsonl|csv)")


class FileDict(TypedDict):
    name: str
    size: int
    sha256: str


class ManifestDict(TypedDict):
    last_seq: int
    # When change ``last_seq`` was written: a database restored from a
    # backup (or rolled back) may reuse the number for another change.
    last_at: str | None
    rows: int
    built_at: str
    files: dict[str, FileDict]


class ExportNotReady(Exception):
    """No export file may be served now: one is being built."""


@dataclass(frozen=True)
class ExportFile:
    """One prebuilt file, as its manifest describes it."""

    format: str
    path: Path
    size: int
    sha256: str
    rows: int
    last_seq: int
    built_at: datetime.datetime

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def etag(self) -> str:
        """A strong validator: the same bytes always have the same one."""
        return f'"{self.sha256}"'


@dataclass(frozen=True)
class Manifest:
    folder: Path
    data: ManifestDict

    @property
    def last_seq(self) -> int:
        return self.data["last_seq"]

    @property
    def built_at(self) -> datetime.datetime:
        return datetime.datetime.fromisoformat(self.data["built_at"])

    def file(self, format: str) -> ExportFile:
        described = self.data["files"][format]
        return ExportFile(
            format=format,
            path=self.folder / described["name"],
            size=described["size"],
            sha256=described["sha256"],
            rows=self.data["rows"],
            last_seq=self.data["last_seq"],
            built_at=self.built_at,
        )


def export_dir() -> Path:
    return Path(settings.FACTFILE_EXPORT_DIR)


def read_manifest(folder: Path | None = None) -> Manifest | None:
    """The manifest of the newest build, or None when there is no usable one."""
    folder = folder or export_dir()
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        manifest = Manifest(folder, data)
        datetime.datetime.fromisoformat(data["built_at"])
        for format in export.FORMATS:
            if not manifest.file(format).path.is_file():
                return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return manifest


# Building -------------------------------------------------------------------


class _HashedFile:
    """A temporary file in the export folder that knows its size and SHA-256."""

    def __init__(self, folder: Path) -> None:
        self.file: IO[bytes] = tempfile.NamedTemporaryFile(  # noqa: SIM115
            dir=folder, prefix=_TEMPORARY_PREFIX, delete=False
        )
        self.hash = hashlib.sha256()
        self.size = 0

    def write(self, text: str) -> None:
        data = text.encode()
        self.file.write(data)
        self.hash.update(data)
        self.size += len(data)

    def finish(self, target: Path) -> FileDict:
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        # Public data: readable by a web server serving the folder.
        os.chmod(self.file.name, 0o644)
        os.replace(self.file.name, target)
        return {"name": target.name, "size": self.size, "sha256": self.hash.hexdigest()}

    def discard(self) -> None:
        self.file.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.file.name)


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def _build_lock(folder: Path, *, wait: bool) -> Iterator[bool]:
    lock = FileLock(folder / LOCK)
    try:
        lock.acquire(timeout=-1 if wait else 0)
    except Timeout:
        yield False
        return
    try:
        yield True
    finally:
        lock.release()


def build(*, wait: bool = True) -> Manifest | None:
    """Write the export files of the published layer as it is now.

    Without ``wait``, return None at once when another process is building.
    """
    folder = export_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with _build_lock(folder, wait=wait) as locked:
        if not locked:
            return None
        return _build_locked(folder)


def _build_locked(folder: Path) -> Manifest:
    # Whatever a build killed mid-way left behind; the lock says none runs.
    for left in folder.glob(f"{_TEMPORARY_PREFIX}*"):
        left.unlink(missing_ok=True)
    jsonl, csv = _HashedFile(folder), _HashedFile(folder)
    tally = export.Tally()
    try:
        csv.write(export.CSV_HEADER)
        # One pass over one query: both files hold the same snapshot.
        for row in tally.count(export.exported_rows()):
            jsonl.write(export.jsonl_line(row))
            csv.write(export.csv_line(row))
        jsonl.write(export.completeness_line(tally))
        files = {
            "jsonl": jsonl.finish(folder / f"factfile-{tally.last_seq}.jsonl"),
            "csv": csv.finish(folder / f"factfile-{tally.last_seq}.csv"),
        }
    except BaseException:
        jsonl.discard()
        csv.discard()
        raise
    data: ManifestDict = {
        "last_seq": tally.last_seq,
        "last_at": _written_at(tally.last_seq),
        "rows": tally.rows,
        "built_at": timezone.now().isoformat(),
        "files": files,
    }
    manifest = _HashedFile(folder)
    manifest.write(json.dumps(data, indent=2) + "\n")
    manifest.finish(folder / MANIFEST)
    _fsync_folder(folder)
    _prune(folder, tally.last_seq)
    logger.info(
        "Export files built: %s rows up to change %s.", tally.rows, tally.last_seq
    )
    return Manifest(folder, data)


def _prune(folder: Path, current: int) -> None:
    """Remove every version but the current one and the newest others.

    Newest by time, not by number: a database restored from a backup
    numbers its changes again from lower down.
    """
    versions: dict[int, list[Path]] = {}
    for path in folder.iterdir():
        found = _VERSIONED.fullmatch(path.name)
        if found and int(found[1]) != current:
            versions.setdefault(int(found[1]), []).append(path)
    by_age = sorted(
        versions, key=lambda seq: max(p.stat().st_mtime for p in versions[seq])
    )
    for seq in by_age[: max(0, len(by_age) - (KEPT_VERSIONS - 1))]:
        for path in versions[seq]:
            path.unlink(missing_ok=True)


# Serving ----------------------------------------------------------------------


@dataclass(frozen=True)
class Freshness:
    servable: bool
    rebuild: bool


def _written_at(seq: int) -> str | None:
    at = ChangeEntry.objects.filter(seq=seq).values_list("at", flat=True).first()
    return at.isoformat() if at else None


def _same_time(one: str | None, other: str | None) -> bool:
    if one is None or other is None:
        return one == other
    return datetime.datetime.fromisoformat(one) == datetime.datetime.fromisoformat(
        other
    )


def freshness(manifest: Manifest | None) -> Freshness:
    """Whether the files of ``manifest`` may be served, and should be rebuilt."""
    if manifest is None or not _same_time(
        _written_at(manifest.last_seq), manifest.data.get("last_at")
    ):
        # No file, or one of another history of the layer.
        return Freshness(servable=False, rebuild=True)
    if latest_seq() <= manifest.last_seq:
        return Freshness(servable=True, rebuild=False)
    retracted_since = ChangeEntry.objects.filter(
        seq__gt=manifest.last_seq, action=Action.RETRACTED
    ).exists()
    if retracted_since:
        return Freshness(servable=False, rebuild=True)
    age = timezone.now() - manifest.built_at
    old = age.total_seconds() >= settings.FACTFILE_EXPORT_REBUILD_SECONDS
    return Freshness(servable=True, rebuild=old)


def servable_file(format: str) -> ExportFile:
    """The export file to serve now, rebuilt first when the old one may not be.

    Raise ``ExportNotReady`` when no file may be served and another process
    is building one.
    """
    manifest = read_manifest()
    state = freshness(manifest)
    if not state.servable:
        manifest = build(wait=False)
        if manifest is None:
            raise ExportNotReady
    elif state.rebuild:
        rebuild_in_background()
    assert manifest is not None
    return manifest.file(format)


# One background build per process at a time.
_building = threading.Lock()


def rebuild_in_background() -> threading.Thread | None:
    """Start a build in a thread of this process, unless one is running."""
    if not _building.acquire(blocking=False):
        return None

    def run() -> None:
        try:
            build(wait=False)
        except Exception:
            logger.exception("The export files could not be rebuilt.")
        finally:
            # The thread's own database connections.
            connections.close_all()
            _building.release()

    thread = threading.Thread(target=run, name="factfile-export-build", daemon=True)
    thread.start()
    return thread


def describe(manifest: Manifest) -> dict[str, Any]:
    """The manifest as the API shows it: no paths, only names."""
    return {
        "last_seq": manifest.last_seq,
        "rows": manifest.data["rows"],
        "built_at": rfc3339(datetime.datetime.fromisoformat(manifest.data["built_at"])),
        "files": manifest.data["files"],
    }
