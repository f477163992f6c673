"""Site-wide middlewares: request ids, malformed addresses, security headers, admin access by
network, login throttling."""

import re
import uuid

from django.core.exceptions import BadRequest

from portal.log import request_id_var

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class RequestIDMiddleware:
    """Accepts a sane ``X-Request-ID`` from the proxy or makes one; logs and the response carry it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class RejectNulBytesMiddleware:
    """An address with a NUL character (``%00``) is never legitimate, and PostgreSQL refuses it
    in a query (a 500 wherever the path reaches a lookup: page slugs, SIRETs, tokens). Such a
    request gets the French 400 page before any view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise BadRequest("NUL character in the path")
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Security headers that Django's own settings do not cover."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault(
            "Permissions-Policy", "geolocation=(), camera=(), microphone=(), payment=()"
        )
        return response


class AdminAccessMiddleware:
    """403 (French) on the admin for clients outside ``ADMIN_ALLOWED_NETWORKS``, when set;
    429 on login and password-reset POSTs once their limits are reached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from portal import security

        if request.path_info.startswith(security.ADMIN_PREFIXES):
            if not security.is_admin_allowed(request):
                return security.admin_network_refused(request)
            throttled = security.throttle_admin_post(request)
            if throttled is not None:
                return throttled
        return self.get_response(request)
