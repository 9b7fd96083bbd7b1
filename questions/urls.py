from django.urls import include, path
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView

from . import decks, views
from .feeds import LatestQuestionsFeed
from .practice.urls import practice_patterns

app_name = "questions"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("questions/", views.QuestionListView.as_view(), name="question_list"),
    path("questions/deck.apkg", decks.ApkgDeckView.as_view(), name="deck_apkg"),
    path("questions/deck.csv", decks.CsvDeckView.as_view(), name="deck_csv"),
    path("questions/<slug:slug>/", views.QuestionDetailView.as_view(), name="question_detail"),
    path("questions/", include("questions.reports.urls")),
    path("topics/", RedirectView.as_view(pattern_name="questions:home"), name="topic_list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path("practice/", include(practice_patterns)),
    # Feeds answer any method by default; this one is read-only (405 with an Allow header).
    path("feeds/latest/", require_safe(LatestQuestionsFeed()), name="feed"),
]
