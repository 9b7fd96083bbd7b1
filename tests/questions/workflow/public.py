"""What an anonymous visitor sees, read from every public page, to compare with what is live.

`Live` is the test's own account of what publishers have made public: the tests
change it only on a publisher's action, and `assert_public` checks that the
question pages, topic pages, the full list, search, the feed and the sitemap
show exactly that, and that nothing else (drafts, pending text) shows anywhere.
"""

from dataclasses import dataclass, field
from xml.etree import ElementTree

from django.test import Client

from tests.pages import find, find_all, listed_titles, parse, text

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass
class LiveQuestion:
    slug: str
    title: str
    topic: str  # the topic's slug
    answers: list[str]
    body: str = ""


@dataclass
class Live:
    """What readers must see: published questions by slug, topics' descriptions by slug."""

    questions: dict[str, LiveQuestion] = field(default_factory=dict)
    topics: dict[str, str] = field(default_factory=dict)

    def add(self, question: LiveQuestion) -> None:
        self.questions[question.slug] = question

    def of_topic(self, slug: str) -> set[str]:
        return {q.title for q in self.questions.values() if q.topic == slug}

    def matching(self, word: str) -> set[str]:
        word = word.lower()
        return {
            q.title
            for q in self.questions.values()
            if any(word in part.lower() for part in (q.title, q.body, *q.answers))
        }


def live_from(question, topic_description: str | None = None) -> LiveQuestion:
    """The `LiveQuestion` of a question as it is stored now (call it when it goes live)."""
    question.refresh_from_db()
    return LiveQuestion(
        slug=question.slug,
        title=question.title,
        topic=question.topic.slug,
        body=question.body,
        answers=[answer.body for answer in question.answers.order_by("position", "pk")],
    )


def assert_public(live: Live, *, hidden_slugs=(), never_shown=(), probes=()):
    """Every public page, read as an anonymous visitor, shows exactly `live`.

    `hidden_slugs`: question URLs that must answer 404 (drafts, deleted questions).
    `never_shown`: text (a draft's title, an editor's pending answer) that no page holds.
    `probes`: words searched for with ?q=; each must find exactly the live questions
    that hold it.
    """
    client = Client()
    pages = []

    def get(url, status=200):
        response = client.get(url)
        assert response.status_code == status, f"{url}: {response.status_code}, not {status}"
        pages.append((url, response.content.decode()))
        return response

    for question in live.questions.values():
        page = parse(get(f"/questions/{question.slug}/"))
        assert text(find(page, "h1", attrs={"id": "question-title"})) == question.title
        shown = [
            text(find(answer, "div", css_class="prose"))
            for answer in find_all(page, "details", css_class="answer")
        ]
        assert shown == [_plain(body) for body in question.answers], question.slug
        bodies = find_all(page, "div", css_class="question-body")
        assert [text(body) for body in bodies] == ([_plain(question.body)] if question.body else [])

    for slug in hidden_slugs:
        if slug not in live.questions:
            get(f"/questions/{slug}/", status=404)

    assert set(listed_titles(get("/questions/"))) == {q.title for q in live.questions.values()}

    for slug, description in live.topics.items():
        titles = live.of_topic(slug)
        if not titles:
            get(f"/topics/{slug}/", status=404)
            continue
        response = get(f"/topics/{slug}/")
        assert set(listed_titles(response)) == titles, slug
        shown = find_all(parse(response), "div", css_class="topic-description")
        assert [text(div) for div in shown] == ([_plain(description)] if description else [])

    for word in probes:
        found = set(listed_titles(get(f"/questions/?q={word}")))
        assert found == live.matching(word), f"search for {word!r}"

    feed = ElementTree.fromstring(get("/feeds/latest/").content)
    entries = feed.findall(f"{ATOM}entry")
    assert {entry.findtext(f"{ATOM}title") for entry in entries} == {
        q.title.replace("`", "") for q in live.questions.values()
    }

    locations = set()
    index = ElementTree.fromstring(get("/sitemap.xml").content)
    for section in index.iter(f"{SITEMAP}loc"):
        url = section.text.removeprefix("http://testserver")
        sitemap = ElementTree.fromstring(get(url).content)
        locations |= {
            loc.text.removeprefix("http://testserver") for loc in sitemap.iter(f"{SITEMAP}loc")
        }
    visible_topics = {q.topic for q in live.questions.values()}
    assert locations == {f"/questions/{slug}/" for slug in live.questions} | {
        f"/topics/{slug}/" for slug in visible_topics
    }

    for words in never_shown:
        for url, content in pages:
            assert words not in content, f"{words!r} shown on {url}"


def _plain(markdown: str) -> str:
    """The visible text of the simple Markdown the tests write (plain sentences)."""
    return " ".join(markdown.split())
