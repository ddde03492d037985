"""A reporter reaches no verify, retract or user management by any admin URL.

Every URL of every model admin is requested, by GET and by POST, with every
workflow action and every bulk action, as a reporter; afterwards nothing is
verified, corrected or retracted, no account or group changed, and the
pages that belong to other roles answered 403.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q
from django.test import Client

from factfile.admin_transitions import TRANSITIONS
from factfile.editorial import EditorialRecord, PublicNote, Status
from tests import factories
from tests import verified as v

pytestmark = pytest.mark.django_db

# Models whose every page a reporter must be refused.
FORBIDDEN_MODELS = {
    "auth.user",
    "auth.group",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "otp_totp.totpdevice",
    "otp_static.staticdevice",
    "factfile.apikey",
}


@pytest.fixture
def newsroom(reporter, other_reporter, fact_checker):  # type: ignore[no-untyped-def]
    """Records in every state a transition could be tried on."""
    public = v.statement(other_reporter, fact_checker, text="Public words.")
    in_review = factories.StatementFactory(
        created_by=other_reporter,
        speaker=public.speaker,
    )
    factories.CitationFactory(
        created_by=other_reporter,
        statement=in_review,
        source=public.citations.get().source,
    )
    from factfile import workflow

    workflow.submit(in_review, by=other_reporter)
    return {"public": public, "in_review": in_review}


def editorial_state() -> list[tuple[str, int, str, Any]]:
    """Every record that is or was public, with its status and public version.

    A reporter may delete drafts of others that were never public, so those
    are left out; anything verified, corrected or retracted shows here.
    """
    state = []
    for model in admin.site._registry:
        if issubclass(model, EditorialRecord):
            state += [
                (model._meta.label, pk, status, verified)
                for pk, status, verified in model._base_manager.filter(
                    Q(verified_version__isnull=False)
                    | Q(status__in=[Status.VERIFIED, Status.RETRACTED])
                ).values_list("pk", "status", "verified_version")
            ]
    return sorted(state)


def accounts_state() -> list[Any]:
    users = get_user_model().objects.order_by("pk")
    return [
        list(
            users.values_list("pk", "username", "is_staff", "is_superuser", "password")
        ),
        list(Group.objects.order_by("pk").values_list("pk", "name")),
        sorted(users.values_list("pk", "groups__name")),
        sorted(Group.objects.values_list("pk", "permissions__codename")),
    ]


def admin_urls(newsroom) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """(model label, kind of page, URL) for every page of every model admin."""
    found = []
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        objects = model._base_manager.order_by("pk")
        sample = objects.last()
        pk = str(sample.pk) if sample is not None else "1"
        for pattern in model_admin.get_urls():
            route = str(pattern.pattern)
            if route.startswith("^"):
                # The history view of one version: ^(id)/history/(version)/$
                route = re.sub(r"\(\[\^/\]\+\)", "{}", route.strip("^$"))
                route = route.format(pk, "1")
            route = re.sub(r"<(?:path:|int:)?(?:object_id|pk|id)>", pk, route)
            if "<str:action>" in route:
                found += [
                    (
                        label,
                        f"workflow {action}",
                        base + route.replace("<str:action>", action),
                    )
                    for action in TRANSITIONS
                ]
                for record in newsroom.values():
                    if isinstance(record, model):
                        found += [
                            (
                                label,
                                f"workflow {action}",
                                base
                                + str(pattern.pattern)
                                .replace("<path:object_id>", str(record.pk))
                                .replace("<str:action>", action),
                            )
                            for action in TRANSITIONS
                        ]
                continue
            found.append((label, pattern.name or route, base + route))
    return found


def bulk_actions(newsroom) -> list[tuple[str, dict[str, Any]]]:  # type: ignore[no-untyped-def]
    """Every bulk action of every model admin, posted on all its records."""
    posts = []
    for model, model_admin in admin.site._registry.items():
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        ids = [str(pk) for pk in model._base_manager.values_list("pk", flat=True)]
        names = {"delete_selected"}
        for action in model_admin.actions or []:
            names.add(action if isinstance(action, str) else action.__name__)
        posts.extend(
            (
                base,
                {
                    "action": name,
                    "_selected_action": ids,
                    "post": "yes",
                    "workflow_confirm": "1",
                    "workflow_text": "Because.",
                    "index": "0",
                },
            )
            for name in sorted(names)
        )
    return posts


def test_a_reporter_cannot_verify_retract_or_manage_users_by_any_admin_url(
    newsroom, reporter
):
    client = Client(raise_request_exception=False)
    client.force_login(reporter)
    records_before = editorial_state()
    accounts_before = accounts_state()
    notes_before = PublicNote.objects.count()

    errors, allowed = [], []
    pages = admin_urls(newsroom)
    assert len(pages) > 100
    for label, _kind, url in pages:
        for method in ("get", "post"):
            data = {"version": "1", "text": "Because.", "post": "yes"}
            if method == "post":
                data |= {"username": "intruder", "password1": "x", "password2": "x"}
            response = getattr(client, method)(url, data)
            if response.status_code >= 500:
                errors.append((method, url, response.status_code))
            # The old "<id>/" address only redirects to "<id>/change/",
            # which is requested on its own.
            # A missing object sends the admin back to its index.
            moved = response.status_code == 302 and response["Location"] in (
                url + "change/",
                "/admin/",
            )
            refused = response.status_code in (403, 404) or moved
            if label in FORBIDDEN_MODELS and not refused:
                allowed.append((method, url, response.status_code))
    for url, data in bulk_actions(newsroom):
        response = client.post(url, data)
        if response.status_code >= 500:
            errors.append(("post", url, data["action"], response.status_code))

    assert errors == []
    assert allowed == [], sorted(set(allowed))
    assert editorial_state() == records_before
    assert accounts_state() == accounts_before
    assert PublicNote.objects.count() == notes_before


def test_the_sweep_would_see_a_verification(newsroom, fact_checker):
    """A fact-checker's POST to the same verify URL does verify: the URLs are real."""
    client = Client()
    client.force_login(fact_checker)
    record = newsroom["in_review"]
    before = editorial_state()

    client.post(
        f"/admin/events/statement/{record.pk}/workflow/verify/",
        {"version": str(record.version)},
    )

    assert editorial_state() != before


@pytest.mark.parametrize(
    ("url", "chief_status"),
    [
        ("/admin/auth/user/", 200),
        ("/admin/auth/user/add/", 200),
        ("/admin/auth/group/", 200),
        # Groups and their permissions are a superuser's alone.
        ("/admin/auth/group/add/", 403),
    ],
)
def test_user_management_answers_403_to_a_reporter_and_a_fact_checker(
    url, chief_status, reporter, fact_checker, editor_in_chief
):
    for user in (reporter, fact_checker):
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code == 403
    chief = Client()
    chief.force_login(editor_in_chief)
    assert chief.get(url).status_code == chief_status
