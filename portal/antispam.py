"""Anti-spam shared by every public form, without any third-party service.

Two tools, to be used together on every public form:

1. ``AntiSpamFormMixin`` adds a honeypot field and a signed timestamp to a form::

       class ContactForm(AntiSpamFormMixin, forms.Form):
           ...

       def contact(request):
           form = ContactForm(request.POST or None)
           if request.method == "POST" and form.is_valid():
               if not form.is_spam:          # pretend success to robots, store nothing
                   services.send_message(**form.cleaned_data)
               return redirect("contact-merci")
           return render(request, "home/contact.html", {"form": form})

   Render the form with ``{{ form }}``, ``{{ field.as_field_group }}`` or by looping over
   ``form.visible_fields`` and ``form.hidden_fields``: the two anti-spam fields are "hidden"
   fields and render their own markup (a visually hidden wrapper and a French label asking
   humans to leave the honeypot empty). Do not loop over ``{% for field in form %}`` printing
   labels yourself, or the honeypot's label would show.

   ``form.is_spam`` is True when the honeypot is filled, the timestamp is missing or forged,
   or the form was sent sooner than ``settings.PORTAL_FORM_MIN_FILL_SECONDS`` after display.
   A form left open longer than ``PORTAL_FORM_MAX_AGE_SECONDS`` is not spam: it gets a French
   error asking to send it again, with a fresh timestamp, and nothing typed is lost.

2. Rate limits (django-ratelimit, backed by the default cache: Redis in production, the
   local memory cache in the embedded default). Rates live in ``settings.PORTAL_RATE_LIMITS``
   (``{"group": "5/m"}``; an unknown group uses the ``"default"`` entry)::

       @ratelimit("contact")                       # POSTs per client IP, 429 page when over
       def contact(request): ...

       @search_ratelimit                           # every search request, GET included
       def search(request): ...

       # In a Page.serve() or a service, ask directly:
       if is_ratelimited(request, group="contact"):
           return too_many_requests(request)
       if is_value_ratelimited(group="registration-siret", value=siret):
           ...  # a French error on the form: too many requests for this SIRET

   ``too_many_requests(request)`` renders ``templates/429.html`` (status 429, ``Retry-After``).
   When the cache is unreachable, rate limits fail open (logged): the site stays usable.
"""

import functools
import logging
import math

from django import forms
from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

logger = logging.getLogger("portal.antispam")

TIMESTAMP_SALT = "portal.antispam.timestamp"
DEFAULT_RATE = "10/m"


# --------------------------------------------------------------------------- form mixin


def _now():
    return timezone.now().timestamp()


def make_timestamp_token():
    """A signed token holding the time the form was displayed."""
    # Whole milliseconds, rounded down: the token never lies in the future.
    return signing.dumps(math.floor(_now() * 1000) / 1000, salt=TIMESTAMP_SALT)


def read_timestamp_token(token):
    """The display time held by ``token``, or None when it is missing or forged."""
    if not token or not isinstance(token, str):
        return None
    try:
        value = signing.loads(token, salt=TIMESTAMP_SALT)
    except signing.BadSignature:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _max_age():
    return int(getattr(settings, "PORTAL_FORM_MAX_AGE_SECONDS", 2 * 24 * 3600))


class HoneypotInput(forms.TextInput):
    """A text input hidden from sighted users, with a label asking humans to leave it empty.

    It reports itself as hidden so that form templates list it with the hidden fields and never
    print a visible label for it; it renders its own visually hidden wrapper and label.
    """

    is_hidden = True

    def __init__(self, attrs=None):
        base = {"autocomplete": "off", "tabindex": "-1", "class": "antispam-field"}
        super().__init__({**base, **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None):
        # Never echo what a robot typed.
        field_html = super().render(name, "", attrs, renderer)
        input_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        return format_html(
            '<div class="visually-hidden"><label for="{}">{}</label>{}</div>',
            input_id,
            _("Ne remplissez pas ce champ : il sert à détecter les robots."),
            field_html,
        )


class TimestampInput(forms.HiddenInput):
    """A hidden input holding the signed display time.

    On a redisplay it keeps the submitted token while it is still valid (the clock keeps
    running from the first display) and issues a fresh one otherwise.
    """

    def render(self, name, value, attrs=None, renderer=None):
        issued = read_timestamp_token(value)
        if issued is None or _now() - issued > _max_age():
            value = make_timestamp_token()
        return super().render(name, value, attrs, renderer)


class AntiSpamFormMixin:
    """Adds a honeypot and a signed timestamp to a form and exposes ``is_spam`` after validation."""

    honeypot_field_name = "site_web"
    timestamp_field_name = "horodatage"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.honeypot_field_name] = forms.CharField(
            label=_("Ne remplissez pas ce champ"),
            required=False,
            widget=HoneypotInput(),
        )
        self.fields[self.timestamp_field_name] = forms.CharField(
            required=False,
            widget=TimestampInput(),
            initial=make_timestamp_token,
        )
        self.spam_reason = None

    def full_clean(self):
        super().full_clean()
        self.spam_reason = None
        if not self.is_bound:
            return
        self.spam_reason = self._detect_spam()
        if self.spam_reason:
            logger.info(
                "Formulaire %s rejeté comme indésirable (%s).",
                type(self).__name__,
                self.spam_reason,
            )

    def _detect_spam(self):
        honeypot = self.data.get(self.add_prefix(self.honeypot_field_name), "")
        if honeypot and str(honeypot).strip():
            return "honeypot"
        issued = read_timestamp_token(self.data.get(self.add_prefix(self.timestamp_field_name)))
        if issued is None:
            return "timestamp"
        age = _now() - issued
        if age < settings.PORTAL_FORM_MIN_FILL_SECONDS:
            return "too-fast"
        if age > _max_age():
            # A human who left the page open: ask again, keep what was typed.
            self.add_error(
                None,
                _(
                    "Le formulaire est resté ouvert trop longtemps. "
                    "Vérifiez vos réponses puis envoyez-le à nouveau."
                ),
            )
        return None

    @property
    def is_spam(self):
        """True when the submission looks automated (validates the form first if needed)."""
        self.errors  # noqa: B018 - runs full_clean() once
        return self.spam_reason is not None

    @property
    def antispam_field_names(self):
        return (
            self.add_prefix(self.honeypot_field_name),
            self.add_prefix(self.timestamp_field_name),
        )


# --------------------------------------------------------------------------- rate limits


def rate_for(group):
    """The configured rate of ``group`` (``settings.PORTAL_RATE_LIMITS``)."""
    rates = getattr(settings, "PORTAL_RATE_LIMITS", {})
    return rates.get(group) or rates.get("default") or DEFAULT_RATE


def _usage(request, *, group, key, rate, increment):
    try:
        return get_usage(
            request, group=group, key=key, rate=rate or rate_for(group), increment=increment
        )
    except Exception:
        # The cache (Redis) is unreachable: keep the site usable rather than refuse everyone.
        logger.warning(
            "Limite de débit %s non vérifiée : cache indisponible.", group, exc_info=True
        )
        return None


def _remember(request, usage):
    if request is not None and usage is not None and usage["should_limit"]:
        request.ratelimit_retry_after = max(int(usage["time_left"]), 1)


def is_ratelimited(request, *, group, key="ip", rate=None, increment=True):
    """Count one hit for ``group`` and tell whether the limit is exceeded.

    ``key`` is any django-ratelimit key: ``"ip"`` (the client IP, proxy-aware),
    ``"user_or_ip"``, ``"post:email"``, ``"header:x-name"`` or a callable ``(group, request)``.
    With ``increment=False`` it only looks (the limit is reached when the count equals it).
    """
    usage = _usage(request, group=group, key=key, rate=rate, increment=increment)
    if usage is None:
        return False
    if not increment:
        usage["should_limit"] = usage["count"] >= usage["limit"]
    _remember(request, usage)
    return usage["should_limit"]


def is_value_ratelimited(*, group, value, rate=None, increment=True, request=None):
    """Like ``is_ratelimited`` with an arbitrary key value (a SIRET, an email address…)."""
    normalised = str(value).strip().lower()
    return is_ratelimited(
        request,
        group=group,
        key=lambda _group, _request: normalised,
        rate=rate,
        increment=increment,
    )


def too_many_requests(request, *, retry_after=None, message=None):
    """The French 429 page, with ``Retry-After`` and never cached."""
    retry_after = retry_after or getattr(request, "ratelimit_retry_after", None) or 60
    minutes = max(1, -(-int(retry_after) // 60))
    response = render(
        request,
        "429.html",
        {"retry_after_minutes": minutes, "message": message},
        status=429,
    )
    response["Retry-After"] = str(int(retry_after))
    response["Cache-Control"] = "no-store"
    return response


def _find_request(args):
    for arg in args:
        if isinstance(arg, HttpRequest):
            return arg
    raise TypeError("ratelimit: la vue décorée ne reçoit pas de requête HTTP.")


def ratelimit(group, *, key="ip", rate=None, methods=("POST",)):
    """Decorator for views, view methods and ``Page.serve``: the 429 page when over the limit.

    ``methods`` lists the HTTP methods counted (``ALL`` for every method, as for search).
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            request = _find_request(args)
            counted = methods is ALL or request.method in methods
            if counted and is_ratelimited(request, group=group, key=key, rate=rate):
                return too_many_requests(request)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def search_ratelimit(view):
    """Rate limit for search endpoints: every request counts, per client IP (group ``search``)."""
    return ratelimit("search", methods=ALL)(view)
