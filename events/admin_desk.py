"""The article desk: one source's text beside its suggestions, to decide on each.

Every action is a plain form that posts here and redirects back (the page
works without JavaScript); ``events/static/events/desk.js`` adds the keys,
the speaker autocomplete and proposing from a selection. The rules live in
``events.desk``, ``events.bundles`` and ``events.suggesting.drafting``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from events import bundles, desk
from events.admin_desk_forms import ProposeForm, card_form
from events.models import Citation, Participant
from events.suggesting.drafting import accept, discard
from events.suggesting.records import Suggestion
from factfile.editorial import EditConflict, Status, WorkflowError
from sources.admin_import_forms import ConfirmMetadataForm
from sources.importing.importer import confirm_metadata
from sources.models import Source

_ID = re.compile(r"[0-9]{1,18}")
LEGEND = (
    ("quote", "Quote", "solid underline"),
    ("event", "Event", "dashed underline"),
    ("actor", "New actor", "dotted underline"),
    ("mention", "Actor mention", "dotted underline"),
    ("date", "Date", "double underline"),
    ("citation", "Citation", "box"),
)
STATES = (
    ("pending", "Pending: waiting for your decision"),
    ("accepted", "Accepted (✓)"),
    ("discarded", "Discarded (struck through)"),
)


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, str) and _ID.fullmatch(value) else None


def reasons_of(error: Exception) -> list[str]:
    """Why an action was refused, one sentence each."""
    return (
        getattr(error, "reasons", None)
        or getattr(error, "messages", None)
        or [str(error)]
    )


def render_article(text: str, marked: list[desk.Span]) -> SafeString:
    """The text as HTML, each run marked with what covers it (innermost first)."""
    out = []
    for run in desk.segments(text, marked):
        words = escape(text[run.start : run.end])
        if not run.spans:
            out.append(f'<span data-o="{run.start}">{words}</span>')
            continue
        inner = run.spans[0]
        # Styled by the innermost; what else covers the run is named in a
        # class and in the title, and the tags say it in words.
        kinds = " ".join(
            dict.fromkeys(
                [f"k-{inner.kind}", *(f"also-{span.kind}" for span in run.spans[1:])]
            )
        )
        labels = " ".join(
            span.label + ("✓" if span.state in ("accepted", "verified") else "")
            for span in run.spans
            if span.start == run.start
        )
        titles = "; ".join(f"{s.label}: {s.title}" for s in run.spans)
        out.append(
            f'<mark data-o="{run.start}" class="{kinds} st-{inner.state}" '
            f'data-target="{inner.target}" title="{escape(titles)}"'
            + (f' data-label="{escape(labels)}"' if labels else "")
            + f">{words}</mark>"
        )
    return mark_safe("".join(out))


class Desk:
    """The desk of one source, as one user sees it."""

    def __init__(self, admin_site: Any, request: HttpRequest, source_id: int) -> None:
        self.admin_site = admin_site
        self.request = request
        self.source = get_object_or_404(
            Source.objects.select_related("import_record"), pk=source_id
        )
        self.record = getattr(self.source, "import_record", None)
        self.url = reverse("admin:events_desk", args=[source_id])
        user = request.user
        self.can_decide = (
            user.has_perm("events.add_statement")
            and self.source.status != Status.RETRACTED
        )
        self.can_confirm = (
            user.has_perm("sources.change_source")
            and self.record is not None
            and self.source.status == Status.DRAFT
        )

    def suggestions(self) -> list[Suggestion]:
        return list(
            Suggestion.objects.filter(import_record__source=self.source)
            .select_related("actor", "statement", "event", "citation")
            .prefetch_related(
                Prefetch(
                    "event__participants",
                    queryset=Participant.objects.select_related("actor").order_by("pk"),
                )
            )
            .order_by("start", "id")
        )

    def citations(self) -> list[Citation]:
        return list(
            Citation.objects.filter(source=self.source)
            .select_related("statement__speaker", "event")
            .order_by("start", "pk")
        )

    def render(
        self,
        *,
        bound: dict[int, forms.Form] | None = None,
        propose_form: forms.Form | None = None,
        confirm_form: forms.Form | None = None,
        status: int = 200,
    ) -> TemplateResponse:
        bound = bound or {}
        suggestions = self.suggestions()
        citations = self.citations()
        marked = desk.spans(self.source.full_text, suggestions, citations)
        labels = {span.target: span.label for span in marked}
        cards = [
            {
                "suggestion": s,
                "label": labels.get(f"s-{s.pk}", ""),
                "form": bound.get(s.pk) or card_form(s),
                "pending": s.state == Suggestion.State.PENDING,
            }
            for s in suggestions
            if s.kind in desk.CARD_KINDS
        ]
        others = [s for s in suggestions if s.kind not in desk.CARD_KINDS]
        if confirm_form is None and self.can_confirm:
            confirm_form = ConfirmMetadataForm(self.record, prefix="meta")
        bundle = bundles.gather(self.source)
        context = {
            **self.admin_site.each_context(self.request),
            "title": f"Desk: {self.source.title[:120]}",
            "source": self.source,
            "record": self.record,
            "article": render_article(self.source.full_text, marked),
            "cards": cards,
            "pending_count": sum(card["pending"] for card in cards),
            "mentions": sum(s.kind == Suggestion.Kind.MENTION for s in others),
            "dates": sum(s.kind == Suggestion.Kind.DATE for s in others),
            "citations": [
                {"citation": c, "label": labels.get(f"c-{c.pk}", "")} for c in citations
            ],
            "legend": LEGEND,
            "states": STATES,
            "desk_url": self.url,
            "can_decide": self.can_decide,
            "confirm_form": confirm_form,
            "propose_form": propose_form or ProposeForm(prefix="new"),
            "bundle": bundle,
            "bundle_summary": bundle.summary(),
            "autocomplete_url": reverse("admin:autocomplete"),
            "source_url": reverse("admin:sources_source_change", args=[self.source.pk]),
            "record_url": (
                reverse("admin:sources_importrecord_change", args=[self.record.pk])
                if self.record
                else ""
            ),
        }
        return TemplateResponse(
            self.request, "events/desk.html", context, status=status
        )

    # Actions ---------------------------------------------------------------

    def post(self) -> HttpResponse:
        action = self.request.POST.get("action", "")
        handlers = {
            "save": self.decide,
            "accept": self.decide,
            "discard": self.decide,
            "propose_quote": self.propose,
            "propose_event": self.propose,
            "confirm": self.confirm,
            "submit_bundle": self.submit_bundle,
        }
        if action not in handlers:
            return self.render(status=400)
        try:
            return handlers[action](action)
        except EditConflict as conflict:
            messages.error(self.request, str(conflict))
            return HttpResponseRedirect(self.url)

    def _suggestion(self) -> Suggestion:
        pk = _int(self.request.POST.get("suggestion"))
        found = (
            Suggestion.objects.filter(pk=pk, import_record__source=self.source)
            .select_related("actor", "statement", "event")
            .first()
            if pk is not None
            else None
        )
        if found is None:
            raise Http404("No such suggestion on this desk.")
        return found

    def act(
        self,
        run: Callable[[], tuple[str, str]],
        *,
        allowed: bool = True,
        form: forms.Form | None = None,
        validate: bool = True,
        show: Callable[[forms.Form], HttpResponse] | None = None,
        errors_on: str | None = None,
        refused: Callable[[Exception], list[str]] | None = None,
        back_to: str = "",
    ) -> HttpResponse:
        """One action of the desk, whichever: may the user, is the form valid,
        do it, say how it went.

        ``run`` does the action and returns what to tell the editor and the
        anchor of the page to go back to. A refusal is shown on the form, as
        the editor typed it (``show``, a 400), or as messages on the desk.
        """
        if not allowed:
            raise PermissionDenied
        if form is not None and validate and not form.is_valid():
            return show(form)  # type: ignore[misc]
        try:
            message, anchor = run()
        except (WorkflowError, ValidationError) as error:
            reasons = (refused or reasons_of)(error)
            if form is not None and form.is_bound and show is not None:
                for reason in reasons:
                    form.add_error(errors_on, reason)
                return show(form)
            for reason in reasons:
                messages.error(self.request, reason)
            return HttpResponseRedirect(self.url + back_to)
        messages.success(self.request, message)
        return HttpResponseRedirect(self.url + anchor)

    def decide(self, action: str) -> HttpResponse:
        if not self.can_decide:
            raise PermissionDenied
        suggestion = self._suggestion()
        form = None
        if suggestion.kind in desk.CARD_KINDS:
            form = card_form(suggestion, self.request.POST)
        elif action == "save":
            return self.render(status=400)
        user = self.request.user

        def run() -> tuple[str, str]:
            decided = suggestion
            with transaction.atomic():
                if action == "discard":
                    discard(decided, by=user)
                else:
                    if form is not None:
                        decided = self._save(decided, form)
                    if action == "accept":
                        accept(decided, by=user)
            done = {"save": "saved", "accept": "accepted", "discard": "discarded"}
            anchor = decided.pk if action == "save" else self._next_after(decided)
            return f"{decided}: {done[action]}.", f"#s-{anchor}" if anchor else ""

        return self.act(
            run,
            form=form,
            validate=action != "discard",
            show=lambda bound: self.render(bound={suggestion.pk: bound}, status=400),
            # On a card, each reason beside the fields; otherwise one message.
            refused=None if form is not None else lambda error: [str(error)],
            back_to=f"#s-{suggestion.pk}",
        )

    def _next_after(self, suggestion: Suggestion) -> int | None:
        """The next pending card after this one, in text order, to carry on from."""
        later = (
            Suggestion.objects.pending()
            .filter(
                import_record__source=self.source,
                kind__in=desk.CARD_KINDS,
                start__gte=suggestion.start,
            )
            .exclude(pk=suggestion.pk)
            .order_by("start", "id")
            .values_list("pk", flat=True)
            .first()
        )
        return later

    def _save(self, suggestion: Suggestion, form: forms.Form) -> Suggestion:
        data = form.cleaned_data
        user = self.request.user
        if suggestion.kind == Suggestion.Kind.QUOTE:
            speaker = data["actor"]
            if speaker is None and data["new_name"].strip():
                speaker = desk.new_actor(
                    name=data["new_name"],
                    title=data["new_title"],
                    kind=data["new_kind"],
                    by=user,
                )
            title = data["speaker_title"]
            if speaker is not None and data["actor"] is None and not title:
                title = data["new_title"]
            return desk.edit_quote(
                suggestion,
                by=user,
                speaker=speaker,
                speaker_title=title,
                kind=data["kind"],
                channel=data["channel"],
                date=data["date"],
            )
        if suggestion.kind == Suggestion.Kind.EVENT:
            parts = form.parts  # type: ignore[attr-defined]
            added = [(data["added"], data["add_role"])] if data["added"] else []
            return desk.edit_event(
                suggestion,
                by=user,
                title=data["title"],
                kind=data["kind"],
                date=data["date"],
                roles={p.pk: data[f"role_{p.pk}"] for p in parts},
                removed={p.pk for p in parts if data[f"remove_{p.pk}"]},
                added=added,
            )
        return desk.edit_actor(
            suggestion,
            by=user,
            name=data["name"],
            title=data["title"],
            kind=data["kind"],
        )

    def propose(self, action: str) -> HttpResponse:
        form = ProposeForm(self.request.POST, prefix="new")

        def run() -> tuple[str, str]:
            suggestion = desk.propose(
                self.source,
                kind=Suggestion.Kind.QUOTE if action == "propose_quote" else "event",
                passage=form.cleaned_data["passage"],
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                by=self.request.user,
            )
            done = f"{suggestion}: proposed; complete it and accept it."
            return done, f"#s-{suggestion.pk}"

        return self.act(
            run,
            allowed=self.can_decide,
            form=form,
            show=lambda bound: self.render(propose_form=bound, status=400),
            errors_on="passage",
        )

    def confirm(self, action: str) -> HttpResponse:
        if not self.can_confirm:
            raise PermissionDenied
        form = ConfirmMetadataForm(self.record, self.request.POST, prefix="meta")

        def run() -> tuple[str, str]:
            date = form.cleaned_data["published_on"]
            counts = confirm_metadata(
                self.record,
                by=self.request.user,
                title=form.cleaned_data["title"],
                authors=form.cleaned_data["authors"],
                publisher=form.cleaned_data["publisher"],
                published_on=date.date if date else None,
                published_on_precision=(
                    date.precision if date else self.source.published_on_precision
                ),
            )
            updated = counts.get("dates updated", 0)
            return (
                f"Metadata confirmed; {updated} dates of pending suggestions updated.",
                "",
            )

        return self.act(
            run,
            form=form,
            show=lambda bound: self.render(confirm_form=bound, status=400),
            refused=lambda error: getattr(error, "messages", [str(error)]),
        )

    def submit_bundle(self, action: str) -> HttpResponse:
        def run() -> tuple[str, str]:
            bundle = bundles.submit_bundle(self.source, by=self.request.user)
            still = bundle.pending
            note = (
                f" {still} suggestion{'s' if still != 1 else ''} "
                "still pending stayed on the desk."
                if still
                else ""
            )
            return f"Submitted for review: {bundle.submitted}.{note}", ""

        return self.act(
            run,
            refused=lambda error: ["Nothing was submitted.", *reasons_of(error)],
        )


def desk_view(admin_site: Any, request: HttpRequest, source_id: int) -> HttpResponse:
    """The article desk of a source: GET shows it, POST takes one action."""
    user = request.user
    if not (
        user.has_perm("events.view_statement") and user.has_perm("sources.view_source")
    ):
        raise PermissionDenied
    page = Desk(admin_site, request, source_id)
    if request.method == "POST":
        return page.post()
    return page.render()


def desk_link(source_id: int) -> SafeString:
    return format_html(
        '<a href="{}" class="desk-link">Desk</a>',
        reverse("admin:events_desk", args=[source_id]),
    )
