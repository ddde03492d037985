"""The forms of the importer's admin pages: the upload and confirming metadata.

The upload takes files, pasted text or an address, each becoming one job of
the import; confirming metadata corrects what an import read from an article
before its source is used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from factfile.addresses import problem_with, validate_http_url
from factfile.dates import PartialDate, format_human
from sources.importing.fetching import FetchRefused, parse_url
from sources.importing.reading import FORMATS
from sources.importing.records import ImportRecord


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ",".join(FORMATS)})
        )
        # An empty file gets its own line in the summary from the importer;
        # refusing it here would refuse the whole batch.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data]
        cleaned = [
            super(MultipleFileField, self).clean(item, initial) for item in files
        ]
        return [upload for upload in cleaned if upload]


class UploadForm(forms.Form):
    """Articles from wherever they are: files, pasted text, or a web address."""

    files = MultipleFileField(
        required=False,
        label="Files",
        help_text="Plain text (.txt), HTML (.html) or JSON (.json) articles; "
        "choose several at once if you like.",
    )
    url = forms.CharField(
        required=False,
        max_length=2000,
        label="Web address",
        widget=forms.URLInput(attrs={"placeholder": "https://…"}),
        help_text="The article's page: fetched now, from public addresses only.",
    )
    text = forms.CharField(
        required=False,
        label="Pasted text",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="The article's text, as copied from the page.",
    )
    text_title = forms.CharField(
        required=False, max_length=500, label="Title of the pasted text"
    )
    text_outlet = forms.CharField(
        required=False, max_length=200, label="Outlet of the pasted text"
    )
    text_url = forms.CharField(
        required=False,
        max_length=2000,
        label="Address of the pasted text",
        validators=[validate_http_url],
    )
    published_on = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Confirm a publication date now, if you know it, so relative "
        "dates (“on Monday”) are resolved at once.",
    )

    def clean_url(self) -> str:
        url = self.cleaned_data.get("url", "").strip()
        if url:
            if problem := problem_with(url):
                raise ValidationError(problem)
            try:
                parse_url(url)
            except FetchRefused as refused:
                raise ValidationError(str(refused)) from None
        return url

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        text = data.get("text", "")
        if not (data.get("files") or data.get("url") or text.strip()):
            raise ValidationError(
                "Give the article: choose files, paste its text, or give its address."
            )
        if "\x00" in text:
            self.add_error("text", "The text contains NUL characters: paste text only.")
        return data

    def jobs(self) -> list[Job]:
        """One job per article given, each importing on its own."""
        data = self.cleaned_data
        jobs: list[Job] = [Job(upload.name, upload=upload) for upload in data["files"]]
        if data["text"].strip():
            jobs.append(Job(_pasted_name(data["text_title"]), pasted=_pasted(data)))
        if data["url"]:
            jobs.append(Job(data["url"][:200], url=data["url"]))
        return jobs


@dataclass
class Job:
    """One article of an import: a file, pasted text (as JSON) or an address."""

    name: str
    upload: Any = None
    pasted: bytes = b""
    url: str = ""


def _pasted_name(title: str) -> str:
    return f"pasted-{slugify(title)[:60] or 'text'}.json"


def _pasted(data: dict[str, Any]) -> bytes:
    """Pasted text and its fields, as the JSON an article file may be."""
    article = {
        "body": data["text"],
        "title": data["text_title"].strip(),
        "publisher": data["text_outlet"].strip(),
        "url": data["text_url"].strip(),
        "published": (data["published_on"].isoformat() if data["published_on"] else ""),
    }
    return json.dumps({k: v for k, v in article.items() if v}).encode()


def _first(candidates: list[dict[str, str]]) -> str:
    return candidates[0]["value"] if candidates else ""


class ConfirmMetadataForm(forms.Form):
    """The metadata an editor confirms for an imported source, from the proposals."""

    title = forms.CharField(max_length=500)
    authors = forms.CharField(
        max_length=500,
        required=False,
        help_text="Names as in the byline, separated by semicolons.",
    )
    publisher = forms.CharField(max_length=200, required=False)
    published = forms.ChoiceField(
        label="Publication date",
        widget=forms.RadioSelect,
        help_text="Pick the date the article was published; a caption, a photo "
        "credit or a date quoted in the story is not it.",
    )
    other_date = forms.CharField(
        required=False,
        max_length=10,
        label="Another date",
        help_text="YYYY-MM-DD, YYYY-MM or YYYY, when none of the candidates is right.",
    )

    KEEP, OTHER = "keep", "other"

    def __init__(self, record: ImportRecord, *args: Any, **kwargs: Any) -> None:
        source = record.source
        proposals = record.proposals
        kwargs.setdefault(
            "initial",
            {
                "title": source.title,
                "authors": source.authors or _first(proposals.get("bylines", [])),
                "publisher": source.publisher
                or _first(proposals.get("publishers", [])),
            },
        )
        super().__init__(*args, **kwargs)
        self.candidates = list(proposals.get("published_on", []))
        current = format_human(source.published_on, source.published_on_precision)
        choices = [
            (
                str(index),
                f"{candidate['date']} ({candidate['precision']}), found in "
                f"{candidate['where']}: “{candidate['excerpt'][:80]}”",
            )
            for index, candidate in enumerate(self.candidates)
        ]
        choices.append((self.OTHER, "Another date (below)"))
        choices.append((self.KEEP, f"Leave it as it is ({current})"))
        self.fields["published"].choices = choices
        self.fields["published"].initial = "0" if self.candidates else self.KEEP
        for name, key in (
            ("title", "titles"),
            ("authors", "bylines"),
            ("publisher", "publishers"),
        ):
            found = proposals.get(key, [])
            if found:
                self.fields[name].help_text = "Proposed: " + "; ".join(
                    f"“{c['value'][:80]}” ({c['where']})" for c in found
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        choice = data.get("published")
        date = None
        if choice == self.OTHER:
            try:
                date = PartialDate.parse(data.get("other_date"))
            except ValueError as error:
                self.add_error("other_date", str(error))
                return data
            if date.date is None:
                self.add_error("other_date", "Give the date, or pick a candidate.")
        elif choice not in (None, self.KEEP):
            date = PartialDate.parse(self.candidates[int(choice)]["date"])
        data["published_on"] = date
        return data
