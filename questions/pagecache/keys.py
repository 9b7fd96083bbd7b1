"""A cached page's address: its path and the query parameters that change it.

Only the list filters and `page` make a page differ (the names the canonical URL
keeps, `questions/templatetags/seo.py`), so `?utm_source=...` and every other
parameter is left out of the key: a thousand tracking links share one entry and
one render. The page is also rendered without them (`canonical_get`), so what
is stored under the key is exactly that key's page.
"""

import hashlib
import re
from urllib.parse import urlencode

from django.http import QueryDict

from ..filters import QuestionFilter

KNOWN_PARAMETERS = frozenset((*QuestionFilter.base_filters, "page"))


def canonical_get(request) -> QueryDict:
    """The request's known parameters, one value each (the last, as a form reads it), sorted."""
    params = QueryDict(mutable=True)
    for name in sorted(KNOWN_PARAMETERS.intersection(request.GET)):
        params[name] = request.GET[name]
    params._mutable = False
    return params


def page_key(request, prefix) -> str:
    """The cache key of this request's page: scheme, host, path and its known parameters.

    The Host header as sent, unchecked: a page is only stored once it has been
    rendered, and a host we do not serve renders the 400 page, never stored.
    """
    meta = request.META
    raw = (prefix, request.scheme, meta.get("HTTP_HOST", ""), request.path)
    raw += (meta.get("QUERY_STRING", ""),)
    key = _keys.get(raw)
    if key is None:
        # Reading the query string is most of a hit's own cost: once per address.
        query = _canonical_query(request) if raw[-1] else ""
        address = f"{raw[1]}://{raw[2]}{raw[3]}?{query}"
        key = prefix + hashlib.sha256(address.encode()).hexdigest()
        if len(_keys) >= MAX_REMEMBERED:
            _keys.clear()
        _keys[raw] = key
    return key


def _canonical_query(request) -> str:
    """canonical_get()'s parameters, encoded; "" at once when none can be in the query.

    Without a `%`, a name in the query string is exactly as written, so a query
    that names none of ours has none (`?utm_source=...`): no need to parse it.
    The page cache checks the key again, from the parsed query, before storing.
    """
    query = request.META["QUERY_STRING"]
    if "%" not in query and not _NAMES.search(query):
        return ""
    params = request.GET
    return urlencode(sorted((name, params[name]) for name in KNOWN_PARAMETERS.intersection(params)))


_ALTERNATIVES = "|".join(re.escape(name) for name in sorted(KNOWN_PARAMETERS))
_NAMES = re.compile(f"(?:^|&)(?:{_ALTERNATIVES})(?:=|&|$)")


# The keys of the addresses asked for lately, by everything they are made from.
MAX_REMEMBERED = 10_000
_keys = {}
