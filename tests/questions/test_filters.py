"""The filters of the question lists: each one, every combination, and hostile values.

Searches use whole words and compare sets: the text search may rank its results.
"""

import itertools
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from tests.factories import make_framework, make_question, make_topic
from tests.pages import attr, filter_errors, find, find_all, listed_titles, parse, results_count

LIST_URLS = ["/questions/", "/topics/grid/"]


@pytest.fixture
def grid(django_framework, flask_framework):
    """Eight questions in topic "grid": every framework x difficulty x word mix."""
    topic = make_topic("Grid", slug="grid")
    questions = []
    for framework, difficulty, word in itertools.product(
        [django_framework, flask_framework], ["beginner", "advanced"], ["zebra", "plain"]
    ):
        title = f"Grid {framework.slug} {difficulty} {word}?"
        questions.append(
            make_question(title, topic=topic, framework=framework, difficulty=difficulty)
        )
    return questions


def titles_where(questions, *, framework=None, difficulty=None, q=None):
    return {
        question.title
        for question in questions
        if (framework is None or question.framework.slug == framework)
        and (difficulty is None or question.difficulty == difficulty)
        and (q is None or q in question.title)
    }


@pytest.mark.parametrize("url", LIST_URLS)
@pytest.mark.parametrize(
    ("framework", "difficulty", "q"),
    list(
        itertools.product(
            [None, "django", "flask"],
            [None, "beginner", "intermediate", "advanced"],
            [None, "zebra"],
        )
    ),
)
def test_filters_and_their_combinations(client, grid, url, framework, difficulty, q):
    # Outside the grid topic and matching every filter: only /questions/ lists it.
    other = make_question(
        "Elsewhere zebra?",
        topic=make_topic(),
        framework=grid[0].framework,
        difficulty="beginner",
    )
    params = {"framework": framework, "difficulty": difficulty, "q": q}
    params = {name: value for name, value in params.items() if value is not None}

    response = client.get(f"{url}?{urlencode(params)}")

    assert response.status_code == 200
    questions = [*grid, other] if url == "/questions/" else grid
    expected = titles_where(questions, **params)
    assert set(listed_titles(response)) == expected
    assert filter_errors(response) == ""
    count = results_count(response)
    if params:
        assert count.startswith(f"{len(expected)} question" if expected else "No questions")
        assert "your filters" in count
    else:
        assert count == f"{len(expected)} questions"


@pytest.mark.parametrize("url", LIST_URLS)
def test_filter_form_shows_the_chosen_values(client, grid, url):
    response = client.get(f"{url}?framework=flask&difficulty=advanced&q=zebra")

    form = find(parse(response), "form", css_class="filters")
    assert attr(find(form, "input", attrs={"name": "q"}), "value") == "zebra"
    selected = {
        attr(select, "name"): [
            attr(option, "value")
            for option in find_all(select, "option")
            if "selected" in dict(option.attributes)
        ]
        for select in find_all(form, "select")
    }
    assert selected == {"framework": ["flask"], "difficulty": ["advanced"]}


def test_search_looks_in_title_body_and_answers(client):
    make_question("What does a zebra eat?")
    make_question("A question with a body?", body="The quokka smiles at the camera.")
    make_question("A question with answers?", answers=["Short.", "A narwhal has one tusk."])
    make_question("Unrelated?", body="Nothing here.", answers=["Nothing there."])

    def found(q):
        return set(listed_titles(client.get(f"/questions/?q={q}")))

    assert found("zebra") == {"What does a zebra eat?"}
    assert found("quokka") == {"A question with a body?"}
    assert found("narwhal") == {"A question with answers?"}
    assert found("NARWHAL") == {"A question with answers?"}
    assert found("zebra eat") == {"What does a zebra eat?"}
    assert found("zebra narwhal") == set()
    assert found("giraffe") == set()


def test_a_search_for_a_word_found_in_several_answers_lists_the_question_once(client):
    make_question("Twice answered?", answers=["Ocelot first.", "Ocelot again."])

    response = client.get("/questions/?q=ocelot")

    assert listed_titles(response) == ["Twice answered?"]
    assert results_count(response) == "1 question matches your filters"


def test_filters_stay_in_the_pagination_links(client, django_framework, flask_framework):
    topic = make_topic("Paging", slug="paging")
    matching = {
        make_question(
            f"Zebra number {n}?", topic=topic, framework=django_framework, difficulty="advanced"
        ).title
        for n in range(25)
    }
    make_question("Zebra in flask?", topic=topic, framework=flask_framework, difficulty="advanced")
    make_question("Zebra for beginners?", topic=topic, framework=django_framework)
    filters = {"framework": "django", "difficulty": "advanced", "q": "zebra"}

    for url in ["/questions/", "/topics/paging/"]:
        first = client.get(f"{url}?{urlencode(filters)}")
        pagination = find(parse(first), "nav", css_class="pagination")
        next_link = attr(find(pagination, "a", attrs={"rel": "next"}), "href")
        assert parse_qs(urlsplit(next_link).query) == {
            name: [value] for name, value in {**filters, "page": "2"}.items()
        }

        second = client.get(f"{url}{next_link}")

        first_titles, second_titles = listed_titles(first), listed_titles(second)
        assert len(first_titles) == 20
        assert set(first_titles) | set(second_titles) == matching
        assert not set(first_titles) & set(second_titles)
        assert results_count(second) == "25 questions match your filters · page 2 of 2"
        previous_link = attr(find(parse(second), "a", attrs={"rel": "prev"}), "href")
        assert parse_qs(urlsplit(previous_link).query) == {
            name: [value] for name, value in {**filters, "page": "1"}.items()
        }


def test_framework_choices_list_frameworks_with_questions(client, django_framework):
    make_framework("fastapi", name="FastAPI")
    make_question(framework=django_framework)

    select = find(parse(client.get("/questions/")), "select", attrs={"name": "framework"})

    assert [attr(option, "value") for option in find_all(select, "option")] == ["", "django"]


@pytest.mark.parametrize("url", LIST_URLS)
def test_an_unknown_framework_is_reported_and_ignored(client, grid, url):
    response = client.get(f"{url}?framework=no-such-framework&difficulty=advanced")

    assert response.status_code == 200
    assert "Framework: Select a valid choice" in filter_errors(response)
    assert set(listed_titles(response)) == titles_where(grid, difficulty="advanced")


SCRIPT = "<script>alert(1)</script>"


@pytest.mark.parametrize("url", LIST_URLS)
@pytest.mark.parametrize("name", ["q", "framework", "difficulty"])
def test_script_in_a_filter_is_escaped(client, grid, url, name):
    response = client.get(f"{url}?{urlencode({name: SCRIPT})}")

    assert response.status_code == 200
    content = response.content.decode()
    assert "<script>alert" not in content
    if name == "q":
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    else:
        assert "Select a valid choice" in filter_errors(response)
        assert set(listed_titles(response)) == titles_where(grid)


@pytest.mark.parametrize("url", LIST_URLS)
def test_script_in_the_page_number_is_a_404_without_the_script(client, grid, url):
    response = client.get(f"{url}?{urlencode({'page': SCRIPT})}")

    assert response.status_code == 404
    assert "<script>alert" not in response.content.decode()
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("url", LIST_URLS)
def test_a_100000_character_search_is_refused_with_a_message(client, grid, url):
    response = client.get(f"{url}?{urlencode({'q': 'x' * 100_000, 'difficulty': 'beginner'})}")

    assert response.status_code == 200
    assert "Search: Ensure this value has at most 200 characters" in filter_errors(response)
    assert set(listed_titles(response)) == titles_where(grid, difficulty="beginner")


@pytest.mark.parametrize("url", LIST_URLS)
@pytest.mark.parametrize("page", ["-1", "0", "abc", "1%00", "%00"])
def test_a_page_that_never_exists_is_404(client, grid, url, page):
    response = client.get(f"{url}?page={page}")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("url", LIST_URLS)
def test_a_huge_page_number_leads_to_the_last_page(client, grid, url):
    response = client.get(f"{url}?page=99999999999999999999")

    assert response.status_code == 302
    assert response["Location"].startswith(url.split("?")[0]) and "page=1" in response["Location"]


@pytest.mark.parametrize("url", LIST_URLS)
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("q=zeb%00ra", "Search: Null characters are not allowed."),
        ("framework=django%00", "Framework: Null characters are not allowed."),
        ("difficulty=beginner%00", "Difficulty: Select a valid choice."),
    ],
)
def test_nul_bytes_in_a_filter_are_reported_and_ignored(client, grid, url, query, message):
    response = client.get(f"{url}?{query}")

    assert response.status_code == 200
    assert message in filter_errors(response)
    assert set(listed_titles(response)) == titles_where(grid)


def test_bad_filters_on_a_question_page_are_ignored(client, grid):
    query = urlencode({"framework": SCRIPT, "difficulty": "beginner\x00", "q": "x" * 100_000})

    response = client.get(f"{grid[0].get_absolute_url()}?{query}&page=-1")

    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()
    next_link = attr(find(parse(response), "a", attrs={"rel": "next"}), "href")
    assert next_link == grid[1].get_absolute_url()
