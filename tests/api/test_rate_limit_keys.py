"""Anonymous clients are counted by the address the trusted proxies report."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_a_minute(settings):  # type: ignore[no-untyped-def]
    settings.FACTFILE_API_ANONYMOUS_RATE = "3/min"
    return settings


def statuses(api, remote: str, forwarded: list[str]) -> list[int]:  # type: ignore[no-untyped-def]
    return [
        api.get(
            "/api/v1/actors/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=value
        ).status_code
        for value in forwarded
    ]


def test_with_no_proxy_the_socket_address_is_the_client(api, three_a_minute):
    three_a_minute.FACTFILE_NUM_PROXIES = 0
    forged = [f"198.51.100.{number}" for number in range(5)]

    assert statuses(api, "203.0.113.7", forged) == [200, 200, 200, 429, 429]
    # Another address is another client.
    assert statuses(api, "203.0.113.8", ["198.51.100.1"]) == [200]


def test_with_one_proxy_the_right_most_entry_is_the_client(api, three_a_minute):
    three_a_minute.FACTFILE_NUM_PROXIES = 1
    proxy = "10.0.0.2"
    forged = [f"198.51.100.{number}, 203.0.113.7" for number in range(5)]

    assert statuses(api, proxy, forged) == [200, 200, 200, 429, 429]
    # Another client behind the same proxy has a count of its own.
    assert statuses(api, proxy, ["203.0.113.8"]) == [200]


def test_with_two_proxies_the_second_entry_from_the_right_is_the_client(
    api, three_a_minute
):
    three_a_minute.FACTFILE_NUM_PROXIES = 2
    proxy = "10.0.0.3"
    forged = [f"198.51.100.{number}, 203.0.113.7, 10.0.0.2" for number in range(5)]

    assert statuses(api, proxy, forged) == [200, 200, 200, 429, 429]
    assert statuses(api, proxy, ["203.0.113.8, 10.0.0.2"]) == [200]
