import pytest
from django.contrib.admin.sites import site

from factfile.api.keys import ApiKey, key_hash

pytestmark = pytest.mark.django_db


def test_a_key_is_stored_only_as_a_hash():
    key, raw = ApiKey.issue(name="Partner site")

    stored = ApiKey.objects.get(pk=key.pk)
    assert raw.startswith(stored.prefix)
    assert stored.hashed_key == key_hash(raw)
    assert raw not in {getattr(stored, f.attname) for f in ApiKey._meta.fields}


def test_anonymous_clients_get_429_with_retry_after(api, settings):
    settings.FACTFILE_API_ANONYMOUS_RATE = "2/min"

    statuses = [api.get("/api/v1/actors/").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert int(api.get("/api/v1/actors/")["Retry-After"]) > 0


def test_a_key_has_its_own_higher_limit(api, settings):
    settings.FACTFILE_API_ANONYMOUS_RATE = "1/min"
    settings.FACTFILE_API_KEY_RATE = "5/min"
    _, raw = ApiKey.issue(name="Publishing tool")
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")

    statuses = [api.get("/api/v1/actors/").status_code for _ in range(6)]

    assert statuses == [200] * 5 + [429]


def test_a_revoked_or_wrong_key_is_refused(api):
    key, raw = ApiKey.issue(name="Old tool")
    key.revoke()

    for header in (f"Api-Key {raw}", f"Api-Key {raw}x", "Api-Key nonsense"):
        api.credentials(HTTP_AUTHORIZATION=header)
        response = api.get("/api/v1/actors/")
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Api-Key"


def test_keys_are_managed_in_the_admin(client, editor_in_chief):
    from django.contrib.auth import get_user_model

    assert ApiKey in site._registry
    admin_user = get_user_model().objects.create_superuser("root", "r@x.example", "pw")
    client.force_login(admin_user)

    response = client.post(
        "/admin/factfile/apikey/add/", {"name": "Partner"}, follow=True
    )

    key = ApiKey.objects.get(name="Partner")
    assert key.prefix in response.content.decode()
    revoke = client.post(
        "/admin/factfile/apikey/",
        {"action": "revoke_keys", "_selected_action": [key.pk]},
    )
    assert revoke.status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None
