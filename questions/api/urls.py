from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

app_name = "api"

urlpatterns = [
    path("v1/topics/", views.TopicList.as_view(), name="topic-list"),
    path("v1/frameworks/", views.FrameworkList.as_view(), name="framework-list"),
    path("v1/questions/", views.QuestionList.as_view(), name="question-list"),
    path("v1/questions/<slug:slug>/", views.QuestionDetail.as_view(), name="question-detail"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view loads its start-up script from a URL of its own, not inline,
    # so the site's Content-Security-Policy (script-src 'self') holds here too.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
]
