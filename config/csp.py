"""django-csp's middleware, with the site's unchanging policy built once per process."""

import http.client
from functools import cache

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

# What a view's decorators (csp_update, csp_replace, csp_exempt...) leave on a response:
# such a response gets its own policy, built as django-csp builds it.
_PER_RESPONSE = (
    *("_csp_config", "_csp_update", "_csp_replace"),
    *("_csp_config_ro", "_csp_update_ro", "_csp_replace_ro"),
)
_DEBUG_EXEMPT = (http.client.INTERNAL_SERVER_ERROR, http.client.NOT_FOUND)
# (header, the response attribute that exempts it, the setting it comes from, report only)
_HEADERS = (
    (HEADER, "_csp_exempt", "CONTENT_SECURITY_POLICY", False),
    (HEADER_REPORT_ONLY, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY", True),
)


@cache
def _policy(report_only: bool) -> str:
    return build_policy(report_only=report_only)


@cache
def _excluded_prefixes(setting: str) -> tuple:
    return tuple((getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ())


@receiver(setting_changed)
def _forget_policies(setting, **kwargs):
    if setting in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY"):
        _policy.cache_clear()
        _excluded_prefixes.cache_clear()


class CSPMiddleware(CSPMiddleware):
    """Set the policy from settings without rebuilding its string on every response.

    The policy in settings never changes while the process runs, yet django-csp
    joins its directives anew for each response, at a sizeable share of what a
    static file costs. A response with a nonce or a view's own policy still gets
    one built for it by django-csp.
    """

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _PER_RESPONSE
        ):
            return super().process_response(request, response)
        if response.status_code in _DEBUG_EXEMPT and settings.DEBUG:
            return response
        for header, exempt, setting, report_only in _HEADERS:
            policy = _policy(report_only)
            if (
                policy
                and header not in response
                and getattr(response, exempt, False) is False
                and not request.path_info.startswith(_excluded_prefixes(setting))
            ):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
