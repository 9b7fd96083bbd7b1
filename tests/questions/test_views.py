"""The public pages as a visitor sees them: what is listed, counted, linked and revealed."""

import pytest
from django.conf import settings

from questions.models import Question
from tests.factories import bulk_make_questions, make_framework, make_question, make_topic
from tests.pages import attr, find, find_all, listed_titles, parse, results_count, text


def neighbours(response):
    """The (previous, next) links of a question page, None where there is none."""
    nav = find(parse(response), "nav", css_class="prev-next")
    links = {attr(link, "rel"): attr(link, "href") for link in find_all(nav, "a")}
    return links.get("prev"), links.get("next")


def test_home_lists_topics_with_exact_counts_per_difficulty(client):
    routing = make_topic("Routing", slug="routing", position=1)
    orm = make_topic("ORM", slug="orm", position=2)
    for difficulty in ["beginner", "intermediate", "beginner"]:
        make_question(topic=routing, difficulty=difficulty)
    for _ in range(3):
        make_question(topic=orm, difficulty="advanced")

    page = parse(client.get("/"))

    cards = find_all(page, "li", css_class="topic-card")
    assert [text(card) for card in cards] == [
        "Routing 3 questions Beginner 2 Intermediate 1 Advanced 0",
        "ORM 3 questions Beginner 0 Intermediate 0 Advanced 3",
    ]
    assert [attr(link, "href") for link in find_all(cards[0], "a")] == [
        "/topics/routing/",
        "/topics/routing/?difficulty=beginner",
        "/topics/routing/?difficulty=intermediate",
        "/topics/routing/?difficulty=advanced",
    ]


def test_home_links_the_frameworks_that_have_questions(client):
    flask = make_framework("flask", name="Flask", position=1)
    django = make_framework("django", name="Django", position=2)
    make_framework("fastapi", name="FastAPI", position=3)
    make_question(framework=django)
    make_question(framework=flask)

    nav = find(parse(client.get("/")), "nav", attrs={"aria-label": "Frameworks"})

    assert [(text(link), attr(link, "href")) for link in find_all(nav, "a")] == [
        ("Flask", "/questions/?framework=flask"),
        ("Django", "/questions/?framework=django"),
    ]


def test_home_without_questions_says_so(client):
    response = client.get("/")
    assert response.status_code == 200
    assert find_all(parse(response), "li", css_class="topic-card") == []
    assert "No questions are published yet" in text(parse(response))


def test_topic_page_shows_its_description_and_only_its_questions_in_order(client):
    topic = make_topic("Routing", slug="routing", description="Routing **matters**.")
    make_question("Advanced one?", topic=topic, difficulty="advanced")
    make_question("Beginner one?", topic=topic, difficulty="beginner")
    make_question("Middle one?", topic=topic, difficulty="intermediate")
    make_question("Elsewhere?")

    response = client.get("/topics/routing/")

    assert response.status_code == 200
    page = parse(response)
    assert text(find(page, "h1")) == "Routing"
    description = find(page, css_class="topic-description")
    assert text(find(description, "strong")) == "matters"
    assert listed_titles(response) == ["Beginner one?", "Middle one?", "Advanced one?"]
    assert results_count(response) == "3 questions"


def test_unknown_topic_is_404(client):
    assert client.get("/topics/no-such-topic/").status_code == 404


def test_question_list_shows_every_topic_with_its_name(client):
    routing = make_topic("Routing", slug="routing")
    orm = make_topic("ORM", slug="orm")
    make_question("Route?", topic=routing, difficulty="advanced")
    make_question("Query?", topic=orm)

    response = client.get("/questions/")

    assert listed_titles(response) == ["Query?", "Route?"]
    items = [text(item) for item in find_all(parse(response), "li", css_class="question-item")]
    assert "in ORM" in items[0]
    assert "in Routing" in items[1]
    assert results_count(response) == "2 questions"


def test_question_page_shows_question_body_and_answers_hidden_in_details(client, flask_framework):
    topic = make_topic("Routing", slug="routing")
    question = make_question(
        "How does URL routing work?",
        topic=topic,
        framework=flask_framework,
        difficulty="intermediate",
        body="Think about `url_for`.",
        answers=["The **short** answer.", "The long answer:\n\n```python\nroute = 1\n```"],
    )

    response = client.get(f"/questions/{question.slug}/")

    assert response.status_code == 200
    page = parse(response)
    assert text(find(page, "h1")) == "How does URL routing work?"
    assert text(find(find(page, css_class="question-body"), "code")) == "url_for"
    meta = text(find(page, "p", css_class="question-meta"))
    assert "Intermediate" in meta
    assert "Flask" in meta
    details = find_all(page, "details")
    assert len(details) == 2
    assert all("open" not in dict(element.attributes) for element in details)
    assert all(find_all(element, "summary") for element in details)
    assert text(find(details[0], "strong")) == "short"
    assert find_all(details[1], "span", css_class="n")
    # The answers appear inside the <details> and nowhere else on the page.
    assert response.content.decode().count("The <strong>short</strong> answer.") == 1


def test_question_page_breadcrumb_leads_home_and_to_the_topic(client):
    topic = make_topic("Routing", slug="routing")
    question = make_question(topic=topic)

    nav = find(parse(client.get(question.get_absolute_url())), "nav", css_class="breadcrumbs")

    assert [(text(link), attr(link, "href")) for link in find_all(nav, "a")] == [
        ("Topics", "/"),
        ("Routing", "/topics/routing/"),
    ]


def test_question_page_links_previous_and_next_within_the_topic(client):
    topic = make_topic("Routing", slug="routing")
    advanced = make_question(topic=topic, difficulty="advanced")
    first = make_question(topic=topic, difficulty="beginner")
    make_question(difficulty="beginner")  # another topic, in between by id
    second = make_question(topic=topic, difficulty="beginner")
    middle = make_question(topic=topic, difficulty="intermediate")

    def links(question):
        return neighbours(client.get(question.get_absolute_url()))

    assert links(first) == (None, second.get_absolute_url())
    assert links(second) == (first.get_absolute_url(), middle.get_absolute_url())
    assert links(middle) == (second.get_absolute_url(), advanced.get_absolute_url())
    assert links(advanced) == (middle.get_absolute_url(), None)


def test_question_page_previous_and_next_stay_within_the_filter(
    client, django_framework, flask_framework
):
    topic = make_topic("Routing", slug="routing")
    first = make_question(topic=topic, framework=django_framework)
    make_question(topic=topic, framework=flask_framework)
    current = make_question(topic=topic, framework=django_framework)
    make_question(topic=topic, framework=flask_framework, difficulty="intermediate")
    last = make_question(topic=topic, framework=django_framework, difficulty="advanced")

    response = client.get(f"{current.get_absolute_url()}?framework=django")

    assert neighbours(response) == (
        f"{first.get_absolute_url()}?framework=django",
        f"{last.get_absolute_url()}?framework=django",
    )
    crumbs = find_all(find(parse(response), "nav", css_class="breadcrumbs"), "a")
    assert attr(crumbs[-1], "href") == "/topics/routing/?framework=django"

    response = client.get(f"{current.get_absolute_url()}?framework=django&difficulty=beginner")
    assert neighbours(response) == (
        f"{first.get_absolute_url()}?framework=django&difficulty=beginner",
        None,
    )


def test_list_links_carry_the_filter_to_the_question_page(client, django_framework):
    topic = make_topic("Routing", slug="routing")
    question = make_question(topic=topic, framework=django_framework, difficulty="advanced")

    response = client.get("/topics/routing/?difficulty=advanced")

    link = find(parse(response), "a", css_class="question-link")
    assert attr(link, "href") == f"{question.get_absolute_url()}?difficulty=advanced"


@pytest.fixture
def topic_of_45(django_framework):
    topic = make_topic("Routing", slug="routing")
    bulk_make_questions(45, topics=[topic], frameworks=[django_framework])
    return topic


def test_pagination_shows_the_second_page_and_the_page_count(client, topic_of_45):
    per_page = settings.QUESTIONS_PER_PAGE
    assert per_page == 20, "the expected page contents below assume 20 per page"
    titles = list(Question.objects.filter(topic=topic_of_45).values_list("title", flat=True))

    response = client.get("/topics/routing/?page=2")

    assert response.status_code == 200
    assert listed_titles(response) == titles[20:40]
    page = parse(response)
    assert attr(find(page, "ol", css_class="question-list"), "start") == "21"
    pagination = find(page, "nav", css_class="pagination")
    assert "Page 2 of 3" in text(pagination)
    assert {attr(link, "rel"): attr(link, "href") for link in find_all(pagination, "a")} == {
        "prev": "?page=1",
        "next": "?page=3",
    }
    assert results_count(response) == "45 questions · page 2 of 3"


def test_last_page_holds_the_rest_and_beyond_it_leads_there(client, topic_of_45):
    titles = list(Question.objects.filter(topic=topic_of_45).values_list("title", flat=True))
    assert listed_titles(client.get("/topics/routing/?page=3")) == titles[40:]
    assert listed_titles(client.get("/topics/routing/?page=last")) == titles[40:]
    # A shared link outlives the list it pointed into: it leads to what is left.
    beyond = client.get("/topics/routing/?page=4")
    assert (beyond.status_code, beyond["Location"]) == (302, "/topics/routing/?page=3")
    filtered = client.get("/questions/?framework=flask&page=99")
    assert filtered["Location"] == "/questions/?framework=flask&page=3"


def test_a_page_of_an_empty_list_never_existed(client, topic_of_45):
    assert client.get("/questions/?q=zzzzqqq&page=2").status_code == 404
    assert client.get("/questions/?q=zzzzqqq").status_code == 200


def test_a_single_page_has_no_pagination(client, topic):
    make_question(topic=topic)
    assert (
        find_all(parse(client.get(topic.get_absolute_url())), "nav", css_class="pagination") == []
    )


def test_the_number_of_matches_is_shown(client, topic, django_framework, flask_framework):
    for _ in range(3):
        make_question(topic=topic, framework=django_framework)
    make_question(topic=topic, framework=flask_framework, difficulty="advanced")
    url = topic.get_absolute_url()

    assert results_count(client.get(url)) == "4 questions"
    assert results_count(client.get(f"{url}?framework=django")) == "3 questions match your filters"
    assert results_count(client.get(f"{url}?difficulty=advanced")) == (
        "1 question matches your filters"
    )
    assert results_count(client.get(f"{url}?difficulty=intermediate")) == (
        "No questions match your filters"
    )
    assert results_count(client.get("/questions/?framework=flask")) == (
        "1 question matches your filters"
    )


def test_filters_can_be_cleared_in_one_click(client, topic, django_framework):
    make_question(topic=topic, framework=django_framework)
    url = topic.get_absolute_url()

    assert find_all(parse(client.get(url)), "a", css_class="clear-filters") == []
    clear = find(parse(client.get(f"{url}?difficulty=advanced")), "a", css_class="clear-filters")
    assert attr(clear, "href") == url
    assert listed_titles(client.get(attr(clear, "href"))) != []


def test_titles_are_escaped_on_lists_and_question_pages(client, topic):
    question = make_question("Is <script>alert(1)</script> dangerous?", topic=topic)

    for url in ["/", "/questions/", topic.get_absolute_url(), question.get_absolute_url()]:
        content = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in content, url
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get("/questions/").content.decode()


def framework_options(response):
    select = find(parse(response), "select", attrs={"name": "framework"})
    return [attr(option, "value") for option in find_all(select, "option")]


def test_a_topic_page_offers_only_the_frameworks_of_its_questions(client, db):
    flask, django, general = (make_framework(slug) for slug in ("flask", "django", "general"))
    routing, orm = make_topic("Routing", slug="routing"), make_topic("ORM", slug="orm")
    make_question("What does url_for build?", topic=routing, framework=flask)
    make_question("What is a QuerySet?", topic=orm, framework=django)
    make_question("What is an index?", topic=orm, framework=general)
    make_question("A draft about routing?", topic=routing, framework=general, status="draft")

    assert framework_options(client.get("/topics/routing/")) == ["", "flask"]
    assert framework_options(client.get("/topics/orm/")) == ["", "django", "general"]
    # A shared link asking for another framework still reads as it says.
    assert framework_options(client.get("/topics/routing/?framework=django")) == [
        "",
        "django",
        "flask",
    ]
    assert framework_options(client.get("/questions/")) == ["", "django", "flask", "general"]


@pytest.mark.parametrize(
    ("asked", "shared"),
    [
        ("/questions/?q=&framework=flask&difficulty=", "/questions/?framework=flask"),
        ("/questions/?q=", "/questions/"),
        ("/topics/routing/?framework=&difficulty=beginner", "/topics/routing/?difficulty=beginner"),
    ],
)
def test_a_submitted_filter_form_leads_to_the_url_without_empty_fields(
    client, topic_of_45, asked, shared
):
    response = client.get(asked)

    assert (response.status_code, response["Location"]) == (302, shared)


def test_a_neighbour_title_with_code_is_one_piece(client, db):
    topic = make_topic("ORM", slug="orm")
    first = make_question("What is a QuerySet?", topic=topic)
    make_question("When does `select_related` beat `prefetch_related`?", topic=topic)

    nav = find(parse(client.get(first.get_absolute_url())), "nav", css_class="prev-next")

    # The link is a column of two pieces (label, title): code spans stay inside the title.
    title = find(find(nav, "a", attrs={"rel": "next"}), "span", css_class="prev-next-title")
    assert text(title).replace(" ?", "?") == "When does select_related beat prefetch_related?"
    assert len(find_all(title, "code")) == 2
