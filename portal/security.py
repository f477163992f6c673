"""Admin hardening: access restricted to IP networks, login and password-reset throttling.

- ``ADMIN_ALLOWED_NETWORKS`` (environment, comma-separated CIDR list, e.g.
  ``"10.0.0.0/8,2001:db8::/32"``): when set, ``/admin/`` answers 403 (in French) to any
  other client address. The client address honours ``CLIENT_IP_HEADER`` (portal/network.py).
- Login throttling: failed logins are counted per client IP (``login-ip``) and per username
  (``login-username``) in ``PORTAL_RATE_LIMITS``; once a limit is reached, login POSTs get the
  429 page until the window ends. Password-reset requests are limited per IP
  (``password-reset``).
"""

import functools
import ipaddress

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ImproperlyConfigured
from django.dispatch import receiver
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.antispam import is_ratelimited, is_value_ratelimited, too_many_requests
from portal.network import client_ip

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


@functools.lru_cache(maxsize=8)
def parse_networks(networks):
    """A tuple of ``ip_network`` from CIDR strings; ImproperlyConfigured on a typo."""
    parsed = []
    for value in networks:
        try:
            parsed.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"ADMIN_ALLOWED_NETWORKS : réseau invalide « {value} »."
            ) from error
    return tuple(parsed)


def allowed_admin_networks():
    return parse_networks(tuple(getattr(settings, "ADMIN_ALLOWED_NETWORKS", ()) or ()))


def is_admin_allowed(request):
    """True when the admin is open to everyone or the client is in an allowed network."""
    networks = allowed_admin_networks()
    if not networks:
        return True
    address = ipaddress.ip_address(client_ip(request))
    return any(address in network for network in networks if network.version == address.version)


def forbidden(request, message):
    response = render(request, "403.html", {"message": message}, status=403)
    response["Cache-Control"] = "no-store"
    return response


def permission_denied(request, exception=None):
    """``handler403``: the French 403 page."""
    return forbidden(request, _("Vous n'avez pas accès à cette page."))


def admin_network_refused(request):
    return forbidden(
        request,
        _(
            "L'administration du portail n'est accessible que depuis le réseau de "
            "l'organisation. Connectez-vous depuis un poste autorisé ou par le VPN."
        ),
    )


# --------------------------------------------------------------------------- login throttling


def _login_path():
    return reverse("wagtailadmin_login")


def _password_reset_path():
    return reverse("wagtailadmin_password_reset")


def _username(request):
    return (request.POST.get("username") or "").strip().lower()


def login_throttled(request):
    """Peek (no counting) at the failed-login counters of this IP and this username."""
    if is_ratelimited(request, group="login-ip", increment=False):
        return True
    username = _username(request)
    return bool(username) and is_value_ratelimited(
        group="login-username", value=username, increment=False, request=request
    )


@receiver(user_login_failed, dispatch_uid="portal.security.count_failed_login")
def count_failed_login(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    is_ratelimited(request, group="login-ip")
    username = (credentials.get("username") or "").strip().lower()
    if username:
        is_value_ratelimited(group="login-username", value=username, request=request)


def throttle_admin_post(request):
    """The 429 response for a throttled login or password-reset POST, or None."""
    if request.method != "POST":
        return None
    path = request.path_info
    if path == _login_path() and login_throttled(request):
        return too_many_requests(
            request,
            message=_(
                "Trop de tentatives de connexion ont échoué pour ce compte ou depuis "
                "votre connexion. Par sécurité, la connexion est suspendue quelques minutes."
            ),
        )
    if path == _password_reset_path() and is_ratelimited(request, group="password-reset"):
        return too_many_requests(
            request,
            message=_("Trop de demandes de réinitialisation du mot de passe ont été envoyées."),
        )
    return None
