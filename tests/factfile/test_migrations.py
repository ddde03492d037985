from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_pending_migrations():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)


@pytest.mark.django_db
def test_role_groups_exist_with_growing_permissions():
    from django.contrib.auth.models import Group

    from factfile.roles import EDITOR_IN_CHIEF, FACT_CHECKER, REPORTER

    reporter, checker, chief = (
        set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        for name in (REPORTER, FACT_CHECKER, EDITOR_IN_CHIEF)
    )
    assert "verify_statement" not in reporter
    assert reporter < checker < chief
    assert "verify_statement" in checker
    assert "retract_statement" not in checker
    assert {"retract_statement", "change_user"} <= chief
