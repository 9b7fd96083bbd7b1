from django.urls import path
from django.views.generic import RedirectView

from . import practice_views, views
from .feeds import LatestQuestionsFeed

app_name = "questions"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("questions/", views.QuestionListView.as_view(), name="question_list"),
    path("questions/<slug:slug>/", views.QuestionDetailView.as_view(), name="question_detail"),
    path("topics/", RedirectView.as_view(pattern_name="questions:home"), name="topic_list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path("practice/", practice_views.PracticeView.as_view(), name="practice"),
    path("practice/mock/", practice_views.MockSetupView.as_view(), name="mock_setup"),
    path(
        "practice/mock/<int:number>/",
        practice_views.MockQuestionView.as_view(),
        name="mock_question",
    ),
    path("practice/mock/summary/", practice_views.MockSummaryView.as_view(), name="mock_summary"),
    path("feeds/latest/", LatestQuestionsFeed(), name="feed"),
]
