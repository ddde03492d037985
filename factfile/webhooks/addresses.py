"""Where deliveries may go: the receiver's address, checked.

The admin and the API check an address when a subscription is made; the
worker's ``Sender`` checks it again before every request, with the same
networks allowed.
"""

from __future__ import annotations

from django.conf import settings

from factfile import outbound


def allowed_networks() -> list[outbound.Network]:
    """Non-public networks receivers may be on: none, unless the setting says so."""
    if settings.FACTFILE_WEBHOOK_ALLOW_PRIVATE:
        return outbound.networks(["0.0.0.0/0", "::/0"])
    return []


def url_problem(url: object) -> str | None:
    """Why ``url`` cannot receive deliveries, in one line; None if it can."""
    if not isinstance(url, str) or not url.strip():
        return "Give the receiver's address, http:// or https://."
    try:
        _, host, port, _ = outbound.parse_url(url)
        outbound.checked_address(host, port, allowed=allowed_networks())
    except outbound.OutboundRefused as refused:
        return str(refused)
    return None
