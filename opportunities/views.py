"""Thin views of the opportunity list page's routes (see ``OpportunityIndexPage``) and of
the one-click unsubscription."""

from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from opportunities import alerts, feeds
from opportunities.forms import AlertSubscriptionForm
from opportunities.models import OpportunityIndexPage
from opportunities.presentation import (
    CARD_COLUMNS,
    active_filters,
    describe_filters,
    opportunity_cards,
    pagination_links,
)
from opportunities.query import DeadlineWindow, Sort, parse_opportunity_query
from opportunities.selectors import matching_opportunities, opportunity_listing, resolve_query
from portal.antispam import is_ratelimited, too_many_requests


def _feed_links(index, query, request):
    qs = query.filters_querystring()
    suffix = f"?{qs}" if qs else ""
    return {
        "alert_url": index.route_url("alert", request=request) + suffix,
        "rss_url": index.route_url("rss", request=request) + suffix,
        "calendar_url": index.route_url("calendar", request=request) + suffix,
        "csv_url": index.route_url("csv", request=request) + suffix,
    }


def opportunity_list(request, index):
    """The list carries no form that needs a CSRF token (the alert form has its own page,
    reached with the current filters): it is the same for every visitor, so the page cache
    can store it."""
    parsed = parse_opportunity_query(request.GET)
    listing = opportunity_listing(
        parsed, timezone.localdate(), index_page=index, per_page=index.per_page or 20
    )
    query = listing.query
    cards = opportunity_cards(
        listing.page.object_list.values(*CARD_COLUMNS),
        parent_url=index.get_url(request),
        today=timezone.localdate(),
    )
    context = {
        "listing": listing,
        "query": query,
        "opportunities": cards,
        "facets": listing.facets,
        "active_filters": active_filters(query, listing.facets),
        "pagination": pagination_links(listing.page, query),
        "sort_choices": Sort.choices,
        "deadline_windows": DeadlineWindow.choices,
        "today": timezone.localdate(),
        **_feed_links(index, query, request),
    }
    return index.render(request, context_overrides=context)


def _feed_query(request):
    """The filters of a feed, or a 400 explaining what is wrong with them."""
    parsed = parse_opportunity_query(request.GET)
    resolved = resolve_query(parsed.query)
    errors = [*parsed.errors, *resolved.errors]
    if errors:
        body = "\n".join([_("Paramètres non valides :"), *errors])
        return None, HttpResponse(body, status=400, content_type="text/plain; charset=utf-8")
    return resolved, None


def _wording(request, index):
    return feeds.Wording(index.get_full_url(request), timezone.localdate())


def _feed_opportunities(request, index, resolved):
    return matching_opportunities(resolved, timezone.localdate(), index_page=index)


def rss_feed(request, index):
    resolved, error = _feed_query(request)
    if error:
        return error
    content = feeds.rss_document(
        opportunities=_feed_opportunities(request, index, resolved),
        title=_("%(title)s — opportunités") % {"title": index.title},
        link=index.get_full_url(request),
        description=_("Marchés publics à venir avec des clauses sociales."),
        feed_url=request.build_absolute_uri(),
        wording=_wording(request, index),
    )
    return HttpResponse(content, content_type="application/rss+xml; charset=utf-8")


def calendar_feed(request, index):
    resolved, error = _feed_query(request)
    if error:
        return error
    content = feeds.calendar_document(
        opportunities=_feed_opportunities(request, index, resolved),
        name=_("Dates limites des opportunités"),
        host=request.get_host().split(":")[0] or "portail",
        wording=_wording(request, index),
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="opportunites.ics"'
    return response


def csv_export(request, index):
    resolved, error = _feed_query(request)
    if error:
        return error
    content = feeds.csv_document(
        opportunities=_feed_opportunities(request, index, resolved),
        wording=_wording(request, index),
    )
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="opportunites-{stamp}.csv"'
    return response


def _alert_description(index, filters):
    from django.http import QueryDict

    parsed = parse_opportunity_query(QueryDict(filters or "", mutable=False))
    listing = opportunity_listing(parsed, timezone.localdate(), index_page=index, per_page=1)
    return listing, describe_filters(listing.query, listing.facets)


def alert_subscribe(request, index):
    """GET: the subscription form for the current filters; POST: request the subscription."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method == "GET":
        parsed = parse_opportunity_query(request.GET)
        form = AlertSubscriptionForm(initial={"filters": parsed.query.filters_querystring()})
        filters = parsed.query.filters_querystring()
    else:
        if is_ratelimited(request, group="opportunity-alert"):
            return too_many_requests(
                request,
                message=_(
                    "Trop de demandes d'alerte depuis votre connexion : réessayez plus tard."
                ),
            )
        form = AlertSubscriptionForm(request.POST)
        filters = alerts.canonical_filters(request.POST.get("filters", "")[:1000])
    _listing, description = _alert_description(index, filters)
    context = {"form": form, "description": description, "filters": filters, "sent": False}
    if request.method == "POST" and form.is_valid():
        if not form.is_spam:
            alerts.request_subscription(
                email=form.cleaned_data["email"],
                filters=filters,
                index_page=index,
                description=description,
            )
        context.update(sent=True, email=form.cleaned_data["email"])
    response = index.render(
        request, template="opportunities/alert_subscribe.html", context_overrides=context
    )
    if request.method == "POST" and not context["sent"]:
        response.status_code = 400  # the form again with its errors: nothing saved
    return response


def alert_confirm(request, token):
    """The link of the confirmation e-mail (double opt-in)."""
    subscription = alerts.confirm_subscription(token)
    index = OpportunityIndexPage.objects.live().first()
    context = {"subscription": subscription, "index": index}
    if subscription is not None:
        context["unsubscribe_url"] = reverse(
            "opportunities:unsubscribe", kwargs={"token": subscription.unsubscribe_token}
        )
        if index is not None:
            filters = f"?{subscription.filters}" if subscription.filters else ""
            context["search_url"] = f"{index.get_url(request)}{filters}"
    response = render(
        request,
        "opportunities/alert_confirm.html",
        context,
        status=200 if subscription is not None else 400,
    )
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
def alert_unsubscribe(request, token):
    """One click: GET from the link in the e-mail, POST from the mail client (RFC 8058).
    Unsubscribing twice is not an error."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    removed = alerts.unsubscribe(token)
    if request.method == "POST":
        return HttpResponse(
            _("Désabonnement enregistré."), content_type="text/plain; charset=utf-8"
        )
    response = render(request, "opportunities/alert_unsubscribed.html", {"removed": removed})
    response["Cache-Control"] = "no-store"
    return response
