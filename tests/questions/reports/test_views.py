"""Readers and anonymous visitors report a problem with a published question."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from questions.reports import ratelimit
from questions.reports.models import MAX_REPORT_LENGTH, Report, ReportKind, ReportStatus
from questions.reports.ratelimit import REPORTS_PER_WINDOW, WINDOW_SECONDS
from tests.factories import make_draft, make_scheduled
from tests.pages import attr, find, find_all, form_values, parse, text

from .conftest import make_report

REPORT_URL = "/questions/gil/report/"


def post(client, url=REPORT_URL, *, address="192.0.2.1", **fields):
    data = {"kind": ReportKind.WRONG, "text": "Threads still take turns.", **fields}
    return client.post(url, data, REMOTE_ADDR=address)


def test_the_question_page_links_to_the_report_form(client, question):
    page = parse(client.get(question.get_absolute_url()))

    link = find(find(page, "p", css_class="report-link"), "a")
    assert attr(link, "href") == REPORT_URL
    assert text(link) == "Report a problem"
    assert not find_all(page, "form", attrs={"action": REPORT_URL})


def test_the_link_keeps_the_anonymous_question_page_in_the_page_cache(client, question, settings):
    settings.PAGE_CACHE_SECONDS = 300
    url = question.get_absolute_url()

    first, second = client.get(url), client.get(url)

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert REPORT_URL in second.content.decode()


def test_the_report_page_is_never_cached_and_offers_every_kind(client, question, settings):
    settings.PAGE_CACHE_SECONDS = 300
    response = client.get(REPORT_URL)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "X-Page-Cache" not in response
    page = parse(response)
    kinds = [attr(radio, "value") for radio in find_all(page, "input", attrs={"name": "kind"})]
    assert kinds == ReportKind.values
    assert attr(find(page, "textarea", attrs={"name": "text"}), "maxlength") == str(
        MAX_REPORT_LENGTH
    )
    assert find_all(page, "input", attrs={"name": "email"})
    assert find_all(page, "input", attrs={"name": "csrfmiddlewaretoken"})


def test_the_trap_is_hidden_from_people_and_screen_readers(client, question, settings):
    trap = find(parse(client.get(REPORT_URL)), "div", css_class="report-trap")

    assert attr(trap, "aria-hidden") == "true"
    assert attr(find(trap, "input"), "tabindex") == "-1"
    assert ".report-trap {" in (settings.BASE_DIR / "static/css/site.css").read_text()


def test_a_reader_is_not_asked_for_an_email(client, question, reader):
    client.force_login(reader)

    page = parse(client.get(REPORT_URL))

    assert not find_all(page, "input", attrs={"name": "email"})


def test_an_anonymous_visitor_reports_a_problem(client, question):
    response = post(client, kind=ReportKind.OUTDATED, email="me@example.com")

    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Thanks, an editor will look at it."
    ]
    stored = Report.objects.get()
    assert (stored.question, stored.kind, stored.text, stored.email, stored.reporter) == (
        question,
        ReportKind.OUTDATED,
        "Threads still take turns.",
        "me@example.com",
        None,
    )
    assert stored.status == ReportStatus.OPEN


def test_the_thanks_is_shown_on_the_question_page(client, question):
    response = client.post(
        REPORT_URL, {"kind": "typo", "text": "Speling."}, follow=True, REMOTE_ADDR="192.0.2.1"
    )

    assert response.redirect_chain == [(question.get_absolute_url(), 302)]
    assert "Thanks, an editor will look at it." in text(
        find(parse(response), "ul", css_class="messages")
    )


def test_a_reader_reports_a_problem_under_their_account(client, question, reader):
    client.force_login(reader)

    response = post(client, email="ignored@example.com")

    assert response.status_code == 302
    stored = Report.objects.get()
    assert stored.reporter == reader
    assert stored.email == ""


def test_the_form_as_rendered_posts_back(client, question):
    values = form_values(client.get(REPORT_URL))
    values.update(kind="unclear", text="Which Python version?")

    response = client.post(REPORT_URL, values)

    assert response.status_code == 302
    assert Report.objects.get().kind == "unclear"


@pytest.mark.parametrize("make", [make_draft, make_scheduled])
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_published_questions_can_be_reported(client, topic, make, method, editor):
    hidden = make("Not live yet?", slug="hidden", topic=topic)
    url = f"/questions/{hidden.slug}/report/"

    answered = getattr(client, method)(url, {"kind": "wrong", "text": "x"})
    client.force_login(editor)  # even those who may preview it
    as_editor = getattr(client, method)(url, {"kind": "wrong", "text": "x"})

    assert (answered.status_code, as_editor.status_code) == (404, 404)
    assert not Report.objects.exists()


def test_the_draft_preview_has_no_report_link(client, topic, editor):
    draft = make_draft("Not live yet?", slug="hidden", topic=topic)
    client.force_login(editor)

    page = parse(client.get(draft.get_absolute_url()))

    assert not find_all(page, "p", css_class="report-link")


def test_an_unknown_question_is_not_found(client, question):
    assert client.get("/questions/nope/report/").status_code == 404


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"kind": "rant"}, "kind", "Select a valid choice."),
        ({"kind": ""}, "kind", "This field is required."),
        ({"text": ""}, "text", "This field is required."),
        ({"text": "   \n "}, "text", "This field is required."),
        ({"text": "x" * (MAX_REPORT_LENGTH + 1)}, "text", "at most 2000 characters"),
        ({"email": "not an address"}, "email", "Enter a valid email address."),
    ],
)
def test_invalid_reports_are_shown_again_with_the_errors(client, question, fields, field, message):
    response = post(client, **fields)

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert message in text(find(parse(response), "div", css_class="report-card"))
    assert not Report.objects.exists()


def test_a_text_of_the_maximum_length_is_taken(client, question):
    assert post(client, text="x" * MAX_REPORT_LENGTH).status_code == 302
    assert len(Report.objects.get().text) == MAX_REPORT_LENGTH


def test_a_filled_in_trap_is_answered_like_a_report_but_stores_nothing(client, question):
    response = post(client, website="https://spam.example")

    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Thanks, an editor will look at it."
    ]
    assert not Report.objects.exists()


def test_a_trap_hit_stores_nothing_even_with_invalid_fields(client, question):
    response = post(client, kind="rant", website="x")

    assert response.status_code == 302
    assert not Report.objects.exists()


def assert_rate_limited(response):
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= WINDOW_SECONDS
    page = parse(response)
    assert text(find(page, "h1")) == "Too many reports"
    assert "minute" in text(find(page, "main"))


def test_the_sixth_report_in_an_hour_from_one_address_is_refused(question):
    # A fresh client each time: no session in common, only the address.
    for _ in range(REPORTS_PER_WINDOW):
        assert post(Client()).status_code == 302

    refused = post(Client())

    assert_rate_limited(refused)
    assert Report.objects.count() == REPORTS_PER_WINDOW
    assert_rate_limited(Client().get(REPORT_URL, REMOTE_ADDR="192.0.2.1"))
    assert post(Client(), address="192.0.2.2").status_code == 302


def test_the_sixth_report_in_an_hour_from_one_session_is_refused(client, question):
    for number in range(REPORTS_PER_WINDOW):
        assert post(client, address=f"198.51.100.{number}").status_code == 302

    refused = post(client, address="198.51.100.99")

    assert_rate_limited(refused)
    assert Report.objects.count() == REPORTS_PER_WINDOW


def test_a_readers_session_is_limited_too(client, question, reader):
    client.force_login(reader)
    for number in range(REPORTS_PER_WINDOW):
        assert post(client, address=f"198.51.100.{number}").status_code == 302

    assert_rate_limited(post(client, address="198.51.100.99"))


def test_trap_hits_count_against_the_limit(question):
    for _ in range(REPORTS_PER_WINDOW):
        post(Client(), website="spam")

    assert_rate_limited(post(Client()))
    assert not Report.objects.exists()


def test_invalid_attempts_do_not_use_up_the_limit(client, question):
    for _ in range(REPORTS_PER_WINDOW + 1):
        assert post(client, text="").status_code == 400

    assert post(client).status_code == 302


class UnreachableCache:
    def __getattr__(self, name):
        def down(*args, **kwargs):
            raise ConnectionError("cache unreachable")

        return down


def test_the_limit_lets_reports_through_when_the_cache_is_down(client, question, monkeypatch):
    monkeypatch.setattr(ratelimit, "cache", UnreachableCache())

    assert client.get(REPORT_URL).status_code == 200
    assert post(client).status_code == 302
    assert Report.objects.count() == 1


def test_csrf_is_enforced(question):
    client = Client(enforce_csrf_checks=True)

    refused = post(client)
    token = form_values(client.get(REPORT_URL))["csrfmiddlewaretoken"]
    accepted = post(client, csrfmiddlewaretoken=token)

    assert refused.status_code == 403
    assert accepted.status_code == 302
    assert Report.objects.count() == 1


SECRET = "REPORTED-SECRET-TEXT"


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_nothing_of_a_report_is_shown_publicly(client, question, reader, who):
    make_report(question, text=f"{SECRET} <b>bold</b>", email="secret-reporter@example.com")
    make_report(question, text=SECRET, reporter=reader)
    if who == "reader":
        client.force_login(reader)

    pages = [
        "/",
        "/questions/",
        f"/topics/{question.topic.slug}/",
        question.get_absolute_url(),
        "/questions/?q=GIL",
        "/questions/?q=REPORTED",
        "/feeds/latest/",
        "/sitemap.xml",
        REPORT_URL,
        "/practice/",
    ]
    if who == "reader":
        pages.append("/accounts/profile/")
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert SECRET not in content, url
        assert "secret-reporter" not in content, url
