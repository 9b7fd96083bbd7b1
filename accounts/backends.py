import ipaddress

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class LoginLockoutBackend(AxesStandaloneBackend):
    """Refuse a locked-out username and address; authenticate nobody itself.

    django-axes raises when `authenticate()` is called without a request. Every
    login over HTTP passes one (the site's and the admin's login forms do, and
    tests/accounts/test_lockout.py checks both), so a call without one comes
    from our own code, such as the test client's `login()`; it goes on to the
    next backend unchecked.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class LoginLockoutHandler(AxesDatabaseHandler):
    """Count failed logins by each of `AXES_LOCKOUT_PARAMETERS`, each against its own limit.

    django-axes locks once the largest of the counts reaches `AXES_FAILURE_LIMIT`,
    one limit for all; `LOGIN_FAILURE_LIMITS` holds one per way of counting, so
    each count is reported on the scale of `AXES_FAILURE_LIMIT`: it reaches that
    limit exactly when it reaches its own (a way without one of its own uses it).
    """

    def get_failures(self, request, credentials=None):
        scale = settings.AXES_FAILURE_LIMIT
        failures = 0
        for parameter, attempts in zip(
            get_lockout_parameters(request, credentials),
            self.get_user_attempts(request, credentials),
            strict=True,
        ):
            key = parameter if isinstance(parameter, str) else tuple(parameter)
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            own_limit = settings.LOGIN_FAILURE_LIMITS.get(key, scale)
            failures = max(failures, count * scale // own_limit)
        return failures

    def reset_user_attempts(self, request, credentials=None):
        """Clear the failures of the username and address that just logged in, and no others.

        Clearing by every parameter would let a sprayer wipe its address's count by
        logging in to an account of its own, and a login from one device wipe the
        failures others made on the same username elsewhere.
        """
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return count


def client_ip_address(request):
    """The address a login comes from, as django-axes counts failures by it.

    Behind `TRUSTED_PROXY_COUNT` reverse proxies, REMOTE_ADDR is the nearest
    proxy's, shared by every visitor; the client's is the entry the outermost
    trusted proxy appended to X-Forwarded-For. Entries further left are
    whatever the client chose to send, so they are never read.
    """
    remote_addr = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote_addr
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxies:
        return remote_addr
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return remote_addr


def attempted_username(request, credentials=None):
    """The username django-axes records for a login, cut to the length its column holds.

    Django's login forms do not limit the username's length before trying it, and
    PostgreSQL refuses an over-long value where SQLite would store it.
    """
    username = (credentials or request.POST).get(settings.AXES_USERNAME_FORM_FIELD)
    # The column is axes.models.AccessAttempt.username, a CharField(max_length=255).
    return username[:255] if isinstance(username, str) else username
