"""Error handlers: a database that is away or full is a 503 the visitor can understand.

A handler rather than a middleware, because the error can come from anywhere in
the middleware stack (a session saved on the way out, a cached page's lookup),
and every layer turns its inner layers' exceptions into a response before an
outer middleware could see them. Like Django's own, the pages read nothing from
the request and render without a request context, so they cannot fail in turn.
"""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

# How long a visitor or a client should wait before trying again.
RETRY_AFTER_SECONDS = 30
# SQLite's SQLITE_FULL message, and PostgreSQL's disk_full condition.
SQLITE_FULL = "database or disk is full"
POSTGRESQL_DISK_FULL = "53100"


def database_fault(error):
    """`"full"`, `"away"` or None: what a database error says about the database itself."""
    if not isinstance(error, DatabaseError):
        return None
    cause = error.__cause__
    if SQLITE_FULL in str(error) or getattr(cause, "sqlstate", None) == POSTGRESQL_DISK_FULL:
        return "full"
    if isinstance(error, OperationalError | InterfaceError):
        return "away"
    return None


def database_fault_behind(error):
    """The database fault that `error` was raised while handling, if any."""
    while error is not None:
        if fault := database_fault(error):
            return fault
        error = error.__cause__ or error.__context__
    return None


@requires_csrf_token
def server_error(request, template_name="500.html"):
    fault = database_fault_behind(sys.exc_info()[1])
    if fault is None:
        return HttpResponseServerError(loader.get_template(template_name).render())
    return unavailable(fault)


@requires_csrf_token
def bad_request(request, exception, template_name="400.html"):
    """Django's 400, unless the database failed under it (a session that could not be saved)."""
    if fault := database_fault_behind(exception):
        return unavailable(fault)
    return defaults.bad_request(request, exception, template_name)


def unavailable(fault):
    response = HttpResponse(
        loader.get_template("503.html").render({"full": fault == "full"}), status=503
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
