"""The Reports admin: editors read what readers reported and resolve or dismiss it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from questions.reports.models import ReportKind, ReportStatus
from tests.factories import make_question, make_topic
from tests.pages import find, find_all, form_values, parse, text

from .conftest import make_report, make_revision

CHANGELIST = "/admin/reports/report/"


def change_url(report):
    return f"{CHANGELIST}{report.pk}/change/"


def run_action(client, action, reports):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [r.pk for r in reports], "index": 0}
    )


def listed_reports(response):
    return list(response.context["cl"].result_list)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_the_list_shows_what_editors_need(editor_client, question, reader):
    make_report(question, kind=ReportKind.WRONG, text="Wrong!", reporter=reader)
    make_report(question, kind=ReportKind.TYPO, text="Typo.", email="anon@example.com")

    response = editor_client.get(CHANGELIST)

    assert response.status_code == 200
    page = parse(response)
    headers = [text(th) for th in find_all(find(page, "table", attrs={"id": "result_list"}), "th")]
    for column in ["Report", "Question", "Problem", "Status", "Reported", "Reported by", "Topic"]:
        assert column in headers

    def column(name):
        return [text(cell) for cell in find_all(page, "td", css_class=f"field-{name}")]

    assert column("reported_by") == ["anon@example.com", "reader"]
    assert column("topic") == [question.topic.name] * 2
    assert column("kind") == ["Typo", "Wrong"]
    assert column("status") == ["Open", "Open"]
    links = find_all(page, "a", attrs={"href": f"/admin/questions/question/{question.pk}/change/"})
    assert [text(link) for link in links] == [question.title] * 2


def test_newest_first_and_a_hundred_a_page(editor_client, question):
    now = timezone.now()
    old = make_report(question, created_at=now - timedelta(days=2))
    new = make_report(question, created_at=now)
    middle = make_report(question, created_at=now - timedelta(days=1))

    response = editor_client.get(CHANGELIST)

    assert listed_reports(response) == [new, middle, old]
    assert response.context["cl"].list_per_page == 100


def test_filters_by_status_kind_topic_and_question(editor_client, question):
    other = make_question("What is WSGI?", topic=make_topic("Deployment"))
    typo = make_report(question, kind=ReportKind.TYPO)
    resolved = make_report(question, status=ReportStatus.RESOLVED)
    elsewhere = make_report(other)

    def listed(query):
        response = editor_client.get(f"{CHANGELIST}?{query}")
        assert response.status_code == 200
        return set(listed_reports(response))

    assert listed("status__exact=resolved") == {resolved}
    assert listed("kind__exact=typo") == {typo}
    assert listed(f"question__topic__id__exact={other.topic.pk}") == {elsewhere}
    assert listed(f"question__id__exact={question.pk}") == {typo, resolved}


def test_search_by_text_and_question_title(editor_client, question):
    other = make_question("What is WSGI?")
    by_text = make_report(question, text="The benchmark numbers are from 2015.")
    by_title = make_report(other, text="Unclear.")

    assert listed_reports(editor_client.get(CHANGELIST, {"q": "benchmark"})) == [by_text]
    assert listed_reports(editor_client.get(CHANGELIST, {"q": "WSGI"})) == [by_title]


def test_the_readers_text_is_escaped(editor_client, question):
    report = make_report(question, text="<script>alert(1)</script>\nsecond line")

    for url in [CHANGELIST, change_url(report)]:
        body = editor_client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_editors_change_only_the_resolution(editor_client, editor, question, reader):
    other = make_question("What is WSGI?")
    report = make_report(question, kind=ReportKind.WRONG, text="As sent.", reporter=reader)
    revision = make_revision(question)
    values = form_values(editor_client.get(change_url(report)))
    values.update(
        status=ReportStatus.RESOLVED,
        fixed_in=revision.pk,
        resolution_note="Rewrote the answer.",
        # A crafted post: read-only fields are not in the form and must stay as sent.
        text="Changed by staff.",
        kind=ReportKind.OTHER,
        email="staff@example.com",
        question=other.pk,
        reporter=editor.pk,
    )

    response = editor_client.post(change_url(report), values)

    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.text, report.kind, report.email, report.question, report.reporter) == (
        "As sent.",
        ReportKind.WRONG,
        "",
        question,
        reader,
    )
    assert (report.status, report.fixed_in, report.resolution_note) == (
        ReportStatus.RESOLVED,
        revision,
        "Rewrote the answer.",
    )
    assert report.resolved_by == editor
    assert report.resolved_at is not None


def test_fixed_in_offers_only_the_questions_own_revisions(editor_client, question):
    other = make_question("What is WSGI?")
    own = [make_revision(question), make_revision(question, action="approved")]
    foreign = make_revision(other)
    report = make_report(question)

    response = editor_client.get(change_url(report))
    choices = response.context["adminform"].form.fields["fixed_in"].queryset

    assert set(choices) == set(own)
    values = form_values(response)
    values.update(status=ReportStatus.RESOLVED, fixed_in=foreign.pk)
    refused = editor_client.post(change_url(report), values)
    assert refused.status_code == 200
    assert "fixed_in" in refused.context["adminform"].form.errors
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN


def test_resolving_in_the_form_without_a_revision_takes_the_latest(editor_client, question):
    make_revision(question, created_at=timezone.now() - timedelta(days=1))
    latest = make_revision(question)
    report = make_report(question)
    values = form_values(editor_client.get(change_url(report)))
    values.update(status=ReportStatus.RESOLVED, fixed_in="")

    editor_client.post(change_url(report), values)

    report.refresh_from_db()
    assert report.fixed_in == latest


def test_reopening_clears_the_resolution(editor_client, editor, question):
    report = make_report(
        question,
        status=ReportStatus.RESOLVED,
        resolved_at=timezone.now(),
        resolved_by=editor,
        fixed_in=make_revision(question),
    )
    values = form_values(editor_client.get(change_url(report)))
    values.update(status=ReportStatus.OPEN)

    editor_client.post(change_url(report), values)

    report.refresh_from_db()
    assert (report.status, report.resolved_at, report.resolved_by, report.fixed_in) == (
        ReportStatus.OPEN,
        None,
        None,
        None,
    )


def test_mark_resolved_records_who_when_and_each_questions_latest_revision(
    editor_client, editor, question
):
    other = make_question("What is WSGI?")
    make_revision(question, created_at=timezone.now() - timedelta(days=1))
    fixed_here = make_revision(question)
    fixed_there = make_revision(other)
    here, there = make_report(question), make_report(other)
    already_dismissed = make_report(question, status=ReportStatus.DISMISSED)

    response = run_action(editor_client, "mark_resolved", [here, there, already_dismissed])

    assert response.status_code == 302
    for report in (here, there, already_dismissed):
        report.refresh_from_db()
    assert (here.status, here.fixed_in, here.resolved_by) == (
        ReportStatus.RESOLVED,
        fixed_here,
        editor,
    )
    assert (there.status, there.fixed_in) == (ReportStatus.RESOLVED, fixed_there)
    assert here.resolved_at is not None
    assert already_dismissed.status == ReportStatus.DISMISSED


def test_dismiss(editor_client, editor, question):
    report = make_report(question)

    run_action(editor_client, "dismiss", [report])

    report.refresh_from_db()
    assert (report.status, report.resolved_by, report.fixed_in) == (
        ReportStatus.DISMISSED,
        editor,
        None,
    )
    assert report.resolved_at is not None


def offered_actions(client):
    form = client.get(CHANGELIST).context["action_form"]
    return {name for name, _ in form.fields["action"].choices if name}


def test_editors_resolve_and_dismiss_and_only_publishers_delete(client, editor, publisher):
    client.force_login(editor)
    assert offered_actions(client) == {"mark_resolved", "dismiss"}
    client.force_login(publisher)
    assert offered_actions(client) == {"mark_resolved", "dismiss", "delete_selected"}


def test_nobody_adds_a_report_in_the_admin(editor_client, client, superuser):
    assert editor_client.get(f"{CHANGELIST}add/").status_code == 403
    client.force_login(superuser)
    assert client.get(f"{CHANGELIST}add/").status_code == 403


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_readers_get_no_admin_access(client, question, reader, who):
    report = make_report(question)
    if who == "reader":
        client.force_login(reader)

    for url in [CHANGELIST, change_url(report)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    run_action(client, "dismiss", [report])
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN


def test_the_list_reads_a_constant_number_of_queries(
    editor_client, reader, django_assert_max_num_queries
):
    def fill(count):
        for number in range(count):
            topic = make_topic()
            question = make_question(topic=topic)
            make_report(question, reporter=reader if number % 2 else None, email="a@example.com")

    fill(2)
    with django_assert_max_num_queries(12) as few:
        assert editor_client.get(CHANGELIST).status_code == 200
    fill(40)
    with django_assert_max_num_queries(len(few)):
        assert editor_client.get(CHANGELIST).status_code == 200
