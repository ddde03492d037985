"""Import article files as draft sources, one transaction per file.

A file becomes a draft Source with its full text stored exactly, an
ImportRecord with the metadata proposals, and whatever the configured
proposers suggest (quotes, speakers, actor mentions, dates). If any step of a
file fails, nothing of that file stays; the other files of a batch go on.
"""

from __future__ import annotations

import datetime
import logging
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from factfile.addresses import problem_with
from factfile.dates import Precision
from sources.importing.datewords import parse_published
from sources.importing.language import detect_language
from sources.importing.metadata import propose
from sources.importing.reading import (
    FORMATS,
    Article,
    ImportRefused,
    max_import_bytes,
    read_article,
)
from sources.importing.records import ImportRecord
from sources.models import Source

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser as User

logger = logging.getLogger(__name__)

# Proposers are named in settings, so this app does not import the apps that
# build on it: events registers its suggester here, not the other way round.
DEFAULT_PROPOSERS = ("events.suggesting.drafting.propose_drafts",)
Proposer = Callable[..., dict[str, int]]


class Result:
    CREATED = "created"
    SKIPPED = "skipped"
    ERROR = "error"


@dataclass
class Outcome:
    """What happened to one file."""

    name: str
    result: str
    message: str
    source: Source | None = None
    counts: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.name}: {self.result}: {self.message}"


def proposers() -> list[Proposer]:
    names = getattr(settings, "FACTFILE_IMPORT_PROPOSERS", DEFAULT_PROPOSERS)
    return [import_string(name) for name in names]


def import_file(
    name: str,
    data: bytes,
    *,
    by: User,
    published_on: datetime.date | None = None,
    url: str = "",
) -> Outcome:
    """Import one file's bytes; never raises for bad input, says why instead.

    ``published_on`` is a publication date the importing editor confirms for
    this file; without it, relative dates in the text stay unresolved until
    an editor confirms one. ``url`` is where the bytes were fetched from, kept
    as the source's address unless the file states another.
    """
    try:
        return _import(name, data, by=by, published_on=published_on, url=url)
    except Exception as error:
        # A bug met on one file must not stop the batch or cut the admin's
        # page short; the file's transaction has rolled back.
        logger.exception("Importing %s failed", name)
        return Outcome(
            name,
            Result.ERROR,
            f"the importer failed on this file ({type(error).__name__}); "
            "nothing of it was kept",
        )


def _import(
    name: str,
    data: bytes,
    *,
    by: User,
    published_on: datetime.date | None,
    url: str = "",
) -> Outcome:
    try:
        article = read_article(name, data)
    except ImportRefused as refused:
        return Outcome(name, Result.ERROR, str(refused))
    existing = Source.objects.with_text_hash(article.text).order_by("pk").first()
    if existing is not None:
        return Outcome(
            name,
            Result.SKIPPED,
            f"same text as source #{existing.pk} “{existing.title[:60]}”; "
            "nothing changed",
            source=existing,
        )
    try:
        source, counts = _create(article, by=by, published_on=published_on, url=url)
    except (ImportRefused, ValidationError) as refused:
        message = "; ".join(getattr(refused, "messages", [str(refused)]))
        return Outcome(name, Result.ERROR, message)
    summary = ", ".join(f"{count} {what}" for what, count in counts.items() if count)
    return Outcome(
        name,
        Result.CREATED,
        f"source #{source.pk} “{source.title[:60]}”"
        + (f" ({summary})" if summary else ""),
        source=source,
        counts=counts,
    )


@transaction.atomic
def _create(
    article: Article, *, by: User, published_on: datetime.date | None, url: str = ""
) -> tuple[Source, dict[str, int]]:
    proposals = propose(article)
    language = detect_language(article.text)
    proposals["language"] = {"value": language, "where": "detected from the text"}
    meta = article.metadata
    source = Source(
        title=(
            proposals["titles"][0]["value"] if proposals["titles"] else article.name
        )[:500],
        full_text=article.text,
        language=(meta.get("language") or language or "und")[:16].split("-")[0].lower(),
    )
    confirmed = False
    if article.format == "json":
        # A JSON file's fields are the newsroom's own capture: applied as given.
        source.url = meta.get("url", "")[:2000]
        source.publisher = meta.get("publisher", "")[:200]
        source.authors = meta.get("authors", "")[:500]
        if meta.get("published") and (parsed := parse_published(meta["published"])):
            source.published_on, source.published_on_precision = parsed
            confirmed = True
    if published_on is not None:
        source.published_on, source.published_on_precision = published_on, Precision.DAY
        confirmed = True
    if url and not source.url and problem_with(url) is None:
        source.url = url[:2000]
        source.accessed_on = timezone.localdate()
    source.mark_changed_by(by)
    source.full_clean(exclude=["created_by", "updated_by", "text_sha256"])
    source._history_user = by  # type: ignore[attr-defined]
    source._change_reason = f"Imported from {article.name}"  # type: ignore[attr-defined]
    source.save()
    record = ImportRecord.objects.create(
        source=source,
        file_name=article.name[:500],
        file_format=article.format,
        file_sha256=article.sha256,
        file_size=article.size,
        proposals=proposals,
        detected_language=language,
        imported_by=by,
        confirmed_by=by if confirmed else None,
        confirmed_at=timezone.now() if confirmed else None,
    )
    counts: dict[str, int] = {}
    for proposer in proposers():
        for what, count in proposer(record, by=by).items():
            counts[what] = counts.get(what, 0) + count
    return source, counts


@transaction.atomic
def confirm_metadata(
    record: ImportRecord,
    *,
    by: User,
    title: str | None = None,
    authors: str | None = None,
    publisher: str | None = None,
    published_on: datetime.date | None = None,
    published_on_precision: str = Precision.DAY,
) -> dict[str, int]:
    """Apply the metadata an editor confirms, then re-date the suggestions.

    Returns what the proposers updated, e.g. ``{"dates updated": 3}``.
    """
    source = Source.objects.select_for_update().get(pk=record.source_id)
    if title is not None:
        source.title = title
    if authors is not None:
        source.authors = authors
    if publisher is not None:
        source.publisher = publisher
    if published_on is not None:
        source.published_on = published_on
        source.published_on_precision = published_on_precision
    source.mark_changed_by(by)
    source.full_clean(exclude=["created_by", "updated_by", "text_sha256"])
    source._history_user = by  # type: ignore[attr-defined]
    source._change_reason = "Import metadata confirmed"  # type: ignore[attr-defined]
    source.save()
    record.source = source
    record.confirmed_by = by
    record.confirmed_at = timezone.now()
    record.save(update_fields=["confirmed_by", "confirmed_at"])
    counts: dict[str, int] = {}
    for proposer in proposers():
        for what, count in proposer(record, by=by, refresh=True).items():
            counts[what] = counts.get(what, 0) + count
    return counts


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Paths as given, and what directories hold to import, in name order.

    A directory is walked without following symbolic links; the links in it
    with an importable name, and links to directories, are listed so that
    ``import_path`` refuses them aloud rather than passing over them.
    """
    for path in map(Path, paths):
        if path.is_dir() and not path.is_symlink():
            yield from sorted(_walk(path))
        else:
            yield path


def _walk(root: Path) -> Iterator[Path]:
    for directory, subdirectories, files in os.walk(root):
        for name in subdirectories:
            if os.path.islink(os.path.join(directory, name)):
                yield Path(directory, name)
        for name in files:
            if Path(name).suffix.lower() in FORMATS:
                yield Path(directory, name)


_KINDS = {
    stat.S_IFLNK: "a symbolic link",
    stat.S_IFDIR: "a directory",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}
_OPEN_FLAGS = (
    os.O_RDONLY
    # Never through a link, and never wait for a FIFO's writer.
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


def read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file; a link or anything else is refused, unopened."""
    limit = max_import_bytes()
    try:
        info = os.lstat(path)
        kind = stat.S_IFMT(info.st_mode)
        if kind != stat.S_IFREG:
            what = _KINDS.get(kind, "not a regular file")
            advice = (
                "import the file it points to"
                if kind == stat.S_IFLNK
                else "only regular files are imported"
            )
            raise ImportRefused(f"{what}, not a regular file: {advice}")
        if info.st_size > limit:
            raise ImportRefused(
                f"file is {info.st_size / 1e6:.1f} MB, over the limit of "
                f"{limit / 1e6:.1f} MB"
            )
        descriptor = os.open(path, _OPEN_FLAGS)
        try:
            opened = os.fstat(descriptor)
            # Replaced between the look and the open: read nothing.
            if (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino):
                raise ImportRefused("the file was replaced while it was opened")
            chunks, size = [], 0
            while chunk := os.read(descriptor, 1 << 20):
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    raise ImportRefused(
                        f"file grew over the limit of {limit / 1e6:.1f} MB while "
                        "it was read"
                    )
            return b"".join(chunks)
        finally:
            os.close(descriptor)
    except OSError as error:
        raise ImportRefused(f"cannot read the file: {error.strerror}") from None


def import_path(path: Path, *, by: User, **options: Any) -> Outcome:
    """Import one file from disk."""
    try:
        data = read_regular_file(path)
    except ImportRefused as refused:
        return Outcome(path.name, Result.ERROR, str(refused))
    return import_file(path.name, data, by=by, **options)
