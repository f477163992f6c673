"""The client's IP address, honouring a reverse-proxy header only when one is configured.

Behind a load balancer ``REMOTE_ADDR`` is the proxy's address. Set ``CLIENT_IP_HEADER``
(for instance ``X-Forwarded-For`` or ``X-Real-IP``) and ``TRUSTED_PROXY_COUNT`` (how many
proxies of yours append to ``X-Forwarded-For``) so that rate limits and the admin IP
restriction see the real client. Without the setting the header is ignored: a client could
forge it.
"""

import ipaddress

from django.conf import settings


def _valid_ip(value):
    value = (value or "").strip()
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request):
    """The client's IP address as a string (``REMOTE_ADDR`` when no proxy header is trusted)."""
    remote_addr = _valid_ip(request.META.get("REMOTE_ADDR")) or "0.0.0.0"  # noqa: S104
    header = getattr(settings, "PORTAL_CLIENT_IP_HEADER", "")
    if not header:
        return remote_addr
    meta_key = "HTTP_" + header.upper().replace("-", "_")
    raw = request.META.get(meta_key, "")
    if not raw:
        return remote_addr
    addresses = [item.strip() for item in raw.split(",") if item.strip()]
    if not addresses:
        return remote_addr
    # Each trusted proxy appends the address it saw: the client is the N-th from the right.
    trusted = max(int(getattr(settings, "PORTAL_TRUSTED_PROXY_COUNT", 1)), 1)
    index = max(len(addresses) - trusted, 0)
    return _valid_ip(addresses[index]) or remote_addr


def ratelimit_ip(request):
    """django-ratelimit's ``RATELIMIT_IP_META_KEY`` hook (a callable taking the request)."""
    return client_ip(request)
