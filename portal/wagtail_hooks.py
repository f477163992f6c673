"""Wagtail hooks of the production layer: page-cache decisions live in portal/cache.py; the
editor pages get static/js/admin-autosave-guard.js (a submission never races an autosave)."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from portal import cache


@hooks.register("is_request_cacheable")
def is_request_cacheable(request, is_cacheable):
    return cache.is_request_cacheable(request, is_cacheable)


@hooks.register("is_response_cacheable")
def is_response_cacheable(response, is_cacheable):
    return cache.is_response_cacheable(response, is_cacheable)


@hooks.register("before_serve_page")
def skip_restricted_page(page, request, serve_args, serve_kwargs):
    cache.skip_restricted_page(page, request)


@hooks.register("insert_editor_js")
def autosave_guard_js():
    return format_html('<script src="{}"></script>', static("js/admin-autosave-guard.js"))
