"""Mounted at /markdownx/ under markdownx's own URL names, which its widget expects."""

from django.urls import path

from .views import ImageUploadView, MarkdownifyView

urlpatterns = [
    path("upload/", ImageUploadView.as_view(), name="markdownx_upload"),
    path("markdownify/", MarkdownifyView.as_view(), name="markdownx_markdownify"),
]
