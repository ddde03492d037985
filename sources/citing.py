"""Render citations of a statement or an event from its published JSON.

Every style is computed from the plain dict the published layer stores, so
the public API serves them without touching editorial data. Styles:
``text``, ``markdown``, ``html`` (with a link to the source) and
``csl-json`` (a one-item CSL-JSON array, for Zotero and reference managers),
and ``claim-review`` (schema.org ClaimReview JSON-LD) for a statement that
carries a claim assessment.

Text is escaped for each style's syntax where it is put in; a source's
address is written by ``factfile.addresses`` for each style, and only an
http(s) address is written at all.

Every style ends with the record's permalink, its public page under
``FACTFILE_PUBLIC_URL``, and says when the record was last corrected.
"""

from __future__ import annotations

import functools
import re
from html import escape
from typing import Any

from django.conf import settings
from django.urls import reverse

from factfile.addresses import as_uri, for_html, for_markdown
from factfile.dates import PartialDate

STYLES = ("text", "markdown", "html", "csl-json")
# The record types that have a public page.
RECORD_PAGES = ("statement", "event", "actor", "source", "citation")

# Source kinds, as stored, to CSL item types.
CSL_TYPES = {
    "news_article": "article-newspaper",
    "official_statement": "document",
    "social_media_post": "post",
    "report": "report",
    "resolution": "legislation",
    "encyclopedia": "entry-encyclopedia",
    "transcript": "interview",
    "other": "document",
}

# Markdown syntax that text may hold: emphasis, links and images, code, raw
# HTML, headings, tables, strikethrough. ``&`` only where it would start a
# character reference (``&lt;``), so that "Smith & Sons" stays as typed.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~]|&(?=#?[A-Za-z0-9]+;))")
# A citation is one paragraph: a line break in a field must not start a
# block (a list, a quote, a code block) of its own.
_LINE_BREAK = re.compile(r"\r\n?|\n")


# The same few thousand dates come up in every listing and every citation.
@functools.lru_cache(maxsize=8192)
def human_date(value: str | None) -> str:
    """``2025-03-17`` -> ``17 March 2025``; ``2025-03`` -> ``March 2025``; '' -> ''."""
    try:
        partial = PartialDate.parse(value)
    except ValueError:
        return ""
    return str(partial) if partial.date else ""


def csl_date(value: str | None) -> dict[str, list[list[int]]] | None:
    """A partial ISO date as CSL ``date-parts``, keeping only the known parts."""
    parts = _date_parts(value)
    return {"date-parts": [list(parts)]} if parts else None


@functools.lru_cache(maxsize=8192)
def _date_parts(value: str | None) -> tuple[int, ...]:
    try:
        known = PartialDate.parse(value).isoformat()
    except ValueError:
        return ()
    return tuple(int(part) for part in known.split("-")) if known else ()


def csl_name(name: str) -> dict[str, str]:
    """A byline name as a CSL name: ``given`` and ``family``, or ``literal``."""
    parts = name.split()
    if len(parts) < 2:
        return {"literal": name}
    return {"family": parts[-1], "given": " ".join(parts[:-1])}


def markdown_escape(text: str) -> str:
    """``text`` as Markdown that renders as that text, line breaks as spaces."""
    if "\n" in text or "\r" in text:
        text = _LINE_BREAK.sub(" ", text)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def cited_source(item: dict[str, Any]) -> dict[str, Any] | None:
    """The source a citation of ``item`` points to: its first supporting passage."""
    citations = [c for c in item.get("citations") or [] if c.get("source")]
    supporting = [c for c in citations if c.get("stance") != "disputes"]
    chosen = (supporting or citations or [None])[0]
    return chosen["source"] if chosen else None


def speaker_then(item: dict[str, Any]) -> tuple[str, str]:
    """The speaker's name and title on the day of the statement.

    The title the source gives comes first; otherwise the role the speaker
    held that day. The name is the one the speaker went by that day.
    """
    then = item.get("speaker_as_of") or {}
    name = then.get("name") or (item.get("speaker") or {}).get("name", "")
    return name, item.get("speaker_title") or then.get("title") or ""


def public_url(path: str) -> str:
    """The absolute address of a path of this fact file."""
    return settings.FACTFILE_PUBLIC_URL + path


def permalink(item: dict[str, Any]) -> str:
    """The absolute address of the record's public page, or '' without an id."""
    record_id = item.get("id")
    if item.get("type") not in RECORD_PAGES or not isinstance(record_id, int):
        return ""
    return public_url(reverse("record", args=[item["type"], record_id]))


def corrected_on(item: dict[str, Any]) -> str:
    """The day of the record's latest correction (``17 March 2025``), or ''."""
    days = [str(c["date"]) for c in item.get("corrections") or [] if c.get("date")]
    return human_date(max(days)) if days else ""


def record_label(item: dict[str, Any]) -> str:
    """What a citation's permalink is called: the record, and when corrected."""
    if day := corrected_on(item):
        return f"Verified record, corrected on {day}"
    return "Verified record"


# How the source a statement was read in passed it on, by the source's kind.
SOURCE_VERBS = {"news_article": "reported by", "social_media_post": "posted by"}


def _chain_tail(item: dict[str, Any]) -> list[str]:
    """The hands a statement passed through after its speaker, source last."""
    steps = item.get("attribution") or []
    if not steps:
        return []
    names = [(step.get("actor") or {}).get("name") or "" for step in steps]
    tail = [f"{step['label']} {name}" for step, name in zip(steps, names, strict=True)]
    source = cited_source(item)
    if source and source.get("publisher") and source["publisher"] not in names:
        verb = SOURCE_VERBS.get(source.get("kind", ""), "published by")
        tail.append(f"{verb} {source['publisher']}")
    return tail


def attribution_chain(item: dict[str, Any]) -> str:
    """“X, quoted by Y, reported by Z”: how a statement reached us, or ''."""
    tail = _chain_tail(item)
    if not tail:
        return ""
    return ", ".join([speaker_then(item)[0], *tail])


def _subject(item: dict[str, Any]) -> tuple[str, str, str]:
    """(who or what, the qualifier, the words) for a statement or an event.

    The qualifier holds only what is known (the date, or the part of it
    known, and an event's place); it is empty when nothing is.
    """
    if item.get("type") == "event":
        when = human_date(item.get("starts_on"))
        place = ", ".join(
            part for part in (item.get("place_name"), item.get("place_country")) if part
        )
        return item.get("title", ""), ", ".join(filter(None, [when, place])), ""
    speaker, title = speaker_then(item)
    who = f"{speaker}, {title}" if title else speaker
    if tail := _chain_tail(item):
        who = ", ".join([who, *tail])
    when = human_date(item.get("said_on"))
    return who, when, item.get("text", "")


def _words(item: dict[str, Any], words: str, *, html: bool = False) -> str:
    if not words:
        return ""
    if item.get("kind") == "paraphrase":
        return f" {escape(words) if html else words} (paraphrase)."
    if html:
        return f" <q>{escape(words)}</q>"
    return f" “{words}”"


LANGUAGES = {
    "ar": "Arabic",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "ln": "Lingala",
    "nl": "Dutch",
    "pt": "Portuguese",
    "rw": "Kinyarwanda",
    "sw": "Swahili",
}


def chosen_translation(item: dict[str, Any]) -> dict[str, Any] | None:
    """The translation a citation quotes beside the original: English first,
    an official one before the newsroom's own."""
    translations = [t for t in item.get("translations") or [] if t.get("text")]
    if not translations:
        return None
    return min(
        translations,
        key=lambda t: (t.get("language") != "en", t.get("kind") != "official"),
    )


def _translation(item: dict[str, Any]) -> tuple[str, str] | None:
    """(who translated into which language, the words) for the chosen translation."""
    chosen = chosen_translation(item)
    if chosen is None:
        return None
    language = LANGUAGES.get(chosen.get("language") or "", chosen.get("language"))
    return f"{language}, {chosen.get('translated_by')}", chosen["text"]


def _source_facts(source: dict[str, Any]) -> list[str]:
    return [
        fact
        for fact in (source.get("publisher"), human_date(source.get("published_on")))
        if fact
    ]


def _standing_sentence(source: dict[str, Any]) -> str:
    """Say when the publisher has since corrected or withdrawn the source."""
    standing = source.get("standing")
    if standing == "withdrawn":
        return " The source was later withdrawn by its publisher."
    if standing == "corrected":
        return " The source was later corrected by its publisher."
    return ""


def render_text(item: dict[str, Any]) -> str:
    head, qualifier, words = _subject(item)
    out = head + (f" ({qualifier})" if qualifier else "")
    out += f":{_words(item, words)}" if words else "."
    if translated := _translation(item):
        out += f" [{translated[0]}: “{translated[1]}”]"
    source = cited_source(item)
    if source:
        facts = ", ".join([f"“{source.get('title', '')}”", *_source_facts(source)])
        out += f" Source: {facts}"
        if url := as_uri(source.get("url")):
            out += f", {url}"
        if archive := as_uri(source.get("archive_url")):
            out += f" (archived at {archive})"
        out += "."
        out += _standing_sentence(source)
    if url := permalink(item):
        out += f" {record_label(item)}: {url}"
    return out


def render_markdown(item: dict[str, Any]) -> str:
    head, qualifier, words = _subject(item)
    main, _, rest = head.partition(", ")
    lead = f"**{markdown_escape(main)}**" + (
        f", {markdown_escape(rest)}" if rest else ""
    )
    out = lead + (f" ({markdown_escape(qualifier)})" if qualifier else "")
    out += f":{_words(item, markdown_escape(words))}" if words else "."
    if translated := _translation(item):
        who, said = (markdown_escape(part) for part in translated)
        out += f" \\[{who}: “{said}”\\]"
    source = cited_source(item)
    if source:
        title = markdown_escape(str(source.get("title", "")))
        # Every character a destination could end on is percent-encoded, so
        # the address needs no angle brackets around it.
        url = for_markdown(source.get("url"))
        facts = [f"[{title}]({url})" if url else f"“{title}”"]
        if source.get("publisher"):
            facts.append(f"*{markdown_escape(str(source['publisher']))}*")
        if source.get("published_on"):
            facts.append(human_date(source["published_on"]))
        if archive := for_markdown(source.get("archive_url")):
            facts.append(f"[archived]({archive})")
        out += f" Source: {', '.join(facts)}."
        out += markdown_escape(_standing_sentence(source))
    if url := for_markdown(permalink(item)):
        out += f" [{record_label(item)}]({url})."
    return out


def render_html(item: dict[str, Any]) -> str:
    # ``escape`` is the standard library's, which Django's own wraps: every
    # piece of text is escaped once, where it is put in.
    head, qualifier, words = _subject(item)
    main, _, rest = head.partition(", ")
    out = f"<strong>{escape(main)}</strong>{escape(f', {rest}') if rest else ''}"
    if qualifier:
        out += f" ({escape(qualifier)})"
    out += f":{_words(item, words, html=True)}" if words else "."
    if translated := _translation(item):
        who, said = (escape(str(part)) for part in translated)
        out += f' <span class="translation">[{who}: <q>{said}</q>]</span>'
    source = cited_source(item)
    if source:
        title = escape(str(source.get("title", "")))
        # Only an http(s) address becomes a link; ``for_html`` gives ''
        # for a ``javascript:`` or ``data:`` one.
        if url := for_html(source.get("url")):
            title = f'<a href="{url}">{title}</a>'
        else:
            title = f"“{title}”"
        facts = [title]
        if source.get("publisher"):
            facts.append(f"<i>{escape(str(source['publisher']))}</i>")
        if source.get("published_on"):
            facts.append(escape(human_date(source["published_on"])))
        if archive := for_html(source.get("archive_url")):
            facts.append(f'<a href="{archive}">archived</a>')
        out += " Source: " + ", ".join(facts) + "."
        out += escape(_standing_sentence(source))
    if url := for_html(permalink(item)):
        state = " factfile-corrected" if corrected_on(item) else ""
        label = escape(record_label(item))
        out += f' <a class="factfile-record{state}" href="{url}">{label}</a>.'
    return f'<cite class="factfile-citation">{out}</cite>'


# A statement's channel, as stored, to the CSL item type a reference manager
# shows it as (the speaker as author), and to the genre it prints.
CSL_STATEMENT_TYPES = {
    "interview": "interview",
    "phone_call": "interview",
    "social_media": "post",
    "resolution": "legislation",
}
CSL_GENRES = {
    "press_statement": "Press statement",
    "social_media": "Social media post",
    "press_conference": "Press conference",
    "phone_call": "Phone call",
    "interview": "Interview",
    "resolution": "Resolution",
    "speech": "Speech",
}
# How much of a statement's words a reference's title holds.
CSL_TITLE_CHARS = 120


def shortened(words: str, limit: int) -> str:
    """``words`` on one line, cut at a space to at most ``limit`` characters."""
    words = " ".join(words.split())
    if len(words) <= limit:
        return words
    return words[: limit - 1].rsplit(" ", 1)[0] + "…"


def _csl_title(words: str) -> str:
    return shortened(words, CSL_TITLE_CHARS)


def _csl_actor(actor: dict[str, Any] | None, name: str = "") -> dict[str, str]:
    """An actor as a CSL name: a person split into given and family names."""
    actor = actor or {}
    name = name or actor.get("name", "")
    return csl_name(name) if actor.get("kind") == "person" else {"literal": name}


def _csl_reported_in(csl: dict[str, Any], source: dict[str, Any]) -> None:
    """Where an item was reported: the source as the container, with its link."""
    container = source.get("title") or source.get("publisher")
    if container:
        csl["container-title"] = container.strip("[]") or container
    if source.get("publisher") and source.get("publisher") != container:
        csl["publisher"] = source["publisher"]
    if accessed := csl_date(source.get("accessed_on")):
        csl["accessed"] = accessed
    if url := as_uri(source.get("url")):
        csl["URL"] = url
    if archive := as_uri(source.get("archive_url")):
        # CSL has no variable for an archived copy's address; reference
        # managers read the archive's location from here.
        csl["archive_location"] = archive


def render_csl(item: dict[str, Any]) -> list[dict[str, Any]]:
    """A one-item CSL-JSON array a reference manager shows as who said it, when.

    A statement is a speech, an interview or a post with its speaker as the
    author, its words as the title and the day said as ``issued``; an event
    has its title and start date. Either way the source it was reported in is
    the container. ``URL`` is the record's permalink, and ``note`` (which
    reference managers keep, Zotero as "Extra") holds the full plain-text
    citation: the source's address and when the record was corrected.
    """
    source = cited_source(item) or {}
    csl: dict[str, Any] = {"id": f"factfile-{item.get('type')}-{item.get('id')}"}
    if item.get("type") == "statement":
        name = speaker_then(item)[0]
        channel = item.get("channel", "")
        csl["type"] = CSL_STATEMENT_TYPES.get(channel, "speech")
        csl["author"] = [_csl_actor(item.get("speaker"), name)]
        csl["title"] = _csl_title(item.get("text", ""))
        if genre := CSL_GENRES.get(channel):
            csl["genre"] = genre
        issued = csl_date(item.get("said_on"))
    else:
        csl["type"] = CSL_TYPES.get(source.get("kind", ""), "document")
        csl["title"] = item.get("title") or source.get("title") or ""
        issued = csl_date(item.get("starts_on"))
    # No date said: the day the source was published is the best known.
    issued = issued or csl_date(source.get("published_on"))
    if issued:
        csl["issued"] = issued
    _csl_reported_in(csl, source)
    if item.get("language"):
        csl["language"] = item["language"]
    elif source.get("language"):
        csl["language"] = source["language"]
    if url := permalink(item):
        csl["URL"] = url
    csl["note"] = render_text(item)
    return [csl]


def render_all(item: dict[str, Any]) -> dict[str, Any]:
    """Every citation style of ``item``, keyed by style name.

    A statement with a claim assessment also gets ``claim-review``.
    """
    styles = {
        "text": render_text(item),
        "markdown": render_markdown(item),
        "html": render_html(item),
        "csl-json": render_csl(item),
    }
    if review := render_claim_review(item):
        styles["claim-review"] = review
    return styles


# Claim reviews -------------------------------------------------------------

# Claim ratings, as stored, on schema.org's 1 (false) to 5 (true) scale.
# "Unproven" is the middle: shown neither true nor false; its name tells it
# from "mixed" (partly true, partly false), and the name is what search
# engines show.
CLAIM_SCALE = {
    "false": 1,
    "mostly_false": 2,
    "mixed": 3,
    "unproven": 3,
    "mostly_true": 4,
    "true": 5,
}
CLAIM_NAMES = {
    "true": "True",
    "mostly_true": "Mostly true",
    "mixed": "Mixed",
    "mostly_false": "Mostly false",
    "false": "False",
    "unproven": "Unproven",
}
# Search engines show a claim summary beside the rating on one short line.
CLAIM_SUMMARY_CHARS = 75


def claim_summary(item: dict[str, Any]) -> str:
    """The claim in a few words: the editor's summary, else the words shortened."""
    claim = item.get("claim") or {}
    summary = " ".join(str(claim.get("summary") or "").split())
    return summary or shortened(str(item.get("text", "")), CLAIM_SUMMARY_CHARS)


def render_claim_review(item: dict[str, Any]) -> dict[str, Any] | None:
    """A schema.org ClaimReview of a statement with a claim assessment, or None.

    It has what Google's fact-check structured data requires (``url``,
    ``claimReviewed``, ``reviewRating`` with its name) and recommends (the
    publishing organisation as ``author``, ``datePublished``, the reviewed
    ``Claim`` with its author, date and appearance).
    """
    claim = item.get("claim") or {}
    if item.get("type") != "statement" or not claim.get("rating"):
        return None
    speaker = item.get("speaker") or {}
    author_type = "Person" if speaker.get("kind") == "person" else "Organization"
    claimed: dict[str, Any] = {
        "@type": "Claim",
        "author": {"@type": author_type, "name": speaker.get("name", "")},
    }
    if item.get("said_on"):
        claimed["datePublished"] = item["said_on"]
    source = cited_source(item)
    if source:
        appearance: dict[str, Any] = {
            "@type": "CreativeWork",
            "headline": source.get("title", ""),
        }
        if url := as_uri(source.get("url")):
            appearance["url"] = url
        if source.get("publisher"):
            appearance["publisher"] = {
                "@type": "Organization",
                "name": source["publisher"],
            }
        claimed["appearance"] = appearance
    name = CLAIM_NAMES.get(claim["rating"], claim["rating"])
    rating: dict[str, Any] = {
        "@type": "Rating",
        "ratingValue": CLAIM_SCALE.get(claim["rating"], 3),
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": name,
        "name": name,
    }
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": permalink(item),
        "author": {
            "@type": "Organization",
            "name": settings.FACTFILE_ORGANISATION_NAME,
            "url": settings.FACTFILE_ORGANISATION_URL,
        },
        "claimReviewed": claim_summary(item),
        "itemReviewed": claimed,
        "reviewRating": rating,
        "reviewBody": claim.get("reasoning", ""),
    }
    if claim.get("reviewed_on"):
        review["datePublished"] = claim["reviewed_on"]
    return review
