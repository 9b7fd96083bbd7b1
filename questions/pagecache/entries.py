"""A stored page as one byte string, and back to a response."""

import time

from django.http import HttpResponse

from .memory import Entry

HEADER = "X-Page-Cache"


def make_entry(generation, timeout, response) -> Entry:
    headers = {name.lower(): (name, value) for name, value in response.items() if name != HEADER}
    return Entry(int(generation), time.time() + timeout, headers, response.content)


def pack(entry: Entry) -> bytes:
    """Generation, expiry, headers, a blank line, then the body.

    Header names and values never hold a newline (Django refuses them), so a
    blank line ends the headers. One flat value: a hit reads back the page with
    no structure to unpickle around it. The expiry travels with the page so a
    worker that copies it into its memory keeps it no longer than Redis does.
    """
    headers = "\n".join(f"{name}: {value}" for name, value in entry.headers.values())
    return b"%d\n%r\n%s\n\n%s" % (
        entry.generation,
        entry.expires,
        headers.encode("latin-1"),
        entry.content,
    )


def unpack(stored, generation) -> Entry | None:
    """The stored page, or None unless it is of `generation` and still fresh."""
    if not stored:
        return None
    tag, _, rest = stored.partition(b"\n")
    if tag != b"%d" % int(generation):
        return None
    expires, _, rest = rest.partition(b"\n")
    headers, _, content = rest.partition(b"\n\n")
    lines = headers.decode("latin-1").split("\n") if headers else ()
    pairs = (line.split(": ", 1) for line in lines)
    headers = {name.lower(): (name, value) for name, value in pairs}
    entry = Entry(int(generation), float(expires), headers, content)
    return entry if entry.expires > time.time() else None


def to_response(entry: Entry) -> HttpResponse:
    response = HttpResponse(entry.content)
    # The headers as they were checked when the page was rendered, copied in
    # whole: setting them one by one checks each again, a tenth of a hit's cost.
    response.headers._store = {**entry.headers, HEADER.lower(): (HEADER, "hit")}
    return response
