from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def aria_current(context, *url_names):
    """` aria-current="page"` on a link to this page, whose URL is named one of `url_names`."""
    request = context.get("request")
    match = request and request.resolver_match
    return mark_safe(' aria-current="page"') if match and match.url_name in url_names else ""
