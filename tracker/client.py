"""The address of the client behind a request, as the limits and the log-in lockout count it.

Behind a reverse proxy ``REMOTE_ADDR`` is the proxy's own address, the same for everyone. Each
proxy appends the address it received the request from to ``X-Forwarded-For``, so with
``settings.TRUSTED_PROXY_COUNT`` proxies in front of the app the client is the entry that many
places from the right: the address the outermost proxy saw. Entries further left were sent by the
client itself and prove nothing. With no trusted proxy (the default) the header is ignored.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    """The client's IP address as a string, or None when the request carries none.

    Also django-axes' ``AXES_CLIENT_IP_CALLABLE``, so the lockout counts the same address.
    """
    remote = _valid(request.META.get("REMOTE_ADDR", ""))
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        # Fewer entries than proxies: the request did not come through all of them (or one
        # is set up wrongly), so no entry can be trusted.
        return remote
    return _valid(forwarded[-count]) or remote


def _valid(text):
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    # A dual-stack server may see an IPv4 client as ::ffff:a.b.c.d.
    return str(getattr(address, "ipv4_mapped", None) or address)
