"""Purge the front caches (Varnish, a CDN) after every change to the content.

`PAGE_CACHE_PURGE_URLS` lists their purge endpoints. After any commit that bumps
the content generation, each is sent a `BAN`, which config/varnish/varnish.vcl turns
into "drop every page": any change can show on any page (counts, lists,
previous/next), as the generation already assumes. The write has committed by
then, so a front cache that is down or slow is logged and costs the writer at
most `PAGE_CACHE_PURGE_TIMEOUT`, never the write.

The ban is sent again `REPEAT_AFTER` seconds later: an app server may go on
serving its copy of a page for a moment after the generation changes, and a
front cache that fetched it then would keep it for its whole `s-maxage`.
"""

import http.client
import logging
import threading
import time
from itertools import count
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

METHOD = "BAN"
REPEAT_AFTER = 0.5

# One purge per commit, however many rows it wrote: each write takes a number,
# and the first callback to run after the commit sends the purge for all the
# numbers taken so far on this thread (one connection, one transaction at a time).
_numbers = count(1)
_state = threading.local()


def purge_after_commit():
    """Purge the front caches once the current transaction commits (outside one, at once)."""
    if not settings.PAGE_CACHE_PURGE_URLS:
        return
    number = next(_numbers)
    _state.taken = number
    transaction.on_commit(lambda: _purge_for(number), robust=True)


def _purge_for(number):
    if number <= getattr(_state, "sent", 0):
        return
    _state.sent = _state.taken
    urls, timeout = list(settings.PAGE_CACHE_PURGE_URLS), settings.PAGE_CACHE_PURGE_TIMEOUT
    purge_front_caches(urls, timeout)
    threading.Timer(REPEAT_AFTER, purge_front_caches, (urls, timeout)).start()


def purge_front_caches(urls, timeout):
    """Send a ban to every front cache at once; wait `timeout` seconds at most."""
    senders = [threading.Thread(target=_ban, args=(url, timeout), daemon=True) for url in urls]
    for sender in senders:
        sender.start()
    deadline = time.monotonic() + timeout
    for sender in senders:
        sender.join(max(0, deadline - time.monotonic()))


def _ban(url, timeout):
    parts = urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request(METHOD, parts.path or "/")
        response = connection.getresponse()
        response.read()
    except (OSError, http.client.HTTPException) as error:
        logger.warning("Front cache %s not purged: %s", url, error)
        return
    finally:
        connection.close()
    if not 200 <= response.status < 300:
        logger.warning("Front cache %s refused the purge: %s", url, response.status)
