from django import template
from django.core.exceptions import DisallowedHost, RequestDataTooBig, SuspiciousOperation
from django.http import QueryDict

register = template.Library()

# Filters that depend on who is looking: never part of a page's public address.
PRIVATE_FILTERS = ("progress",)


@register.simple_tag(takes_context=True)
def canonical_url(context, filterset=None, page=None):
    """This page's absolute URL without tracking or per-visitor parameters.

    A list keeps its valid public filters and its page number; page 1 is the bare URL.
    """
    request = context.get("request")
    if request is None:
        return ""
    if filterset is None:
        params = QueryDict(mutable=True)
    else:
        params = filterset.params(exclude=PRIVATE_FILTERS)
    if page and page > 1:
        params["page"] = page
    query = params.urlencode()
    try:
        return request.build_absolute_uri(f"{request.path}?{query}" if query else request.path)
    except DisallowedHost:
        # An error page for a host we do not serve: no address of ours to give.
        return ""


@register.simple_tag(takes_context=True)
def query_value(context, name):
    """`request.GET[name]`, or "" when the query string cannot be read (an error page's)."""
    request = context.get("request")
    try:
        return request.GET.get(name, "") if request is not None else ""
    except (SuspiciousOperation, RequestDataTooBig):
        return ""
