"""Odd record addresses in the admin get a 404 or a redirect, never a 500.

An id that is not a number, a path with ``..`` in it, a number beyond 64
bits or a NUL byte reach every admin view of every model: the answer says the
record is not there.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client

ODD_IDS = ["1/change/..", "99999999999999999999", "%00"]

VIEWS = ["change/", "history/", "delete/", "history/abc/"]


@pytest.mark.django_db
def test_no_address_of_any_record_is_a_server_error(editor_in_chief):
    client = Client()
    client.force_login(editor_in_chief)
    failures = []
    for model in admin.site._registry:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for odd in ODD_IDS:
            for view in VIEWS:
                path = f"{base}{odd}/{view}"
                status = client.get(path).status_code
                if status >= 500 or status == 200:
                    failures.append((path, status))
    assert failures == []
