"""The admin's import preview tells the truth: what was found, left out and unanswered.

And the choices it offers: importing unanswered questions as drafts, and a topic
for an article that names none. Real HTTP requests through the test client.
"""

import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from questions.articles.importer import parse_article
from questions.bank import export_bank
from questions.models import Answer, Question, Status, Topic
from questions.revisions.models import Action, Revision
from tests.factories import make_question, make_topic
from tests.pages import find, find_all, listed_titles, parse, text

from .test_admin_import import IMPORT_URL, confirmation_data, new_topic

# Four questions, two of them without answers, numbered up to 40, with an ad between.
CACHING = """Caching Interview Questions

1. What is a cache hit?
When the value asked for is already in the cache.

2. What does cache invalidation mean?

3. Why set a timeout on cached values?
So that stale values expire on their own, without anyone deleting them.

Subscribe to our newsletter and click here for a free e-book!

40. What is a cache stampede?
"""

CACHING_ANSWERED = ["What is a cache hit?", "Why set a timeout on cached values?"]
CACHING_UNANSWERED = ["What does cache invalidation mean?", "What is a cache stampede?"]

# Mostly promotion: one short question is all the import would keep.
QUEUES = """Message Queues

Join our live class today: click here to save your seat!

Subscribe to our newsletter for weekly tips and click here to get the free checklist!

Follow us and share this article with your friends, click here to join the community!

1. What is a queue?
A list of jobs.
"""

# No title line and no section heading: nothing names a topic.
NAMELESS = "Q: What is a cookie?\nA small piece of data the browser keeps.\n"

ONLY_QUESTIONS = "1. What is a cookie?\n2. What is a session?\n"


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    cache.clear()


def public_titles() -> list[str]:
    """The titles an anonymous visitor sees in the full question list."""
    response = Client().get("/questions/")
    assert response.status_code == 200
    return listed_titles(response)


def preview(client, **data):
    response = client.post(IMPORT_URL, data)
    assert response.status_code == 200, response.content.decode()
    return response


def content_main(response):
    return find(parse(response), "div", attrs={"id": "content-main"})


def items(response, css_class: str) -> list[str]:
    return [
        text(li) for li in find_all(find(content_main(response), "ul", css_class=css_class), "li")
    ]


def test_the_preview_lists_what_was_found_left_out_and_unanswered(client, editor):
    client.force_login(editor)
    response = preview(client, text=CACHING)
    assert not Question.objects.exists() and not Topic.objects.exists()
    page = text(content_main(response))

    assert "4 questions found: 2 with answers, 2 without." in page
    assert "Topic: Caching." in page
    article = parse_article(CACHING)
    share = round(100 * sum(block.chars for block in article.left_out) / article.source_chars)
    assert f"Left out 1 block, {share}% of the text:" in page
    assert items(response, "import-left-out") == [
        "\u201cSubscribe to our newsletter and click here for a free e-book!\u201d "
        "(promotion and calls to action)"
    ]
    assert items(response, "import-unanswered") == [
        f"\u201c{title}\u201d (unanswered)" for title in CACHING_UNANSWERED
    ]
    assert "2 questions without answers, listed as unanswered and not imported:" in page
    warning = items(response, "import-numbering-warning")
    assert warning == [
        "The numbers run to 40, but 4 questions were found: check the preview before importing."
    ]
    # Enough of the text is kept: no warning about that.
    assert "of the text would be imported" not in page
    assert response.content.decode().count('<tr class="import-created">') == 2
    assert 'value="Import 2 questions"' in response.content.decode()
    # The form below offers the two unanswered questions, by number.
    assert "Also import the 2 questions without answers, as drafts" in page


def test_an_import_that_keeps_under_half_of_the_text_says_so_first(client, editor):
    client.force_login(editor)
    response = preview(client, text=QUEUES)
    first = next(child for child in content_main(response).children if not isinstance(child, str))
    assert text(first) == (
        "\u201cMessage Queues\u201d: only "
        f"{round(100 * parse_article(QUEUES).kept_share)}% of the text would be imported: "
        "check what was left out before importing."
    )
    assert "import-kept-warning" in dict(first.attributes)["class"]
    assert len(items(response, "import-left-out")) == 3
    assert not Question.objects.exists()


def test_an_article_that_keeps_most_of_its_text_has_no_warnings(client, editor):
    client.force_login(editor)
    response = preview(client, text=NAMELESS, **new_topic("HTTP"))
    page = text(content_main(response))
    assert "1 question found, it has an answer." in page
    assert "Nothing was left out." in page
    assert "Topic: HTTP." in page
    assert not find_all(content_main(response), css_class="warning")


def test_unanswered_questions_are_imported_as_drafts_only_when_asked(client, editor):
    live = make_question("What is a CDN?", topic=make_topic("Caching", slug="caching"))
    client.force_login(editor)
    before = public_titles()
    assert before == [live.title]

    # Not asked: only the answered questions are imported.
    client.post(IMPORT_URL, confirmation_data(preview(client, text=CACHING)))
    assert sorted(Question.objects.exclude(pk=live.pk).values_list("title", flat=True)) == sorted(
        CACHING_ANSWERED
    )

    response = preview(client, text=CACHING, include_unanswered="on")
    content = response.content.decode()
    assert "2 questions without answers, imported as drafts with no answer:" in text(
        content_main(response)
    )
    assert content.count('<tr class="import-created import-without-answer">') == 2
    assert content.count('<tr class="import-unchanged">') == 2
    assert 'value="Import 2 questions"' in content
    data = confirmation_data(response)
    assert data["include_unanswered"] == "True"
    assert client.post(IMPORT_URL, data).status_code == 302

    for title in CACHING_UNANSWERED:
        question = Question.objects.get(title=title)
        assert question.status == Status.DRAFT and question.author == editor
        assert question.topic == live.topic
        assert not question.answers.exists()
        assert Revision.objects.filter(
            kind="question", object_id=question.pk, action=Action.IMPORTED
        ).exists()
    assert Answer.objects.filter(question__title__in=CACHING_UNANSWERED).count() == 0
    # Nothing an editor does puts anything live.
    assert public_titles() == before
    assert listed_titles(Client().get("/topics/caching/")) == [live.title]


def test_the_publish_option_never_publishes_an_unanswered_question(client, publisher):
    client.force_login(publisher)
    response = preview(client, text=CACHING, include_unanswered="on", publish="on")
    assert (
        "Created and updated questions are published, except the 2 questions without an "
        "answer: a question needs an answer before it is published, so they stay drafts."
    ) in text(content_main(response))
    assert client.post(IMPORT_URL, confirmation_data(response)).status_code == 302

    published = Question.objects.published()
    assert sorted(published.values_list("title", flat=True)) == sorted(CACHING_ANSWERED)
    drafts = Question.objects.filter(title__in=CACHING_UNANSWERED)
    assert {q.status for q in drafts} == {Status.DRAFT} and drafts.count() == 2
    assert not Answer.objects.filter(question__in=drafts).exists()
    assert sorted(public_titles()) == sorted(CACHING_ANSWERED)
    for title in CACHING_UNANSWERED:
        assert title not in Client().get("/topics/caching/").content.decode()


def test_an_article_of_questions_only_has_nothing_to_import_unless_they_are_included(
    client, editor
):
    client.force_login(editor)
    response = preview(client, text=ONLY_QUESTIONS, **new_topic("Sessions"))
    page = text(content_main(response))
    assert "2 questions found: 0 with answers, 2 without." in page
    assert (
        "Nothing to import unless you include the unanswered questions: tick "
        "\u201cAlso import the 2 questions without answers, as drafts\u201d below and "
        "preview again."
    ) in page
    assert 'name="confirm"' not in response.content.decode()
    assert not Question.objects.exists() and not Topic.objects.exists()

    response = preview(
        client, text=ONLY_QUESTIONS, include_unanswered="on", **new_topic("Sessions")
    )
    client.post(IMPORT_URL, confirmation_data(response))
    assert sorted(Question.objects.values_list("title", "status", "topic__name")) == [
        ("What is a cookie?", Status.DRAFT, "Sessions"),
        ("What is a session?", Status.DRAFT, "Sessions"),
    ]
    assert not Answer.objects.exists()
    assert public_titles() == []


# --- The topic picker -------------------------------------------------------


def topic_options(response) -> list[tuple[str, str]]:
    select = find(parse(response), "select", attrs={"name": "topic"})
    return [
        (dict(option.attributes)["value"], text(option)) for option in find_all(select, "option")
    ]


def test_the_picker_offers_existing_topics_and_a_new_one(client, editor):
    routing = make_topic("Routing", slug="routing")
    forms_topic = make_topic("Forms", slug="forms")
    client.force_login(editor)
    options = topic_options(client.get(IMPORT_URL))
    assert options[0] == ("", "The topics the article names")
    assert set(options[1:-1]) == {(str(routing.pk), "Routing"), (str(forms_topic.pk), "Forms")}
    assert options[-1] == ("new", "New topic\u2026")
    assert find(parse(client.get(IMPORT_URL)), "input", attrs={"name": "new_topic"})


def test_an_existing_topic_picked_takes_the_questions(client, editor):
    topic = make_topic("HTTP basics", slug="http-basics")
    client.force_login(editor)
    response = preview(client, text=NAMELESS, topic=str(topic.pk))
    assert "Topic: HTTP basics." in text(content_main(response))
    assert client.post(IMPORT_URL, confirmation_data(response)).status_code == 302
    question = Question.objects.get()
    assert (question.title, question.topic, question.status) == (
        "What is a cookie?",
        topic,
        Status.DRAFT,
    )
    assert Topic.objects.count() == 1


def test_a_new_topic_named_in_the_picker_is_created(client, editor):
    client.force_login(editor)
    response = preview(client, text=NAMELESS, **new_topic("Browser storage"))
    assert "Browser storage (new topic): 1 created" in text(content_main(response))
    assert not Topic.objects.exists()
    client.post(IMPORT_URL, confirmation_data(response))
    assert list(Question.objects.values_list("topic__name", "topic__slug")) == [
        ("Browser storage", "browser-storage")
    ]


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        ({}, "Nothing in the article names a topic (it has no title and no section headings)"),
        ({"topic": "new"}, "Type the new topic\u2019s name."),
        ({"topic": "new", "new_topic": "   "}, "Type the new topic\u2019s name."),
        ({"topic": "99999"}, "Select a valid choice."),
        ({"new_topic": "x" * 121}, "Ensure this value has at most 120 characters"),
    ],
)
def test_a_missing_or_bad_topic_is_a_form_error_and_writes_nothing(client, editor, choice, message):
    make_question("Already here?")
    before = export_bank()
    client.force_login(editor)
    for action in ({}, {"confirm": "Import"}):
        response = client.post(IMPORT_URL, {"text": NAMELESS, **choice, **action})
        assert response.status_code == 400
        assert message in text(parse(response))
        assert 'name="confirm"' not in response.content.decode()
    assert export_bank() == before


def test_picking_an_existing_topic_and_naming_a_new_one_is_refused(client, editor):
    topic = make_topic("HTTP basics", slug="http-basics")
    client.force_login(editor)
    response = client.post(IMPORT_URL, {"text": NAMELESS, "topic": topic.pk, "new_topic": "Else"})
    assert response.status_code == 400
    assert "Pick an existing topic or name a new one, not both." in text(parse(response))
    assert not Question.objects.exists() and Topic.objects.count() == 1


def test_a_name_typed_without_choosing_new_topic_is_a_new_topic(client, editor):
    client.force_login(editor)
    response = preview(client, text=NAMELESS, new_topic="Cookies")
    client.post(IMPORT_URL, confirmation_data(response))
    assert list(Question.objects.values_list("topic__name", flat=True)) == ["Cookies"]


def test_an_uploaded_file_that_needs_a_topic_keeps_its_text_for_the_next_try(client, editor):
    client.force_login(editor)
    upload = SimpleUploadedFile("cookies.txt", NAMELESS.encode(), content_type="text/plain")
    response = client.post(IMPORT_URL, {"file": upload})
    assert response.status_code == 400
    page = text(parse(response))
    assert "Nothing in the article names a topic" in page
    # What the file holds is shown all the same, and its text waits in the text box.
    assert "1 question found, it has an answer." in page
    textarea = re.search(
        r'<textarea name="text"[^>]*>\n(.*?)</textarea>', response.content.decode(), re.S
    )
    assert textarea.group(1) == NAMELESS
    assert not Question.objects.exists()

    response = preview(client, text=textarea.group(1), **new_topic("Cookies"))
    client.post(IMPORT_URL, confirmation_data(response))
    assert list(Question.objects.values_list("title", flat=True)) == ["What is a cookie?"]


def test_a_picked_topic_overrides_the_article_topics(client, editor):
    topic = make_topic("Performance", slug="performance")
    client.force_login(editor)
    response = preview(client, text=CACHING, topic=str(topic.pk))
    assert "Topic: Performance." in text(content_main(response))
    client.post(IMPORT_URL, confirmation_data(response))
    assert set(Question.objects.values_list("topic__name", flat=True)) == {"Performance"}


# The second section's questions have no answers.
TWO_SECTIONS = """Web Questions

## Caching

1. What is a cache hit?
When the value asked for is already in the cache.

## Sessions

2. What is a session cookie?

3. How long should a session last?
"""


def test_a_section_of_unanswered_questions_creates_no_topic_unless_they_are_included(
    client, editor
):
    client.force_login(editor)
    response = preview(client, text=TWO_SECTIONS)
    assert "Topics: Caching, Sessions." in text(content_main(response))
    client.post(IMPORT_URL, confirmation_data(response))
    assert list(Topic.objects.values_list("name", flat=True)) == ["Caching"]
    assert list(Question.objects.values_list("title", flat=True)) == ["What is a cache hit?"]

    response = preview(client, text=TWO_SECTIONS, include_unanswered="on")
    assert "Sessions (new topic): 2 created, 0 updated, 0 unchanged" in text(content_main(response))
    client.post(IMPORT_URL, confirmation_data(response))
    assert sorted(Topic.objects.values_list("name", flat=True)) == ["Caching", "Sessions"]
    sessions = Question.objects.filter(topic__name="Sessions")
    assert sessions.count() == 2 and not Answer.objects.filter(question__in=sessions).exists()
    assert public_titles() == []


def test_repeated_furniture_is_one_line_with_a_count(client, editor):
    article = "\n\n".join(
        f"## {n}. What is thing {n}?\n\nThing {n} is a thing.\n\n[⬆ Back to top](#top)"
        for n in range(1, 4)
    )
    client.force_login(editor)

    preview = client.post(IMPORT_URL, {"text": article, **new_topic("Things")})

    items = [text(item) for item in find_all(parse(preview), "li")]
    back = [item for item in items if "Back to top" in item]
    assert back == [
        "“Back to top” \u00d73 (page furniture (layout, banners, navigation, language links))"
    ]
    assert "Left out 3 blocks" in preview.content.decode()
