from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps_views
from django.shortcuts import redirect
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from accounts.urls import urlpatterns as account_patterns
from questions.practice.urls import reader_patterns
from questions.sitemaps import SITEMAPS

admin.site.site_header = "Interview questions"
admin.site.site_title = "Interview questions admin"
admin.site.index_title = "Question bank"


def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever the page links to."""
    return redirect(static_url("favicon.svg"), permanent=True)


# A database that is away or full answers 503 with a page that says so (config/ops/views.py).
handler400 = "config.ops.views.bad_request"
handler500 = "config.ops.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    # Identity (accounts) and the reader's marks (questions.practice) share /accounts/
    # and the "accounts" namespace; accounts itself knows nothing of questions.
    path("accounts/", include((account_patterns + reader_patterns, "accounts"))),
    path("markdownx/", include("questions.editor.urls")),
    path("api/", include("questions.api.urls")),
    path(
        "sitemap.xml",
        # Read-only documents: any method but GET and HEAD is a 405 with an Allow header.
        require_safe(sitemaps_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        require_safe(sitemaps_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots_txt",
    ),
    path("favicon.ico", favicon, name="favicon"),
    path("", include("questions.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
