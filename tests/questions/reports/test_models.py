"""A question's open reports, as the question's change form shows them to editors."""

from datetime import timedelta

from django.template.loader import render_to_string
from django.test.html import parse_html
from django.utils import timezone

from questions.reports.models import ReportKind, ReportStatus, open_reports_for
from tests.factories import make_question
from tests.pages import find, find_all, text

from .conftest import make_report


def test_open_reports_of_one_question_newest_first(question):
    now = timezone.now()
    older = make_report(question, created_at=now - timedelta(days=1))
    newer = make_report(question, created_at=now)
    make_report(question, status=ReportStatus.RESOLVED)
    make_report(question, status=ReportStatus.DISMISSED)
    make_report(make_question("What is WSGI?"))

    assert list(open_reports_for(question)) == [newer, older]


def test_the_open_reports_fragment_escapes_the_readers_text(question, django_assert_num_queries):
    report = make_report(question, kind=ReportKind.WRONG, text="<img src=x onerror=alert(1)>\nmore")
    make_report(question, kind=ReportKind.TYPO)

    with django_assert_num_queries(1):
        html = render_to_string(
            "admin/reports/open_reports.html", {"open_reports": open_reports_for(question)}
        )

    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;<br>more" in html
    fragment = parse_html(html)
    assert "Open reports (2)" in text(find(fragment, "h2"))
    assert [text(row.children[0]) for row in find_all(find(fragment, "tbody"), "tr")] == [
        "Typo",
        "Wrong",
    ]
    links = [dict(a.attributes)["href"] for a in find_all(fragment, "a")]
    assert f"/admin/reports/report/{report.pk}/change/" in links
    assert f"/admin/reports/report/?question__id__exact={question.pk}" in links


def test_the_fragment_says_when_there_is_nothing_open(question):
    html = render_to_string(
        "admin/reports/open_reports.html", {"open_reports": open_reports_for(question)}
    )

    assert "No open reports." in html
