"""Sitemap, robots.txt, the Atom feed, canonical links and page titles."""

from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from questions.models import Question, Status
from tests.factories import (
    bulk_make_questions,
    make_draft,
    make_framework,
    make_question,
    make_scheduled,
    make_topic,
)
from tests.pages import attr, find, find_all, parse, text

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ATOM_NS = {"a": "http://www.w3.org/2005/Atom"}
BASE = "http://testserver"


@pytest.fixture
def bank(topic, django_framework):
    """A visible topic, a topic with only a draft, and questions in every state."""
    hidden_topic = make_topic("Hidden", slug="hidden")
    published = make_question("Published one?", topic=topic, slug="published-one")
    make_draft("A draft?", topic=topic, slug="a-draft")
    make_draft("Hidden draft?", topic=hidden_topic, slug="hidden-draft")
    make_scheduled("Scheduled?", topic=topic, slug="scheduled")
    Question.objects.filter(pk=published.pk).update(
        updated_at=datetime(2024, 5, 6, 12, 0, tzinfo=UTC)
    )
    return {"published": published, "topic": topic}


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return ElementTree.fromstring(response.content)


def sitemap_entries(client):
    """Every URL of every sitemap the index at /sitemap.xml points to, with its lastmod."""
    entries = {}
    index = xml(client, "/sitemap.xml")
    for sitemap in index.findall("s:sitemap", SITEMAP_NS):
        location = sitemap.findtext("s:loc", namespaces=SITEMAP_NS)
        assert location.startswith(f"{BASE}/sitemap-")
        for url in xml(client, location.removeprefix(BASE)).findall("s:url", SITEMAP_NS):
            location = url.findtext("s:loc", namespaces=SITEMAP_NS)
            entries[location] = url.findtext("s:lastmod", namespaces=SITEMAP_NS)
    return entries


def test_the_sitemap_lists_published_questions_and_visible_topics_only(client, bank):
    topic = bank["topic"]
    topic.refresh_from_db()

    assert sitemap_entries(client) == {
        f"{BASE}/topics/routing/": topic.updated_at.date().isoformat(),
        f"{BASE}/questions/published-one/": "2024-05-06",
    }


def test_the_sitemap_index_dates_each_section_by_its_newest_change(client, bank):
    index = xml(client, "/sitemap.xml")
    sections = {
        sitemap.findtext("s:loc", namespaces=SITEMAP_NS): sitemap.findtext(
            "s:lastmod", namespaces=SITEMAP_NS
        )
        for sitemap in index.findall("s:sitemap", SITEMAP_NS)
    }
    assert sections[f"{BASE}/sitemap-questions.xml"].startswith("2024-05-06")


def test_a_large_bank_is_split_into_sitemap_pages_with_constant_queries(client):
    topics, frameworks = [make_topic(), make_topic()], [make_framework("f0")]
    bulk_make_questions(5, topics=topics, frameworks=frameworks)
    with CaptureQueriesContext(connection) as small:
        xml(client, "/sitemap-questions.xml")
    bulk_make_questions(1200, topics=topics, frameworks=frameworks)
    bulk_make_questions(10, topics=topics, frameworks=frameworks, status=Status.DRAFT)
    with CaptureQueriesContext(connection) as large:
        assert len(xml(client, "/sitemap-questions.xml").findall("s:url", SITEMAP_NS)) == 1000
    assert len(large) == len(small)
    assert len(xml(client, "/sitemap-questions.xml?p=2").findall("s:url", SITEMAP_NS)) == 205
    assert len(sitemap_entries(client)) == 1205 + 2


@pytest.mark.parametrize(
    "url", ["/sitemap-nothing.xml", "/sitemap-questions.xml?p=9", "/sitemap-questions.xml?p=x"]
)
def test_unknown_sitemap_pages_are_404(client, bank, url):
    assert client.get(url).status_code == 404


def test_robots_txt_keeps_crawlers_out_of_admin_and_accounts(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: *\n"
        "Disallow: /admin/\n"
        "Disallow: /accounts/\n"
        "Allow: /\n"
        "\n"
        "Sitemap: http://testserver/sitemap.xml\n"
    )


def feed_entries(client):
    response = client.get("/feeds/latest/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ElementTree.fromstring(response.content)
    return root, root.findall("a:entry", ATOM_NS)


def test_the_feed_lists_newly_published_questions_newest_first(client, topic, django_framework):
    now = timezone.now()
    for days in (3, 1, 2):
        make_question(
            f"Published {days} days ago?",
            topic=topic,
            framework=django_framework,
            publish_at=now - timedelta(days=days),
            body="Some `code`.",
            answers=["The secret answer."],
        )
    make_draft("Draft?", topic=topic)
    make_scheduled("Tomorrow?", topic=topic)

    root, entries = feed_entries(client)

    assert root.findtext("a:title", namespaces=ATOM_NS) == "PyInterview: new interview questions"
    assert [entry.findtext("a:title", namespaces=ATOM_NS) for entry in entries] == [
        "Published 1 days ago?",
        "Published 2 days ago?",
        "Published 3 days ago?",
    ]
    first = entries[0]
    assert first.find("a:link", ATOM_NS).get("href").startswith(f"{BASE}/questions/question-")
    summary = first.findtext("a:summary", namespaces=ATOM_NS)
    assert summary == "<p>Beginner · Django · Routing and URLs</p><p>Some <code>code</code>.</p>"
    assert "secret answer" not in ElementTree.tostring(root, encoding="unicode")
    terms = {category.get("term") for category in first.findall("a:category", ATOM_NS)}
    assert terms == {"Routing and URLs", "Django", "Beginner"}


def test_the_feed_escapes_names_in_its_summary(client, django_framework):
    make_question(topic=make_topic("<b>Bold</b> topic", slug="bold"), framework=django_framework)
    _, entries = feed_entries(client)
    summary = entries[0].findtext("a:summary", namespaces=ATOM_NS)
    assert "&lt;b&gt;Bold&lt;/b&gt; topic" in summary


def test_the_feed_has_30_entries_in_a_constant_number_of_queries(client):
    topics, frameworks = [make_topic()], [make_framework("f0")]
    bulk_make_questions(5, topics=topics, frameworks=frameworks)
    with CaptureQueriesContext(connection) as small:
        assert len(feed_entries(client)[1]) == 5
    bulk_make_questions(195, topics=topics, frameworks=frameworks)
    bulk_make_questions(10, topics=topics, frameworks=frameworks, status=Status.DRAFT)
    with CaptureQueriesContext(connection) as large:
        assert len(feed_entries(client)[1]) == 30
    assert len(large) == len(small) == 1


@pytest.fixture
def pages(bank, reader):
    return {
        "home": "/",
        "list": "/questions/",
        "topic": "/topics/routing/",
        "question": "/questions/published-one/",
        "practice": "/practice/",
        "mock": "/practice/mock/",
        "login": "/accounts/login/",
        "signup": "/accounts/signup/",
        "missing": "/no-such-page/",
    }


def head_links(response, rel):
    return [link for link in find_all(parse(response), "link") if attr(link, "rel") == rel]


@pytest.mark.parametrize(
    "page", ["home", "list", "topic", "question", "practice", "mock", "login", "signup", "missing"]
)
def test_every_page_links_the_feed_and_a_canonical_url(client, pages, page):
    response = client.get(pages[page])

    feeds = head_links(response, "alternate")
    assert [(attr(link, "type"), attr(link, "href")) for link in feeds] == [
        ("application/atom+xml", "/feeds/latest/")
    ]
    canonical = head_links(response, "canonical")
    assert len(canonical) == 1
    assert attr(canonical[0], "href").startswith(BASE + "/")


def test_the_profile_links_the_feed_too(client, reader):
    client.force_login(reader)
    assert head_links(client.get("/accounts/profile/"), "alternate")


def canonical(client, url):
    return attr(head_links(client.get(url), "canonical")[0], "href")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", "/"),
        ("/?utm_source=newsletter&fbclid=x", "/"),
        ("/questions/published-one/", "/questions/published-one/"),
        ("/questions/published-one/?framework=django&utm_medium=x", "/questions/published-one/"),
        (
            "/topics/routing/?difficulty=beginner&utm_source=x&framework=django",
            "/topics/routing/?framework=django&difficulty=beginner",
        ),
        (
            "/topics/routing/?framework=no-such&difficulty=beginner",
            "/topics/routing/?difficulty=beginner",
        ),
        ("/topics/routing/?page=1", "/topics/routing/"),
        ("/questions/?q=url&ref=twitter", "/questions/?q=url"),
        ("/questions/?progress=known&difficulty=beginner", "/questions/?difficulty=beginner"),
        ("/practice/?topic=routing&seen=1,2&question=5", "/practice/?topic=routing"),
        ("/practice/mock/?topic=routing", "/practice/mock/"),
    ],
)
def test_canonical_urls_keep_meaningful_filters_and_drop_the_rest(client, bank, url, expected):
    assert canonical(client, url) == BASE + expected


def test_canonical_urls_keep_the_page_number(client, topic, django_framework, settings):
    bulk_make_questions(
        settings.QUESTIONS_PER_PAGE + 1, topics=[topic], frameworks=[django_framework]
    )
    assert canonical(client, "/topics/routing/?page=2&utm_x=1") == f"{BASE}/topics/routing/?page=2"
    assert (
        canonical(client, "/questions/?framework=django&page=2")
        == f"{BASE}/questions/?framework=django&page=2"
    )


def test_signed_in_readers_get_the_same_canonical_as_everyone(client, bank, reader):
    client.force_login(reader)
    url = "/topics/routing/?progress=known&framework=django"
    assert canonical(client, url) == f"{BASE}/topics/routing/?framework=django"


def title(client, url):
    return text(find(parse(client.get(url)), "title"))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", "Python web interview questions · PyInterview"),
        ("/topics/routing/", "Routing and URLs interview questions · PyInterview"),
        ("/questions/published-one/", "Published one? · PyInterview"),
        ("/practice/?topic=routing", "Practise: Published one? · PyInterview"),
        ("/practice/?difficulty=advanced", "Practice · PyInterview"),
        ("/practice/mock/", "Timed mock interview · PyInterview"),
        ("/accounts/login/", "Log in · PyInterview"),
        ("/no-such-page/", "Page not found · PyInterview"),
    ],
)
def test_pages_have_descriptive_titles(client, bank, url, expected):
    assert title(client, url) == expected


def test_the_profile_and_mock_pages_have_titles(client, bank, reader):
    client.force_login(reader)
    assert title(client, "/accounts/profile/") == "Your profile · PyInterview"
    client.post("/practice/mock/", {"topic": "routing", "questions": "1", "minutes": "1"})
    assert title(client, "/practice/mock/1/") == "Mock interview: question 1 of 1 · PyInterview"


# The feed and the sitemaps are read-only documents: any other method is refused.

READ_ONLY_DOCUMENTS = ["/feeds/latest/", "/sitemap.xml", "/sitemap-questions.xml"]


@pytest.mark.parametrize("method", ["PUT", "TRACE", "POST", "DELETE", "PATCH"])
@pytest.mark.parametrize("url", READ_ONLY_DOCUMENTS)
def test_read_only_documents_refuse_other_methods(client, bank, url, method):
    response = client.generic(method, url, "<x/>", content_type="application/xml")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert b"<x/>" not in response.content


@pytest.mark.parametrize("url", READ_ONLY_DOCUMENTS)
def test_read_only_documents_still_answer_get_and_head(client, bank, url):
    assert client.get(url).status_code == 200
    head = client.head(url)
    assert head.status_code == 200
    assert head.content == b""
