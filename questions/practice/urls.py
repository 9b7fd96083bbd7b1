"""The practice pages, and the reader's own marks.

`practice_patterns` are mounted at /practice/ inside the `questions` namespace;
`reader_patterns` at /accounts/ inside the `accounts` namespace (see config/urls.py),
where signed-in readers have always found their profile, so URLs and names stay
what they were when these views lived in `accounts`.
"""

from django.urls import path

from . import marks_views, review_views, views

practice_patterns = [
    path("", views.PracticeView.as_view(), name="practice"),
    path("mock/", views.MockSetupView.as_view(), name="mock_setup"),
    path("mock/<int:number>/", views.MockQuestionView.as_view(), name="mock_question"),
    path("mock/summary/", views.MockSummaryView.as_view(), name="mock_summary"),
    path("review/", review_views.ReviewView.as_view(), name="review"),
    path("review/add/", review_views.AddToReviewsView.as_view(), name="review_add"),
]

reader_patterns = [
    path("profile/", marks_views.ProfileView.as_view(), name="profile"),
    path("questions/<int:pk>/bookmark/", marks_views.BookmarkView.as_view(), name="bookmark"),
    path("questions/<int:pk>/progress/", marks_views.ProgressView.as_view(), name="progress"),
    path("questions/<int:pk>/note/", marks_views.NoteView.as_view(), name="note"),
]
