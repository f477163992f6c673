"""The client IP honours a proxy header only when configured."""

import pytest
from django.test import RequestFactory

from portal.network import client_ip


def request_with(**meta):
    return RequestFactory().get("/", **meta)


def test_remote_addr_by_default(settings):
    settings.PORTAL_CLIENT_IP_HEADER = ""
    request = request_with(REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert client_ip(request) == "192.0.2.10"


@pytest.mark.parametrize(
    ("forwarded", "proxies", "expected"),
    [
        ("203.0.113.5", 1, "203.0.113.5"),
        ("1.1.1.1, 203.0.113.5", 1, "203.0.113.5"),  # the client forged the first entry
        ("1.1.1.1, 203.0.113.5, 10.0.0.2", 2, "203.0.113.5"),
        ("203.0.113.5", 3, "203.0.113.5"),
        ("not-an-ip", 1, "192.0.2.10"),
        ("", 1, "192.0.2.10"),
        ("2001:db8::1", 1, "2001:db8::1"),
    ],
)
def test_forwarded_for_with_trusted_proxies(settings, forwarded, proxies, expected):
    settings.PORTAL_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.PORTAL_TRUSTED_PROXY_COUNT = proxies
    request = request_with(REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_real_ip_header(settings):
    settings.PORTAL_CLIENT_IP_HEADER = "X-Real-IP"
    request = request_with(REMOTE_ADDR="192.0.2.10", HTTP_X_REAL_IP="198.51.100.4")
    assert client_ip(request) == "198.51.100.4"
