from functools import cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def aria_current(context, *url_names):
    """` aria-current="page"` on a link to this page, whose URL is named one of `url_names`."""
    request = context.get("request")
    match = request and request.resolver_match
    return mark_safe(' aria-current="page"') if match and match.url_name in url_names else ""


@register.simple_tag
def route(name):
    """`{% url name %}` for a URL that takes no arguments, worked out once per process.

    Such a URL changes only with the URLconf and the script prefix; reverse() costs
    tens of microseconds a call, and every page's header has a dozen.
    """
    return _route(name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@cache
def _route(name, urlconf, prefix):
    return reverse(name, urlconf=urlconf)
