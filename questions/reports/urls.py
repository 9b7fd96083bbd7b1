from django.urls import path

from . import views

app_name = "reports"

# Mounted at /questions/ by questions.urls, next to the question pages.
urlpatterns = [
    path("<slug:slug>/report/", views.ReportCreateView.as_view(), name="report"),
]
