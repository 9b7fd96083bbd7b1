"""The Content-Security-Policy header, built once per process (config/csp.py)."""

from csp.constants import NONCE, SELF
from csp.decorators import csp_update
from csp.utils import build_policy
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from config.csp import CSPMiddleware


def directives(header):
    """The policy's directives: django-csp writes them in no fixed order."""
    return set(header.split("; "))


def respond(view, path="/"):
    return CSPMiddleware(view)(RequestFactory().get(path))


def plain(request):
    return HttpResponse("ok")


def test_the_header_is_the_policy_in_settings(client):
    header = client.get("/").headers["Content-Security-Policy"]

    assert header == build_policy()
    assert "object-src 'none'" in header


def test_a_changed_setting_changes_the_header():
    respond(plain)
    policy = {"DIRECTIVES": {"default-src": [SELF], "img-src": [SELF, "https://img.example"]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        header = respond(plain)["Content-Security-Policy"]
    assert directives(header) == {"default-src 'self'", "img-src 'self' https://img.example"}
    assert respond(plain)["Content-Security-Policy"] == build_policy()


def test_a_nonce_used_by_the_page_is_in_its_header():
    policy = {"DIRECTIVES": {"default-src": [SELF], "script-src": [SELF, NONCE]}}

    def with_nonce(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}"></script>')

    with override_settings(CONTENT_SECURITY_POLICY=policy):
        response = respond(with_nonce)
    nonce = response.content.decode().split('"')[1]
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]


def test_a_views_own_policy_still_applies():
    response = respond(csp_update({"img-src": "https://img.example"})(plain))

    assert "https://img.example" in response["Content-Security-Policy"]
    assert respond(plain)["Content-Security-Policy"] == build_policy()


def test_excluded_prefixes_and_report_only_are_honoured():
    policy = {"EXCLUDE_URL_PREFIXES": ["/raw/"], "DIRECTIVES": {"default-src": [SELF]}}
    report_only = {"DIRECTIVES": {"default-src": [SELF], "report-uri": "/csp-report/"}}
    with override_settings(
        CONTENT_SECURITY_POLICY=policy, CONTENT_SECURITY_POLICY_REPORT_ONLY=report_only
    ):
        excluded, included = respond(plain, "/raw/file"), respond(plain, "/page/")
    assert "Content-Security-Policy" not in excluded
    assert included["Content-Security-Policy"] == "default-src 'self'"
    assert directives(included["Content-Security-Policy-Report-Only"]) == {
        "default-src 'self'",
        "report-uri /csp-report/",
    }
